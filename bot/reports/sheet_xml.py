"""The rows of a long sheet (a year of tickets) written as SpreadsheetML text straight into the
workbook openpyxl saved with the sheet's header, layout and print setup: openpyxl's own writer
makes an object per cell, about 20 s for 100,000 tickets; these rows read back the same (text as
inline strings, as openpyxl writes them; whole numbers as numbers)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO

from openpyxl.utils import get_column_letter

# Text may not hold the control characters XML 1.0 forbids (openpyxl refuses them too).
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;",
            **{c: None for c in (*range(9), 11, 12, *range(14, 32))}}
_END = b"</sheetData>"


def splice_rows(book: bytes, sheet: int, rows: Iterable[Sequence[object]],
                out: str | IO[bytes], first_row: int = 2) -> int:
    """Copies the workbook `book` (openpyxl's bytes) to `out` with `rows` added below what
    sheet number `sheet` (from 1) already holds, from `first_row` on; returns the rows."""
    part = f"xl/worksheets/sheet{sheet}.xml"
    count = 0
    with zipfile.ZipFile(io.BytesIO(book)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != part:
                target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, end, tail = data.rpartition(_END)
            if not end:
                raise ValueError(f"{part} has no sheetData")
            with target.open(part, "w", force_zip64=True) as stream:
                stream.write(head)
                count = _write_rows(stream, rows, first_row)
                stream.write(end + tail)
    return count


def _write_rows(stream: IO[bytes], rows: Iterable[Sequence[object]], first_row: int) -> int:
    letters: list[str] = []
    chunk: list[str] = []
    number = first_row
    for values in rows:
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        chunk.append(row_xml(values, number, letters))
        number += 1
        if len(chunk) == 2000:
            stream.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    stream.write("".join(chunk).encode("utf-8"))
    return number - first_row


def row_xml(values: Sequence[object], number: int, letters: Sequence[str]) -> str:
    """`<row>` number `number` of `values`: text, whole numbers, booleans; None and "" are
    left out, as openpyxl reads an empty inline string back as None."""
    cells = []
    for letter, value in zip(letters, values, strict=False):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            text = value.translate(_ESCAPES)
            space = ' xml:space="preserve"' if value != value.strip() else ""
            cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t{space}>{text}</t></is>'
                         f'</c>')
        elif isinstance(value, bool):
            cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int | float):
            cells.append(f'<c r="{letter}{number}" t="n"><v>{value!r}</v></c>')
        else:
            raise TypeError(f"a {type(value).__name__} cell is not written here")
    return f'<row r="{number}">{"".join(cells)}</row>'
