"""Reading and writing FAQ files (CSV or YAML, one file or a folder) with validation.

CSV columns: id,question,variants,answer,category; variants are separated by " | ".
YAML: a list of mappings with the same keys (variants a list or a " | "-separated string).
"""

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from faq.csv_cells import neutralise, restore
from faq.entries import FaqEntry
from faq.faq_yaml import read_yaml_records, write_yaml

SUFFIXES = (".csv", ".yaml", ".yml")
REQUIRED = ("id", "question", "answer")
COLUMNS = ("id", "question", "variants", "answer", "category")
SEPARATOR = " | "

Record = tuple[int, dict[str, object]]


class FaqFormatError(ValueError):
    """A FAQ file that cannot be used; the message names the file and the line."""


def bundled_faq_path() -> Path:
    """The FAQ shipped with pakn."""
    return Path(__file__).parent / "data" / "faq.yaml"


def load_faq(path: Path | str | None = None) -> list[FaqEntry]:
    """Entries from a .csv/.yaml/.yml file or a folder of them; None reads the bundled FAQ."""
    path = Path(path) if path is not None else bundled_faq_path()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        if not files:
            raise FaqFormatError(f"{path}: no .csv, .yaml or .yml file in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise FaqFormatError(f"{path}: no such file or folder")
    entries: list[FaqEntry] = []
    seen: dict[str, str] = {}
    for file in files:
        for line, record in _records(file):
            entry = _entry(record, f"{file.name}:{line}")
            if entry.id in seen:
                raise FaqFormatError(
                    f"{file.name}:{line}: duplicate id {entry.id!r} (first at {seen[entry.id]})"
                )
            seen[entry.id] = f"{file.name}:{line}"
            entries.append(entry)
    return entries


def write_faq(entries: Iterable[FaqEntry], path: Path | str) -> None:
    """Write entries as CSV or YAML, chosen by the file's suffix."""
    path = Path(path)
    rows = [_row(e) for e in entries]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows({key: neutralise(value) for key, value in
                              {**r, "variants": SEPARATOR.join(r["variants"])}.items()}
                             for r in rows)
    elif path.suffix.lower() in (".yaml", ".yml"):
        write_yaml(rows, path)
    else:
        raise FaqFormatError(f"{path.name}: unknown FAQ format (use .csv, .yaml or .yml)")


def _records(file: Path) -> list[Record]:
    if file.suffix.lower() == ".csv":
        return _csv_records(file)
    return read_yaml_records(file, FaqFormatError)


def _csv_records(file: Path) -> list[Record]:
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise FaqFormatError(f"{file.name}:1: not UTF-8 text ({e.reason})") from e
    reader = csv.reader(text.splitlines(keepends=True))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FaqFormatError(f"{file.name}:1: missing column(s) {', '.join(missing)}")
    records: list[Record] = []
    start = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) != len(header):
                    raise FaqFormatError(
                        f"{file.name}:{start}: {len(row)} fields, the header has {len(header)}"
                    )
                records.append((start, dict(zip(header, map(restore, row), strict=True))))
            start = reader.line_num + 1
    except csv.Error as error:  # e.g. a field past csv's size limit: a broken file
        raise FaqFormatError(f"{file.name}:{start}: {error}") from None
    return records


def _entry(record: dict[str, object], where: str) -> FaqEntry:
    values = {k: record.get(k) for k in COLUMNS}
    for key in REQUIRED:
        if not isinstance(values[key], str | int) or not str(values[key]).strip():
            raise FaqFormatError(f"{where}: {key} is empty")
    variants = values["variants"] or ()
    if isinstance(variants, str):
        variants = variants.split("|")
    if not isinstance(variants, list | tuple):
        raise FaqFormatError(f"{where}: variants must be text or a list")
    return FaqEntry(
        id=str(values["id"]).strip(),
        question=str(values["question"]).strip(),
        variants=tuple(str(v).strip() for v in variants if str(v).strip()),
        answer=str(values["answer"]).strip(),
        category=str(values["category"] or "").strip(),
    )


def _row(entry: FaqEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "question": entry.question,
        "variants": list(entry.variants),
        "answer": entry.answer,
        "category": entry.category,
    }
