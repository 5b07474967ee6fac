"""The archive's queue (bot/relay/archive.py): the attachments a channel still holds only by
its own reference, due for a try, and what came of each try."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from bot.relay.ports import PendingFile
from db.models import TicketAttachment, TicketRow
from db.repositories.base import SqlRepository

STORED = "stored:"  # a web upload, kept in the agency's storage when it arrived


class SqlArchiveQueue(SqlRepository):
    async def due(self, channel: str, now: datetime, limit: int) -> list[PendingFile]:
        rows = await self.session.scalars(
            select(TicketAttachment)
            .join(TicketRow, TicketRow.id == TicketAttachment.ticket_id)
            .where(TicketRow.channel == channel, TicketAttachment.stored_ref.is_(None),
                   ~TicketAttachment.file_ref.startswith(STORED),
                   TicketAttachment.archive_failed.is_(False),
                   or_(TicketAttachment.archive_next_at.is_(None),
                       TicketAttachment.archive_next_at <= now))
            .order_by(TicketAttachment.id).limit(limit))
        return [PendingFile(r.id, r.file_ref, r.kind, r.mime, r.name, r.archive_attempts,
                            r.ticket_id)
                for r in rows]

    async def kept(self, attachment_id: int, stored_ref: str, sha256: str, size: int,
                   at: datetime) -> None:
        row = await self.session.get(TicketAttachment, attachment_id)
        if row is not None:
            row.stored_ref, row.sha256, row.archived_at, row.size = stored_ref, sha256, at, size
            row.archive_error, row.archive_next_at = None, None

    async def failed(self, attachment_id: int, reason: str, at: datetime, attempts: int,
                     final: bool) -> None:
        """Records a failed try; the next one after 2, 4, 8… minutes, none once `final`."""
        row = await self.session.get(TicketAttachment, attachment_id)
        if row is not None:
            row.archive_attempts, row.archive_error, row.archive_failed = attempts, reason, final
            row.archive_next_at = at + timedelta(minutes=2 ** attempts)
