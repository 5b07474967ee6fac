"""A busy office: two officers on one card, outdated cards, commands typed without what they
need, and the extension the law does not allow."""

from __future__ import annotations

import asyncio

from bot.core.messages import Channel
from bot.core.ports import Officer
from bot.core.staff.model import StaffEvent
from bot.core.tickets import NewTicket, TicketType
from tests.core.test_staff_desk import (
    OFFICER,
    answer_prompt,
    button,
    file,
    give,
    press,
    pushed,
    say,
    with_officers,
)

COLLEAGUE = 1002


async def test_a_second_press_on_an_outdated_card_takes_nothing_from_the_first(app):
    desk = await with_officers(app)
    async with app.uow() as work:
        await work.officers.add(Officer(COLLEAGUE, "Lê Cán Bộ Hai", "officer"))
        await work.commit()
    citizen = await file(app, "/phananh")
    await press(desk, OFFICER, "st:claim:1")
    await pushed(app, citizen)
    outcome = await press(desk, COLLEAGUE, "st:claim:1")  # the card as it read a moment ago
    assert outcome.alert == ("Hồ sơ PA-2026-00001 đã do Nguyễn Cán Bộ nhận xử lý. Muốn giao"
                             " lại hồ sơ, dùng nút «Giao xử lý».")
    assert (await press(desk, OFFICER, "st:claim:1")).alert == (
        "Bạn đang xử lý hồ sơ PA-2026-00001 rồi.")
    card = await desk.card_for(1)
    assert "Người xử lý: Nguyễn Cán Bộ" in card.reply.text
    assert "Nhận xử lý" not in [b.text for b in card.reply.buttons]
    assert await pushed(app, citizen) == ""  # told once that it was taken up
    async with app.uow() as work:
        kinds = [e.kind for e in await work.tickets.history(1)]
    assert kinds.count("claimed") == 1


async def test_a_unit_given_the_ticket_can_take_it_up(app):
    desk = await with_officers(app)
    await file(app, "/phananh")
    await press(desk, OFFICER, "st:claim:1")
    outcome = await press(desk, OFFICER, "st:unit:1:thanh_tra")
    assert "chưa phân công" in outcome.card.reply.text
    assert outcome.card.reply.buttons[0].text == "Nhận xử lý"
    outcome = await press(desk, OFFICER, "st:claim:1")
    assert outcome.alert is None and "Người xử lý: Nguyễn Cán Bộ" in outcome.card.reply.text


