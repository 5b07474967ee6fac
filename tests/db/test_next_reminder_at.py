"""tickets.next_reminder_at against a real database: the job selects only tickets whose next
reminder is due, moves each one on, and the migration's backfill is put right by one run.

A phản ánh received Mon 2/3/2026 09:00 (due 16/3) has its half-time reminder due at 9/3 16:30
less 0.5 s; one received Mon 9/3 09:00 (due 23/3) not before 16/3. Tue 10/3 09:00 is "now".
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import select, text

from db.migrate import alembic_config, upgrade_async
from db.models import TicketRow
from tests.db.test_reminder_job import add_ticket, at

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def selected(app, now: datetime) -> list[int]:
    async with app.uow() as work:
        return sorted(t.ticket_id for t in await work.reminders.due(now, 100))


async def stored(app) -> dict[str, datetime | None]:
    async with app.uow() as work:
        rows = await work.session.execute(select(TicketRow.code, TicketRow.next_reminder_at))
        return dict(rows.all())


async def test_a_ticket_not_yet_due_is_not_even_selected(app):
    due_now = await add_ticket(app, received=at(2))
    later = await add_ticket(app, received=at(9))
    await add_ticket(app, received=at(2), status="closed")  # its stale value is ignored
    before = await stored(app)
    assert before[due_now] == datetime(2026, 3, 9, 16, 29, 59, 500_000, tzinfo=VN)
    assert before[later] == datetime(2026, 3, 16, 16, 29, 59, 500_000, tzinfo=VN)
    assert await selected(app, at(9, 16)) == []
    assert await selected(app, at(10)) == [1]


async def test_a_run_sends_what_is_due_and_moves_each_ticket_on(app):
    code = await add_ticket(app, received=at(2))
    await add_ticket(app, received=at(9))
    report = await app.reminders.run(at(10))
    assert (report.tickets, report.reminders) == (1, 1)
    # Next: 80% at Thu 12/3 21:00 less 0.8 s, at night, so Fri 13/3 07:00.
    assert (await stored(app))[code] == datetime(2026, 3, 13, 7, tzinfo=VN)
    assert await selected(app, at(13, 6)) == []
    report = await app.reminders.run(at(13, 8))
    assert (report.tickets, report.reminders) == (1, 1)  # the day before (Fri for Mon 16/3)
    assert (await stored(app))[code] == datetime(2026, 3, 16, 7, tzinfo=VN)


async def test_an_undeliverable_reminder_still_moves_the_ticket_on(app):
    app.reminders._staff_chat_id = None
    code = await add_ticket(app, received=at(2))
    report = await app.reminders.run(at(10))
    assert (report.reminders, report.unaddressed) == (1, 1)
    assert (await stored(app))[code] == datetime(2026, 3, 13, 7, tzinfo=VN)


async def test_long_overdue_tickets_are_dropped_without_a_reminder(app):
    code = await add_ticket(app, received=at(2, month=1))  # due 16/1, more than 30 days ago
    report = await app.reminders.run(at(10))
    assert (report.tickets, report.reminders) == (1, 0)
    assert (await stored(app))[code] is None


async def test_runs_go_batch_by_batch_until_nothing_is_due(app):
    app.reminders._batch = 2
    for _ in range(5):
        await add_ticket(app, received=at(2))
    report = await app.reminders.run(at(10))
    assert (report.tickets, report.reminders) == (5, 5)
    assert await selected(app, at(10)) == []


async def test_the_migration_backfills_open_tickets_for_the_next_run(app, database_url):
    code = await add_ticket(app, received=at(2))
    closed = await add_ticket(app, received=at(2), status="closed")
    async with app.uow() as work:
        await work.session.execute(text("UPDATE tickets SET next_reminder_at = NULL"))
        await work.commit()
    await app.engine.dispose()  # let the migration alter the table
    try:
        await asyncio.to_thread(command.downgrade, alembic_config(database_url), "0001")
    finally:
        await upgrade_async(database_url)
    backfilled = await stored(app)
    assert backfilled[code] == at(2) and backfilled[closed] is None
    assert (await app.reminders.run(at(10))).reminders == 1
    assert (await stored(app))[code] == datetime(2026, 3, 13, 7, tzinfo=VN)
