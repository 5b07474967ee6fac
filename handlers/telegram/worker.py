"""Handles stored updates: one lane per citizen so their updates run in order, lanes side by
side, an album's updates gathered (about a second) into one event."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.inbox import InboundTurn, Inbox
from handlers.telegram.mapping import album_of, lane_of

log = logging.getLogger(__name__)

Feed = Callable[[list[dict[str, Any]], InboundTurn], Awaitable[None]]


@dataclass
class Item:
    key: str
    payload: dict[str, Any]


class UpdateWorker:
    """Feeds stored updates to the dispatcher; whatever no handler finished is marked ignored."""

    def __init__(self, inbox: Inbox, feed: Feed, album_wait: float = 1.0,
                 max_turns: int = 16) -> None:
        self.inbox, self.feed, self.album_wait = inbox, feed, album_wait
        self._slots = asyncio.Semaphore(max_turns)  # the database pool is small
        self._lanes: dict[str, deque[Item]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._album_seen: dict[str, float] = {}
        self._idle = asyncio.Event()
        self._idle.set()

    def submit(self, items: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Queues stored updates (already deduplicated), in update order."""
        now = asyncio.get_running_loop().time()
        for key, payload in items:
            lane = lane_of(payload)
            if album := album_of(payload):
                self._album_seen[album] = now
            queue = self._lanes.setdefault(lane, deque())
            queue.append(Item(key, payload))
            if len(queue) == 1:
                self._idle.clear()
                task = asyncio.create_task(self._drain(lane))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Waits until every queued update is handled."""
        await self._idle.wait()

    async def close(self) -> None:
        """Stops; unfinished updates stay stored as pending and run on the next start."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _drain(self, lane: str) -> None:
        queue = self._lanes[lane]
        try:
            while queue:
                batch = await self._take(queue)
                async with self._slots:
                    await self._process(batch)
        finally:
            if not queue:
                del self._lanes[lane]
            if not self._lanes:
                self._idle.set()

    async def _take(self, queue: deque[Item]) -> list[Item]:
        album = album_of(queue[0].payload)
        if album is None:
            return [queue[0]]
        loop = asyncio.get_running_loop()
        while (wait := self._album_seen[album] + self.album_wait - loop.time()) > 0:
            await asyncio.sleep(wait)
        self._album_seen.pop(album, None)
        return [item for item in queue if album_of(item.payload) == album]

    async def _process(self, batch: list[Item]) -> None:
        turn = self.inbox.turn([item.key for item in batch])
        status = "ignored"
        try:
            await self.feed([item.payload for item in batch], turn)
        except Exception:
            log.exception("update %s failed", batch[0].key)
            status = "failed"
        try:
            if not turn.finished:
                await turn.ignore(status)
        except Exception:
            log.exception("update %s not marked; it will run again on restart", batch[0].key)
        queue = self._lanes[lane_of(batch[0].payload)]
        for item in batch:
            queue.remove(item)
