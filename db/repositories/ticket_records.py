"""Tickets as records: the state an imported ticket had reached, and rows for export.

Never joins ticket_contacts: exports carry no citizen data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, func, or_, select

from bot.core.statistics.answers import FIRST_ANSWER_EVENTS, TicketAnswer
from bot.core.ticket_export import TicketRecord
from bot.core.tickets import TicketStatus
from db.models import CaseRow, OfficerRow, TicketEvent, TicketRow
from db.repositories.base import SqlRepository


def may_count_in(start: datetime, end: datetime) -> ColumnElement[bool]:
    """Tickets that may count in [start, end): received before `end` and not resolved before
    `start` (bot.core.statistics.placement decides)."""
    return and_(TicketRow.received_at < end,
                or_(TicketRow.received_at >= start, TicketRow.resolved_at.is_(None),
                    TicketRow.resolved_at >= start))


def first_answer_at() -> ScalarSelect[datetime]:
    """The ticket's earliest answering event (bot.core.statistics.answers.FIRST_ANSWER_EVENTS),
    as a column of a query on TicketRow."""
    return (
        select(func.min(TicketEvent.created_at))
        .where(TicketEvent.ticket_id == TicketRow.id, TicketEvent.kind.in_(FIRST_ANSWER_EVENTS))
        .correlate(TicketRow)
        .scalar_subquery()
    )


_PERIOD_COLUMNS = 16  # those of `_in_period` before `more`, read by `_record`


def _record(row: Sequence[Any]) -> TicketRecord:
    """The statistics record of `_in_period`'s first columns."""
    (code, kind, channel, field, received, status, clock, accepted, due, resolved, extensions,
     late, intake, case, urgent, urgent_due) = row[:_PERIOD_COLUMNS]
    return TicketRecord(code, kind, channel, field, received, status, clock, accepted, due,
                        resolved, None, extensions, bool(late), intake=intake, case=case,
                        urgent=bool(urgent), urgent_due_at=urgent_due)


def _in_period(start: datetime, end: datetime, *more: ColumnElement[Any]) -> Select[Any]:
    """The columns of a statistics record (never the content, nor the assignee: statistics name
    nobody), its urgency and `more`, of the tickets that may count in [start, end), oldest
    first."""
    t = TicketRow
    return (
        select(t.code, t.type, t.channel, t.field, t.received_at, t.status, t.clock,
               t.accepted_at, t.due_at, t.resolved_at, t.extensions_used,
               t.first_clock_late, t.intake, CaseRow.code, t.urgent, t.urgent_due_at, *more)
        .outerjoin(CaseRow, CaseRow.id == t.case_id)
        .where(may_count_in(start, end))
        .order_by(t.received_at, t.id)
    )


class SqlTicketRecordRepository(SqlRepository):
    async def restore(self, ticket_id: int, status: TicketStatus, clock: str,
                      accepted_at: datetime | None, resolved_at: datetime | None) -> None:
        """Sets what happened to an imported ticket before it was entered."""
        row = await self.session.get(TicketRow, ticket_id)
        if row is None:
            raise LookupError(f"no ticket {ticket_id}")
        row.status, row.clock = str(status), clock
        row.accepted_at, row.resolved_at = accepted_at, resolved_at

    async def received_between(
        self, start: datetime | None, end: datetime | None
    ) -> list[TicketRecord]:
        """Tickets received in [start, end), oldest first; only the columns an export shows
        (never the content), so a year of tickets stays small."""
        t = TicketRow
        query = (
            select(t.code, t.type, t.channel, t.field, t.received_at, t.status, t.clock,
                   t.accepted_at, t.due_at, t.resolved_at, OfficerRow.name, t.extensions_used,
                   t.first_clock_late, t.intake, CaseRow.code, t.urgent, t.urgent_due_at)
            .outerjoin(OfficerRow, OfficerRow.id == t.assignee_id)
            .outerjoin(CaseRow, CaseRow.id == t.case_id)
            .order_by(t.received_at, t.id)
        )
        if start is not None:
            query = query.where(t.received_at >= start)
        if end is not None:
            query = query.where(t.received_at < end)
        return [TicketRecord(*row[:11], row[11], bool(row[12]), intake=row[13], case=row[14],
                             urgent=bool(row[15]), urgent_due_at=row[16])
                for row in await self.session.execute(query)]

    async def in_period(self, start: datetime, end: datetime) -> list[TicketRecord]:
        """Tickets that may count in [start, end): received before `end` and not resolved
        before `start`, oldest first; only the columns statistics read: a year of tickets
        stays small."""
        return [_record(row) for row in await self._rows(_in_period(start, end))]

    async def in_period_with_answers(
        self, start: datetime, end: datetime
    ) -> tuple[list[TicketRecord], dict[str, TicketAnswer]]:
        """`in_period`'s records and, by code, the first answer and rating of those that have
        either (bot.core.statistics.answers; the others have none): one query, one snapshot,
        no second pass over a month that carries 45,000 đơn over."""
        query = _in_period(start, end, first_answer_at(), TicketRow.rating)
        records, answers = [], {}
        for row in await self._rows(query):
            record, (answered, rating) = _record(row), row[_PERIOD_COLUMNS:]
            records.append(record)
            if answered is not None or rating is not None:
                answers[record.code] = TicketAnswer(answered, rating)
        return records, answers
