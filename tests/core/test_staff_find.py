"""`/tim`: an officer finds the ticket a citizen names on the hotline, by code or by phone, with
the link to its card; a tố cáo is never found by its denouncer's phone."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.core.messages import Channel
from bot.core.tickets import Contact, NewTicket, TicketType
from tests.core.test_staff_desk import (
    LEADER,
    OFFICER,
    STRANGER,
    file,
    press,
    say,
    with_officers,
)

PHONE = "0912345678"
GROUP_HINT = ("Để bảo vệ dữ liệu cá nhân của người dân, lần sau đề nghị tìm theo số điện thoại"
              " trong chat riêng với bot (nhắn /tim số điện thoại): kết quả chỉ gửi cho người"
              " tìm, số điện thoại không hiện trong nhóm.")


@pytest.fixture
async def desk(app):
    return await with_officers(app)


async def add(app, kind: TicketType, phone: str = PHONE, days_ago: int = 0) -> str:
    """A ticket filed `days_ago` with `phone` in its contact; its code."""
    at = app.clock.now() - timedelta(days=days_ago)
    async with app.uow() as work:
        ticket = await work.tickets.add(NewTicket(
            kind, Channel.WEB, "Đèn đường ngõ 5 hỏng đã lâu.", at, at + timedelta(days=14),
            "vien_thong", Contact("Lê Văn Dân", phone, "Xã Đông, tỉnh Mẫu")), None)
        await work.commit()
    return ticket.code


async def found(desk, text: str) -> str:
    outcome = await say(desk, OFFICER, text)
    assert len(outcome.replies) == 1
    return outcome.replies[0].text


async def test_by_code_gives_one_line_with_the_link_to_the_cards_topic(app, desk):
    await file(app, "/phananh")
    await press(desk, OFFICER, "st:claim:1")
    await desk.remember_card(1, -1001234567890, 77, 78)
    text = await found(desk, "/tim  pa-2026-1 ")
    assert text == ("PA-2026-00001 · phản ánh · Đang xử lý · nhận 10/03/2026 · hạn 09/04/2026"
                    " · Nguyễn Cán Bộ · https://t.me/c/1234567890/77/78")
    await desk.remember_card(1, -1001234567890, None, 78)  # a supergroup without topics
    assert (await found(desk, "/tim@pakn_bot PA-2026-00001")).endswith(
        "· https://t.me/c/1234567890/78")
    await desk.remember_card(1, None, None, None)  # not posted: no link
    assert (await found(desk, "/tim PA-2026-00001")).endswith("· Nguyễn Cán Bộ")


async def test_an_unknown_code_is_answered_politely(app, desk):
    text = await found(desk, "/tim KN-2026-00042")
    assert text.startswith("Không tìm thấy hồ sơ có mã KN-2026-00042")


async def test_by_phone_finds_a_phan_anh_but_never_the_to_cao_of_the_same_phone(app, desk, caplog):
    pa = await add(app, TicketType.PHAN_ANH, days_ago=3)
    tc = await add(app, TicketType.TO_CAO)
    tt = await add(app, TicketType.THONG_TIN)
    caplog.set_level(logging.INFO)
    text = await found(desk, "/tim 0912.345.678")
    assert text.splitlines() == [
        "Hồ sơ có số điện thoại này (1, mới nhất trước):",
        f"{pa} · phản ánh · Đã tiếp nhận, đang chờ phân công · nhận 07/03/2026 · hạn 21/03/2026"
        " · chưa phân công", "", GROUP_HINT]
    assert tc not in text and tt not in text and "tố cáo" not in text
    async with app.uow() as work:
        looked = [(e.kind, e.actor, e.text) for e in await work.tickets.history(1)]
        assert ("found_by_phone", f"officer:{OFFICER}", None) in looked
        assert not [e for e in await work.tickets.history(2) if e.kind == "found_by_phone"]
    assert "345" not in caplog.text and "Lê Văn Dân" not in caplog.text
    history = (await press(desk, OFFICER, "st:history:1")).replies[0].text
    assert "tìm hồ sơ theo số điện thoại" in history and PHONE not in history


async def test_a_phone_with_only_sealed_identities_reads_as_a_phone_with_nothing(app, desk):
    await add(app, TicketType.TO_CAO, phone="0987654321")
    await add(app, TicketType.PHAN_ANH, phone="0987654321")
    async with app.uow() as work:  # e.g. a tố cáo reclassified: its contact stays sealed
        assert await work.tickets.seal_contact(2)
        await work.commit()
    assert app.uow.contact_key, "found by the phone's keyed hash, as contacts are stored"
    sealed = await found(desk, "/tim 0987654321")
    assert sealed == await found(desk, "/tim 0900000000")
    assert sealed.startswith("Không tìm thấy hồ sơ nào có số điện thoại này")
    assert sealed.endswith(GROUP_HINT)  # the number was shown to the group all the same


async def test_by_phone_newest_first_at_most_ten_and_how_many_more(app, desk):
    codes = [await add(app, TicketType.PHAN_ANH, days_ago=20 - n) for n in range(12)]
    await add(app, TicketType.KIEN_NGHI, phone="0987654321")
    lines = (await found(desk, "/tim +84 912 345 678")).splitlines()
    assert lines[0] == "Hồ sơ có số điện thoại này (12, mới nhất trước):"
    assert [line.split(" · ")[0] for line in lines[1:11]] == codes[::-1][:10]
    assert lines[11].startswith("… và 2 hồ sơ cũ hơn")


@pytest.mark.parametrize("text", ["/tim", "/tim@pakn_bot", "/tim ông Nguyễn Văn A", "/tim 12345"])
async def test_anything_else_gets_the_usage(app, desk, text):
    assert (await found(desk, text)).startswith("Cú pháp: /tim mã hồ sơ")


async def test_an_unregistered_member_is_ignored_as_by_the_other_commands(app, desk):
    await add(app, TicketType.PHAN_ANH)
    for text in ("/tim PA-2026-00001", f"/tim {PHONE}", "/quahan"):
        outcome = await say(desk, STRANGER, text)
        assert outcome.ignored and outcome.replies == []
    async with app.uow() as work:
        assert [e.kind for e in await work.tickets.history(1)] == []


async def test_help_lists_the_command(app, desk):
    text = await found(desk, "/help")
    assert "/tim mã hồ sơ hoặc số điện thoại" in text
    assert "nên nhắn /tim trong chat riêng với bot" in text


async def test_by_code_in_the_group_gets_no_hint(app, desk):
    await add(app, TicketType.PHAN_ANH)
    assert GROUP_HINT not in await found(desk, "/tim PA-2026-00001")
    assert GROUP_HINT not in await found(desk, "/tim ông Nguyễn Văn A")


async def test_in_a_private_chat_by_phone_the_same_lines_without_the_hint(app, desk):
    pa = await add(app, TicketType.PHAN_ANH, days_ago=3)
    tc = await add(app, TicketType.TO_CAO)
    outcome = await say(desk, OFFICER, f"/tim@pakn_bot {PHONE}", private=True)
    assert [r.text.splitlines() for r in outcome.replies] == [[
        "Hồ sơ có số điện thoại này (1, mới nhất trước):",
        f"{pa} · phản ánh · Đã tiếp nhận, đang chờ phân công · nhận 07/03/2026 · hạn 21/03/2026"
        " · chưa phân công"]]
    assert tc not in outcome.replies[0].text
    async with app.uow() as work:
        assert ("found_by_phone", f"officer:{OFFICER}") in [
            (e.kind, e.actor) for e in await work.tickets.history(1)]
        assert not [e for e in await work.tickets.history(2) if e.kind == "found_by_phone"]
    nothing = await say(desk, OFFICER, "/tim 0900000000", private=True)
    assert [r.text for r in nothing.replies] == [
        "Không tìm thấy hồ sơ nào có số điện thoại này. Đề nghị đối chiếu lại số điện thoại,"
        " hoặc tìm theo mã hồ sơ."]


async def test_in_a_private_chat_only_tim_and_only_for_officers(app, desk):
    await add(app, TicketType.PHAN_ANH)
    for text in ("/quahan", "/help", "/thongke 03/2026", "/note đã gọi", "xin chào"):
        outcome = await say(desk, OFFICER, text, private=True, ticket_id=1)
        assert outcome.replies == [] and outcome.card is None, text
    assert (await press(desk, OFFICER, "st:claim:1", private=True)).card is None
    async with app.uow() as work:
        assert await work.officers.remove(OFFICER)
        await work.commit()
    assert not await desk.is_officer(OFFICER) and await desk.is_officer(LEADER)
    assert not await desk.is_officer(STRANGER)
    outcome = await say(desk, OFFICER, f"/tim {PHONE}", private=True)
    assert outcome.ignored and outcome.replies == []
    async with app.uow() as work:
        assert [e.kind for e in await work.tickets.history(1)] == []
