"""Filings from limited origins (the web chat), counted for the hourly and daily filing limits
by every instance; `lock` serialises the check and the insert until the transaction ends."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from db.models import FilingLogEntry
from db.repositories.base import SqlRepository

KEEP = timedelta(days=2)  # longer than any limit's window; older rows are deleted
LOCK_KEY = int.from_bytes(hashlib.sha256(b"pakn.filing_log").digest()[:8], "big", signed=True)


class SqlFilingLogRepository(SqlRepository):
    async def lock(self) -> None:
        """PostgreSQL: a transaction-level advisory lock, so two instances never both take the
        last filing. SQLite: the transaction already holds the single write lock."""
        if self.dialect == "postgresql":
            await self.session.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))

    async def times(self, origin: str, since: datetime) -> list[datetime]:
        """When `origin` filed after `since`, oldest first."""
        query = (select(FilingLogEntry.created_at)
                 .where(FilingLogEntry.origin == origin, FilingLogEntry.created_at > since)
                 .order_by(FilingLogEntry.created_at))
        return list(await self.session.scalars(query))

    async def count(self, channel: str, since: datetime) -> int:
        query = (select(func.count()).select_from(FilingLogEntry)
                 .where(FilingLogEntry.channel == channel, FilingLogEntry.created_at >= since))
        return int(await self.session.scalar(query) or 0)

    async def add(self, channel: str, origin: str, at: datetime) -> None:
        old = delete(FilingLogEntry).where(FilingLogEntry.created_at < at - KEEP)
        await self.session.execute(old)
        self.session.add(FilingLogEntry(channel=channel, origin=origin, created_at=at))
        await self.session.flush()
