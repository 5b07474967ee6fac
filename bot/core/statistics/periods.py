"""Reporting periods (a month, a quarter, a year) as local-time intervals [start, end) in the
agency's timezone: the first day counts, the first day of the next period does not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class PeriodError(ValueError):
    """A period written wrongly; `kind` and `text` say which value, for the message."""

    def __init__(self, kind: PeriodKind, text: str) -> None:
        super().__init__(f"invalid {kind}: {text!r}")
        self.kind, self.text = kind, text


_PATTERNS = {
    PeriodKind.MONTH: re.compile(r"^(\d{4})-(\d{1,2})$"),
    PeriodKind.QUARTER: re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE),
    PeriodKind.YEAR: re.compile(r"^(\d{4})$"),
}
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


@dataclass(frozen=True)
class Period:
    """One reporting period; `number` is the month (1-12), the quarter (1-4) or 1 for a year."""

    kind: PeriodKind
    year: int
    number: int = 1

    @property
    def first_day(self) -> date:
        return date(self.year, (self.number - 1) * _MONTHS[self.kind] + 1, 1)

    @property
    def next_first_day(self) -> date:
        months = self.first_day.month - 1 + _MONTHS[self.kind]
        return date(self.year + months // 12, months % 12 + 1, 1)

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes at local midnight."""
        return (datetime.combine(self.first_day, time(), tz),
                datetime.combine(self.next_first_day, time(), tz))

    @property
    def slug(self) -> str:
        """`2026-03`, `2026-Q1` or `2026`, as written on the command line."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        return str(self.year)


def parse_period(kind: PeriodKind, text: str) -> Period:
    """`2026-03` (month), `2026-Q1` (quarter) or `2026` (year); raises PeriodError."""
    found = _PATTERNS[kind].match(text.strip())
    if found is None:
        raise PeriodError(kind, text)
    year = int(found.group(1))
    number = int(found.group(2)) if kind is not PeriodKind.YEAR else 1
    if not (1 <= number <= 12 // _MONTHS[kind]) or not (2000 <= year <= 2999):
        raise PeriodError(kind, text)
    return Period(kind, year, number)


def month_of(moment: datetime, tz: tzinfo) -> Period:
    """The month a moment falls in, in local time."""
    local = moment.astimezone(tz)
    return Period(PeriodKind.MONTH, local.year, local.month)
