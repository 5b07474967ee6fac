"""A Thanh tra form written as XLSX (the printed layout, bot.reports.form_sheet) or CSV: for
people, Vietnamese headers (each column's header path and number); with `codes`, for other
tools, one `unit,c1,…,cN` row per unit id (`total` for the total)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from bot.core.forms.build import FormTable
from bot.core.forms.tally import NO_UNIT, TOTAL
from bot.core.organisation import Organisation
from bot.reports.form_sheet import fill_form
from faq.csv_cells import safe_row


def write_form_xlsx(table: FormTable, org: Organisation, first: date, last: date, today: date,
                    out: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = f"Biểu {table.spec.code.replace('/', '-')}"
    fill_form(sheet, table, org, first, last, today)
    book.save(out)


def write_form_csv(table: FormTable, org: Organisation, out: Path, *, codes: bool) -> None:
    """UTF-8 with a BOM, so that Excel shows Vietnamese correctly."""
    spec = table.spec
    ids = {u.name: u.id for u in org.units} | {TOTAL: "total", NO_UNIT: "none"}
    with out.open("w", encoding="utf-8-sig" if not codes else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        if codes:
            writer.writerow(["unit", *(f"c{c.number}" for c in spec.columns)])
        else:
            writer.writerow([spec.unit_label, *(f"({c.number}) {' - '.join(c.path)}"
                                                for c in spec.columns)])
        for label, row in table.rows:
            values = ["" if row.get(c.number) is None else row.get(c.number)
                      for c in spec.columns]
            writer.writerow(safe_row((ids.get(label, label) if codes else label, *values)))
