"""Biểu 01/XLD-04/XLD: xử lý đơn (receiving and classifying; it ends when a đơn is accepted,
guided, forwarded or filed, not when it is resolved). Counted per unit from FormRecords."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.core.facts import Handling, Signers
from bot.core.forms.records import FormRecord
from bot.core.forms.spec import FormSpec, Row
from bot.core.forms.tally import by_unit, first_of_each_case, within
from bot.core.forms.xld_columns import XLD01, XLD02, XLD03, XLD04
from bot.core.organisation import Organisation
from bot.core.tickets import TicketType

KN, TC = str(TicketType.KHIEU_NAI), str(TicketType.TO_CAO)
PA_KI = (str(TicketType.PHAN_ANH), str(TicketType.KIEN_NGHI))
SIGNER_ORDER = (Signers.SEVERAL, Signers.ONE, Signers.ANONYMOUS)
OUTSIDE_ORDER = (Handling.GUIDED, Handling.FORWARDED, Handling.CHASED)
# Content categories (bot/core/data/content_categories.yaml) as each form groups them.
CONTENT = {
    "02/XLD": {"hc_chinh_sach": 12, "hc_dat_dai": 13, "hc_cong_chuc": 14, "hc_khac": 14,
               "tu_phap": 15, "dang_doan_the": 16, "tham_nhung": 17, "khac": 17},
    "03/XLD": {"hc_chinh_sach": 14, "hc_dat_dai": 15, "hc_cong_chuc": 16, "hc_khac": 17,
               "tham_nhung": 18, "tu_phap": 19, "dang_doan_the": 20, "khac": 21},
    "04/XLD": {"hc_chinh_sach": 13, "hc_dat_dai": 14, "tu_phap": 15},
}
TYPES = {"01/XLD": None, "02/XLD": (KN,), "03/XLD": (TC,), "04/XLD": PA_KI}
SPECS = {"01/XLD": XLD01, "02/XLD": XLD02, "03/XLD": XLD03, "04/XLD": XLD04}


class _Period:
    def __init__(self, start: datetime, end: datetime, records: Sequence[FormRecord]) -> None:
        self.start, self.end = start, end
        self.by_case: dict[int, list[FormRecord]] = {}
        for record in records:
            self.by_case.setdefault(record.case, []).append(record)

    def in_scope(self, r: FormRecord) -> bool:
        """Received before the end and not processed before the start."""
        done = r.processed_at
        return r.received_at < self.end and (done is None or done >= self.start)

    def processed(self, r: FormRecord) -> bool:
        return within(r.processed_at, self.start, self.end)

    def state(self, r: FormRecord) -> tuple[str, int]:
        """How the vụ việc stood when this đơn came: ("done", times resolved before),
        ("open", 0) or ("new", 0). A khiếu nại lần hai had its first decision."""
        earlier = [o for o in self.by_case.get(r.case, ()) if o.received_at < r.received_at]
        resolved = sum(1 for o in earlier if o.resolved_at and o.resolved_at <= r.received_at)
        resolved = max(resolved, r.complaint_round - 1)
        if resolved:
            return "done", resolved
        return ("open", 0) if earlier else ("new", 0)


def rows(code: str, org: Organisation, records: Iterable[FormRecord], start: datetime,
         end: datetime) -> tuple[FormSpec, list[tuple[str, Row]]]:
    """The form's spec and its rows (units, unassigned, total)."""
    spec, types = SPECS[code], TYPES[code]
    chosen = [r for r in records if types is None or r.type in types]
    period = _Period(start, end, chosen)
    count = {"01/XLD": _xld01, "02/XLD": _xld02, "03/XLD": _xld03, "04/XLD": _xld04}[code]
    blank: dict[int, int | None] = {c.number: 0 for c in spec.columns}
    blank[spec.columns[-1].number] = None
    return spec, by_unit(org, chosen, lambda group: count(period, group, blank), blank)


def _intake(period: _Period, group: Sequence[FormRecord], row: dict[int, int | None],
            then_at: int, now_at: int, signers: Sequence[Signers]) -> list[FormRecord]:
    """Columns of đơn carried over and received, by signers; returns the đơn in scope."""
    scoped = [r for r in group if period.in_scope(r)]
    for r in scoped:
        who = r.signers if r.signers in signers else Signers.ONE  # a khiếu nại is signed
        base = then_at if r.received_at < period.start else now_at
        row[base + signers.index(who)] = (row[base + signers.index(who)] or 0) + 1
    row[1] = len(scoped)
    return scoped


