"""Reminders on the urgent clock (bot.core.urgency), in working hours: at half and 80% of it,
and when it runs out (then leaders are told at once, as for an overdue legal clock); the time
left on the ticket's card is kept current by the same runs."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from bot.core.catalog import Catalog
from bot.core.dates import local_moment
from bot.core.ports import UnitOfWork
from bot.core.reminders.kinds import ReminderKind, ReminderTarget
from bot.core.staff_notices import assignee_text
from bot.core.urgency import UrgentClock

KINDS = (ReminderKind.HALF, ReminderKind.EIGHTY, ReminderKind.OVERDUE)


class UrgentCards(Protocol):
    """The staff group's cards (bot.core.staff.desk.StaffDesk): an urgent card's «còn N giờ»
    otherwise reads as it did at the last action on the ticket."""

    async def refresh_urgent(self, uow: UnitOfWork, ticket_id: int, now: datetime) -> None:
        """Queues the card's edit in `uow` if the time left it shows reads differently now."""


def urgent_kinds(
    clock: UrgentClock, start: datetime, due: datetime, now: datetime
) -> list[ReminderKind]:
    """Every kind whose moment has come, in rising urgency (as `ReminderSchedule.due_kinds`)."""
    share = clock.progress(start, due, now)
    reached = {
        ReminderKind.HALF: share >= 0.5,
        ReminderKind.EIGHTY: share >= 0.8,
        ReminderKind.OVERDUE: now > due,
    }
    return [kind for kind in KINDS if reached[kind]]


def working_time(catalog: Catalog, span: timedelta) -> str:
    """`2 giờ 15 phút` of working time, rounded down to the minute."""
    hours, minutes = divmod(int(abs(span).total_seconds() // 60), 60)
    if hours and minutes:
        return catalog.text("staff.urgent.hours_minutes", hours=hours, minutes=minutes)
    if hours:
        return catalog.text("staff.urgent.hours", hours=hours)
    return catalog.text("staff.urgent.minutes", minutes=minutes)


def urgent_reminder_text(
    catalog: Catalog,
    kind: ReminderKind,
    target: ReminderTarget,
    left: timedelta,
    tz: tzinfo,
    *,
    to_group: bool = False,
) -> str:
    """The reminder of `kind` on a ticket's urgent clock; codes only, never a citizen's data."""
    key = f"staff.reminder.urgent.{kind}"
    if kind is ReminderKind.OVERDUE and to_group:
        key = "staff.reminder.urgent.overdue_group"
    return catalog.text(
        key,
        code=target.code,
        kind=catalog.text(f"kind.{target.type}"),
        due=local_moment(target.due_at, tz),
        left=working_time(catalog, left),
        assignee=assignee_text(catalog, target),
    )
