"""A Thanh tra form as a worksheet: "Biểu số …" top right, the superior body above the agency,
the national motto, the title, "Kỳ báo cáo: từ ngày … đến ngày …", the nested numbered headers
and the Mã số row, one row per unit and the total, the notes, the signature block (Người lập
biểu / Thủ trưởng đơn vị), and the print setup: A4 landscape, one page wide, header rows
repeated on every page."""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.core.forms.build import FormTable
from bot.core.forms.tally import TOTAL
from bot.core.organisation import Organisation

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
BOLD = Font(name="Times New Roman", bold=True, size=10)
PLAIN = Font(name="Times New Roman", size=10)
HEADER_TOP = 8  # the first header row


def fill_form(sheet: Worksheet, table: FormTable, org: Organisation, first: date, last: date,
              today: date) -> None:
    """Lays the form out on `sheet` and sets its print setup."""
    spec, width = table.spec, len(table.spec.columns) + 1
    last_col = get_column_letter(width)
    _text(sheet, 1, 1, org.superior.upper(), BOLD, span=min(6, width))
    _text(sheet, 2, 1, org.name.upper(), BOLD, span=min(6, width))
    _text(sheet, 1, width - 3, f"Biểu số: {spec.code}", BOLD, span=4, align=CENTRE)
    _text(sheet, 4, 1, spec.title, Font(name="Times New Roman", bold=True, size=13),
          span=width, align=CENTRE)
    _text(sheet, 5, 1, f"Kỳ báo cáo: từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}",
          PLAIN, span=width, align=CENTRE)
    _text(sheet, 6, 1, "(Kèm theo Báo cáo số …/BC-… ngày …/…/… của "
          f"{org.name})", Font(name="Times New Roman", italic=True, size=10), span=width,
          align=CENTRE)
    code_row = _headers(sheet, table)
    row = code_row + 1
    for label, values in table.rows:
        bold = label == TOTAL
        _cell(sheet, row, 1, label, BOLD if bold else PLAIN, LEFT)
        for index, column in enumerate(spec.columns, start=2):
            value = values.get(column.number)
            if column.number == spec.notes_column and value:
                value = f"{value} vụ việc chưa ghi kết quả"
            _cell(sheet, row, index, value, BOLD if bold else PLAIN, CENTRE)
        row += 1
    row = _notes(sheet, spec.note, row + 1, width)
    _signatures(sheet, row + 1, width, today)
    _print_setup(sheet, code_row, last_col, width)


def _text(sheet: Worksheet, row: int, column: int, value: str, font: Font, *, span: int = 1,
          align: Alignment = LEFT) -> None:
    cell = sheet.cell(row, max(1, column), value)
    cell.font, cell.alignment = font, align
    if span > 1:
        sheet.merge_cells(start_row=row, start_column=max(1, column), end_row=row,
                          end_column=max(1, column) + span - 1)


def _cell(sheet: Worksheet, row: int, column: int, value: object, font: Font,
          align: Alignment) -> None:
    cell = sheet.cell(row, column, value)
    cell.font, cell.alignment, cell.border = font, align, BOX


def _headers(sheet: Worksheet, table: FormTable) -> int:
    """The nested header rows (a group merged over its columns, a short path merged down),
    then the Mã số row; returns the Mã số row."""
    spec, depth = table.spec, table.spec.depth
    bottom = HEADER_TOP + depth - 1
    for r in range(HEADER_TOP, bottom + 2):
        for c in range(1, len(spec.columns) + 2):
            _cell(sheet, r, c, None, BOLD, CENTRE)
    sheet.cell(HEADER_TOP, 1, spec.unit_label)
    sheet.merge_cells(start_row=HEADER_TOP, start_column=1, end_row=bottom, end_column=1)
    for level in range(depth):
        start = 0
        columns = spec.columns
        while start < len(columns):
            path = columns[start].path
            if len(path) <= level:
                start += 1
                continue
            end = start
            while (end + 1 < len(columns) and len(columns[end + 1].path) > level
                   and columns[end + 1].path[:level + 1] == path[:level + 1]):
                end += 1
            row, last_row = HEADER_TOP + level, HEADER_TOP + level
            if len(path) == level + 1:
                last_row = bottom  # the column's own label reaches down to the last header row
            sheet.cell(row, start + 2, path[level])
            if end > start or last_row > row:
                sheet.merge_cells(start_row=row, start_column=start + 2, end_row=last_row,
                                  end_column=end + 2)
            start = end + 1
    for r in range(HEADER_TOP, bottom + 1):  # room for wrapped labels in narrow columns
        sheet.row_dimensions[r].height = 64 if r == bottom else 34
    code_row = bottom + 1
    sheet.row_dimensions[code_row].height = 40
    sheet.cell(code_row, 1, "Mã số")
    for index, column in enumerate(spec.columns, start=2):
        sheet.cell(code_row, index, column.formula or str(column.number))
    return code_row


def _notes(sheet: Worksheet, note: str, row: int, width: int) -> int:
    if not note:
        return row
    _text(sheet, row, 1, f"Ghi chú: {note}", Font(name="Times New Roman", italic=True, size=9),
          span=width)
    sheet.row_dimensions[row].height = 28
    return row + 1


def _signatures(sheet: Worksheet, row: int, width: int, today: date) -> None:
    half = max(1, width // 2)
    _text(sheet, row, half + 1, f"……, ngày {today.day:02d} tháng {today.month:02d} năm "
          f"{today.year}", Font(name="Times New Roman", italic=True, size=11),
          span=width - half, align=CENTRE)
    _text(sheet, row + 1, 1, "NGƯỜI LẬP BIỂU", BOLD, span=half, align=CENTRE)
    _text(sheet, row + 1, half + 1, "THỦ TRƯỞNG ĐƠN VỊ", BOLD, span=width - half,
          align=CENTRE)
    italic = Font(name="Times New Roman", italic=True, size=10)
    _text(sheet, row + 2, 1, "(Ký, ghi rõ họ tên)", italic, span=half, align=CENTRE)
    _text(sheet, row + 2, half + 1, "(Ký tên, đóng dấu)", italic, span=width - half,
          align=CENTRE)


def _print_setup(sheet: Worksheet, code_row: int, last_col: str, width: int) -> None:
    """A4 landscape, fit to one page wide, the header rows repeated on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_TOP}:{code_row}"
    sheet.print_area = f"A1:{last_col}{sheet.max_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.column_dimensions["A"].width = 24
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 7.5
    sheet.freeze_panes = sheet.cell(code_row + 1, 2)