async def test_an_empty_note_is_not_saved_and_says_how_to_write_one(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh")
    for typed in ("/note", "/note   ", "/note@pakn_bot"):
        outcome = await say(desk, OFFICER, typed, ticket_id=1)
        assert "Ghi chú trống nên chưa được lưu" in outcome.replies[0].text
    await say(desk, OFFICER, "/note@pakn_bot đã gọi điện cho người dân", ticket_id=1)
    async with app.uow() as work:
        notes = [e.text for e in await work.tickets.history(1) if e.kind == "note"]
    assert notes == ["đã gọi điện cho người dân"]
    assert await pushed(app, citizen) == ""


async def test_help_and_unknown_commands_are_answered_in_the_group(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh")
    help_text = (await say(desk, OFFICER, "/help")).replies[0].text
    for command in ("/note", "/quahan", "/thongke", "/huy"):
        assert command in help_text
    outcome = await say(desk, OFFICER, "/ticket PA-2026-00001")
    assert outcome.replies[0].text == (
        "Nhóm cán bộ không có lệnh «/ticket». Gõ /help để xem các lệnh dùng được.")
    outcome = await say(desk, OFFICER, "/ticket PA-2026-00001", ticket_id=1)
    assert "«/ticket»" in outcome.replies[0].text and await pushed(app, citizen) == ""
    assert (await say(desk, OFFICER, "/vote@poll_bot")).replies == []  # another bot's
    assert (await say(desk, OFFICER, "/huy")).replies[0].text == (
        "Không có thao tác nào đang chờ để hủy.")


async def test_a_phan_anh_offers_no_extension_the_law_does_not_give(app):
    desk = await with_officers(app)
    await file(app, "/phananh")
    await press(desk, OFFICER, "st:claim:1")
    card = await desk.card_for(1)
    assert "Gia hạn" not in [b.text for b in card.reply.buttons]
    outcome = await press(desk, OFFICER, "st:extend:1")  # a card posted before this change
    assert outcome.alert == ("Hồ sơ PA-2026-00001 không được gia hạn: quy định về thời hạn xử"
                             " lý phản ánh không cho phép gia hạn.")
    assert outcome.replies == []  # no prompt asking for criteria that lead nowhere


async def test_a_to_cao_is_extended_once_as_article_24_allows_then_refused_at_once(app):
    desk = await with_officers(app)
    citizen = await file(app, "/tocao", contact=["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"])
    asked = await press(desk, OFFICER, "st:extend:1")
    assert asked.replies[0].text.startswith(
        "Gia hạn lần 1/1 hồ sơ TC-2026-00001 (Luật Tố cáo 2018 Đ24(1)). Nhập lý do gia hạn")
    assert "tiêu chí" not in asked.replies[0].text  # Đ24(1) asks for none
    await give(desk, OFFICER, "st:extend:1", "Cần xác minh thêm tại địa phương.")
    assert ("TC-2026-00001 của Ông/Bà được gia hạn đến 24/03/2026 (Luật Tố cáo 2018 Đ24(1))"
            in await pushed(app, citizen))
    assert "Gia hạn" not in [b.text for b in (await desk.card_for(1)).reply.buttons]
    outcome = await press(desk, OFFICER, "st:extend:1")
    assert outcome.alert == ("Hồ sơ TC-2026-00001 đã được gia hạn 1 lần, là số lần tối đa Luật"
                             " Tố cáo 2018 Đ24(1) cho phép; không thể gia hạn thêm.")
    assert outcome.replies == []
    await press(desk, OFFICER, "st:accept:1")  # thụ lý: Đ30's clock, twice if complex
    asked = await press(desk, OFFICER, "st:extend:1")
    assert "Gia hạn lần 1/2 hồ sơ TC-2026-00001 (Luật Tố cáo 2018 Đ30)" in asked.replies[0].text
    assert "cần từ 01 tiêu chí" in asked.replies[0].text


async def test_an_officer_is_told_that_a_video_or_recording_does_not_reach_the_citizen(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh")
    outcome = await desk.handle(StaffEvent(OFFICER, ticket_id=1, with_file=True))
    assert outcome.replies[0].text.startswith(
        "⚠️ Video hoặc ghi âm vừa gửi KHÔNG được chuyển cho người dân của hồ sơ PA-2026-00001")
    assert await pushed(app, citizen) == ""
    outcome = await desk.handle(StaffEvent(OFFICER, text="Công văn trả lời số 12/STTTT",
                                           ticket_id=1, with_file=True))
    assert [r.text.split(";")[0] for r in outcome.replies] == [
        "Đã gửi trả lời cho người dân (hồ sơ PA-2026-00001).",
        "⚠️ Chỉ phần chú thích đã được gửi cho người dân của hồ sơ PA-2026-00001"]
    assert "Công văn trả lời số 12/STTTT" in await pushed(app, citizen)
    outcome = await desk.handle(StaffEvent(OFFICER, text="/note ảnh hiện trường", ticket_id=1,
                                           with_file=True))  # kept in the group: no warning
    assert [r.text for r in outcome.replies] == [
        "Đã lưu ghi chú nội bộ cho hồ sơ PA-2026-00001."]
    quiet = await desk.handle(StaffEvent(OFFICER, with_file=True))  # group chatter
    assert quiet.replies == []


async def test_the_history_names_every_actor_and_event_in_words(app):
    """Events written by the console and the data-protection jobs, read in «Lịch sử»."""
    desk = await with_officers(app)
    await file(app, "/phananh")
    async with app.uow() as work:
        for kind, actor in (("privacy_shown", "privacy"), ("privacy_corrected", "privacy"),
                            ("privacy_erase_refused", "privacy"), ("privacy_erased", "privacy"),
                            ("contact_anonymised", "privacy"), ("imported", "import"),
                            ("reception", "tiepdan"), ("note", "officer:4242")):
            await work.tickets.record_event(1, kind, actor)
        await work.commit()
    text = (await press(desk, OFFICER, "st:history:1")).replies[0].text
    for raw in ("privacy", "import ", "tiepdan", "officer:", "_"):
        assert raw not in text, raw
    assert "Quản trị dữ liệu cá nhân · xem dữ liệu cá nhân theo yêu cầu" in text
    assert "Cán bộ (không còn trong danh sách) · ghi chú nội bộ" in text
    await press(desk, OFFICER, "st:claim:1")
    async with app.uow() as work:
        await work.officers.remove(OFFICER)  # /huydangky: who acted stays in the history
        await work.commit()
    async with app.uow() as work:
        await work.officers.add(Officer(4243, "Trần Lãnh Đạo Hai", "leader"))
        await work.commit()
    text = (await press(desk, 4243, "st:history:1")).replies[0].text
    assert "Nguyễn Cán Bộ · nhận xử lý" in text


async def test_a_word_after_closing_reaches_the_citizen_without_a_dead_end_button(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh")
    await press(desk, OFFICER, "st:claim:1")
    await give(desk, OFFICER, "st:close:1", "Nhà mạng đã lắp bộ giảm ồn.")
    await app.conversation.take_pending(citizen.user)
    await say(desk, OFFICER, "Sở gửi thêm biên bản kiểm tra ngày 20/3.", ticket_id=1)
    [notice] = await app.conversation.take_pending(citizen.user)
    assert "biên bản kiểm tra" in notice.text
    assert notice.buttons == ()  # «Trả lời cán bộ» would only answer that the ticket is closed


async def test_transfer_on_a_closed_ticket_says_why_not(app):
    desk = await with_officers(app)
    await file(app, "/phananh")
    await press(desk, OFFICER, "st:claim:1")
    await give(desk, OFFICER, "st:close:1", "Nhà mạng đã lắp bộ giảm ồn.")
    refused = "Thao tác này không áp dụng cho hồ sơ đang ở tình trạng «Đã giải quyết xong»."
    for payload in ("st:transfer:1", "st:unit:1:thanh_tra", f"st:to:1:{OFFICER}"):
        outcome = await press(desk, OFFICER, payload)  # buttons of an outdated card
        assert (outcome.alert, outcome.replies) == (refused, []), payload


async def test_a_to_cao_outside_the_agencys_competence_is_forwarded_not_guided(app):
    """Luật Tố cáo 2018 Đ24(2): chuyển đơn to the competent body within 5 working days."""
    desk = await with_officers(app)
    await file(app, "/tocao", contact=["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"])
    chosen = await press(desk, OFFICER, "st:decline:1")
    assert [b.text for b in chosen.replies[0].buttons] == ["Không đủ điều kiện xử lý"]
    assert "«Chuyển cơ quan khác», Luật Tố cáo Điều 24" in chosen.replies[0].text
    outcome = await press(desk, OFFICER, "st:decline:1:guided")  # a button of before
    assert "Chuyển cơ quan khác" in outcome.alert and outcome.replies == []
    async with app.uow() as work:
        ticket = await work.tickets.get(1)
    assert ticket.status == "received"


async def test_a_paper_request_is_never_said_to_have_reached_the_citizen(app, clock):
    desk = await with_officers(app)
    async with app.uow() as work:
        for content in ("Đèn đường ở ngõ 5 phố Lê Lợi hỏng đã lâu.",
                        "Đề nghị lắp thêm trạm phát sóng ở xã vùng cao."):
            await work.tickets.add(NewTicket(
                TicketType.PHAN_ANH, Channel.OFFLINE, content, clock.now(),
                app.conversation.deps.deadlines.first_due("phan_anh", clock.now())), None)
        await work.commit()
    await press(desk, OFFICER, "st:claim:1")
    preview = await answer_prompt(desk, OFFICER, await press(desk, OFFICER, "st:close:1"),
                                  "Đèn đã được thay ngày 12/3.")
    assert "bot KHÔNG gửi được cho người dân" in preview.replies[0].text
    assert "sẽ nhận đúng nội dung" not in preview.replies[0].text
    await press(desk, OFFICER, button(preview, "Hủy"))
    replied = await say(desk, OFFICER, "Sở đã yêu cầu đơn vị thay đèn.", ticket_id=1)
    closed = await give(desk, OFFICER, "st:close:1", "Đèn đã được thay ngày 12/3.")
    forwarded = await give(desk, OFFICER, "st:forward:2", "UBND xã Quảng Phú")
    for outcome in (replied, closed, forwarded):
        said = outcome.replies[0].text
        assert "người dân" in said and "KHÔNG" in said and "bằng văn bản" in said, said


async def test_two_officers_pressing_at_the_same_moment_one_takes_it(app):
    """Two instances (or two presses handled side by side) read the same unclaimed ticket: the
    row is locked while a staff action runs, so the second sees the first's claim."""
    desk = await with_officers(app)
    async with app.uow() as work:
        await work.officers.add(Officer(COLLEAGUE, "Lê Cán Bộ Hai", "officer"))
        await work.commit()
    await file(app, "/phananh")
    first, second = await asyncio.gather(press(desk, OFFICER, "st:claim:1"),
                                         press(desk, COLLEAGUE, "st:claim:1"))
    assert [first.alert is None, second.alert is None].count(True) == 1
    async with app.uow() as work:
        kinds = [e.kind for e in await work.tickets.history(1)]
    assert kinds.count("claimed") == 1


async def test_a_paper_complaints_suspension_and_resumption_ask_for_a_written_notice(app, clock):
    desk = await with_officers(app)
    async with app.uow() as work:
        await work.tickets.add(NewTicket(
            TicketType.TO_CAO, Channel.OFFLINE, "Tố cáo cán bộ địa chính xã nhận tiền.",
            clock.now(), app.conversation.deps.deadlines.first_due("to_cao", clock.now())),
            None)
        await work.commit()
    await press(desk, OFFICER, "st:accept:1")
    for action, decision in (("suspend", "Quyết định 12/QĐ-STTTT ngày 20/3/2026."),
                             ("resume", "Quyết định 20/QĐ-STTTT ngày 4/5/2026."),
                             ("withdraw", "Đơn rút tố cáo ngày 12/5/2026.")):
        said = " ".join(r.text for r in (await give(desk, OFFICER, f"st:{action}:1",
                                                    decision)).replies)
        assert "bot KHÔNG gửi được thông báo này" in said and "bằng văn bản" in said, action
