"""Tiếp công dân: one session (lượt tiếp) as the core sees it, and Biểu 01/TCD (tổng hợp kết
quả tiếp công dân thường xuyên, định kỳ và đột xuất), counted per unit.

Column structure from a complaint-handling system reproducing the form (header labels and its
Mã số row "1=4+13+22", "2=5+14+23", "3=6+7+15+16+24+25"); the Ghi chú column (30) is not in
that source (not confirmed)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.core.forms.spec import Column, FormSpec, Row, parse_checksums
from bot.core.forms.tally import NO_UNIT, TOTAL
from bot.core.organisation import Organisation


class ReceptionKind(StrEnum):
    """Luật Tiếp công dân 2013: tiếp thường xuyên at the reception office, the head of the
    agency receiving on schedule (định kỳ) or when a matter requires it (đột xuất), or a deputy
    by authorisation (the article numbers were not confirmed here; README says so)."""

    REGULAR = "thuong_xuyen"  # at the reception office, by the officers on duty
    SCHEDULED = "dinh_ky"  # the head of the agency, on the scheduled day
    AD_HOC = "dot_xuat"  # the head of the agency, when a matter requires it
    DELEGATED = "uy_quyen"  # a deputy receiving by the head's authorisation


@dataclass(frozen=True)
class ReceptionSession:
    held_on: date
    kind: ReceptionKind
    receiver: str
    people: int
    cases: int
    repeat: bool
    delegation: bool
    content: str
    ticket_codes: tuple[str, ...] = ()
    unit: str | None = None


def _group(first: int, head: tuple[str, ...], sittings: bool) -> list[Column]:
    """Lượt, người, vụ việc (lần đầu, nhiều lần), đoàn đông người (đoàn, người, lần đầu,
    nhiều lần); a Thủ trưởng's group starts with the number of sittings (kỳ tiếp)."""
    n, columns = first, []
    if sittings:
        columns.append(Column(n, (*head, "Số kỳ tiếp")))
        n += 1
    names = [("Số lượt tiếp",), ("Số người được tiếp",), ("Số vụ việc", "Tiếp lần đầu"),
             ("Số vụ việc", "Tiếp nhiều lần"), ("Trong đó đoàn đông người", "Số đoàn được tiếp"),
             ("Trong đó đoàn đông người", "Số người được tiếp"),
             ("Trong đó đoàn đông người", "Tiếp lần đầu"),
             ("Trong đó đoàn đông người", "Tiếp nhiều lần")]
    columns += [Column(n + i, (*head, *name)) for i, name in enumerate(names)]
    return columns


_LEADER = "Tiếp định kỳ và đột xuất của Thủ trưởng"
_COLUMNS = (
    Column(1, ("Tổng số lượt tiếp",), "1=4+13+22"),
    Column(2, ("Tổng số người được tiếp",), "2=5+14+23"),
    Column(3, ("Tổng số vụ việc tiếp",), "3=6+7+15+16+24+25"),
    *_group(4, ("Tiếp thường xuyên",), sittings=False),
    *_group(12, (_LEADER, "Thủ trưởng tiếp"), sittings=True),
    *_group(21, (_LEADER, "Ủy quyền tiếp"), sittings=True),
    Column(30, ("Ghi chú",)),
)
TCD01 = FormSpec("01/TCD", "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN THƯỜNG XUYÊN, ĐỊNH KỲ VÀ ĐỘT XUẤT",
                 _COLUMNS, parse_checksums(_COLUMNS), notes_column=30)
FIRST = {ReceptionKind.REGULAR: 4, ReceptionKind.SCHEDULED: 13, ReceptionKind.AD_HOC: 13,
         ReceptionKind.DELEGATED: 22}  # the group's "Số lượt tiếp" column


def rows(org: Organisation, sessions: Iterable[ReceptionSession]) -> list[tuple[str, Row]]:
    """One row per unit, the sessions of no known unit, and the total."""
    groups: dict[str | None, list[ReceptionSession]] = {}
    everything = list(sessions)
    for session in everything:
        known = session.unit if any(u.id == session.unit for u in org.units) else None
        groups.setdefault(known, []).append(session)
    result: list[tuple[str, Row]] = [(u.name, _count(groups.get(u.id, ()))) for u in org.units]
    if groups.get(None):
        result.append((NO_UNIT, _count(groups[None])))
    result.append((TOTAL, _count(everything)))
    return result


def _count(sessions: Sequence[ReceptionSession]) -> Row:
    row: dict[int, int | None] = {c.number: 0 for c in _COLUMNS}
    row[30] = None
    sittings: dict[int, set[date]] = {12: set(), 21: set()}
    for s in sessions:
        at = FIRST[s.kind]
        if at > 4:
            sittings[at - 1].add(s.held_on)
        repeat = 1 if s.repeat else 0
        for column, amount in ((at, 1), (at + 1, s.people), (at + 2 + repeat, s.cases)):
            row[column] = (row[column] or 0) + amount
        if s.delegation:
            for column, amount in ((at + 4, 1), (at + 5, s.people), (at + 6 + repeat, s.cases)):
                row[column] = (row[column] or 0) + amount
    for column, days in sittings.items():
        row[column] = len(days)
    row[1] = sum(row[n] or 0 for n in (4, 13, 22))
    row[2] = sum(row[n] or 0 for n in (5, 14, 23))
    row[3] = sum(row[n] or 0 for n in (6, 7, 15, 16, 24, 25))
    return row
