"""Handles stored Zalo events in the background: one lane per citizen so their events run in
order, lanes side by side, at most `max_turns` turns at once."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.inbox import InboundTurn, Inbox
from handlers.zalo.mapping import user_of

log = logging.getLogger(__name__)

Feed = Callable[[dict[str, Any], InboundTurn], Awaitable[None]]


class EventWorker:
    """Feeds stored events to the channel; whatever no handler finished is marked ignored."""

    def __init__(self, inbox: Inbox, feed: Feed, max_turns: int = 16) -> None:
        self.inbox, self.feed = inbox, feed
        self._slots = asyncio.Semaphore(max_turns)  # the database pool is small
        self._lanes: dict[str, deque[tuple[str, dict[str, Any]]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def submit(self, items: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Queues stored events (already deduplicated), in arrival order."""
        for key, event in items:
            lane = user_of(event) or "0"
            queue = self._lanes.setdefault(lane, deque())
            queue.append((key, event))
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

    async def _drain(self, lane: str) -> None:
        queue = self._lanes[lane]
        try:
            while queue:
                async with self._slots:
                    await self._process(*queue[0])
                queue.popleft()
        finally:
            if not queue:
                del self._lanes[lane]
            if not self._lanes:
                self._idle.set()

    async def _process(self, key: str, event: dict[str, Any]) -> None:
        turn = self.inbox.turn([key])
        status = "ignored"
        try:
            await self.feed(event, turn)
        except Exception:
            log.exception("Zalo event %s failed", key)
            status = "failed"
        try:
            if not turn.finished:
                await turn.ignore(status)
        except Exception:
            log.exception("Zalo event %s not marked; it will run again on restart", key)
