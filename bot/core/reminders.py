"""Reminders on the legal clocks (DESIGN §2): which kinds are due for a ticket now, which one
is worth sending, and the due_at bounds that let the database find candidates by index.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from bot.core.calendar import WorkingCalendar
from bot.core.deadline_rules import DeadlineRule
from bot.core.deadlines import END_OF_DAY, DeadlinePolicy
from bot.core.tickets import TicketType

# Nobody is messaged at night: what falls due then waits for the first run after 07:00.
QUIET_FROM, QUIET_UNTIL = time(20, 0), time(7, 0)
# Overdue tickets past this are not looked for again; the daily digest still lists them all.
OVERDUE_LOOKBACK = timedelta(days=30)


class ReminderKind(StrEnum):
    """In rising order of urgency: a later kind makes the earlier ones pointless."""

    HALF = "half"
    EIGHTY = "eighty"
    DAY_BEFORE = "day_before"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


ORDER = tuple(ReminderKind)


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

    @property
    def key(self) -> str:
        return clock_key(self.clock, self.extensions_used)


@dataclass(frozen=True)
class Horizon:
    """due_at bounds (UTC) within which each kind can be due at `now`."""

    now: datetime
    overdue_from: datetime
    today_end: datetime
    next_day_end: datetime  # end of the next working day: day_before
    eighty_end: datetime
    half_end: datetime
    # (due_at ≤ limit, latest start at which half / 80% can have been reached), nearest first
    start_bounds: tuple[tuple[datetime, datetime, datetime], ...] = ()


class ReminderSchedule:
    """Decides what is due; built from the same calendar and rules as the deadlines."""

    def __init__(self, policy: DeadlinePolicy, calendar: WorkingCalendar,
                 rules: Iterable[DeadlineRule], tz: tzinfo) -> None:
        self._policy, self._calendar, self._tz = policy, calendar, tz
        # The longest a clock can run, in days, extensions included: bounds the query.
        self._longest = max(r.length + r.max_extensions * r.extension_length for r in rules)

    def is_quiet(self, now: datetime) -> bool:
        """True at night, when no reminder is sent."""
        local = now.astimezone(self._tz).time()
        return local >= QUIET_FROM or local < QUIET_UNTIL

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

    def horizon(self, now: datetime) -> Horizon:
        """Bounds such that a ticket due later than `half_end` can have nothing due."""
        today = self._day(now)
        # progress ≥ share means at most (1 - share) of the working time is left, and a clock
        # holds at most `longest` + 1 working days; +1 for the part-day left today.
        def within(share: float) -> datetime:
            days = math.ceil((1 - share) * (self._longest + 1)) + 1
            return self._end_of(self._calendar.add_working_days(today, days))

        half_end = within(0.5)
        return Horizon(
            now=now, overdue_from=now - OVERDUE_LOOKBACK, today_end=self._end_of(today),
            next_day_end=self._end_of(self._calendar.add_working_days(today, 1)),
            eighty_end=within(0.8), half_end=half_end,
            start_bounds=self._start_bounds(today, now, half_end),
        )

    def _start_bounds(
        self, today: date, now: datetime, last: datetime
    ) -> tuple[tuple[datetime, datetime, datetime], ...]:
        # Due at the end of the k-th working day after today, at least k working days and the
        # rest of today are left; share s needs s/(1-s) times that much working time since
        # the start, so the start lies at least that much working time before now.
        midnight = datetime.combine(today + timedelta(days=1), time(), tzinfo=self._tz)
        rest = midnight - now if self._calendar.is_working_day(today) else timedelta()
        back = self._backwards(today, now, 4 * (self._longest + 2))
        bounds, j = [], 1
        while True:
            end = self._end_of(self._calendar.add_working_days(today, j + 1))
            for limit, k in ((end - timedelta(seconds=1), j), (end, j + 1)):
                left = rest + timedelta(days=k) - timedelta(seconds=1)
                bounds.append((limit, back(left), back(4 * left)))
            if end >= last:
                return tuple(bounds)
            j += 1

    def _backwards(
        self, today: date, now: datetime, days: int
    ) -> Callable[[timedelta], datetime]:
        """A function: working time w → the latest moment with w of working time until now."""
        marks, total, day, moment = [], timedelta(), today, now
        for _ in range(days * 2):
            midnight = datetime.combine(day, time(), tzinfo=self._tz)
            if self._calendar.is_working_day(day):
                total += moment - midnight
                marks.append((total, midnight))
            moment, day = midnight, day - timedelta(days=1)
        totals = [t for t, _ in marks]

        def back(work: timedelta) -> datetime:
            i = bisect_left(totals, work)
            if i == len(marks):
                return marks[-1][1]
            return marks[i][1] + (marks[i][0] - work)

        return back

    def working_days_left(self, due: datetime, now: datetime) -> int:
        """Working days after today up to the due day; negative: calendar days overdue."""
        today, due_day = self._day(now), self._day(due)
        if due_day < today:
            return -(today - due_day).days
        return self._calendar.working_days_between(today, due_day)

    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self._tz).date()

    def _end_of(self, day: date) -> datetime:
        return datetime.combine(day, END_OF_DAY, tzinfo=self._tz)
