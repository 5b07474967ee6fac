"""The XLSX report of a period: the summary sheet first (the official form and the chart),
then one row per ticket counted, with the same columns as the CSV."""

from __future__ import annotations

import io
from datetime import tzinfo
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.utils import get_column_letter

from bot.core.catalog import Catalog
from bot.core.organisation import Organisation
from bot.core.statistics.figures import PeriodStatistics
from bot.reports.chart import chart_png
from bot.reports.summary_sheet import fill_summary
from bot.reports.ticket_rows import HEADER, ticket_rows


def write_xlsx(stats: PeriodStatistics, org: Organisation, catalog: Catalog, tz: tzinfo,
               out: Path) -> int:
    """Writes the workbook to `out`; returns the number of ticket rows."""
    book = Workbook()
    summary = book.active
    summary.title = catalog.text("report.sheet.summary")
    chart_row = fill_summary(summary, stats, org, catalog, tz)
    summary.add_image(Image(io.BytesIO(chart_png(stats, catalog))), f"B{chart_row}")
    tickets = book.create_sheet(catalog.text("report.sheet.tickets"))
    rows = ticket_rows(stats, tz)
    tickets.append(HEADER)
    for row in rows:
        tickets.append(row)
    tickets.freeze_panes = "A2"
    tickets.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{len(rows) + 1}"
    for column, name in enumerate(HEADER, start=1):
        width = 26 if name.endswith("_at") else max(12, len(name) + 2)
        tickets.column_dimensions[get_column_letter(column)].width = width
    book.save(out)
    return len(rows)
