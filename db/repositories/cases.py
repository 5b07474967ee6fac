"""Vụ việc: the open tickets a new request is compared with (bounded by type, field and days),
the links between tickets of one case, and đơn / vụ việc counted for the forms.

Portable SQL only; never joins ticket_contacts (a case shows codes, never identities).
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import case, func, select

from bot.core.cases.model import Case, CaseCandidate, CaseCount
from bot.core.tickets import OPEN_STATUSES, Ticket, TicketType
from db.models import CaseRow, TicketRow
from db.repositories.base import SqlRepository
from db.repositories.tickets import to_ticket

T = TypeVar("T", TicketRow, CaseRow)


def _case(row: CaseRow) -> Case:
    return Case(row.id, row.code, TicketType(row.type), row.lead_ticket_id)


class SqlCaseRepository(SqlRepository):
    async def candidates(self, ticket_type: str, field: str | None, since: datetime,
                         exclude: int, limit: int) -> list[CaseCandidate]:
        """Open tickets of this type and field received since `since`, newest first."""
        same_field = TicketRow.field.is_(None) if field is None else TicketRow.field == field
        query = (
            select(TicketRow.id, TicketRow.case_id, TicketRow.content)
            .where(TicketRow.type == ticket_type, same_field, TicketRow.received_at >= since,
                   TicketRow.id != exclude,
                   TicketRow.status.in_([str(s) for s in OPEN_STATUSES]))
            .order_by(TicketRow.received_at.desc(), TicketRow.id.desc())
            .limit(limit)
        )
        return [CaseCandidate(i, c, text) for i, c, text in await self.session.execute(query)]

    async def join(self, ticket_id: int, other_id: int) -> Case:
        """Puts `ticket_id` in the case of `other_id`, opening one (named after `other_id`)
        when it has none."""
        other = await self._locked(TicketRow, other_id)
        ticket = await self._locked(TicketRow, ticket_id)
        if other is None or ticket is None:
            raise LookupError(f"no ticket {other_id if other is None else ticket_id}")
        row = await self._locked(CaseRow, other.case_id) if other.case_id else None
        if row is None:
            row = CaseRow(code=await self._free_code(other.code), type=other.type,
                          field=other.field, lead_ticket_id=other.id,
                          opened_at=other.received_at)
            self.session.add(row)
            await self.session.flush()
            other.case_id = row.id
        ticket.case_id = row.id
        row.card_stale = True
        await self.session.flush()
        return _case(row)

    async def _locked(self, model: type[T], key: int) -> T | None:
        """The row, locked until the transaction ends on PostgreSQL (SQLite has one writer):
        a case's members are read and changed by one transaction at a time, else two officers
        merging at once (A into B, B into A) would each leave a case of one ticket behind."""
        locked = self.dialect == "postgresql"
        return await self.session.get(model, key, with_for_update=locked or None,
                                      populate_existing=locked)

    async def _free_code(self, code: str) -> str:
        """The first ticket's code, or `-2`, `-3`… when an earlier case took it (that
        ticket led a case before and was split out of it)."""
        taken = set(await self.session.scalars(
            select(CaseRow.code).where(CaseRow.code.like(f"{code}%"))))
        return next(c for c in (code, *(f"{code}-{n}" for n in range(2, 100)))
                    if c not in taken)

    async def leave(self, ticket_id: int) -> Case | None:
        """Takes the ticket out of its case (the case it left, or None); a lead that leaves
        hands the card over to the earliest member left; the last member left alone is a
        case of its own again (the case row stays, for the history)."""
        ticket = await self._locked(TicketRow, ticket_id)
        if ticket is None or ticket.case_id is None:
            return None
        row = await self._locked(CaseRow, ticket.case_id)
        ticket.case_id = None
        await self.session.flush()
        if row is None:
            return None
        rest = list(await self.session.scalars(
            select(TicketRow).where(TicketRow.case_id == row.id)
            .order_by(TicketRow.received_at, TicketRow.id)))
        if rest and row.lead_ticket_id == ticket_id:
            row.lead_ticket_id = rest[0].id
        if len(rest) == 1:
            rest[0].case_id = None
        row.card_stale = True
        await self.session.flush()
        return _case(row)

    async def stale_cards(self, limit: int) -> list[int]:
        """The lead tickets of cases whose members changed since their card was edited, the
        cases marked fresh (their edit is queued in the same transaction)."""
        rows = list(await self.session.scalars(
            select(CaseRow).where(CaseRow.card_stale).order_by(CaseRow.id).limit(limit)))
        for row in rows:
            row.card_stale = False
        return [row.lead_ticket_id for row in rows]

    async def of_ticket(self, ticket_id: int) -> Case | None:
        row = await self.session.scalar(
            select(CaseRow).join(TicketRow, TicketRow.case_id == CaseRow.id)
            .where(TicketRow.id == ticket_id))
        return _case(row) if row is not None else None

    async def members(self, case_id: int) -> list[Ticket]:
        """The case's tickets, oldest first."""
        rows = await self.session.scalars(
            select(TicketRow).where(TicketRow.case_id == case_id)
            .order_by(TicketRow.received_at, TicketRow.id))
        return [to_ticket(row) for row in rows]

    async def counts(self, start: datetime, end: datetime) -> list[CaseCount]:
        """Per type, đơn received in [start, end) and the vụ việc they make: distinct cases,
        plus one per ticket without a case."""
        alone = func.sum(case((TicketRow.case_id.is_(None), 1), else_=0))
        query = (
            select(TicketRow.type, func.count(), func.count(TicketRow.case_id.distinct()), alone)
            .where(TicketRow.received_at >= start, TicketRow.received_at < end)
            .group_by(TicketRow.type).order_by(TicketRow.type)
        )
        return [CaseCount(t, don, cases + (single or 0))
                for t, don, cases, single in await self.session.execute(query)]
