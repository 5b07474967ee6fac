"""Citizens and the identities each channel knows them by."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.messages import Channel, UserRef
from db.models import ChannelIdentity, Citizen
from db.repositories.base import SqlRepository


class SqlCitizenRepository(SqlRepository):
    async def find(self, user: UserRef) -> int | None:
        identity = await self.session.get(ChannelIdentity, (str(user.channel), user.external_id))
        return identity.citizen_id if identity else None

    async def identity(self, citizen_id: int, channel: str) -> UserRef | None:
        """How to reach the citizen on `channel`, if they ever wrote from it."""
        row = await self.session.scalar(
            select(ChannelIdentity).where(ChannelIdentity.citizen_id == citizen_id,
                                          ChannelIdentity.channel == str(channel))
        )
        return UserRef(Channel(row.channel), row.external_id) if row else None

    async def ensure(self, user: UserRef) -> int:
        """The citizen's id, creating the citizen on first contact. No display name is kept:
        it is an identity, and a denouncer's is sealed (README "Security")."""
        found = await self.find(user)
        if found is not None:
            return found
        citizen = Citizen(created_at=self.clock.now())
        self.session.add(citizen)
        await self.session.flush()
        self.session.add(ChannelIdentity(channel=str(user.channel), external_id=user.external_id,
                                         citizen_id=citizen.id))
        await self.session.flush()
        return citizen.id