def _add(row: dict[int, int | None], column: int, amount: int = 1) -> None:
    row[column] = (row[column] or 0) + amount


def _xld01(period: _Period, group: Sequence[FormRecord], blank: Row) -> dict[int, int | None]:
    row = dict(blank)
    scoped = _intake(period, group, row, 2, 5, SIGNER_ORDER)
    done = [r for r in scoped if period.processed(r)]
    eligible = [r for r in done if r.is_eligible]
    row[8], row[9] = len(done), len(eligible)
    row[10] = len({r.case for r in eligible})
    for r in eligible:
        kind = 11 if r.type == KN else 12 if r.type == TC else 13
        _add(row, kind)
        state, times = period.state(r)
        _add(row, {"done": 14 if times == 1 else 15, "open": 16, "new": 17}[state])
        if r.is_competent:
            _add(row, 18)
            _add(row, kind + 8)
        else:
            _add(row, 22)
            _add(row, 23 + OUTSIDE_ORDER.index(r.outside_as))
    row[26] = _replies_received(period, group)
    return row


def _processed_and_cases(period: _Period, scoped: Sequence[FormRecord],
                         row: dict[int, int | None], total_at: int,
                         eligible_at: int) -> list[FormRecord]:
    done = [r for r in scoped if period.processed(r)]
    row[total_at] = len(done)
    row[total_at + 1] = sum(1 for r in done if r.received_at < period.start)
    row[total_at + 2] = len(done) - (row[total_at + 1] or 0)
    eligible = [r for r in done if r.is_eligible]
    row[eligible_at] = len(eligible)
    cases = first_of_each_case(eligible)
    row[eligible_at + 1] = len(cases)
    return cases


def _xld02(period: _Period, group: Sequence[FormRecord], blank: Row) -> dict[int, int | None]:
    row = dict(blank)
    scoped = _intake(period, group, row, 2, 4, SIGNER_ORDER[:2])
    for r in _processed_and_cases(period, scoped, row, 6, 9):
        column = CONTENT["02/XLD"].get(r.category, 17)
        _add(row, column)
        if column <= 14:
            _add(row, 11)
        state, times = period.state(r)
        _add(row, {"done": 18 if times == 1 else 19, "open": 21, "new": 22}[state])
        if r.is_competent:
            _add(row, 23)
            _add(row, 24 if r.complaint_round < 2 else 25)
        else:
            _add(row, 26)
            _add(row, 27 + OUTSIDE_ORDER.index(r.outside_as))
    row[30] = _replies_received(period, group)
    return row


def _replies_received(period: _Period, group: Sequence[FormRecord]) -> int:
    """Forwarded đơn whose reply document arrived in the period (each form's last column)."""
    return sum(1 for r in group if within(r.reply_received_at, period.start, period.end))


def _xld03(period: _Period, group: Sequence[FormRecord], blank: Row) -> dict[int, int | None]:
    row = dict(blank)
    scoped = _intake(period, group, row, 2, 5, SIGNER_ORDER)
    for r in _processed_and_cases(period, scoped, row, 8, 11):
        column = CONTENT["03/XLD"].get(r.category, 21)
        _add(row, column)
        if column <= 17:
            _add(row, 13)
        state, _times = period.state(r)
        repeated = r.complaint_round >= 2  # tố cáo tiếp, as lawflows records the round
        if state == "done" or repeated:
            _add(row, 25)
        elif state == "open":
            late = any(o.due_at and o.due_at < r.received_at and o.resolved_at is None
                       for o in period.by_case[r.case] if o is not r)
            _add(row, 24 if late else 23)
        else:
            _add(row, 22)
        if r.is_competent:
            _add(row, 26)
            _add(row, 28 if repeated else 27)
        else:
            _add(row, 29)
            _add(row, 30 + OUTSIDE_ORDER.index(r.outside_as))
    row[33] = _replies_received(period, group)
    return row


def _xld04(period: _Period, group: Sequence[FormRecord], blank: Row) -> dict[int, int | None]:
    row = dict(blank)
    scoped = _intake(period, group, row, 2, 5, SIGNER_ORDER)
    for r in _processed_and_cases(period, scoped, row, 8, 11):
        _add(row, CONTENT["04/XLD"].get(r.category, 16))
        state, _times = period.state(r)
        _add(row, {"done": 17, "open": 18, "new": 19}[state])
        if r.is_competent:
            _add(row, 20)
        else:
            _add(row, 21)
            _add(row, 23 if r.outside_as is Handling.CHASED else 22)
    row[24] = _replies_received(period, group)
    return row
