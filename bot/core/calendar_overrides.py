"""Calendar overrides as admins edit them: the bundled file merged with the database (which
wins), import files (CSV `date,working,note` or the bundled YAML format), and `check` reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.core.calendar import (
    BUNDLED_OVERRIDES,
    CalendarDataError,
    is_statutory,
    library_holidays,
    load_overrides,
    override_entries,
)
from bot.core.text_files import TextFileError, read_csv

_TRUE = {"1", "true", "yes", "y", "working", "x"}
_FALSE = {"0", "false", "no", "n", "off", ""}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class DayOverride:
    """One day declared worked (True) or off (False), with the decision it comes from."""

    day: date
    working: bool
    note: str | None = None
    origin: str = "database"  # database | bundled


def parse_day(text: str) -> date:
    """A `YYYY-MM-DD` date; ValueError with a readable message otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"invalid date {text!r} (expected YYYY-MM-DD)") from None


def bundled_overrides(path: Path = BUNDLED_OVERRIDES) -> dict[date, DayOverride]:
    """The bundled overrides, with the decision each one cites."""
    working = load_overrides(path)
    sources = {entry["date"]: entry["source"] for entry in override_entries(path)}  # type: ignore[index]
    return {d: DayOverride(d, w, sources[d], "bundled") for d, w in working.items()}


def merged(
    bundled: Mapping[date, DayOverride], stored: Mapping[date, DayOverride]
) -> dict[date, DayOverride]:
    """Bundled overrides with the database's on top (an admin's decision wins)."""
    return {**bundled, **stored}


def as_flags(overrides: Mapping[date, DayOverride]) -> dict[date, bool]:
    """What `WorkingCalendar` takes: date → worked?"""
    return {d: o.working for d, o in overrides.items()}


def read_import_file(path: Path) -> list[DayOverride]:
    """Overrides from a CSV (`date,working,note`) or YAML file; errors name the line."""
    if path.suffix.lower() in {".yaml", ".yml"}:
        return [DayOverride(o.day, o.working, o.note) for o in bundled_overrides(path).values()]
    try:
        header, rows = read_csv(path)
    except TextFileError as error:
        raise CalendarDataError(str(error)) from None
    if not {"date", "working"} <= set(header):
        raise CalendarDataError(f"{path.name}:1: expected the columns date,working,note")
    result: dict[date, DayOverride] = {}
    for line, row in rows:
        where = f"{path.name}:{line}"
        try:
            day = parse_day(row["date"] or "")
        except ValueError as error:
            raise CalendarDataError(f"{where}: {error}") from None
        flag = (row["working"] or "").strip().lower()
        if flag not in _TRUE | _FALSE or not flag:
            raise CalendarDataError(f"{where}: working must be true or false, got {flag!r}")
        if day in result:
            raise CalendarDataError(f"{where}: {day} is listed twice")
        note = (row.get("note") or "").strip()
        if not note:  # a day is confirmed only with its decision (see calendar.py)
            raise CalendarDataError(f"{where}: note must name the decision (số văn bản)")
        result[day] = DayOverride(day, flag in _TRUE, note)
    return list(result.values())


def explain(day: date, overrides: Mapping[date, DayOverride]) -> tuple[bool, str]:
    """Whether offices work on `day`, and why (override, public holiday or weekday)."""
    name = f"{day.isoformat()} ({_WEEKDAYS[day.weekday()]})"
    if (override := overrides.get(day)) is not None:
        what = "working day" if override.working else "day off"
        note = f": {override.note}" if override.note else ""
        return override.working, f"{name}: {what}, override ({override.origin}){note}"
    holiday = library_holidays(day.year).get(day)
    if holiday and is_statutory(holiday):
        return False, f"{name}: day off, public holiday ({holiday}; BLLĐ 2019 Đ112(1))"
    if day.weekday() >= 5:
        return False, f"{name}: day off, weekend"
    if holiday:
        # calendar.py: an unconfirmed library day counts as worked for statutory clocks.
        return True, (f"{name}: working day for statutory clocks; holidays.VN marks it as"
                      f" {holiday!r}, chưa xác nhận (confirm with: pakn calendar set"
                      f" {day.isoformat()} --off --source \"số văn bản\")")
    return True, f"{name}: working day"


def is_decision(override: DayOverride) -> bool:
    """A row that records a decision, not merely a statutory day the law already fixes."""
    holiday = library_holidays(override.day.year).get(override.day)
    return not (holiday and is_statutory(holiday)) or override.working


def missing_decisions(today: date, overrides: Mapping[date, DayOverride]) -> int | None:
    """In December, next year when no decision row is entered for it yet; None otherwise.

    The yearly swaps and the placement of Tết are decided late in the year before (BLLĐ 2019
    Đ112(3)); without them the clocks count only the statutory days (see calendar.py).
    """
    if today.month != 12:
        return None
    year = today.year + 1
    if any(d.year == year and is_decision(o) for d, o in overrides.items()):
        return None
    return year
