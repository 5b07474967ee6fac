"""Reminder bookkeeping: tickets whose next reminder is due (by index on next_reminder_at),
reminders claimed once, and the daily digest's counts. No contact data is ever selected here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from bot.core.reminders.kinds import ReminderTarget
from bot.core.reminders.take_up import CLAIM_KEY
from bot.core.staff_notices import DigestLine
from bot.core.tickets import OPEN_STATUSES, TicketType
from bot.core.urgency import URGENT_KEY
from db.models import CaseRow, OfficerRow, SentReminder, TicketRow
from db.repositories.base import SqlRepository

_OPEN = sorted(str(s) for s in OPEN_STATUSES)


def _at_card(query: Select[Any]) -> Select[Any]:
    """`query` with the staff chat and topic where a ticket is reminded of: its card's, or for a
    member of a vụ việc without a card of its own, its case's card."""
    lead = aliased(TicketRow)
    has_card = TicketRow.staff_chat_id.is_not(None)
    return (
        query.add_columns(
            case((has_card, TicketRow.staff_chat_id), else_=lead.staff_chat_id)
            .label("staff_chat_id"),
            case((has_card, TicketRow.staff_thread_id), else_=lead.staff_thread_id)
            .label("staff_thread_id"))
        .outerjoin(CaseRow, CaseRow.id == TicketRow.case_id)
        .outerjoin(lead, lead.id == CaseRow.lead_ticket_id)
    )


