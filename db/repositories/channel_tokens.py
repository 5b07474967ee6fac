"""Channels' current OAuth token pairs (Zalo's refresh tokens are single-use), shared by every
instance. `lock` serialises refreshes between instances for the rest of the transaction."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select

from bot.core.ports import ChannelTokens
from db.models import ChannelToken
from db.repositories.base import SqlRepository


def lock_key(channel: str) -> int:
    """A fixed signed 64-bit advisory lock key per channel."""
    digest = hashlib.sha256(f"pakn.channel_tokens:{channel}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class SqlChannelTokenRepository(SqlRepository):
    async def lock(self, channel: str) -> None:
        """Holds the channel's token lock until the transaction ends. PostgreSQL: a
        transaction-level advisory lock (the row may not exist yet). SQLite: the transaction
        already holds the database's single write lock (BEGIN IMMEDIATE)."""
        if self.dialect == "postgresql":
            await self.session.execute(select(func.pg_advisory_xact_lock(lock_key(channel))))

    async def get(self, channel: str) -> ChannelTokens | None:
        row = await self.session.get(ChannelToken, channel, populate_existing=True)
        if row is None:
            return None
        return ChannelTokens(row.access_token, row.refresh_token, row.expires_at, row.seed)

    async def put(self, channel: str, tokens: ChannelTokens) -> None:
        """Stores the channel's pair in place of the one before."""
        row = await self.session.get(ChannelToken, channel)
        if row is None:
            row = ChannelToken(channel=channel)
            self.session.add(row)
        row.access_token, row.refresh_token = tokens.access_token, tokens.refresh_token
        # `expires_at` is Zalo's, on real time (handlers/zalo/tokens.py); the stamp is ours.
        row.expires_at, row.seed = tokens.expires_at, tokens.seed
        row.updated_at = self.clock.now()
        await self.session.flush()
