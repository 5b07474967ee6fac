"""Reporting periods of the Thanh tra forms: a month, a quarter, the first 6 or 9 months, a
year; calendar periods, or periods with a cut-off day (Thanh tra periods run from the 15th of the
month before to the 14th: `--cutoff 15`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|6M|9M|\d{1,2}))?$", re.IGNORECASE)


class FormPeriodError(ValueError):
    """A period or cut-off day written wrongly."""


@dataclass(frozen=True)
class FormPeriod:
    """Months `first`..`last` of `year` (1-12), cut at `cutoff` (None: calendar months)."""

    year: int
    first: int
    last: int
    slug: str
    cutoff: int | None = None

    @property
    def first_day(self) -> date:
        if self.cutoff is None:
            return date(self.year, self.first, 1)
        year, month = (self.year, self.first - 1) if self.first > 1 else (self.year - 1, 12)
        return date(year, month, self.cutoff)

    @property
    def last_day(self) -> date:
        if self.cutoff is None:
            year, month = (self.year, self.last + 1) if self.last < 12 else (self.year + 1, 1)
            return date(year, month, 1) - timedelta(days=1)
        return date(self.year, self.last, self.cutoff) - timedelta(days=1)

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[start, end) at local midnight."""
        return (datetime.combine(self.first_day, time(), tz),
                datetime.combine(self.last_day + timedelta(days=1), time(), tz))


def parse_form_period(text: str, cutoff: int | None = None) -> FormPeriod:
    """`2026-11`, `2026-Q4`, `2026-6M`, `2026-9M` or `2026`; raises FormPeriodError."""
    found = _PATTERN.match(text.strip())
    if found is None or not 2000 <= int(found.group(1)) <= 2999:
        raise FormPeriodError(text)
    if cutoff is not None and not 2 <= cutoff <= 28:
        raise FormPeriodError(f"--cutoff {cutoff}")
    year, part = int(found.group(1)), (found.group(2) or "").upper()
    if not part:
        first, last = 1, 12
    elif part.startswith("Q"):
        first = (int(part[1]) - 1) * 3 + 1
        first, last = first, first + 2
    elif part in ("6M", "9M"):
        first, last = 1, int(part[0])
    elif 1 <= int(part) <= 12:
        first = last = int(part)
    else:
        raise FormPeriodError(text)
    slug = f"{year}-{part}" if part and not part.isdigit() else (
        f"{year}-{int(part):02d}" if part else str(year))
    return FormPeriod(year, first, last, slug, cutoff)
