"""A list of tickets for people, as CSV (UTF-8 with a BOM, so that Excel shows Vietnamese) or
XLSX streamed row by row (bot.reports.sheet_xml: a year of tickets in little memory and time),
printed A4 landscape, one page wide, the header on every page; times (naive datetimes, local)
as date-time cells in a workbook. No cell is a formula (faq.csv_cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bot.reports.sheet_xml import date_time_style, splice_rows
from faq.csv_cells import safe_row


def write_tickets(header: Sequence[str], rows: Iterable[Sequence[object]], out: Path,
                  title: str = "Danh sách hồ sơ") -> int:
    """Writes `header` and `rows` in the format of `out`'s extension; returns the rows."""
    count = 0
    if out.suffix.lower() == ".csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                writer.writerow(safe_row(row))
                count += 1
        return count
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4 (write-only sheets lack PAPERSIZE_A4)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"
    for index in range(len(header)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = 18
    sheet.append(list(header))
    style = date_time_style(sheet)
    laid_out = io.BytesIO()
    book.save(laid_out)
    return splice_rows(laid_out.getvalue(), 1, (safe_row(row) for row in rows), out,
                       date_style=style)
