"""The Vietnamese working calendar: which days are *ngày làm việc*, and counting over them.

holidays.VN gives public holidays and compensatory days; overrides add the yearly swap decisions.
Only the library's statutory days count as days off by themselves; any other day it marks is
*unconfirmed* and counts as worked until a decision row says otherwise (see `is_statutory`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
import yaml

from bot.core.text_files import TextFileError, read_text

BUNDLED_OVERRIDES = Path(__file__).parent / "data" / "calendar_overrides.yaml"
_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


# Days counted as confirmed without a decision row: the statutory holidays of BLLĐ 2019
# Đ112(1) — Tết Dương lịch 1/1 (a), Tết Âm lịch (b), 30/4 (c), 1/5 (d), Quốc khánh 2/9 and one
# adjoining day (đ), Giỗ Tổ Hùng Vương 10/3 âm lịch (e) — and their compensatory days when one
# falls on a weekly day off (Đ111(3)). They are law, so no admin needs to confirm them. The
# placement of the Tết days and of the day adjoining 2/9 is decided each year by the Prime
# Minister (Đ112(3)); the library's placement stands until an admin enters the decision.
# Everything else the library marks (a swap it read from the press, Ngày Văn hóa Việt Nam 24/11,
# a day added by a future amendment) is unconfirmed and counted as WORKED for statutory clocks:
# counting a day off that was in fact worked would put a deadline after the true one and could
# make the agency late; counting it worked can only bring the deadline earlier.
_STATUTORY_NAMES = ("New Year's Day", "Lunar New Year", "Hung Kings", "Liberation Day",
                    "International Labor Day", "National Day")


def is_statutory(holiday_name: str) -> bool:
    """True for a holidays.VN name of a day fixed by BLLĐ 2019 Đ112(1) (or its Đ111(3) bù)."""
    return any(name in holiday_name for name in _STATUTORY_NAMES)


def library_holidays(year: int) -> dict[date, str]:
    """holidays.VN for `year` and its neighbours (a compensatory day may spill over New Year)."""
    return dict(holidays.country_holidays("VN", years=range(year - 1, year + 2)))


class CalendarDataError(ValueError):
    """The overrides file is malformed."""


class WorkingCalendar:
    """State-agency working days: Mon-Fri less public holidays, then overrides (True = worked)."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._off_by_year: dict[int, frozenset[date]] = {}
        # working_days_between by its two days: a year's statistics ask for the same spans
        # (received on one day, handled on another) thousands of times.
        self._between: dict[tuple[date, date], int] = {}

    def set_overrides(self, overrides: Mapping[date, bool]) -> None:
        """Replaces the overrides (e.g. after an admin edited them); later lookups use them."""
        self._overrides = dict(overrides)
        self._off_by_year = {}
        self._between = {}

    def is_working_day(self, d: date) -> bool:
        """True when offices work on `d`."""
        off = self._off_by_year.get(d.year)
        if off is None:
            off = self._off_by_year[d.year] = self._days_off(d.year)
        return d not in off

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start`, which is not counted (BLDS 2015 Đ147(2)).

        A negative n counts backwards (e.g. -1: the working day before `start`).
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        d, left = start, abs(n)
        while left:
            d += step
            if self.is_working_day(d):
                left -= 1
        return d

    def roll_to_working_day(self, d: date) -> date:
        """`d` itself if it is a working day, else the next working day (BLDS 2015 Đ148(5))."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_days_rolled(self, start: date, n: int) -> date:
        """`start` plus n calendar days, moved forward off a non-working day (BLDS Đ147-148)."""
        return self.roll_to_working_day(start + timedelta(days=n))

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: `add_working_days(a, k)` gives b back; negative when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        known = self._between.get((a, b))
        if known is not None:
            return known
        count, d = 0, a
        while d < b:
            d += _ONE_DAY
            count += self.is_working_day(d)
        if len(self._between) >= 100_000:  # a bot running for years: forget, start again
            self._between.clear()
        self._between[(a, b)] = count
        return count

    def _days_off(self, year: int) -> frozenset[date]:
        public = {d for d, name in library_holidays(year).items() if is_statutory(name)}
        d, off = date(year, 1, 1), set()
        while d.year == year:
            if d.weekday() >= _SATURDAY or d in public:
                off.add(d)
            d += _ONE_DAY
        for day, working in self._overrides.items():
            if day.year == year:
                (off.discard if working else off.add)(day)
        return frozenset(off)


def load_overrides(path: str | Path | None = None) -> dict[date, bool]:
    """Overrides (date → working?) from a YAML file; the bundled one by default."""
    p = Path(path) if path is not None else BUNDLED_OVERRIDES
    entries = override_entries(p)
    result: dict[date, bool] = {}
    for i, entry in enumerate(entries):
        day, working = _parse_override(entry, f"{p.name}: overrides[{i}]")
        if day in result:
            raise CalendarDataError(f"{p.name}: overrides[{i}]: {day} is listed twice")
        result[day] = working
    return result


def override_entries(path: Path) -> list[object]:
    """The raw `overrides` list of a YAML file; CalendarDataError names the line it breaks on."""
    try:
        data = yaml.safe_load(read_text(path))
    except TextFileError as error:
        raise CalendarDataError(str(error)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise CalendarDataError(f"{path.name}{line}: {problem}") from None
    entries = data.get("overrides") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CalendarDataError(f"{path.name}: expected a top-level 'overrides' list")
    return entries


def _parse_override(entry: object, where: str) -> tuple[date, bool]:
    if not isinstance(entry, dict) or set(entry) != {"date", "working", "source"}:
        raise CalendarDataError(f"{where}: expected exactly the keys date, working, source")
    day, working, source = entry["date"], entry["working"], entry["source"]
    if not isinstance(day, date) or isinstance(day, datetime):
        raise CalendarDataError(f"{where}: date must be a YYYY-MM-DD date, got {day!r}")
    if not isinstance(working, bool):
        raise CalendarDataError(f"{where} ({day}): working must be true or false")
    if not isinstance(source, str) or not source.strip():
        raise CalendarDataError(f"{where} ({day}): source must name the decision")
    return day, working
