"""Reminder bookkeeping: tickets that may need a reminder (by index), reminders claimed once,
and the daily digest's counts. No contact data is ever selected here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import String, and_, case, cast, exists, func, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.core.reminders import Horizon, ReminderTarget
from bot.core.staff_notices import DigestLine
from bot.core.tickets import OPEN_STATUSES, TicketType
from db.models import OfficerRow, SentReminder, TicketRow
from db.repositories.base import SqlRepository
from db.types import UtcDateTime

_OPEN = sorted(str(s) for s in OPEN_STATUSES)
_CLOCK_KEY = case(
    (TicketRow.extensions_used > 0,
     TicketRow.clock + "+" + cast(TicketRow.extensions_used, String)),
    else_=TicketRow.clock,
)
_clock_start = case((TicketRow.clock == "second",
               func.coalesce(TicketRow.accepted_at, TicketRow.received_at)),
              else_=TicketRow.received_at)


def _latest_possible(h: Horizon):  # type: ignore[no-untyped-def]
    """The most urgent kind a ticket due at due_at can have; if it was sent, so were the rest."""
    return case(
        (TicketRow.due_at < h.now, "overdue"),
        (TicketRow.due_at <= h.today_end, "due_today"),
        (TicketRow.due_at <= h.next_day_end, "day_before"),
        (TicketRow.due_at <= h.eighty_end, "eighty"),
        else_="half",
    )


def _start_bound(h: Horizon, column: int):  # type: ignore[no-untyped-def]
    """The latest clock start at which half (1) or 80% (2) can be reached, by due_at."""
    # Typed as the column, so that SQLite compares UTC with UTC.
    far = literal(h.now + timedelta(days=3660), UtcDateTime())
    whens = [(TicketRow.due_at <= h.next_day_end, far)]
    whens += [(TicketRow.due_at <= bound[0], literal(bound[column], UtcDateTime()))
              for bound in h.start_bounds]
    return case(*whens, else_=far)


def _sent(kind):  # type: ignore[no-untyped-def]
    return exists().where(SentReminder.ticket_id == TicketRow.id,
                          SentReminder.clock == _CLOCK_KEY, SentReminder.kind == kind)


class SqlReminderRepository(SqlRepository):
    async def targets(self, horizon: Horizon) -> list[ReminderTarget]:
        """Open tickets due within the horizon that may have an unsent reminder due now."""
        possible = and_(
            _clock_start <= _start_bound(horizon, 1),
            ~_sent(_latest_possible(horizon)),
            or_(_clock_start <= _start_bound(horizon, 2), ~_sent("half")),
        )
        query = (
            select(TicketRow.id, TicketRow.code, TicketRow.type, TicketRow.clock,
                   TicketRow.extensions_used, TicketRow.received_at, TicketRow.accepted_at,
                   TicketRow.due_at, TicketRow.staff_chat_id, TicketRow.staff_thread_id,
                   OfficerRow.telegram_id, OfficerRow.name)
            .outerjoin(OfficerRow, and_(OfficerRow.id == TicketRow.assignee_id,
                                        OfficerRow.active))
            .where(TicketRow.status.in_(_OPEN), TicketRow.due_at >= horizon.overdue_from,
                   TicketRow.due_at <= horizon.half_end, possible)
        )
        return [
            ReminderTarget(
                ticket_id=r.id, code=r.code, type=TicketType(r.type), clock=r.clock,
                extensions_used=r.extensions_used,
                start=r.accepted_at if r.clock == "second" and r.accepted_at else r.received_at,
                due_at=r.due_at, assignee_telegram_id=r.telegram_id, assignee_name=r.name,
                staff_chat_id=r.staff_chat_id, staff_thread_id=r.staff_thread_id,
            )
            for r in await self.session.execute(query)
        ]

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

    async def digest_lines(
        self, now: datetime, today_end: datetime, next_day_end: datetime, limit: int
    ) -> dict[str, DigestLine]:
        """Counts and first codes of the digest's four lines."""
        is_open = TicketRow.status.in_(_OPEN)
        due = TicketRow.due_at
        return {
            "due_today": await self._line(and_(is_open, due >= now, due <= today_end), limit),
            "due_next": await self._line(
                and_(is_open, due > today_end, due <= next_day_end), limit),
            "overdue": await self._line(and_(is_open, due < now), limit),
            "unassigned": await self._line(
                and_(is_open, TicketRow.assignee_id.is_(None)), limit),
        }

    async def _line(self, condition, limit: int) -> DigestLine:  # type: ignore[no-untyped-def]
        count = await self.session.scalar(
            select(func.count()).select_from(TicketRow).where(condition))
        codes = await self.session.scalars(
            select(TicketRow.code).where(condition)
            .order_by(TicketRow.due_at, TicketRow.id).limit(limit)
        )
        return DigestLine(int(count or 0), tuple(codes))
