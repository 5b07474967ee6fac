"""The web chat's server-issued sessions (stored as hashes) and the server keys it shares
between instances."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from db.models import WebKey, WebSession
from db.repositories.base import SqlRepository


class SqlWebSessionRepository(SqlRepository):
    async def add(self, session_id: str) -> None:
        self.session.add(WebSession(id=session_id, created_at=self.clock.now()))
        await self.session.flush()

    async def exists(self, session_id: str) -> bool:
        found = await self.session.scalar(select(WebSession.id).where(WebSession.id == session_id))
        return found is not None

    async def key(self, name: str) -> str:
        """The named key, made (random, 256 bits) by the first instance that asks for it; two
        asking at once both get the one stored first."""
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        await self.session.execute(
            insert(WebKey).values(name=name, value=secrets.token_hex(32),
                          created_at=self.clock.now())
            .on_conflict_do_nothing(index_elements=["name"]))
        return await self.session.scalar(select(WebKey.value).where(WebKey.name == name))
