"""The answer clock of a phản ánh or kiến nghị (never thụ lý, Luật Tiếp công dân 2013 Đ28):
«Nhận xử lý» starts the province's 30 days, the card and the citizen read its deadline, the
reminders and the escalation follow it, and a late answer counts late.

Filed Tue 10/3/2026 09:00 (the test clock): the handling is due Tue 24/3 (10 working days).
Taken up Wed 11/3: answer by Fri 10/4. Taken up late, Wed 25/3: 30 days from 24/3, Thu 23/4.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.messages import Channel, UserRef
from bot.core.statistics.placement import place
from bot.core.tickets import TicketStatus
from tests.core.test_staff_desk import LEADER, OFFICER, file, give, press, pushed, with_officers

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH, MAY = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)


@pytest.fixture
async def desk(app):
    return await with_officers(app)


async def stored(app):
    async with app.uow() as work:
        return await work.tickets.get(1)


async def texts_to(app, telegram_id: int) -> list[str]:
    async with app.uow() as work:
        replies = await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(telegram_id)))
        await work.commit()
    return [r.text for r in replies]


async def placement(app):
    async with app.uow() as work:
        [record] = await work.records.in_period(MARCH, MAY)
    return place(record, MARCH, MAY, MAY)


@pytest.mark.parametrize("command", ["/phananh", "/kiennghi"])
async def test_taking_up_shows_the_answer_deadline_on_the_card_and_to_the_citizen(
        app, desk, clock, command):
    citizen = await file(app, command)
    await pushed(app, citizen)  # the receipt
    clock.moment = datetime(2026, 3, 11, 9, tzinfo=VN)
    outcome = await press(desk, OFFICER, "st:claim:1")
    assert "10/04/2026" in outcome.card.reply.text and "24/03/2026" not in outcome.card.reply.text
    assert "Hạn trả lời người dân: 10/04/2026" in outcome.replies[-1].text
    assert "Hạn trả lời: 10/04/2026" in await pushed(app, citizen)
    ticket = await stored(app)
    assert ticket.status is TicketStatus.IN_PROGRESS and ticket.clock == "second"
    assert not ticket.first_clock_late


async def test_a_reminder_comes_before_the_answer_deadline_and_the_leaders_hear_when_late(
        app, desk, clock):
    await file(app, "/phananh")
    clock.moment = datetime(2026, 3, 11, 9, tzinfo=VN)
    await press(desk, OFFICER, "st:claim:1")
    due = (await stored(app)).due_at
    first = (await stored(app)).next_reminder_at
    assert clock.moment < first < due
    assert (await app.reminders.run(first)).reminders == 1
    [reminder] = await texts_to(app, OFFICER)
    assert "PA-2026-00001" in reminder and "10/04/2026" in reminder
    assert (await app.reminders.run(datetime(2026, 4, 13, 9, tzinfo=VN))).reminders == 1
    assert any("PA-2026-00001" in text for text in await texts_to(app, LEADER))


@pytest.mark.parametrize(("closed", "on_time"), [
    (datetime(2026, 4, 10, 16, tzinfo=VN), True),  # the due day, after the first clock's
    (datetime(2026, 4, 13, 9, tzinfo=VN), False),  # the Monday after
])
async def test_the_answer_counts_on_time_or_late_against_the_answer_clock(
        app, desk, clock, closed, on_time):
    await file(app, "/phananh")
    clock.moment = datetime(2026, 3, 11, 9, tzinfo=VN)
    await press(desk, OFFICER, "st:claim:1")
    clock.moment = closed
    await give(desk, OFFICER, "st:close:1", "Nhà mạng đã lắp bộ giảm ồn.")
    assert (await placement(app)).on_time is on_time


async def test_a_late_taking_up_stays_late_and_lends_the_answer_no_time(app, desk, clock):
    await file(app, "/kiennghi")
    clock.moment = datetime(2026, 3, 25, 9, tzinfo=VN)  # the day after the 10 working days
    await press(desk, OFFICER, "st:claim:1")
    ticket = await stored(app)
    assert ticket.first_clock_late
    assert ticket.due_at.astimezone(VN).date().isoformat() == "2026-04-23"  # 24/3 + 30
    clock.moment = datetime(2026, 3, 26, 9, tzinfo=VN)
    await give(desk, OFFICER, "st:close:1", "Sở đã tiếp thu kiến nghị.")
    assert (await placement(app)).on_time is False


async def test_a_to_cao_keeps_its_first_clock_on_taking_up_until_thu_ly(app, desk):
    await file(app, "/tocao", contact=["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"])
    before = await stored(app)
    await press(desk, OFFICER, "st:claim:1")
    after = await stored(app)
    assert after.clock == "first" and after.due_at == before.due_at and after.accepted_at is None