class SqlReminderRepository(SqlRepository):
    async def due(self, now: datetime, limit: int) -> list[ReminderTarget]:
        """Open tickets whose next reminder is due at `now`, longest waiting first (by index).
        A ticket without a card of its own (a member of a vụ việc) is reminded of at its case's
        card."""
        query = (
            _at_card(select(TicketRow.id, TicketRow.code, TicketRow.type, TicketRow.clock,
                            TicketRow.extensions_used, TicketRow.received_at,
                            TicketRow.accepted_at, TicketRow.due_at, TicketRow.complaint_round,
                            TicketRow.unit, OfficerRow.telegram_id, OfficerRow.name))
            .outerjoin(OfficerRow, and_(OfficerRow.id == TicketRow.assignee_id,
                                        OfficerRow.active))
            .where(TicketRow.next_reminder_at <= now, TicketRow.status.in_(_OPEN),
                   TicketRow.due_at.is_not(None))
            .order_by(TicketRow.next_reminder_at)
            .limit(limit)
        )
        return [
            ReminderTarget(
                ticket_id=r.id, code=r.code, type=TicketType(r.type), clock=r.clock,
                extensions_used=r.extensions_used,
                start=r.accepted_at if r.clock == "second" and r.accepted_at else r.received_at,
                due_at=r.due_at, assignee_telegram_id=r.telegram_id, assignee_name=r.name,
                staff_chat_id=r.staff_chat_id, staff_thread_id=r.staff_thread_id,
                received_at=r.received_at, complaint_round=r.complaint_round, unit=r.unit,
            )
            for r in await self.session.execute(query)
        ]

    async def reschedule(self, moments: Mapping[int, datetime | None]) -> None:
        """Sets each ticket's next_reminder_at (ticket id → moment, None: no more reminders)."""
        if moments:
            await self.session.execute(
                update(TicketRow),
                [{"id": ticket_id, "next_reminder_at": moment}
                 for ticket_id, moment in sorted(moments.items())],
            )

    async def recheck(self, since: datetime) -> None:
        """Has the next run recompute every open ticket due from `since` on (after a calendar
        edit on that day) that still waits for a reminder."""
        await self.session.execute(
            update(TicketRow)
            .where(TicketRow.status.in_(_OPEN), TicketRow.due_at >= since,
                   TicketRow.next_reminder_at.is_not(None))
            .values(next_reminder_at=TicketRow.received_at)
        )

    async def claim(
        self, ticket_id: int, clock: str, kinds: Sequence[str], now: datetime
    ) -> set[str]:
        """Records `kinds` as sent; returns those not recorded before (by anyone, anywhere)."""
        if not kinds:
            return set()
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        statement = (
            insert(SentReminder)
            .values([{"ticket_id": ticket_id, "clock": clock, "kind": str(kind), "sent_at": now}
                     for kind in kinds])
            .on_conflict_do_nothing(index_elements=["ticket_id", "clock", "kind"])
            .returning(SentReminder.kind)
        )
        return set((await self.session.execute(statement)).scalars())

    async def forget(self, ticket_id: int, clock: str) -> None:
        """Forgets the reminders sent on one clock of a ticket (an urgent flag taken off: a
        later flag is a new clock); the ticket's history keeps the flag's events."""
        await self.session.execute(
            delete(SentReminder).where(SentReminder.ticket_id == ticket_id,
                                       SentReminder.clock == clock))

    async def urgent_running(self, since: datetime, limit: int) -> list[ReminderTarget]:
        """Open tickets whose urgent clock (bot.core.urgency) runs, due from `since` on, the
        nearest first: flagged, not yet answered. Few at any time: no next-reminder column."""
        query = (
            select(TicketRow.id, TicketRow.code, TicketRow.type, TicketRow.extensions_used,
                   TicketRow.urgent_at, TicketRow.urgent_due_at, TicketRow.staff_chat_id,
                   TicketRow.staff_thread_id, OfficerRow.telegram_id, OfficerRow.name)
            .outerjoin(OfficerRow, and_(OfficerRow.id == TicketRow.assignee_id,
                                        OfficerRow.active))
            .where(TicketRow.urgent, TicketRow.urgent_met_at.is_(None),
                   TicketRow.urgent_due_at >= since, TicketRow.urgent_at.is_not(None),
                   TicketRow.status.in_(_OPEN))
            .order_by(TicketRow.urgent_due_at, TicketRow.id)
            .limit(limit)
        )
        return [
            ReminderTarget(
                ticket_id=r.id, code=r.code, type=TicketType(r.type), clock=URGENT_KEY,
                extensions_used=0, start=r.urgent_at, due_at=r.urgent_due_at,
                assignee_telegram_id=r.telegram_id, assignee_name=r.name,
                staff_chat_id=r.staff_chat_id, staff_thread_id=r.staff_thread_id,
            )
            for r in await self.session.execute(query)
        ]

    async def unclaimed(self, received_from: datetime, received_until: datetime,
                        limit: int) -> list[ReminderTarget]:
        """Open requests received in [`received_from`, `received_until`] that no officer holds,
        are not urgent (their own clock) and were not yet named for it (bot.core.reminders.
        take_up), the oldest first; `start` is the receipt, `due_at` the legal deadline."""
        named = select(SentReminder.id).where(SentReminder.ticket_id == TicketRow.id,
                                              SentReminder.clock == CLAIM_KEY)
        query = (
            _at_card(select(TicketRow.id, TicketRow.code, TicketRow.type, TicketRow.received_at,
                            TicketRow.due_at))
            .where(TicketRow.status.in_(_OPEN), TicketRow.assignee_id.is_(None),
                   TicketRow.urgent.is_(False), TicketRow.received_at >= received_from,
                   TicketRow.received_at <= received_until, ~named.exists())
            .order_by(TicketRow.received_at, TicketRow.id)
            .limit(limit)
        )
        return [
            ReminderTarget(
                ticket_id=r.id, code=r.code, type=TicketType(r.type), clock=CLAIM_KEY,
                extensions_used=0, start=r.received_at, due_at=r.due_at or r.received_at,
                staff_chat_id=r.staff_chat_id, staff_thread_id=r.staff_thread_id,
            )
            for r in await self.session.execute(query)
        ]

    async def digest_lines(
        self, now: datetime, today_end: datetime, next_day_end: datetime, limit: int
    ) -> dict[str, DigestLine]:
        """Counts and first codes of the digest's lines."""
        is_open = TicketRow.status.in_(_OPEN)
        due = TicketRow.due_at
        # Urgent and not answered yet (bot.core.urgency), soonest urgent deadline first.
        urgent = and_(is_open, TicketRow.urgent, TicketRow.urgent_met_at.is_(None))
        return {
            "urgent": await self._line(urgent, limit, TicketRow.urgent_due_at),
            "due_today": await self._line(and_(is_open, due >= now, due <= today_end), limit),
            "due_next": await self._line(
                and_(is_open, due > today_end, due <= next_day_end), limit),
            "overdue": await self._line(and_(is_open, due < now), limit),
            "unassigned": await self._line(
                and_(is_open, TicketRow.assignee_id.is_(None)), limit),
        }

    async def _line(self, condition, limit: int, order=TicketRow.due_at) -> DigestLine:  # type: ignore[no-untyped-def]
        count = await self.session.scalar(
            select(func.count()).select_from(TicketRow).where(condition))
        codes = await self.session.scalars(
            select(TicketRow.code).where(condition)
            .order_by(order, TicketRow.id).limit(limit)
        )
        return DigestLine(int(count or 0), tuple(codes))
