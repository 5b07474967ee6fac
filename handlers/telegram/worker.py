"""Handles stored updates on citizens' lanes (bot/relay/lanes.py), an album's updates gathered
(about a second) into one event."""

from __future__ import annotations

import asyncio
from collections import deque

from bot.relay.inbox import Inbox
from bot.relay.lanes import Decode, Item, LaneWorker, Payload
from handlers.telegram.mapping import album_of, lane_of


class UpdateWorker(LaneWorker):
    """Decodes stored updates through the dispatcher; an album's updates go as one batch."""

    def __init__(self, inbox: Inbox, decode: Decode, album_wait: float = 1.0,
                 max_turns: int = 16) -> None:
        super().__init__(inbox, decode, lane_of, max_turns)
        self.album_wait = album_wait
        self._album_seen: dict[str, float] = {}

    def _noticed(self, payload: Payload) -> None:
        if album := album_of(payload):
            self._album_seen[album] = asyncio.get_running_loop().time()

    async def _take(self, queue: deque[Item]) -> list[Item]:
        album = album_of(queue[0].payload)
        if album is None:
            return [queue[0]]
        loop = asyncio.get_running_loop()
        while (wait := self._album_seen[album] + self.album_wait - loop.time()) > 0:
            await asyncio.sleep(wait)
        self._album_seen.pop(album, None)
        return [item for item in queue if album_of(item.payload) == album]
