"""The rows of a long sheet (a year of tickets) written as SpreadsheetML text straight into the
workbook openpyxl saved with the sheet's header, layout and print setup: openpyxl's own writer
makes an object per cell, most of the 19 s a year's workbook of 100,000 tickets took; these rows
read back the same (text as inline strings, as openpyxl writes them; whole numbers as numbers;
times as date-time cells, which Excel and LibreOffice sort and filter as times)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import IO

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

# XML 1.0 forbids most control characters in text (openpyxl refuses them): left out here.
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;",
            **{c: None for c in (*range(9), 11, 12, *range(14, 32))}}
_TO_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")  # what _ESCAPES changes
_END = b"</sheetData>"
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"  # local time, as the rest of a report shows it
_DAY_0 = datetime(1899, 12, 30)  # day 0 of Excel's (Windows) dates
_EPOCH, _DAY, _MARCH_1900 = _DAY_0.toordinal(), timedelta(days=1), datetime(1900, 3, 1)


def date_time_style(sheet) -> int:  # type: ignore[no-untyped-def]
    """Registers DATE_TIME_FORMAT in the workbook of `sheet` (before it is saved) and returns
    its style number, the `s` of a time's cell."""
    cell = WriteOnlyCell(sheet)
    cell.number_format = DATE_TIME_FORMAT
    return int(cell.style_id)


def excel_time(moment: datetime) -> float:
    """A naive (local) time as Excel's serial day number (what openpyxl writes, to the
    microsecond)."""
    if moment < _MARCH_1900:  # Excel counts a 29 February 1900 that never was
        days = moment.toordinal() - _EPOCH - (moment.toordinal() - _EPOCH > 0)
        return days + (moment - datetime.combine(moment.date(), time())) / _DAY
    return (moment - _DAY_0) / _DAY


def splice_rows(book: bytes, sheet: int, rows: Iterable[Sequence[object]],
                out: str | IO[bytes], first_row: int = 2, date_style: int | None = None) -> int:
    """Copies the workbook `book` (openpyxl's bytes) to `out` with `rows` added below what
    sheet number `sheet` (from 1) already holds, from `first_row` on; returns the rows. A
    datetime (naive, local) is written with the style `date_style` (date_time_style)."""
    return splice_sheet(book, sheet, lambda stream: _write_rows(stream, rows, first_row,
                                                                date_style), out)


def splice_xml(book: bytes, sheet: int, rows: Iterable[bytes], out: str | IO[bytes]) -> int:
    """As splice_rows, with each row already as SpreadsheetML in UTF-8 (`<row r="2">...`)."""
    def write(stream: IO[bytes]) -> int:
        count, chunk = 0, []
        for row in rows:
            chunk.append(row)
            count += 1
            if len(chunk) == 2000:
                stream.write(b"".join(chunk))
                chunk.clear()
        stream.write(b"".join(chunk))
        return count

    return splice_sheet(book, sheet, write, out)


def splice_sheet(book: bytes, sheet: int, write: Callable[[IO[bytes]], int],
                 out: str | IO[bytes]) -> int:
    """Copies `book` to `out`, `write` adding rows at the end of sheet number `sheet`'s data;
    returns what `write` returns."""
    part = f"xl/worksheets/sheet{sheet}.xml"
    count = 0
    with zipfile.ZipFile(io.BytesIO(book)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        if part not in source.namelist():
            raise ValueError(f"the workbook has no {part}")
        for item in source.infolist():
            data = source.read(item)
            if item.filename != part:
                target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, end, tail = data.rpartition(_END)
            if not end:
                raise ValueError(f"{part} has no sheetData")
            # No Zip64 records (Excel has been known to refuse them in small files): a sheet
            # part may reach 2 GiB, some 2.5 million tickets, before zipfile would need them.
            with target.open(part, "w") as stream:
                stream.write(head)
                count = write(stream)
                stream.write(end + tail)
    return count


def _write_rows(stream: IO[bytes], rows: Iterable[Sequence[object]], first_row: int,
                date_style: int | None) -> int:
    columns: list[_Column] = []
    chunk: list[str] = []
    number = first_row
    for values in rows:
        while len(columns) < len(values):
            columns.append(_Column(get_column_letter(len(columns) + 1), date_style))
        # Each cell as `<c r="` + its address + the rest, kept per column once seen.
        cells = [f'<c r="{column.letter}{number}{column.rest(value)}'
                 for column, value in zip(columns, values, strict=False)
                 if value is not None and value != ""]
        chunk.append(f'<row r="{number}">{"".join(cells)}</row>')
        number += 1
        if len(chunk) == 2000:
            stream.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    stream.write("".join(chunk).encode("utf-8"))
    return number - first_row


class _Column:
    """One column's cells after their address; the texts a column repeats (types, statuses,
    fields) are remembered, up to KEPT of them, as codes and times never repeat."""

    KEPT = 512

    def __init__(self, letter: str, date_style: int | None = None) -> None:
        self.letter, self._date_style = letter, date_style
        self._seen: dict[str, str] = {}

    def rest(self, value: object) -> str:
        if not isinstance(value, str):  # 1 == True == 1.0: numbers are not remembered
            return cell_rest(value, self._date_style)
        known = self._seen.get(value)
        if known is None:
            known = cell_rest(value)
            if len(self._seen) < self.KEPT:
                self._seen[value] = known
        return known


def cell_rest(value: object, date_style: int | None = None) -> str:
    """A cell's XML after `<c r="A2`: text as an inline string (as openpyxl writes it), whole
    numbers, booleans, and naive datetimes with the style `date_style`."""
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        text = value.translate(_ESCAPES) if _TO_ESCAPE.search(value) else value  # 4 times faster
        return f'" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, datetime):
        if date_style is None or value.tzinfo is not None:
            raise TypeError("a time is written naive (local), with a date_style")
        return time_rest(excel_time(value), date_style)
    if isinstance(value, bool):
        return f'" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'" t="n"><v>{value!r}</v></c>'
    raise TypeError(f"a {type(value).__name__} cell is not written here")


def time_rest(serial: float, date_style: int) -> str:
    """A time's cell after `<c r="A2`, from its serial day number (excel_time)."""
    return f'" s="{date_style}" t="n"><v>{serial!r}</v></c>'
