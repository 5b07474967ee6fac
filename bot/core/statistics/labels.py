"""How a period and a rate read in the report and in the staff group (Vietnamese style:
dd/mm/yyyy dates, a decimal comma)."""

from __future__ import annotations

from datetime import timedelta, tzinfo

from bot.core.catalog import Catalog
from bot.core.statistics.figures import PeriodStatistics
from bot.core.statistics.periods import Period


def period_label(catalog: Catalog, period: Period, lang: str = "vi") -> str:
    """`Tháng 3/2026 (từ ngày 01/03/2026 đến hết ngày 31/03/2026)`."""
    last = period.next_first_day - timedelta(days=1)
    return catalog.text(f"report.period.{period.kind}", lang, number=period.number,
                        year=period.year, first=period.first_day.strftime("%d/%m/%Y"),
                        last=last.strftime("%d/%m/%Y"))


def as_of_label(catalog: Catalog, stats: PeriodStatistics, tz: tzinfo, lang: str = "vi") -> str:
    """`hết ngày 31/03/2026` for a period that is over, else the moment (`09:00 10/03/2026`)."""
    if stats.as_of >= stats.end:
        last = stats.period.next_first_day - timedelta(days=1)
        return catalog.text("report.end_of_day", lang, day=last.strftime("%d/%m/%Y"))
    return stats.as_of.astimezone(tz).strftime("%H:%M %d/%m/%Y")


def format_rate(rate: float | None) -> str:
    """`87,5%`; `-` when there is nothing to rate."""
    if rate is None:
        return "-"
    return f"{rate:.1f}".replace(".", ",").removesuffix(",0") + "%"
