"""Citizens and the identities each channel knows them by."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

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

    async def remember_reply_to(self, user: UserRef, address: str) -> None:
        """Where the channel answers `user` from now on (a Zalo anonymous chat's conversation);
        the identity exists (`ensure` first)."""
        await self.session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.channel == str(user.channel),
                   ChannelIdentity.external_id == user.external_id,
                   ChannelIdentity.reply_to.is_distinct_from(address))
            .values(reply_to=address))

    async def reply_to(self, user: UserRef) -> str | None:
        """The address remembered for `user`, if the channel needs one beside the id."""
        identity = await self.session.get(ChannelIdentity, (str(user.channel), user.external_id))
        return identity.reply_to if identity else None

    async def set_following(self, user: UserRef, following: bool, at: datetime) -> None:
        """Records that `user` follows the channel's account again, or stopped following it at
        `at`; nothing for someone never seen (they have nothing to be told)."""
        await self.session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.channel == str(user.channel),
                   ChannelIdentity.external_id == user.external_id)
            .values(unfollowed_at=None if following else at))

    async def unfollowed(self, user: UserRef) -> bool:
        """Whether `user` stopped following the channel's account (no proactive notice)."""
        identity = await self.session.get(ChannelIdentity, (str(user.channel), user.external_id))
        return identity is not None and identity.unfollowed_at is not None

    async def identities_of(self, citizen_ids: list[int]) -> list[ChannelIdentity]:
        """These citizens' identities on every channel (`pakn privacy`)."""
        if not citizen_ids:
            return []
        rows = await self.session.scalars(
            select(ChannelIdentity).where(ChannelIdentity.citizen_id.in_(citizen_ids))
            .order_by(ChannelIdentity.channel, ChannelIdentity.external_id))
        return list(rows)

    async def forget(self, row: ChannelIdentity) -> None:
        """Deletes an identity, its reply address with it: the chat is a stranger again."""
        await self.session.delete(row)
