"""Shared counting for the forms: a row per unit of the agency (ORG_FILE order), the tickets of
no unit in a row of their own when there are any, and the total; vụ việc counted once each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from bot.core.forms.records import FormRecord
from bot.core.forms.spec import Row
from bot.core.organisation import Organisation

NO_UNIT = "Chưa giao đơn vị"
TOTAL = "Tổng cộng"
Counter = Callable[[Sequence[FormRecord]], dict[int, int | None]]


def by_unit(org: Organisation, records: Iterable[FormRecord], count: Counter,
            blank_row: dict[int, int | None]) -> list[tuple[str, Row]]:
    """(label, row) for every unit, the unassigned, and the total (counted on all records)."""
    groups: dict[str | None, list[FormRecord]] = defaultdict(list)
    everything: list[FormRecord] = []
    units = {u.id for u in org.units}
    for record in records:
        groups[record.unit if record.unit in units else None].append(record)
        everything.append(record)
    rows: list[tuple[str, Row]] = [
        (unit.name, count(groups[unit.id]) if groups.get(unit.id) else dict(blank_row))
        for unit in org.units]
    if groups.get(None):
        rows.append((NO_UNIT, count(groups[None])))
    rows.append((TOTAL, count(everything) if everything else dict(blank_row)))
    return rows


def within(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment < end


def first_of_each_case(records: Iterable[FormRecord]) -> list[FormRecord]:
    """One đơn per vụ việc, the earliest: a vụ việc is classified once (its first đơn)."""
    seen: dict[int, FormRecord] = {}
    for record in sorted(records, key=lambda r: r.received_at):
        seen.setdefault(record.case, record)
    return list(seen.values())
