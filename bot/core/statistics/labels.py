"""How a period, a rate and the fields read in the report and in the staff group (Vietnamese
style: dd/mm/yyyy dates, a decimal comma)."""

from __future__ import annotations

from datetime import timedelta, tzinfo

from bot.core.catalog import Catalog
from bot.core.dates import day_text
from bot.core.organisation import Organisation
from bot.core.statistics.figures import Figures, PeriodStatistics
from bot.core.statistics.periods import Period


def period_label(catalog: Catalog, period: Period, lang: str = "vi") -> str:
    """`Tháng 3/2026 (từ ngày 01/03/2026 đến hết ngày 31/03/2026)`."""
    last = period.next_first_day - timedelta(days=1)
    return catalog.text(f"report.period.{period.kind}", lang, number=period.number,
                        year=period.year, first=day_text(period.first_day),
                        last=day_text(last))


def as_of_label(catalog: Catalog, stats: PeriodStatistics, tz: tzinfo, lang: str = "vi") -> str:
    """`hết ngày 31/03/2026` for a period that is over, else the moment (`09:00 10/03/2026`)."""
    if stats.as_of >= stats.end:
        last = stats.period.next_first_day - timedelta(days=1)
        return catalog.text("report.end_of_day", lang, day=day_text(last))
    return stats.as_of.astimezone(tz).strftime("%H:%M %d/%m/%Y")


def format_rate(rate: float | None) -> str:
    """`87,5%`; `-` when there is nothing to rate."""
    if rate is None:
        return "-"
    return format_decimal(rate) + "%"


def format_decimal(value: float | None) -> str:
    """`1,8`, `7` (one decimal, a decimal comma); `-` when there is no value."""
    if value is None:
        return "-"
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def field_rows(stats: PeriodStatistics, org: Organisation, catalog: Catalog, lang: str = "vi",
               *, every_field: bool = True) -> list[tuple[str, Figures]]:
    """(name, figures) per field, in the order of the organisation file, then fields no longer
    in it (by id), then tickets without a field; `every_field=False` leaves out the fields of
    the file that counted nothing."""
    rows = [(f.name, stats.by_field.get(f.id) or Figures()) for f in org.fields
            if every_field or f.id in stats.by_field]
    known = {f.id for f in org.fields}
    rows += [(key, figures) for key, figures in stats.by_field.items()
             if key is not None and key not in known]
    if None in stats.by_field:
        rows.append((catalog.text("report.field.none", lang), stats.by_field[None]))
    return rows
