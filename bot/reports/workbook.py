"""The XLSX report of a period: the summary sheet first (the official form and the chart),
then one row per ticket counted, with the same columns as the CSV."""

from __future__ import annotations

import io
from datetime import tzinfo
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bot.core.catalog import Catalog
from bot.core.organisation import Organisation
from bot.core.statistics.figures import PeriodStatistics
from bot.core.ticket_labels import TicketLabels
from bot.reports.sheet_chart import bar_chart
from bot.reports.sheet_xml import date_time_style, splice_xml
from bot.reports.streamed import copy_sheet
from bot.reports.summary_sheet import fill_summary
from bot.reports.ticket_rows import HEADER
from bot.reports.ticket_sheet import sheet_rows


def write_xlsx(stats: PeriodStatistics, org: Organisation, catalog: Catalog, tz: tzinfo,
               out: Path) -> int:
    """Writes the workbook to `out`; returns the number of ticket rows. The summary is laid
    out in memory and copied; the tickets are streamed as sheet XML (bot.reports.ticket_sheet),
    their times as date-time cells."""
    scratch = Workbook().active
    chart_row = fill_summary(scratch, stats, org, catalog, tz)
    title = catalog.text("report.sheet.summary")
    scratch.add_chart(bar_chart(stats, catalog, title), f"B{chart_row}")
    landscape(scratch, repeat_rows=None)
    book = Workbook(write_only=True)
    copy_sheet(scratch, book.create_sheet(title))
    tickets = book.create_sheet(catalog.text("report.sheet.tickets"))
    for column, name in enumerate(HEADER, start=1):
        width = 18 if name.endswith("_at") else 30 if name in ("field", "status") else 14
        tickets.column_dimensions[get_column_letter(column)].width = width
    tickets.freeze_panes = "A2"
    tickets.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{len(stats.records) + 1}"
    landscape(tickets, repeat_rows="1:1")
    labels = TicketLabels(catalog, org)
    tickets.append(labels.header(HEADER))
    style = date_time_style(tickets)
    laid_out = io.BytesIO()
    book.save(laid_out)
    return splice_xml(laid_out.getvalue(), 2, sheet_rows(stats, tz, labels, style), out)


def landscape(sheet, repeat_rows: str | None) -> None:  # type: ignore[no-untyped-def]
    """A4 landscape, one page wide, `repeat_rows` printed on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if repeat_rows:
        sheet.print_title_rows = repeat_rows
