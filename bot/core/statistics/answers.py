"""How fast and how well tickets were answered: the first answer a citizen saw, the time to
resolution in working days, and the citizen's rating.

First answer: the earliest event in a ticket's history (the audit log) by which staff answered
the citizen: acceptance (thụ lý), decline, forward, a reply relayed to the citizen, or closing.
Claims, transfers, extensions and internal notes do not count.

Working days are counted as legal deadlines count them (BLDS 2015 Đ147(2)): the day of receipt
is not counted, every working day after it up to and including the day of the answer is; an
answer on the day of receipt, or over a weekend or holiday before the next working day, takes 0.

Ratings use the 1-5 scale of the rating buttons (1 Rất không hài lòng ... 5 Rất hài lòng);
4 (Hài lòng) and 5 (Rất hài lòng) count as satisfied, 3 (Bình thường) does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.core.calendar import WorkingCalendar

FIRST_ANSWER_EVENTS = ("accepted", "declined", "forwarded", "message_out", "closed")
SATISFIED_RATINGS = frozenset({4, 5})


@dataclass(frozen=True, slots=True)
class TicketAnswer:
    """What the ticket's history says beyond its record: its first answer and its rating."""

    first_answer_at: datetime | None = None
    rating: int | None = None


def working_days(calendar: WorkingCalendar, tz: tzinfo, start: datetime,
                 end: datetime) -> int:
    """Working days from `start` to `end` in local days, the first day not counted (never
    negative)."""
    return max(0, calendar.working_days_between(start.astimezone(tz).date(),
                                                end.astimezone(tz).date()))


@dataclass
class Average:
    """A running average of whole working days."""

    count: int = 0
    total: int = 0

    def add(self, days: int) -> None:
        self.count += 1
        self.total += days

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


@dataclass
class Satisfaction:
    rated: int = 0
    satisfied: int = 0

    def add(self, rating: int) -> None:
        self.rated += 1
        self.satisfied += rating in SATISFIED_RATINGS

    @property
    def rate(self) -> float | None:
        """Satisfied over rated, in percent; None without ratings."""
        return 100 * self.satisfied / self.rated if self.rated else None
