"""Stored incoming updates: written before the platform is acknowledged, one row per update key,
so a re-delivered update is recognised and a crash loses nothing. The raw payload is dropped as
soon as the update is finished; the key stays for deduplication."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import null, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from db.models import InboundUpdate
from db.repositories.base import SqlRepository, utcnow


class SqlInboundRepository(SqlRepository):
    async def store(self, channel: str, items: Sequence[tuple[str, dict]]) -> list[str]:
        """Stores the updates not seen before; returns their keys, in input order."""
        if not items:
            return []
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        now = utcnow()
        rows = [{"channel": channel, "update_key": key, "payload": payload, "status": "pending",
                 "received_at": now} for key, payload in items]
        statement = (insert(InboundUpdate).values(rows).on_conflict_do_nothing()
                     .returning(InboundUpdate.update_key))
        new = set(await self.session.scalars(statement))
        return [key for key, _ in items if key in new]

    async def pending(self, channel: str) -> list[tuple[str, dict]]:
        """Updates stored but not yet handled, oldest first."""
        query = (select(InboundUpdate.update_key, InboundUpdate.payload)
                 .where(InboundUpdate.channel == channel, InboundUpdate.status == "pending")
                 .order_by(InboundUpdate.received_at))
        rows = [(key, payload) for key, payload in await self.session.execute(query)]
        return sorted(rows, key=lambda row: _order(row[0]))

    async def mark(self, channel: str, keys: Sequence[str], status: str) -> None:
        """Records the outcome (handled, ignored, failed) of some stored updates and drops
        their raw payloads: the turn has taken what it needs."""
        await self.session.execute(
            update(InboundUpdate)
            .where(InboundUpdate.channel == channel, InboundUpdate.update_key.in_(list(keys)))
            .values(status=status, handled_at=utcnow(), payload=null())
        )

    async def purge_finished(self) -> int:
        """Drops the raw payloads of every finished update still holding one; their count."""
        result = await self.session.execute(
            update(InboundUpdate)
            .where(InboundUpdate.status != "pending", InboundUpdate.payload.is_not(None))
            .values(payload=null())
        )
        return result.rowcount or 0


def _order(key: str) -> tuple[int, str]:
    # Telegram's update_id is numeric and increasing; other channels' keys sort as text.
    return (int(key), "") if key.isdigit() else (0, key)
