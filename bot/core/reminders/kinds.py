"""Reminders on the legal clocks (DESIGN §2): which kinds are due for a ticket now and which
one is worth sending; `bot.core.reminders.times` says when the next one falls due.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from bot.core.countdown import DaysLeft, days_left
from bot.core.deadlines import DeadlinePolicy, LegalClock
from bot.core.tickets import TicketType

# Nobody is messaged at night: what falls due then waits for the first run after 07:00.
QUIET_FROM, QUIET_UNTIL = time(20, 0), time(7, 0)
# Overdue tickets past this are not reminded of again; the daily digest still lists them all.
OVERDUE_LOOKBACK = timedelta(days=30)


class ReminderKind(StrEnum):
    """In rising order of urgency: a later kind makes the earlier ones pointless."""

    HALF = "half"
    EIGHTY = "eighty"
    DAY_BEFORE = "day_before"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


ORDER = tuple(ReminderKind)


def is_quiet(moment: datetime, tz: tzinfo) -> bool:
    """True at night (local time), when no reminder is sent."""
    local = moment.astimezone(tz).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def clock_key(clock: str, extensions_used: int) -> str:
    """The clock a reminder belongs to; an extension restarts the reminders (`second+1`)."""
    return f"{clock}+{extensions_used}" if extensions_used else clock


@dataclass(frozen=True)
class ReminderTarget:
    """An open ticket whose running clock may call for a reminder; no citizen data in it."""

    ticket_id: int
    code: str
    type: TicketType
    clock: str
    extensions_used: int
    start: datetime  # receipt (first clock) or acceptance (second clock)
    due_at: datetime
    assignee_telegram_id: int | None = None
    assignee_name: str | None = None  # an officer's, shown to leaders
    staff_chat_id: int | None = None
    staff_thread_id: int | None = None
    # What selects the clock's rule (bot.core.deadlines.DeadlinePolicy.rule_for).
    received_at: datetime | None = None
    complaint_round: int = 1
    unit: str | None = None

    @property
    def key(self) -> str:
        return clock_key(self.clock, self.extensions_used)


class ReminderSchedule:
    """Decides what is due; counts on the same calendar as the deadlines; `is_remote` says
    which units are in a vùng sâu, vùng xa (bot.core.organisation)."""

    def __init__(self, policy: DeadlinePolicy,
                 is_remote: Callable[[str | None], bool] = lambda _unit: False) -> None:
        self._policy, self._calendar, self._tz = policy, policy.calendar, policy.tz
        self._is_remote = is_remote

    @property
    def policy(self) -> DeadlinePolicy:
        return self._policy

    def is_quiet(self, now: datetime) -> bool:
        """True at night, when no reminder is sent."""
        return is_quiet(now, self._tz)

    def due_kinds(self, start: datetime, due: datetime, now: datetime) -> list[ReminderKind]:
        """Every kind whose moment has come, in ORDER."""
        today, due_day = self._day(now), self._day(due)
        share = self._policy.progress(start, due, now)
        reached = {
            ReminderKind.HALF: share >= 0.5,
            ReminderKind.EIGHTY: share >= 0.8,
            ReminderKind.DAY_BEFORE: today >= self._calendar.add_working_days(due_day, -1),
            ReminderKind.DUE_TODAY: today >= due_day,
            ReminderKind.OVERDUE: now > due,
        }
        return [kind for kind in ORDER if reached[kind]]

    def choose(
        self, due: Collection[ReminderKind], sent: Collection[str]
    ) -> tuple[ReminderKind | None, list[ReminderKind]]:
        """The one kind to send (the most urgent unsent) and the older ones to mark unsent-sent."""
        pending = [kind for kind in ORDER if kind in due and kind not in sent]
        if not pending:
            return None, []
        return pending[-1], pending[:-1]

    def days_left(self, target: ReminderTarget, now: datetime) -> DaysLeft:
        """Days left (negative: late) of the target's clock, as its card counts them."""
        received = target.received_at or target.start
        rule = self._policy.rule_for(target.type, LegalClock(target.clock), self._day(received),
                                     target.complaint_round, self._is_remote(target.unit))
        return days_left(self._policy, rule, target.due_at, now)

    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self._tz).date()
