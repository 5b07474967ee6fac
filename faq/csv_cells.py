"""Spreadsheet-safe CSV cells for every CSV pakn writes (tickets, reports, the FAQ, calendar
lists). A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
Excel and LibreOffice (CSV injection, OWASP), so it is written with a leading `'`. It lives
here because `faq` is the package every other one may import.
"""

from __future__ import annotations

from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The value, with a `'` in front if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_row(row: Iterable[object]) -> list[object]:
    return [neutralise(value) for value in row]


def restore(value: str) -> str:
    """What `neutralise` was given, for files pakn reads back (an export re-imported)."""
    if value.startswith("'") and value[1:].startswith(TRIGGERS):
        return value[1:]
    return value
