"""Officers and the urgent tier: the card shows an urgent request first thing and its deadline
in working hours; an officer flags or unflags a request from its card (both in its history);
the first answer to the citizen meets the urgent clock.

The clock stands at Tue 10/3/2026 09:00 in Hà Nội: an urgent clock started now runs out at
15:00 (4 working hours, lunch 11:30-13:30 not counted).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.tickets import TicketType
from tests.core.test_filing import draft
from tests.core.test_staff_desk import OFFICER, file, press, say, with_officers
from tests.transcript import Citizen


@pytest.fixture
async def desk(app):
    return await with_officers(app)


async def ticket(app, code: str = "PA-2026-00001"):
    async with app.uow() as work:
        return await work.tickets.by_code(code)


async def card_text(app, code: str = "PA-2026-00001") -> tuple[str, list[str]]:
    card = await app.staff.card_for((await ticket(app, code)).id)
    return card.reply.text, [b.text for b in card.reply.buttons]


async def file_urgent(app) -> None:
    citizen = Citizen(app.conversation)
    await draft(citizen)
    await citizen.presses("Báo khẩn cấp")
    await citizen.presses("Xác nhận gửi")


async def test_the_card_of_an_urgent_request_says_so_first_with_its_hour_deadline(
    desk, app, clock
):
    await file_urgent(app)
    text, buttons = await card_text(app)
    first_line = text.splitlines()[0]  # also the forum topic's name
    assert first_line.startswith("🔴 KHẨN · PA-2026-00001")
    assert "Hạn xử lý khẩn: 15:00 10/03/2026 (còn 6 giờ" not in text  # lunch is not counted
    assert "Hạn xử lý khẩn: 15:00 10/03/2026 (còn 4 giờ làm việc)" in text
    assert "Hạn: 24/03/2026" in text  # the legal deadline is unchanged
    assert "Bỏ đánh dấu khẩn" in buttons
    clock.moment = datetime(2026, 3, 10, 8, 30, tzinfo=UTC)  # 15:30 in Hà Nội
    text, _ = await card_text(app)
    assert "QUÁ HẠN 30 phút làm việc" in text


async def test_an_ordinary_card_has_no_urgent_line_but_offers_the_flag(desk, app):
    await file(app, "/phananh")
    text, buttons = await card_text(app)
    assert "KHẨN" not in text and "xử lý khẩn" not in text
    assert "🔴 Đánh dấu khẩn" in buttons


async def test_an_officer_flags_and_unflags_from_the_card_and_both_are_audited(desk, app, clock):
    await file(app, "/phananh")
    ticket_id = (await ticket(app)).id
    clock.moment += timedelta(hours=7)  # 16:00: one hour today, three tomorrow morning
    flagged = await press(desk, OFFICER, f"st:urgent:{ticket_id}")
    assert "PA-2026-00001" in flagged.replies[0].text
    assert "10:30 11/03/2026" in flagged.replies[0].text
    assert flagged.card.reply.text.startswith("🔴 KHẨN")
    stored = await ticket(app)
    assert stored.urgent and stored.urgent_due_at == datetime(2026, 3, 11, 3, 30, tzinfo=UTC)
    assert stored.due_at == (await ticket(app)).due_at  # the legal clock is left alone

    cleared = await press(desk, OFFICER, f"st:urgent:{ticket_id}")
    assert "bỏ đánh dấu khẩn" in cleared.replies[0].text.lower()
    assert not cleared.card.reply.text.startswith("🔴")
    assert not (await ticket(app)).urgent
    async with app.uow() as work:
        events = [(e.kind, e.actor) for e in await work.tickets.history(ticket_id)]
    assert ("urgent_set", f"officer:{OFFICER}") in events
    assert ("urgent_cleared", f"officer:{OFFICER}") in events


async def test_a_stranger_cannot_flag(desk, app):
    await file(app, "/phananh")
    outcome = await press(desk, 9999, f"st:urgent:{(await ticket(app)).id}")
    assert outcome.alert and not (await ticket(app)).urgent


async def test_the_first_answer_to_the_citizen_meets_the_urgent_clock(desk, app, clock):
    await file_urgent(app)
    ticket_id = (await ticket(app)).id
    await press(desk, OFFICER, f"st:claim:{ticket_id}")
    assert (await ticket(app)).urgent_met_at is None  # taking it up is not answering
    clock.moment += timedelta(hours=1)
    await say(desk, OFFICER, "Đã cử đội điện lực đến cắt điện khu vực.", ticket_id=ticket_id)
    stored = await ticket(app)
    assert stored.urgent_met_at == clock.moment
    text, _ = await card_text(app)
    assert "đã trả lời người dân lúc 10:00 10/03/2026, đúng hạn" in text


async def test_a_to_cao_flagged_urgent_keeps_its_legal_clock(desk, app):
    await file(app, "/tocao", contact=("Nguyễn Văn A", "0912345678", "1 Lê Lợi"))
    before = await ticket(app, "TC-2026-00001")
    assert before.type is TicketType.TO_CAO
    await press(desk, OFFICER, f"st:urgent:{before.id}")
    after = await ticket(app, "TC-2026-00001")
    assert after.urgent and after.urgent_due_at is not None
    assert (after.due_at, after.clock) == (before.due_at, before.clock)


async def test_quahan_lists_a_run_out_urgent_clock_first(desk, app, clock):
    await file(app, "/phananh")
    await file_urgent(app)
    clock.moment = datetime(2026, 3, 10, 8, 30, tzinfo=UTC)  # 15:30: the urgent clock ran out
    assert "PA-2026-00002" in (await say(desk, OFFICER, "/quahan")).replies[0].text
    clock.moment = datetime(2026, 3, 30, 2, 0, tzinfo=UTC)  # both legal deadlines passed too
    lines = (await say(desk, OFFICER, "/quahan")).replies[0].text.splitlines()
    assert lines[1].startswith("🔴 KHẨN · PA-2026-00002") and "15:00 10/03/2026" in lines[1]
    assert lines[2].startswith("PA-2026-00001")
