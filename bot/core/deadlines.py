"""Legal clocks: the policy that computes due moments and extensions from the deadline rules
(`bot.core.deadline_rules`, DESIGN §2), counted on the `WorkingCalendar`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.core.calendar import WorkingCalendar
from bot.core.deadline_rules import (
    BUNDLED_RULES,
    DeadlineRule,
    LegalClock,
    RuleError,
    check_overlaps,
    load_rules,
)
from bot.core.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours, WorkingHours
from bot.core.tickets import TicketType
from bot.core.urgency import CLAIM_HOURS, URGENT_HOURS, UrgentClock

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Bộ luật Dân sự 2015 Đ148(1),(6): a term in days ends at the end of its last day.
END_OF_DAY = time(23, 59, 59)

class ExtensionRefused(Exception):
    """The law allows no (further) extension; `reason_code` says why."""

    def __init__(self, reason_code: str) -> None:
        super().__init__(reason_code)
        self.reason_code = reason_code


def extension_refusal(rule: DeadlineRule, extensions_used: int, current_due: datetime,
                      now: datetime | None) -> str | None:
    """Why `rule` allows no further extension now, whatever the criteria (a reason code of
    ExtensionRefused); None when it allows one. Decided within the term (Luật KN Đ28, Đ37;
    Luật TC Đ30(1)): an extension cannot make a late case on time."""
    if rule.max_extensions == 0:
        return "no_extension_allowed"
    if extensions_used >= rule.max_extensions:
        return "max_extensions_reached"
    if now is not None and now > current_due:
        return "past_deadline"
    return None


class DeadlinePolicy:
    """Due moments, extensions and progress of the legal clocks, in local (Vietnam) days."""

    def __init__(
        self, calendar: WorkingCalendar, rules: Iterable[DeadlineRule], tz: tzinfo = VN_TZ,
        *, office_hours: OfficeHours = DEFAULT_OFFICE_HOURS, urgent_hours: float = URGENT_HOURS,
        claim_hours: float = CLAIM_HOURS,
    ) -> None:
        self._calendar = calendar
        self._tz = tz
        working = WorkingHours(calendar, office_hours, tz)
        self._urgent = UrgentClock(working, urgent_hours)
        self._claim = UrgentClock(working, claim_hours) if claim_hours > 0 else None
        self._rules: dict[tuple[TicketType, LegalClock], list[DeadlineRule]] = {}
        rules = list(rules)
        check_overlaps(rules)
        for rule in rules:
            self._rules.setdefault((rule.ticket_type, rule.clock), []).append(rule)

    @property
    def calendar(self) -> WorkingCalendar:
        return self._calendar

    @property
    def tz(self) -> tzinfo:
        return self._tz

    @property
    def urgent(self) -> UrgentClock:
        """The urgent tier's clock in working hours, beside the legal ones."""
        return self._urgent

    @property
    def claim(self) -> UrgentClock | None:
        """The working hours a request may wait for an officer to claim it (None: no limit)."""
        return self._claim

    def rule_for(
        self, ticket_type: TicketType, clock: LegalClock, received_on: date,
        complaint_round: int = 1, remote: bool = False,
    ) -> DeadlineRule | None:
        """The rule in force on the day of receipt, which governs the ticket for good; of the
        rules serving the round and area, the most specific one."""
        matches = [r for r in self._rules.get((TicketType(ticket_type), LegalClock(clock)), ())
                   if r.in_force_on(received_on) and r.serves(complaint_round, remote)]
        return max(matches, default=None,
                   key=lambda r: (r.complaint_round is not None) + (r.remote is not None))

    def due_at(
        self, ticket_type: TicketType, clock: LegalClock, start: datetime, received_at: datetime,
        complaint_round: int = 1, remote: bool = False,
    ) -> datetime | None:
        """End of the due day (UTC); `start` is receipt (first clock) or acceptance (second)."""
        rule = self.rule_for(ticket_type, clock, self._local_date(received_at),
                             complaint_round, remote)
        if rule is None:
            return None
        return self._end_of(self._advance(rule, self._local_date(start), rule.length))

    def resumed_due(
        self, ticket_type: TicketType, clock: LegalClock, received_at: datetime, due: datetime,
        suspended_at: datetime, resumed_at: datetime,
        complaint_round: int = 1, remote: bool = False,
    ) -> datetime:
        """The due moment after a tạm đình chỉ lifted at `resumed_at` (Luật KN Đ11a, from
        1/7/2026): the clock stops on the day of suspension and runs on from the decision to
        resume. Whether the time left or a whole new term runs on is not settled by the text we
        have; the time left is the reading that cannot make the agency late (it ends first).
        A clock suspended after its deadline stays late: the due moment does not move.
        """
        rule = self.rule_for(ticket_type, clock, self._local_date(received_at),
                             complaint_round, remote)
        stopped, due_day = self._local_date(suspended_at), self._local_date(due)
        if rule is None or stopped > due_day:
            return due
        if rule.unit == "working_days":
            left = self._calendar.working_days_between(stopped, due_day)
        else:
            left = (due_day - stopped).days
        return self._end_of(self._advance(rule, self._local_date(resumed_at), left))

    def first_due(self, ticket_type: str, received_at: datetime) -> datetime | None:
        """The first clock's due moment of a ticket received at `received_at`."""
        return self.due_at(TicketType(ticket_type), LegalClock.FIRST, received_at, received_at)

    def extend(
        self,
        ticket_type: TicketType,
        clock: LegalClock,
        current_due: datetime,
        received_at: datetime,
        extensions_used: int,
        *,
        start: datetime | None = None,
        now: datetime | None = None,
        criteria: Iterable[str] = (),
        complaint_round: int = 1,
        remote: bool = False,
    ) -> datetime:
        """The due moment after one more extension, counted from `current_due`.

        Given the clock's `start`, a calendar-day clock is recounted from it instead
        (length + n × extension), so an earlier roll off a holiday is not carried over.
        Refused after the deadline (`now` past `current_due`): an extension is decided within
        the term (Luật KN Đ28, Đ37; Luật TC Đ30(1)) and cannot make a late case on time; and
        without the complexity criteria the rule asks for (NĐ 31/2019 Đ3(2),(3)).
        """
        rule = self.rule_for(ticket_type, clock, self._local_date(received_at),
                             complaint_round, remote)
        if rule is None:
            raise ExtensionRefused("no_such_clock")
        if extensions_used < 0:
            raise ValueError(f"extensions_used must be >= 0, got {extensions_used}")
        if (reason := extension_refusal(rule, extensions_used, current_due, now)) is not None:
            raise ExtensionRefused(reason)
        needed = rule.criteria_needed(extensions_used + 1)
        if len(set(criteria)) < needed:
            raise ExtensionRefused("not_especially_complex" if needed > 1 else "no_criteria")
        if start is not None and rule.unit == "days":
            total = rule.length + (extensions_used + 1) * rule.extension_length
            return self._end_of(self._advance(rule, self._local_date(start), total))
        due_day = self._local_date(current_due)
        return self._end_of(self._advance(rule, due_day, rule.extension_length))

    def progress(self, start: datetime, due: datetime, now: datetime) -> float:
        """Share of the clock used up, 0.0-1.0, in working time (for the 50% and 80% reminders).

        Only hours of working days count, so Tết or a long weekend do not eat into the share;
        a span holding no working time falls back to calendar time.
        """
        for moment in (start, due, now):
            self._local_date(moment)  # rejects naive datetimes
        if due <= start:
            return 1.0
        now = min(max(now, start), due)
        total = self._working_seconds(start, due)
        if total == 0:
            return (now - start) / (due - start)
        return self._working_seconds(start, now) / total

    def reached_at(self, start: datetime, due: datetime, share: float) -> datetime:
        """The first moment (UTC) at which `progress(start, due, ·)` reaches `share`."""
        if due <= start:
            return start.astimezone(UTC)
        total = self._working_seconds(start, due)
        if total == 0:
            moment = start + (due - start) * share
        else:
            moment = self._after_working_seconds(start, due, total * share)
        # Rounding to microseconds may land a hair early; `progress` has the last word.
        while self.progress(start, due, moment) < share:
            moment += timedelta(microseconds=1)
        return moment.astimezone(UTC)

    def _after_working_seconds(self, start: datetime, due: datetime, seconds: float) -> datetime:
        a, b = start.astimezone(self._tz), due.astimezone(self._tz)
        day = a.date()
        while day <= b.date():
            if self._calendar.is_working_day(day):
                midnight = datetime.combine(day, time(), tzinfo=self._tz)
                lo, hi = max(a, midnight), min(b, midnight + timedelta(days=1))
                span = max((hi - lo).total_seconds(), 0.0)
                if span >= seconds:
                    return lo + timedelta(seconds=seconds)
                seconds -= span
            day += timedelta(days=1)
        return b

    def _advance(self, rule: DeadlineRule, day: date, n: int) -> date:
        if rule.unit == "working_days":
            return self._calendar.add_working_days(day, n)
        return self._calendar.add_days_rolled(day, n)

    def _working_seconds(self, a: datetime, b: datetime) -> float:
        a, b = a.astimezone(self._tz), b.astimezone(self._tz)
        total, day = 0.0, a.date()
        while day <= b.date():
            if self._calendar.is_working_day(day):
                midnight = datetime.combine(day, time(), tzinfo=self._tz)
                lo, hi = max(a, midnight), min(b, midnight + timedelta(days=1))
                total += max((hi - lo).total_seconds(), 0.0)
            day += timedelta(days=1)
        return total

    def _local_date(self, moment: datetime) -> date:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"an aware datetime is required, got {moment!r}")
        return moment.astimezone(self._tz).date()

    def _end_of(self, day: date) -> datetime:
        return datetime.combine(day, END_OF_DAY, tzinfo=self._tz).astimezone(UTC)


__all__ = [
    "BUNDLED_RULES",
    "DeadlinePolicy",
    "DeadlineRule",
    "ExtensionRefused",
    "LegalClock",
    "RuleError",
    "TicketType",
    "extension_refusal",
    "load_rules",
]
