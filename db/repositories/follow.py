"""Following a request from another device: its follow link (by the hash of the token), the
phone its contact gave, and the attempts counted against guessing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from db.models import FollowAttempt, FollowLink, TicketContact
from db.repositories.base import SqlRepository

KEEP = timedelta(days=31)  # longer than any attempt window; older rows are deleted


class SqlFollowRepository(SqlRepository):
    async def set_link(self, ticket_id: int, token_hash: str, at: datetime) -> None:
        """The ticket's link, replacing any earlier one."""
        await self.session.execute(delete(FollowLink).where(FollowLink.ticket_id == ticket_id))
        self.session.add(FollowLink(ticket_id=ticket_id, token_hash=token_hash, created_at=at))
        await self.session.flush()

    async def ticket_of_link(self, token_hash: str, since: datetime) -> int | None:
        """The ticket a link made after `since` opens, else None."""
        return await self.session.scalar(select(FollowLink.ticket_id).where(
            FollowLink.token_hash == token_hash, FollowLink.created_at > since))

    async def phone_of(self, ticket_id: int) -> str | None:
        """The phone number the request's contact gave (None: none, or erased)."""
        return await self.session.scalar(select(TicketContact.phone).where(
            TicketContact.ticket_id == ticket_id, TicketContact.erased_at.is_(None)))

    async def attempts(self, scope: str, key: str, since: datetime) -> list[datetime]:
        """When `key` tried after `since`, oldest first."""
        return list(await self.session.scalars(
            select(FollowAttempt.created_at)
            .where(FollowAttempt.scope == scope, FollowAttempt.key == key,
                   FollowAttempt.created_at > since)
            .order_by(FollowAttempt.created_at)))

    async def add_attempt(self, scope: str, key: str, at: datetime) -> None:
        await self.session.execute(delete(FollowAttempt).where(FollowAttempt.created_at
                                                               < at - KEEP))
        self.session.add(FollowAttempt(scope=scope, key=key, created_at=at))
        await self.session.flush()

    async def count_attempts(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(FollowAttempt))
                   or 0)
