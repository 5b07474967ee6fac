"""The token store of channels whose refresh tokens are single-use (Zalo): the current pair in
the database, each change in one transaction under the channel's token lock, so a restart and
every other instance see it and no two instances refresh with the same refresh token."""

from __future__ import annotations

from bot.core.ports import ChannelTokens, UnitOfWorkFactory
from handlers.zalo.tokens import Change


class StoredTokens:
    """A channel's `TokenStore` (see handlers.zalo.tokens) in the app's database."""

    def __init__(self, uow: UnitOfWorkFactory, channel: str) -> None:
        self._uow, self._channel = uow, channel

    async def update(self, change: Change) -> ChannelTokens:
        async with self._uow() as work:
            await work.channel_tokens.lock(self._channel)
            stored = await work.channel_tokens.get(self._channel)
            chosen = await change(stored)
            if chosen != stored:
                await work.channel_tokens.put(self._channel, chosen)
                await work.commit()
            return chosen
