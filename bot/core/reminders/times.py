"""When reminders fall due: the moment of each kind on a running clock, and the next moment a
ticket waits for, stored as `tickets.next_reminder_at` so that the job finds due tickets by index.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.core.deadlines import DeadlinePolicy
from bot.core.reminders.kinds import (
    ORDER,
    OVERDUE_LOOKBACK,
    QUIET_FROM,
    QUIET_UNTIL,
    ReminderKind,
    is_quiet,
)
from bot.core.tickets import Ticket


def kind_moment(kind: ReminderKind, start: datetime, due: datetime,
                policy: DeadlinePolicy) -> datetime:
    """The first moment (UTC) at which `ReminderSchedule.due_kinds` counts `kind` as due."""
    due_day = due.astimezone(policy.tz).date()
    match kind:
        case ReminderKind.HALF:
            return policy.reached_at(start, due, 0.5)
        case ReminderKind.EIGHTY:
            return policy.reached_at(start, due, 0.8)
        case ReminderKind.DAY_BEFORE:
            return _midnight(policy.calendar.add_working_days(due_day, -1), policy.tz)
        case ReminderKind.DUE_TODAY:
            return _midnight(due_day, policy.tz)
    return due.astimezone(UTC) + timedelta(microseconds=1)  # overdue: strictly after due


def next_reminder_at(start: datetime, due: datetime, sent: Collection[str],
                     policy: DeadlinePolicy, now: datetime) -> datetime | None:
    """When the job should next look at this clock: the earliest unsent kind's moment, moved
    out of the night; None once every kind is sent or the clock is past the overdue look-back.
    """
    if due < now - OVERDUE_LOOKBACK:
        return None
    sent_at = [i for i, kind in enumerate(ORDER) if kind in sent]
    # The job never sends a kind after a more urgent one, so only the later kinds are pending.
    pending = ORDER[max(sent_at) + 1:] if sent_at else ORDER
    if not pending:
        return None
    return _after_quiet(min(kind_moment(k, start, due, policy) for k in pending), policy.tz)


def clock_start(ticket: Ticket) -> datetime:
    """The running clock's start: acceptance on the second clock, receipt otherwise."""
    if ticket.clock == "second" and ticket.accepted_at is not None:
        return ticket.accepted_at
    return ticket.received_at


def next_reminder_for(ticket: Ticket, policy: DeadlinePolicy, now: datetime,
                      sent: Collection[str] = ()) -> datetime | None:
    """`next_reminder_at` of a ticket as it now stands; None when closed or without a due date.

    `sent` are the kinds already sent on its running clock: none on a clock just started,
    accepted or extended (an extension restarts the reminders).
    """
    if not ticket.is_open or ticket.due_at is None:
        return None
    return next_reminder_at(clock_start(ticket), ticket.due_at, sent, policy, now)


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _after_quiet(moment: datetime, tz: tzinfo) -> datetime:
    if not is_quiet(moment, tz):
        return moment
    local = moment.astimezone(tz)
    day = local.date() + timedelta(days=1) if local.time() >= QUIET_FROM else local.date()
    return datetime.combine(day, QUIET_UNTIL, tzinfo=tz).astimezone(UTC)
