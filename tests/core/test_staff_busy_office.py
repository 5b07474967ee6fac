"""A busy office: two officers on one card, outdated cards, commands typed without what they
need, and the extension the law does not allow."""

from __future__ import annotations

from bot.core.ports import Officer
from tests.core.test_staff_desk import OFFICER, file, press, pushed, say, with_officers

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
                             " lại hồ sơ, dùng nút «Chuyển».")
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
