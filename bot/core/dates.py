"""How a moment is written for people: `dd/mm/yyyy` in the agency's time zone, one place."""

from __future__ import annotations

from datetime import date, datetime, tzinfo


def local_date(moment: datetime | None, tz: tzinfo) -> str:
    """`dd/mm/yyyy` in the agency's time zone; "-" when there is no moment."""
    return moment.astimezone(tz).strftime("%d/%m/%Y") if moment else "-"


def day_text(day: date) -> str:
    """A calendar day as `dd/mm/yyyy`."""
    return day.strftime("%d/%m/%Y")


def local_moment(moment: datetime | None, tz: tzinfo) -> str:
    """`HH:MM dd/mm/yyyy` in the agency's time zone, for clocks counted in hours; "-" without."""
    return moment.astimezone(tz).strftime("%H:%M %d/%m/%Y") if moment else "-"
