"""Handles stored Zalo events on citizens' lanes (bot/relay/lanes.py), one event a turn."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.relay.decoded import Decoded
from bot.relay.inbox import Inbox
from bot.relay.lanes import LaneWorker, Payload
from handlers.zalo.mapping import user_of


class EventWorker(LaneWorker):
    """Decodes stored events one at a time, in order per citizen."""

    def __init__(self, inbox: Inbox, decode: Callable[[Payload], Awaitable[Decoded]],
                 max_turns: int = 16) -> None:
        async def one(payloads: list[Payload]) -> Decoded:
            return await decode(payloads[0])

        super().__init__(inbox, one, lambda event: user_of(event) or "0", max_turns)
