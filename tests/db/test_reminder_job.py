"""The reminder job and the digest against a real database: who is told what, and only once.

A phản ánh received Mon 2/3/2026 09:00 is due Mon 16/3 (10 working days); its half-time
reminder falls due on 9/3 16:30, so on Tue 10/3 09:00 it has 4 working days left.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.core.deadlines import LegalClock
from bot.core.messages import Channel
from bot.core.ports import Officer
from bot.core.reminders.times import next_reminder_at
from bot.core.tickets import Contact, NewTicket, TicketType
from db.models import OfficerRow, OutboxMessage, SentReminder, TicketRow
from tests.db.conftest import GROUP

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VN)


async def add_ticket(app, ticket_type=TicketType.PHAN_ANH, received=None, contact=None,
                     **columns) -> str:
    received = received or at(2)
    policy = app.conversation.deps.deadlines
    due = policy.first_due(ticket_type, received)
    async with app.uow() as work:
        ticket = await work.tickets.add(NewTicket(
            ticket_type, Channel.TELEGRAM, "Đèn đường hỏng", received, due,
            contact=contact or Contact(), code_year=2026,
            next_reminder_at=next_reminder_at(received, due, (), policy, received)), None)
        row = await work.session.get(TicketRow, ticket.id)
        for name, value in columns.items():
            setattr(row, name, value)
        await work.commit()
    return ticket.code


async def add_officer(app, telegram_id: int, role: str) -> int:
    async with app.uow() as work:
        await work.officers.add(Officer(telegram_id, f"Cán bộ {telegram_id}", role))
        officer_id = await work.session.scalar(
            select(OfficerRow.id).where(OfficerRow.telegram_id == telegram_id))
        await work.commit()
    return officer_id


async def outbox(app) -> list[tuple[str, dict]]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(row.recipient, row.body) for row in rows]


async def test_half_time_goes_to_the_staff_group_once(app):
    code = await add_ticket(app)
    first = await app.reminders.run(at(10))
    again = await app.reminders.run(at(10, 11))
    [(recipient, body)] = await outbox(app)
    assert (first.reminders, first.messages, again.reminders) == (1, 1, 0)
    assert recipient == str(GROUP) and "thread_id" not in body
    assert all(part in body["text"] for part in
               (code, "phản ánh", "16/03/2026", "còn 4 ngày làm việc", "một nửa"))


@pytest.mark.parametrize(("columns", "recipient", "thread"), [
    ({"staff_chat_id": -2002, "staff_thread_id": 77}, "-2002", 77),
    ({"assignee": 501}, "501", None),
])
async def test_the_assignee_or_the_tickets_topic_gets_it(app, columns, recipient, thread):
    if "assignee" in columns:
        columns = {"assignee_id": await add_officer(app, columns["assignee"], "officer")}
    await add_ticket(app, **columns)
    await app.reminders.run(at(10))
    [(to, body)] = await outbox(app)
    assert to == recipient and body.get("thread_id") == thread


async def test_overdue_escalates_to_every_leader_and_the_group(app):
    officer = await add_officer(app, 501, "officer")
    await add_officer(app, 901, "leader")
    await add_officer(app, 902, "leader")
    code = await add_ticket(app, received=at(13, month=2), assignee_id=officer)
    await app.reminders.run(at(10))
    sent = dict(await outbox(app))
    assert set(sent) == {"901", "902", str(GROUP)}
    assert "quá hạn" in sent["901"]["text"] and code in sent["901"]["text"]
    assert "Cán bộ 501" in sent["901"]["text"] and "Đã báo lãnh đạo" in sent[str(GROUP)]["text"]


async def test_after_downtime_only_the_most_urgent_reminder_goes(app):
    await add_ticket(app)
    report = await app.reminders.run(at(16, 10))
    [(_, body)] = await outbox(app)
    assert report.reminders == 1 and "đến hạn hôm nay" in body["text"]
    async with app.uow() as work:
        kinds = set(await work.session.scalars(select(SentReminder.kind)))
    assert kinds == {"half", "eighty", "day_before", "due_today"}
    assert (await app.reminders.run(at(16, 15))).reminders == 0


async def test_two_runs_at_once_send_each_reminder_once(app):
    for _ in range(3):
        await add_ticket(app)
    reports = await asyncio.gather(app.reminders.run(at(10)), app.reminders.run(at(10)))
    assert sorted(r.reminders for r in reports) == [0, 3]
    assert len(await outbox(app)) == 3


async def test_a_denouncers_identity_never_appears(app):
    await add_officer(app, 901, "leader")
    secret = Contact("Nguyễn Văn Tố", "0912345678", "12 Lý Thường Kiệt, Hà Nội")
    code = await add_ticket(app, TicketType.TO_CAO, received=at(13, month=2), contact=secret)
    await app.reminders.run(at(10))
    await app.digest.run(at(10, 8))
    texts = [body["text"] for _, body in await outbox(app)]
    assert len(texts) == 4 and all(code in text for text in texts)
    assert not any(word in text for text in texts for word in ("Tố,", "Nguyễn", "0912", "Lý"))


async def test_nothing_at_night_or_without_any_recipient(app):
    app.reminders._staff_chat_id = None
    await add_ticket(app)
    assert (await app.reminders.run(at(10, 22))).quiet
    report = await app.reminders.run(at(10))
    assert (report.reminders, report.unaddressed, await outbox(app)) == (1, 1, [])


async def test_the_digest_lists_due_overdue_and_unassigned_once_a_working_day(app):
    await add_officer(app, 901, "leader")
    due_today = await add_ticket(app, received=at(2))
    overdue = await add_ticket(app, received=at(13, month=2))
    assert await app.digest.run(at(14, 8)) == 0  # Saturday
    assert await app.digest.run(at(16, 8)) == 2
    await app.digest.run(at(16, 9))
    sent = dict(await outbox(app))
    assert set(sent) == {"901", str(GROUP)}
    text = sent["901"]["text"]
    assert "16/03/2026" in text and f"Đến hạn hôm nay: 1: {due_today}" in text
    assert f"Quá hạn: 1: {overdue}" in text and "Chưa phân công: 2" in text


async def test_the_december_digest_warns_while_next_year_has_no_calendar_decision(app):
    # Only the statutory 2027 days are entered (bundled); the swaps and Tết placement are not.
    await add_officer(app, 901, "leader")
    await app.digest.run(at(30, 8, month=11))  # Mon 30/11/2026: not yet December
    await app.digest.run(at(1, 8, month=12))  # Tue 1/12/2026
    texts = [body["text"] for _, body in await outbox(app)]
    assert ["năm 2027 chưa có quyết định" in text for text in texts] == [False] * 2 + [True] * 2


async def late_on_card_and_in_reminder(app, clock, now, code) -> tuple[str, str]:
    """The card's deadline line and the leaders' overdue reminder of one ticket at `now`."""
    clock.moment = now
    await app.reminders.run(now)
    [(_, reminder)] = [(to, body) for to, body in await outbox(app) if to == "901"]
    async with app.uow() as work:
        ticket_id = await work.session.scalar(select(TicketRow.id).where(TicketRow.code == code))
    card = await app.staff.card_for(ticket_id)
    return card.reply.text, reminder["text"]


async def test_card_and_reminder_count_the_same_working_days_late_across_tet(app, clock):
    # Received Fri 30/1/2026, due Fri 13/2 (10 working days); Tết is 14-22/2. On Tue 24/2 the
    # ticket is 2 working days late (23, 24/2), 11 calendar days.
    await add_officer(app, 901, "leader")
    code = await add_ticket(app, received=at(30, month=1))
    card, reminder = await late_on_card_and_in_reminder(app, clock, at(24, month=2), code)
    assert "quá hạn 2 ngày làm việc" in card
    assert "quá hạn 2 ngày làm việc" in reminder


async def test_a_clock_the_law_counts_in_calendar_days_says_so_on_both(app, clock):
    # Luật Tố cáo 2018 Đ30: 30 days from thụ lý on Mon 5/1/2026, due Wed 4/2. On Tue 24/2 it
    # is 20 days late (9 of them working days): counted and named as the law counts it.
    await add_officer(app, 901, "leader")
    policy = app.conversation.deps.deadlines
    accepted = at(5, month=1)
    due = policy.due_at(TicketType.TO_CAO, LegalClock.SECOND, accepted, accepted)
    code = await add_ticket(app, TicketType.TO_CAO, received=at(2, month=1), clock="second",
                            accepted_at=accepted, due_at=due, status="accepted")
    card, reminder = await late_on_card_and_in_reminder(app, clock, at(24, month=2), code)
    assert "quá hạn 20 ngày (kể cả ngày nghỉ)" in card
    assert "quá hạn 20 ngày (kể cả ngày nghỉ)" in reminder
