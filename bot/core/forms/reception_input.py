"""Reception sessions as staff type them (`pakn tiepdan add`) or list them in a CSV
(`pakn tiepdan import`): every value checked, every problem named with its line."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from bot.core.forms.reception import ReceptionKind, ReceptionSession
from bot.core.import_values import fold, parse_moment
from bot.core.text_files import TextFileError, read_csv
from bot.core.tickets import parse_code
from bot.core.validation import clean_text

COLUMNS = ("date", "kind", "receiver", "people", "content")
OPTIONAL = ("cases", "repeat", "delegation", "codes", "unit")
KINDS = {
    "thuong_xuyen": ReceptionKind.REGULAR, "dinh_ky": ReceptionKind.SCHEDULED,
    "dot_xuat": ReceptionKind.AD_HOC, "uy_quyen": ReceptionKind.DELEGATED,
    "regular": ReceptionKind.REGULAR, "scheduled": ReceptionKind.SCHEDULED,
    "ad_hoc": ReceptionKind.AD_HOC, "delegated": ReceptionKind.DELEGATED,
}
YES = {"1", "x", "co", "yes", "true", "dung"}
NO = {"", "0", "khong", "no", "false"}


class ReceptionInputError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_session(values: Mapping[str, str], today: date, units: set[str]) -> ReceptionSession:
    """One session; ValueError naming the first bad value."""
    v = {k: clean_text(text or "") for k, text in values.items()}
    held = parse_moment(v.get("date", ""), None, "date").date()  # type: ignore[arg-type]
    if held > today:
        raise ValueError(f"date {v['date']!r} is in the future")
    kind = KINDS.get(fold(v.get("kind", "")))
    if kind is None:
        raise ValueError(f"unknown kind {v.get('kind')!r} (thuong_xuyen, dinh_ky, dot_xuat, "
                         "uy_quyen)")
    if len(v.get("receiver", "")) < 3:
        raise ValueError("receiver (the leader or officer who received) is required")
    people, cases = _count(v, "people", 1), _count(v, "cases", 1, default=1)
    if len(v.get("content", "")) < 5:
        raise ValueError("content is required (at least 5 characters)")
    codes = tuple(_code(c) for c in v.get("codes", "").replace(",", " ").split())
    unit = v.get("unit") or None
    if unit is not None and unit not in units:
        raise ValueError(f"unknown unit {unit!r} (see ORG_FILE)")
    return ReceptionSession(held, kind, v["receiver"], people, cases, _flag(v, "repeat"),
                            _flag(v, "delegation"), v["content"], codes, unit)


def read_sessions(path: Path, today: date, units: set[str]) -> list[tuple[int, ReceptionSession]]:
    """Every row of the CSV, checked; raises ReceptionInputError listing every bad row."""
    try:
        header, records = read_csv(path)
    except TextFileError as error:
        raise ReceptionInputError([str(error)]) from None
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL]
    if missing or unknown:
        what = [f"missing column(s) {', '.join(missing)}"] if missing else []
        what += [f"unknown column(s) {', '.join(unknown)}"] if unknown else []
        raise ReceptionInputError([f"{path.name}:1: {'; '.join(what)}"])
    sessions, problems = [], []
    for line, row in records:
        try:
            sessions.append((line, parse_session(
                {k: v or "" for k, v in row.items() if k}, today, units)))
        except ValueError as error:
            problems.append(f"{path.name}:{line}: {error}")
    if problems or not sessions:
        raise ReceptionInputError(problems or [f"{path.name}: no rows to import"])
    return sessions


def _count(v: Mapping[str, str], key: str, least: int, default: int | None = None) -> int:
    text = v.get(key, "")
    if not text and default is not None:
        return default
    if not (text.isascii() and text.isdigit()) or not least <= int(text) <= 10_000:
        raise ValueError(f"{key} {text!r} is not a number from {least}")
    return int(text)


def _flag(v: Mapping[str, str], key: str) -> bool:
    text = fold(v.get(key, ""))
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{key} {v.get(key)!r}: write 1 (có) or 0 (không)")


def _code(text: str) -> str:
    code = parse_code(text)
    if code is None:
        raise ValueError(f"{text!r} is not a ticket code (e.g. KN-2026-00012)")
    return code
