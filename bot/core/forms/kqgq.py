"""Biểu 01-03/KQGQ: giải quyết (a khiếu nại or tố cáo thuộc thẩm quyền, from thụ lý to its
decision or conclusion), counted per unit in vụ việc. Figures pakn does not record (money, land,
people sanctioned) stay empty; a vụ việc closed without its outcome class is named in Ghi chú."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.core.facts import Outcome
from bot.core.forms.kqgq_columns import KQGQ01, KQGQ02, KQGQ03
from bot.core.forms.records import FormRecord
from bot.core.forms.spec import FormSpec, Row
from bot.core.forms.tally import by_unit, first_of_each_case, within
from bot.core.organisation import Organisation
from bot.core.tickets import TicketStatus, TicketType

DECIDED = (Outcome.RIGHT, Outcome.WRONG, Outcome.PARTLY)
SPECS = {"01/KQGQ": KQGQ01, "02/KQGQ": KQGQ02, "03/KQGQ": KQGQ03}
COUNTED = {  # the columns pakn fills; the others stay empty
    "01/KQGQ": (1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 23, 24, 25, 26),
    "02/KQGQ": (1,),
    "03/KQGQ": (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 24, 25, 26, 27, 28, 29, 30, 31),
}


def rows(code: str, org: Organisation, records: Iterable[FormRecord], start: datetime,
         end: datetime) -> tuple[FormSpec, list[tuple[str, Row]]]:
    spec = SPECS[code]
    kind = str(TicketType.TO_CAO if code == "03/KQGQ" else TicketType.KHIEU_NAI)
    chosen = [r for r in records if r.type == kind]
    blank: dict[int, int | None] = {c.number: None for c in spec.columns}
    blank.update({n: 0 for n in COUNTED[code]})
    count = {"01/KQGQ": _kqgq01, "02/KQGQ": _kqgq02, "03/KQGQ": _kqgq03}[code]
    return spec, by_unit(org, chosen, lambda group: count(group, start, end, dict(blank)),
                         blank)


def _owned(group: Sequence[FormRecord], start: datetime, end: datetime,
           row: dict[int, int | None]) -> list[FormRecord]:
    """Đơn thuộc thẩm quyền (thụ lý), still being resolved at the start or accepted since."""
    owned = [r for r in group if r.accepted_at is not None and r.accepted_at < end
             and r.is_competent and (r.resolved_at is None or r.resolved_at >= start)]
    row[2] = sum(1 for r in owned if r.accepted_at and r.accepted_at < start)
    row[3] = len(owned) - (row[2] or 0)
    row[1] = len(owned)
    row[4] = len({r.case for r in owned})
    return owned


def _ended(owned: Sequence[FormRecord], start: datetime, end: datetime) -> list[FormRecord]:
    return first_of_each_case(r for r in owned if within(r.resolved_at, start, end))


def _withdrawn(r: FormRecord) -> bool:
    return r.outcome == Outcome.WITHDRAWN or r.status == TicketStatus.WITHDRAWN


def _unclassified(row: dict[int, int | None], ended: Sequence[FormRecord], notes: int) -> None:
    missing = sum(1 for r in ended if r.outcome is None and not _withdrawn(r))
    if missing:
        row[notes] = missing  # shown in Ghi chú as "N vụ việc chưa ghi kết quả"


def _inc(row: dict[int, int | None], column: int) -> None:
    row[column] = (row[column] or 0) + 1


def _kqgq01(group: Sequence[FormRecord], start: datetime, end: datetime,
            row: dict[int, int | None]) -> dict[int, int | None]:
    ended = _ended(_owned(group, start, end, row), start, end)
    for r in ended:
        if _withdrawn(r):
            _inc(row, 7)
        elif r.outcome in DECIDED:
            _inc(row, 5)
            _inc(row, 6)
            if r.complaint_round < 2:
                _inc(row, {Outcome.RIGHT: 20, Outcome.WRONG: 21, Outcome.PARTLY: 22}[
                    Outcome(r.outcome)])
            else:  # lần hai: a wrong complaint upholds the first decision (Luật KN 2011 Đ40)
                _inc(row, 23 if r.outcome == Outcome.WRONG else 24)
            _inc(row, 25 if r.on_time else 26)
    _unclassified(row, ended, 27)
    return row


def _kqgq02(group: Sequence[FormRecord], start: datetime, end: datetime,
            row: dict[int, int | None]) -> dict[int, int | None]:
    row[1] = len(first_of_each_case(
        r for r in group if within(r.resolved_at, start, end) and r.outcome in DECIDED))
    return row


def _kqgq03(group: Sequence[FormRecord], start: datetime, end: datetime,
            row: dict[int, int | None]) -> dict[int, int | None]:
    owned = _owned(group, start, end, row)
    row[5] = len({r.case for r in owned if r.complaint_round >= 2})
    ended = _ended(owned, start, end)
    for r in ended:
        again = r.complaint_round >= 2  # tố cáo tiếp, as lawflows records the round
        if _withdrawn(r):
            _inc(row, 9)
        elif r.outcome == Outcome.DISMISSED:
            _inc(row, 10)
        elif r.outcome in DECIDED:
            _inc(row, 8 if again else 7)
            column = {Outcome.RIGHT: 24, Outcome.WRONG: 26, Outcome.PARTLY: 28}[
                Outcome(r.outcome)]
            _inc(row, column)
            if again:
                _inc(row, column + 1)
            _inc(row, 30 if r.on_time else 31)
        else:
            continue
        _inc(row, 6)
    _unclassified(row, ended, 32)
    return row
