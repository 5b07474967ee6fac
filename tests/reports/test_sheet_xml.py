"""The long ticket sheet written as sheet XML reads back as openpyxl's own writer would have
written it: Vietnamese text, numbers, empty cells in place, the header, widths and print setup
of the workbook it is spliced into."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook, load_workbook

from bot.reports.sheet_xml import splice_rows
from bot.reports.ticket_book import write_tickets

ROWS = [
    ["PA-2026-00001", "Phản ánh", "Đã giải quyết xong", "05/03/2026 09:00", 2, ""],
    ["KN-2026-00002", "Khiếu nại", "", None, 0, "Bưu chính & <viễn thông>"],
    ["TC-2026-00003", "  Tố cáo ", "Đang xử lý", "31/12/2026 23:59", 13, "'=1+1"],
]


def _laid_out() -> bytes:
    book = Workbook(write_only=True)
    summary = book.create_sheet("Tổng hợp")
    summary.append(["Báo cáo", 1])
    sheet = book.create_sheet("Danh sách hồ sơ")
    sheet.column_dimensions["A"].width = 18
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.append(["Mã", "Loại", "Trạng thái", "Ngày nhận", "Gia hạn", "Lĩnh vực"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _openpyxl_wrote(rows: list[list[object]]) -> Workbook:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return load_workbook(out)


def test_rows_read_back_as_openpyxl_writes_them():
    out = io.BytesIO()
    assert splice_rows(_laid_out(), 2, ROWS, out) == 3
    book = load_workbook(out)
    sheet = book["Danh sách hồ sơ"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Mã", "Loại", "Trạng thái", "Ngày nhận", "Gia hạn", "Lĩnh vực"]
    assert values[1:] == [[c.value for c in r] for r in _openpyxl_wrote(ROWS)["x"].iter_rows()]
    assert values[2] == ["KN-2026-00002", "Khiếu nại", None, None, 0,
                         "Bưu chính & <viễn thông>"]
    assert values[3][1] == "  Tố cáo "
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["A"].width == 18
    assert [[c.value for c in r] for r in book["Tổng hợp"].iter_rows()] == [["Báo cáo", 1]]


def test_a_control_character_is_left_out_not_a_broken_file():
    out = io.BytesIO()
    splice_rows(_laid_out(), 2, [["PA-1", "a\x01b"]], out)
    assert load_workbook(out)["Danh sách hồ sơ"]["B2"].value == "ab"


def test_a_value_of_another_kind_or_a_missing_sheet_is_refused():
    with pytest.raises(TypeError):
        splice_rows(_laid_out(), 2, [[object()]], io.BytesIO())
    with pytest.raises(ValueError):
        splice_rows(_laid_out(), 3, [["PA-1"]], io.BytesIO())


def test_a_ticket_list_reads_back_in_full(tmp_path):
    rows = [[f"PA-2026-{n:05d}", "Phản ánh", f"{n % 28 + 1:02d}/11/2026 08:00", n % 3]
            for n in range(1, 5001)]
    path = tmp_path / "t.xlsx"
    assert write_tickets(["Mã", "Loại", "Ngày nhận", "Gia hạn"], rows, path) == 5000
    book = load_workbook(path, read_only=True)  # read-only keeps the file open until closed
    try:
        values = [list(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()
    assert values[0] == ["Mã", "Loại", "Ngày nhận", "Gia hạn"]
    assert values[1:] == rows


def test_times_are_date_time_cells_that_sort_as_times(tmp_path):
    rows = [["PA-2026-00001", datetime(2026, 3, 5, 9, 0)],
            ["PA-2026-00002", datetime(2026, 12, 31, 23, 59, 30)]]
    path = tmp_path / "t.xlsx"
    assert write_tickets(["Mã", "Ngày nhận"], rows, path) == 2
    book = load_workbook(path, read_only=True)  # read-only keeps the file open until closed
    try:
        cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
        values = [cell.value for cell in cells]
        formats = [cell.number_format for cell in cells[1::2]]
    finally:
        book.close()
    assert values == [value for row in rows for value in row]
    assert formats == ["dd/mm/yyyy hh:mm"] * 2


def test_a_time_with_a_zone_or_without_its_style_is_refused():
    with pytest.raises(TypeError):
        splice_rows(_laid_out(), 2, [[datetime(2026, 3, 5, 9, 0)]], io.BytesIO())
    with pytest.raises(TypeError):
        splice_rows(_laid_out(), 2, [[datetime(2026, 3, 5, 9, 0, tzinfo=UTC)]], io.BytesIO(),
                    date_style=1)
