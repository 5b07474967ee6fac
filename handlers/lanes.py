"""Stored inbound events handled in the background: one lane per citizen so that their events
run in order, lanes side by side, at most `max_turns` turns at once. Whatever no handler
finished is marked ignored (or failed), so nothing stays pending but a crash's leftovers."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.inbox import InboundTurn, Inbox

log = logging.getLogger(__name__)

Payload = dict[str, Any]
Feed = Callable[[list[Payload], InboundTurn], Awaitable[None]]


@dataclass
class Item:
    key: str
    payload: Payload


class LaneWorker:
    """Feeds stored events to a channel, a batch at a time (one event unless `_take` says)."""

    def __init__(self, inbox: Inbox, feed: Feed, lane_of: Callable[[Payload], str],
                 max_turns: int = 16) -> None:
        self.inbox, self.feed, self.lane_of = inbox, feed, lane_of
        self._slots = asyncio.Semaphore(max_turns)  # the database pool is small
        self._lanes: dict[str, deque[Item]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def submit(self, items: Sequence[tuple[str, Payload]]) -> None:
        """Queues stored events (already deduplicated), in arrival order."""
        for key, payload in items:
            self._noticed(payload)
            lane = self.lane_of(payload)
            queue = self._lanes.setdefault(lane, deque())
            queue.append(Item(key, payload))
            if len(queue) == 1:
                self._idle.clear()
                task = asyncio.create_task(self._drain(lane))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Waits until every queued event is handled."""
        await self._idle.wait()

    async def close(self) -> None:
        """Stops; unfinished events stay stored as pending and run on the next start."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _noticed(self, payload: Payload) -> None:
        """Called for every submitted event before it is queued."""

    async def _take(self, queue: deque[Item]) -> list[Item]:
        """The events handled together as one turn, starting with the first queued."""
        return [queue[0]]

    async def _drain(self, lane: str) -> None:
        queue = self._lanes[lane]
        try:
            while queue:
                batch = await self._take(queue)
                async with self._slots:
                    await self._process(batch)
                for item in batch:
                    queue.remove(item)
        finally:
            if not queue:
                del self._lanes[lane]
            if not self._lanes:
                self._idle.set()

    async def _process(self, batch: list[Item]) -> None:
        turn = self.inbox.turn([item.key for item in batch])
        status = "ignored"
        try:
            await self.feed([item.payload for item in batch], turn)
        except Exception:
            # The key is left out: a Zalo follow's key carries the citizen's user id.
            log.exception("inbound %s event failed", self.inbox.channel)
            status = "failed"
        try:
            if not turn.finished:
                await turn.ignore(status)
        except Exception:
            log.exception("inbound %s event not marked; it will run again on restart",
                          self.inbox.channel)
