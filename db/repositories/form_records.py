"""The đơn and reception sessions the Thanh tra forms count, read as compact rows (no ORM
objects, no content, no contact details) so that a year of 100,000 tickets stays small."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select

from bot.core.facts import Signers
from bot.core.forms.reception import ReceptionKind, ReceptionSession
from bot.core.forms.records import FormRecord
from bot.core.tickets import TicketType
from db.models import ReceptionSession as SessionRow
from db.models import TicketContact, TicketRow
from db.repositories.base import SqlRepository

FORM_TYPES = tuple(str(t) for t in (TicketType.PHAN_ANH, TicketType.KIEN_NGHI,
                                    TicketType.KHIEU_NAI, TicketType.TO_CAO))


def case_key() -> ColumnElement[int]:
    """The vụ việc a ticket belongs to: its case (bot.core.cases), or the ticket itself when it
    shares none; cases count negative so that the two never collide."""
    return func.coalesce(-TicketRow.case_id, TicketRow.id)


class SqlFormRecordRepository(SqlRepository):
    async def in_period(self, start: datetime, end: datetime,
                        categories: Mapping[str | None, str]) -> list[FormRecord]:
        """Đơn that may count in [start, end): received before the end and not resolved
        before the start, or whose forwarded reply arrived in the period."""
        t = TicketRow
        query = (
            select(case_key(), t.type, t.status, t.unit, t.field, t.content_category,
                   t.received_at, t.accepted_at, t.resolved_at, t.due_at, t.signers,
                   TicketContact.ticket_id, t.eligible, t.competent, t.handling, t.outcome,
                   t.reply_received_at, t.complaint_round, t.first_clock_late)
            .outerjoin(TicketContact, TicketContact.ticket_id == t.id)
            .where(t.type.in_(FORM_TYPES))
            .where(or_(and_(t.received_at < end,
                            or_(t.resolved_at.is_(None), t.resolved_at >= start)),
                       and_(t.reply_received_at >= start, t.reply_received_at < end)))
        )
        default = categories.get(None, "khac")
        return [_record(row, categories, default) for row in await self._rows(query)]

    async def add_session(self, session: ReceptionSession, actor: str) -> int:
        row = SessionRow(held_on=session.held_on, kind=str(session.kind),
                         receiver=session.receiver, unit=session.unit, people=session.people,
                         cases=session.cases, repeat=session.repeat,
                         delegation=session.delegation, content=session.content,
                         ticket_codes=" ".join(session.ticket_codes), created_by=actor,
                         created_at=self.clock.now())
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def sessions(self, first: date, last: date) -> list[ReceptionSession]:
        """Sessions held from `first` to `last`, inclusive."""
        query = (select(SessionRow).where(SessionRow.held_on >= first)
                 .where(SessionRow.held_on <= last).order_by(SessionRow.held_on, SessionRow.id))
        return [ReceptionSession(r.held_on, ReceptionKind(r.kind), r.receiver, r.people,
                                 r.cases, r.repeat, r.delegation, r.content,
                                 tuple(r.ticket_codes.split()), r.unit)
                for r in await self.session.scalars(query)]

    async def known_codes(self, codes: Sequence[str]) -> set[str]:
        if not codes:
            return set()
        found = await self.session.scalars(select(TicketRow.code).where(TicketRow.code.in_(codes)))
        return set(found)


def _record(row: Sequence[object], categories: Mapping[str | None, str],
            default: str) -> FormRecord:
    (case, kind, status, unit, field, category, received, accepted, resolved, due, signers,
     contact, eligible, competent, handling, outcome, reply, round_, late) = row
    return FormRecord(
        case, kind, status, unit,  # type: ignore[arg-type]
        category or categories.get(field, default),  # type: ignore[arg-type]
        received, accepted, resolved, due,  # type: ignore[arg-type]
        _signers(signers, contact is not None),  # type: ignore[arg-type]
        eligible, competent, handling, outcome, reply,  # type: ignore[arg-type]
        round_ or 1, bool(late))  # type: ignore[arg-type]


SIGNERS = {str(s): s for s in Signers}


def _signers(recorded: str | None, has_contact: bool) -> Signers:
    known = SIGNERS.get(recorded) if recorded is not None else None
    if known is not None:
        return known
    return Signers.ONE if has_contact else Signers.ANONYMOUS
