"""Stored incoming updates: written before the platform is acknowledged, one row per update key,
so a re-delivered update is recognised and a crash loses nothing. The raw payload is dropped as
soon as the update is finished; the key stays for deduplication. A pending update is leased to
one instance at a time (`claimed_by` until `lease_until`), as the outbox leases its messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import null, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.relay.real_time import real_time
from db.models import InboundUpdate
from db.repositories.base import SqlRepository


class SqlInboundRepository(SqlRepository):
    async def store(self, channel: str, items: Sequence[tuple[str, dict]],
                    holder: str | None = None, lease_until: datetime | None = None) -> list[str]:
        """Stores the updates not seen before, leased to `holder` until `lease_until` (without
        a holder, free for any instance to claim); returns their keys, in input order."""
        if not items:
            return []
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        # The relay's record of a delivery, on real time like its leases (received_at is the
        # order they are claimed in; bot/relay/real_time.py); no person reads these times.
        now = real_time()
        rows = [{"channel": channel, "update_key": key, "payload": payload, "status": "pending",
                 "received_at": now, "claimed_by": holder, "lease_until": lease_until}
                for key, payload in items]
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

    async def claim(self, channel: str, holder: str, now: datetime, lease: timedelta,
                    limit: int = 100) -> list[tuple[str, dict]]:
        """Takes pending updates nobody holds (never leased, or the lease ran out), oldest
        first, leased to `holder` until `now + lease`. On PostgreSQL rows another claimer has
        locked are skipped; on SQLite the unit of work is the one writer."""
        query = (select(InboundUpdate)
                 .where(InboundUpdate.channel == channel, InboundUpdate.status == "pending",
                        or_(InboundUpdate.lease_until.is_(None),
                            InboundUpdate.lease_until <= now))
                 .order_by(InboundUpdate.received_at, InboundUpdate.update_key).limit(limit))
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = list(await self.session.scalars(query))
        for row in rows:
            row.claimed_by, row.lease_until = holder, now + lease
        taken = [(row.update_key, row.payload or {}) for row in rows]
        return sorted(taken, key=lambda row: _order(row[0]))

    async def renew(self, channel: str, holder: str, keys: Sequence[str],
                    until: datetime) -> int:
        """Extends the lease of the pending updates `holder` still holds; their count."""
        if not keys:
            return 0
        result = await self.session.execute(
            update(InboundUpdate)
            .where(InboundUpdate.channel == channel, InboundUpdate.update_key.in_(list(keys)),
                   InboundUpdate.status == "pending", InboundUpdate.claimed_by == holder)
            .values(lease_until=until)
        )
        return result.rowcount or 0

    async def release(self, channel: str, holder: str, keys: Sequence[str]) -> None:
        """Gives up the lease of pending updates (an instance stopping), so others take them
        at once."""
        if keys:
            await self.session.execute(
                update(InboundUpdate)
                .where(InboundUpdate.channel == channel, InboundUpdate.update_key.in_(list(keys)),
                       InboundUpdate.status == "pending", InboundUpdate.claimed_by == holder)
                .values(claimed_by=None, lease_until=None)
            )

    async def mark(self, channel: str, keys: Sequence[str], status: str) -> int:
        """Records the outcome (handled, ignored, failed) of stored updates still pending and
        drops their raw payloads: the turn has taken what it needs. Returns how many were
        still pending: fewer than `keys` means another instance finished them first (on
        PostgreSQL this waits for that instance's transaction, then sees its mark)."""
        result = await self.session.execute(
            update(InboundUpdate)
            .where(InboundUpdate.channel == channel, InboundUpdate.update_key.in_(list(keys)),
                   InboundUpdate.status == "pending")
            .values(status=status, handled_at=real_time(), payload=null(), lease_until=None)
        )
        return result.rowcount or 0

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
