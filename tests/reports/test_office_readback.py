"""The workbooks as a spreadsheet program reads them: LibreOffice headless (Debian's
libreoffice-calc-nogui, installed by scripts/install-office) opens every Thanh tra form, a
month's summary written by `pakn report` and the ticket list of `pakn tickets export`, prints
them to PDF and saves them again. Each form prints on one A4 landscape page; the summary's
sheets print one page wide; every value LibreOffice read is the value pakn wrote (the ticket
sheets are written as raw sheet XML, so this is the check that a real spreadsheet program
parses them).

Without `soffice` the tests skip with the reason, unless PAKN_REQUIRE_OFFICE=1 (CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.app.cli import main as pakn_main
from bot.core.forms.build import FORMS
from tests.conftest import FixedClock
from tests.reports.test_form_command import SESSIONS, TICKETS

SOFFICE = shutil.which("soffice")
REQUIRED = os.environ.get("PAKN_REQUIRE_OFFICE") == "1"
A4_LANDSCAPE = (841.9, 595.3)  # points
NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)


def form_file(code: str) -> str:
    return f"bieu-{code.replace('/', '-')}.xlsx"


def soffice(folder: Path, convert_to: str, files: list[str]) -> Path:
    """Converts `files` in one LibreOffice run, with a profile of its own (a LibreOffice
    already open elsewhere on the machine would otherwise take the request)."""
    out = folder / convert_to.split(":")[0]
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", convert_to, "--outdir", str(out), *files],
                   cwd=folder, check=True, capture_output=True, timeout=180)
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory,
            sqlite_template: Path) -> Iterator[Path]:
    """A folder with every form of November 2026 and the month's summary, as pakn wrote them
    from the hand-counted đơn of tests/reports/test_form_command.py, and LibreOffice's PDF and
    re-saved copies of them."""
    if SOFFICE is None:
        reason = "LibreOffice (soffice) is not installed; scripts/install-office installs it"
        if REQUIRED:
            pytest.fail(f"PAKN_REQUIRE_OFFICE=1: {reason}", pytrace=False)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("office")
    shutil.copy(sqlite_template, folder / "pakn.db")
    (folder / "in.csv").write_text(TICKETS, encoding="utf-8")
    (folder / "tiepdan.csv").write_text(SESSIONS, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{folder}/pakn.db")

        def pakn(*argv: str) -> None:
            assert pakn_main(list(argv), clock=FixedClock(NOW)) == 0

        pakn("tickets", "import", "in.csv")
        pakn("tiepdan", "import", "tiepdan.csv")
        for code in FORMS:
            pakn("report", "--form", code, "--period", "2026-11", "--out", form_file(code))
        pakn("report", "--month", "2026-11", "--out", "thang.xlsx")
        pakn("tickets", "export", "--out", "hoso.xlsx")
    files = [form_file(code) for code in FORMS] + ["thang.xlsx", "hoso.xlsx"]
    soffice(folder, "pdf", files)
    soffice(folder, "xlsx:Calc MS Excel 2007 XML", files)
    yield folder


def pages(pdf: Path) -> list[tuple[float, float, str]]:
    reader = PdfReader(pdf)
    return [(float(page.mediabox.width), float(page.mediabox.height), page.extract_text())
            for page in reader.pages]


def is_a4_landscape(width: float, height: float) -> bool:
    return abs(width - A4_LANDSCAPE[0]) < 1 and abs(height - A4_LANDSCAPE[1]) < 1


@pytest.mark.parametrize("code", FORMS)
def test_each_form_prints_on_one_a4_landscape_page(written, code):
    printed = pages(written / "pdf" / form_file(code).replace(".xlsx", ".pdf"))
    assert len(printed) == 1
    width, height, text = printed[0]
    assert is_a4_landscape(width, height)
    assert f"Biểu số {code}" in text or code in text


def test_the_ticket_export_prints_one_page_wide(written):
    printed = pages(written / "pdf" / "hoso.pdf")
    assert len(printed) == 1 and is_a4_landscape(*printed[0][:2])
    assert "Mã hồ sơ" in printed[0][2] and "PA-2026-00001" in printed[0][2]


def test_the_summary_and_the_ticket_sheet_print_one_page_wide(written):
    printed = pages(written / "pdf" / "thang.pdf")
    assert all(is_a4_landscape(width, height) for width, height, _ in printed)
    # The summary's first page carries its right-hand columns (the national motto at the top
    # right, the last column of the form) beside its first; a sheet wider than the page would
    # print them on a page of their own, and the three tickets would need a second page too.
    first = printed[0][2]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "STT" in first
    tickets = [text for _, _, text in printed if "Mã hồ sơ" in text]
    assert len(tickets) == 1
    assert all(code in tickets[0] for code in ("KN-2026-00001", "TC-2026-00001",
                                               "PA-2026-00001"))
    assert len(printed) <= 3  # the summary on one or two pages (the chart), the tickets on one


def values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: [row for row in sheet.iter_rows(values_only=True)
                              if any(value is not None for value in row)]
                for sheet in book.worksheets}
    finally:
        book.close()


@pytest.mark.parametrize("name", [form_file(code) for code in FORMS]
                         + ["thang.xlsx", "hoso.xlsx"])
def test_libreoffice_reads_every_value_pakn_wrote(written, name):
    ours, theirs = values(written / name), values(written / "xlsx" / name)
    assert list(theirs) == list(ours)  # the same sheets, in the same order
    for title, rows in ours.items():
        assert len(theirs[title]) == len(rows), title
        for mine, read in zip(rows, theirs[title], strict=True):
            width = max(len(mine), len(read))
            padded = (tuple(mine) + (None,) * width)[:width]
            assert (tuple(read) + (None,) * width)[:width] == padded, title
