"""Stored inbound events handled in the background: one lane per citizen so that their events
run in order, lanes side by side, at most `max_turns` turns at once. Whatever no handler
finished is marked ignored (or failed). While running, the worker renews the leases of the
events it holds and claims those whose holder died (`run`), so nothing waits for a restart."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.ports import StoreUnavailable
from bot.relay.decoded import Decoded
from bot.relay.inbox import Inbox

log = logging.getLogger(__name__)

Payload = dict[str, Any]
# Seconds between tries of an event while the database is unavailable: about one lease in all.
STORE_RETRY = (0.5, 1.0, 2.0, 4.0, 8.0)
# The channel's codec: what a batch of stored updates (one, or an album's) means.
Decode = Callable[[list[Payload]], Awaitable[Decoded]]


@dataclass
class Item:
    key: str
    payload: Payload


class LaneWorker:
    """Decodes stored events with the channel's codec and carries out what they mean, a batch
    at a time (one event unless `_take` says)."""

    def __init__(self, inbox: Inbox, decode: Decode, lane_of: Callable[[Payload], str],
                 max_turns: int = 16) -> None:
        self.inbox, self.decode, self.lane_of = inbox, decode, lane_of
        self._slots = asyncio.Semaphore(max_turns)  # the database pool is small
        self._lanes: dict[str, deque[Item]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._held: set[str] = set()  # keys queued or being handled here
        self._idle = asyncio.Event()
        self._idle.set()

    def submit(self, items: Sequence[tuple[str, Payload]]) -> None:
        """Queues stored events this instance holds (already deduplicated), in arrival order;
        an event already queued here is not queued again."""
        for key, payload in items:
            if key in self._held:
                continue
            self._held.add(key)
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

    async def run(self) -> None:
        """Until cancelled, every `lease.sweep` seconds (the first time at once): renews the
        leases of the events held here, then claims the events nobody holds (stored before a
        restart, or by an instance that died) and queues them on their lanes."""
        while True:
            await self.sweep()
            await asyncio.sleep(self.inbox.lease.sweep)

    async def sweep(self) -> int:
        """One renewal and claim; how many events were claimed. A database failure is logged
        and the next sweep tries again."""
        try:
            await self.inbox.renew(sorted(self._held))
            taken = await self.inbox.claim(self.inbox.lease.hold - len(self._held))
        except StoreUnavailable:
            log.warning("inbound %s: the database is unavailable; leases renewed and claimed "
                        "at the next sweep", self.inbox.channel)
            return 0
        except Exception:
            log.exception("inbound %s: renewing or claiming leases failed", self.inbox.channel)
            return 0
        if taken:
            log.info("inbound %s: %d stored events taken over", self.inbox.channel, len(taken))
            self.submit(taken)
        return len(taken)

    async def close(self, release: bool = True) -> None:
        """Stops. Unfinished events stay stored as pending; with `release` their leases are
        given up, so that another instance takes them at once (without, as when the process
        dies, they wait for the lease to run out)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if release and self._held:
            with contextlib.suppress(Exception):
                await self.inbox.release(sorted(self._held))
        self._held.clear()

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
                    self._held.discard(item.key)
        finally:
            if not queue:
                del self._lanes[lane]
            if not self._lanes:
                self._idle.set()

    async def _process(self, batch: list[Item]) -> None:
        # While the database is away (a restart, a failover) the turn is tried again here, in
        # its lane's order; past the last wait it is left to its lease (another sweep claims it).
        for wait in (*STORE_RETRY, None):
            try:
                await self._attempt(batch)
                return
            except StoreUnavailable:
                if wait is None:
                    log.warning("inbound %s: the database is still unavailable; the event "
                                "runs again once its lease ends", self.inbox.channel)
                    return
                log.warning("inbound %s: the database is unavailable; trying the event again "
                            "in %.1f s", self.inbox.channel, wait)
                await asyncio.sleep(wait)

    async def _attempt(self, batch: list[Item]) -> None:
        """One try at a batch; raises `StoreUnavailable` when nothing was kept or marked."""
        turn = self.inbox.turn([item.key for item in batch])
        status = "ignored"
        try:
            await turn.carry_out(await self.decode([item.payload for item in batch]))
        except StoreUnavailable:
            if not turn.finished:
                raise
            log.warning("inbound %s: event done, the step after it failed (database "
                        "unavailable)", self.inbox.channel)
            return
        except Exception:
            if turn.lost:
                log.info("inbound %s event already handled by another instance",
                         self.inbox.channel)
                return
            # The key is left out: a Zalo follow's key carries the citizen's user id.
            log.exception("inbound %s event failed", self.inbox.channel)
            status = "failed"
        try:
            if not turn.finished and not turn.lost:
                await turn.ignore(status)
        except StoreUnavailable:
            raise
        except Exception:
            log.exception("inbound %s event not marked; it runs again once its lease ends",
                          self.inbox.channel)
