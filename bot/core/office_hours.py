"""Working hours: the office's periods on working days (`WorkingCalendar`), and time counted
in them, for clocks set in *giờ làm việc* (the urgent tier, bot.core.urgency)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.core.calendar import WorkingCalendar

_ONE_DAY = timedelta(days=1)
# Far past any term in hours: a calendar with no working day at all must not loop for ever.
_MAX_DAYS = 800


class OfficeHoursError(ValueError):
    """Office hours written wrongly, e.g. `07:30-11:30,11:00-17:00` (periods overlap)."""


@dataclass(frozen=True)
class OfficeHours:
    """The periods of a working day, in local time, in order and apart."""

    periods: tuple[tuple[time, time], ...]

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """`07:30-11:30,13:30-17:00` → its periods; OfficeHoursError says what is wrong."""
        periods: list[tuple[time, time]] = []
        for part in (p.strip() for p in text.split(",")):
            start, dash, end = part.partition("-")
            try:
                period = (time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
            except ValueError:
                raise OfficeHoursError(f"{part!r}: expected HH:MM-HH:MM") from None
            if not dash or period[0] >= period[1]:
                raise OfficeHoursError(f"{part!r}: a period must end after it starts")
            if periods and period[0] < periods[-1][1]:
                raise OfficeHoursError(f"{part!r}: periods must be in order and not overlap")
            periods.append(period)
        return cls(tuple(periods))

    def __str__(self) -> str:
        return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.periods)


# Giờ hành chính of most provincial agencies (summer hours); the agency sets its own.
DEFAULT_OFFICE_HOURS = OfficeHours.parse("07:30-11:30,13:30-17:00")


class WorkingHours:
    """Counts time in office hours on working days: Tết, weekends and nights do not count."""

    def __init__(self, calendar: WorkingCalendar, office: OfficeHours, tz: tzinfo) -> None:
        self._calendar, self._office, self._tz = calendar, office, tz

    @property
    def office(self) -> OfficeHours:
        return self._office

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment (UTC) when `duration` of working time has passed since `start`.

        A term in hours runs from the moment it starts (Bộ luật Dân sự 2015 Đ147(1)); one
        started outside office hours begins with the next period. A term that runs out at the
        end of a period ends there (e.g. 17:00), not when the next one opens: the earlier of
        the two readings, which cannot make the agency late.
        """
        left = duration
        for lo, hi in self._spans_from(start):
            if hi - lo >= left:
                return (lo + left).astimezone(UTC)
            left -= hi - lo
        raise ValueError(f"no working time within {_MAX_DAYS} days of {start}")

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Working time in [a, b]; negative when b is before a."""
        if b < a:
            return -self.between(b, a)
        total = timedelta()
        for lo, hi in self._spans_from(a):
            if lo >= b:
                break
            total += min(hi, b) - lo
        return total

    def _spans_from(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Office periods (local, aware) from `start` on, the first one cut at `start`."""
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(f"an aware datetime is required, got {start!r}")
        local = start.astimezone(self._tz)
        day = local.date()
        for _ in range(_MAX_DAYS):
            for lo, hi in self._periods_on(day):
                if hi > local:
                    yield max(lo, local), hi
            day += _ONE_DAY

    def _periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self._calendar.is_working_day(day):
            return []
        tz = self._tz
        return [
            (datetime.combine(day, a, tzinfo=tz), datetime.combine(day, b, tzinfo=tz))
            for a, b in self._office.periods
        ]
