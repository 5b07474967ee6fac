"""The text files operators hand to `pakn` (CSV, YAML): UTF-8 with or without a BOM, or UTF-16
with a BOM (what Excel's "Unicode text" writes). Anything else is refused with a one-line
reason that names the file and the line, never guessed: a Vietnamese file read in the wrong
code page turns every accented letter into another one without a word."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

MAX_FIELD = 100_000  # characters in one CSV cell; longer is a broken file, not a request


class TextFileError(ValueError):
    """The file cannot be read as text; the message is `FILE:LINE: reason`."""


def read_text(path: Path) -> str:
    """The whole file as text; TextFileError for an encoding we do not read."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TextFileError(f"{path}: {error.strerror}") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise TextFileError(f"{path.name}:1: broken UTF-16 text") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise TextFileError(
            f"{path.name}:{line}: not UTF-8 text (save the file as \"CSV UTF-8\" or UTF-8)"
        ) from None


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str | None]]]]:
    """The header and every `(line, row)` of a CSV file; a malformed or oversized row raises
    TextFileError naming its line."""
    # Rows end at \n, \r\n or \r only, as the csv module reads them: str.splitlines would also
    # end one at a line separator or a vertical tab (a line break pasted from Word) in a cell.
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    previous = csv.field_size_limit(MAX_FIELD)
    rows: list[tuple[int, dict[str, str | None]]] = []
    line = 1
    try:
        header = [name.strip() for name in reader.fieldnames or ()]
        twice = sorted({name for name in header if name and header.count(name) > 1})
        if twice:  # one of the two columns' values would be dropped without a word
            raise TextFileError(f"{path.name}:1: the header names {', '.join(twice)} twice")
        reader.fieldnames = header
        line = reader.line_num + 1
        for row in reader:
            # Cells past the header's: a value with an unquoted comma shifts the rest of the
            # row (the content cut short, a piece of it taken for the name), never dropped.
            if row.pop(None, None) is not None:
                raise TextFileError(f"{path.name}:{line}: more values than the header's "
                                    f"{len(header)} columns (a value with a comma needs quotes)")
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        reason = (f"a field is longer than {MAX_FIELD:,} characters"
                  if "field larger" in str(error) else str(error))
        raise TextFileError(f"{path.name}:{line}: {reason}") from None
    finally:
        csv.field_size_limit(previous)
    return header, rows
