"""Handles stored Zalo events on citizens' lanes (bot/relay/lanes.py), one event a turn."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.relay.inbox import InboundTurn, Inbox
from bot.relay.lanes import LaneWorker, Payload
from handlers.zalo.mapping import user_of


class EventWorker(LaneWorker):
    """Feeds stored events to the channel one at a time, in order per citizen."""

    def __init__(self, inbox: Inbox, feed: Callable[[Payload, InboundTurn], Awaitable[None]],
                 max_turns: int = 16) -> None:
        async def one(payloads: list[Payload], turn: InboundTurn) -> None:
            await feed(payloads[0], turn)

        super().__init__(inbox, one, lambda event: user_of(event) or "0", max_turns)
