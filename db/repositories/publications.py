"""The Hỏi - Đáp column's proposals and published items. What the portal reads is decided here,
in the query itself: published by a leader, of a closed ticket that is not a tố cáo and whose
citizen consented (or a question), so no caller can serve anything else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select, text

from bot.core.column import NEVER_PUBLISHED, WITHOUT_CONSENT, PublicationStatus, PublishedAnswer
from bot.core.tickets import TicketStatus
from db.models import PublishedAnswerRow, TicketRow
from db.repositories.base import SqlRepository


def _item(row: PublishedAnswerRow) -> PublishedAnswer:
    return PublishedAnswer(row.id, row.ticket_id, PublicationStatus(row.status), row.question,
                           row.answer, row.field, row.published_at, row.updated_at)


def _served() -> Select[tuple[PublishedAnswerRow]]:
    """Only what may be served; every public read starts here."""
    never = [str(kind) for kind in NEVER_PUBLISHED]
    without = [str(kind) for kind in WITHOUT_CONSENT]
    return (select(PublishedAnswerRow)
            .join(TicketRow, TicketRow.id == PublishedAnswerRow.ticket_id)
            .where(PublishedAnswerRow.status == PublicationStatus.PUBLISHED,
                   PublishedAnswerRow.published_at.is_not(None),
                   TicketRow.status == TicketStatus.CLOSED,
                   TicketRow.type.not_in(never),
                   or_(TicketRow.publish_allowed.is_(True), TicketRow.type.in_(without))))


class SqlPublicationRepository(SqlRepository):
    async def for_ticket(self, ticket_id: int) -> PublishedAnswer | None:
        """The ticket's proposal or item in whatever state (for the staff desk)."""
        row = await self.session.scalar(
            select(PublishedAnswerRow).where(PublishedAnswerRow.ticket_id == ticket_id))
        return _item(row) if row else None

    async def save(self, ticket_id: int, **changes: Any) -> PublishedAnswer:
        """Creates the ticket's row or changes it (status, question, answer, field, …)."""
        changed_at = await self._changed_at()
        row = await self.session.scalar(
            select(PublishedAnswerRow).where(PublishedAnswerRow.ticket_id == ticket_id))
        if row is None:
            row = PublishedAnswerRow(ticket_id=ticket_id, status=PublicationStatus.DRAFT,
                                     question="", answer="")
            self.session.add(row)
        for key, value in changes.items():
            setattr(row, key, value)
        row.updated_at = changed_at
        await self.session.flush()
        return _item(row)

    async def _changed_at(self) -> datetime:
        """The clock's time, yet later than every row's: `version` must move with each change
        even when the clock stands still (a test's) or is behind the last change. On
        PostgreSQL one change is stamped at a time, until it commits: two leaders' changes
        committed in the other order than stamped would leave the latest stamp, and so the
        portal's cached page, as it was (a take-down not shown). Readers are not held up."""
        if self.dialect == "postgresql":
            await self.session.execute(text(f"LOCK TABLE {PublishedAnswerRow.__tablename__} "
                                            "IN EXCLUSIVE MODE"))
        latest = await self.session.scalar(select(func.max(PublishedAnswerRow.updated_at)))
        now = self.clock.now()
        return now if latest is None or now > latest else latest + timedelta(microseconds=1)

    async def published(self) -> list[PublishedAnswer]:
        """Every item the portal may show, newest first."""
        rows = await self.session.scalars(
            _served().order_by(PublishedAnswerRow.published_at.desc(),
                               PublishedAnswerRow.id.desc()))
        return [_item(row) for row in rows]

    async def published_one(self, item_id: int) -> PublishedAnswer | None:
        row = await self.session.scalar(_served().where(PublishedAnswerRow.id == item_id))
        return _item(row) if row else None

    async def version(self) -> tuple[int, datetime | None]:
        """Changes whenever any row does: rows and their latest change (a cache's key)."""
        count, latest = (await self.session.execute(
            select(func.count(), func.max(PublishedAnswerRow.updated_at)))).one()
        return int(count), latest
