"""Builds a form's table from the period's đơn or reception sessions and verifies its checksums
before anything is written (a form that does not add up is refused, never sent)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.forms import FORMS, kqgq, reception, xld
from bot.core.forms.records import FormRecord
from bot.core.forms.spec import FormSpec, Row, verify
from bot.core.organisation import Organisation

__all__ = ["FORMS", "FormTable", "build", "needs_records"]


@dataclass(frozen=True)
class FormTable:
    spec: FormSpec
    rows: list[tuple[str, Row]]  # units, then the total


def build(code: str, org: Organisation, start: datetime, end: datetime,
          records: Iterable[FormRecord] = (),
          sessions: Iterable[reception.ReceptionSession] = ()) -> FormTable:
    """The form `code` for [start, end); raises ChecksumError if a figure does not add up."""
    # In the records' zone (UTC): an aware time compares with one of the same zone fifteen
    # times faster than across zones, and a year's đơn are compared many times over.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if code == "01/TCD":
        spec, rows = reception.TCD01, reception.rows(org, sessions)
    elif code in xld.SPECS:
        spec, rows = xld.rows(code, org, records, start, end)
    elif code in kqgq.SPECS:
        spec, rows = kqgq.rows(code, org, records, start, end)
    else:
        raise KeyError(code)
    verify(spec, rows)
    return FormTable(spec, rows)


def needs_records(code: str) -> bool:
    return code != "01/TCD"
