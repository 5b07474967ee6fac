"""The outbox dispatcher: sends a channel's queued messages at once, in order per recipient,
within the platform's rate limits, retrying on failure until sent or refused for good."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Protocol

from bot.core.ports import StoreUnavailable
from bot.relay.envelope import Envelope, Progress
from bot.relay.pacing import Bucket, Limiter, LocalLimiter
from bot.relay.ports import OutboxQueue, RelayUnitOfWorkFactory
from bot.relay.real_time import real_time

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A failed send: `retry_after` from the platform (every chat of the bot waits it out, unless
    `chat_only`: the platform said only this chat is flooded), or `permanent` when retrying is
    futile; `unreachable` when it is the recipient who cannot be reached now (blocked the bot,
    silent too long): the message is held until they write again. `progress`: what of the
    message went out before the failure (None: nothing new), kept so that a retry skips it."""

    def __init__(self, reason: str, *, retry_after: float | None = None, chat_only: bool = False,
                 permanent: bool = False, unreachable: bool = False,
                 progress: Progress | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.chat_only = chat_only
        self.permanent = permanent or unreachable
        self.unreachable = unreachable
        self.progress = progress


class Sender(Protocol):
    """Delivers one claimed message to its recipient on one channel."""

    async def send(self, envelope: Envelope) -> Any: ...  # e.g. a message id
    def pace(self, recipient: str) -> tuple[float, float]: ...  # (burst, messages per second)
    def cost(self, envelope: Envelope) -> int: ...  # the platform's calls it still takes


@dataclass(frozen=True)
class Policy:
    # Telegram: about 30 messages per second per bot. Any rolling second holds at most
    # burst + per_second messages, so 28 + 1 keeps a margin of one under the limit.
    per_second: float = 28.0
    burst: float = 1.0
    base_delay: float = 0.5
    max_delay: float = 300.0
    max_attempts: int = 12  # after ~20 minutes of failures the message is marked failed
    lease: timedelta = timedelta(seconds=15)
    poll: float = 0.5
    batch: int = 60

    def backoff(self, attempts: int) -> float:
        """Exponential, with jitter so that many retries do not fire together."""
        delay = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return float(delay * random.uniform(0.9, 1.1))


# Told the fate of a message queued with a `ref` (Reply.ref): (ref, what `send` returned or
# None, delivered). E.g. the staff desk remembers a prompt's message id, or records that an
# identity could not be delivered.
Receipt = Callable[[str, Any, bool], Awaitable[None]]


class OutboxDispatcher:
    """Polls due outbox rows of one channel and hands them to its sender, one lane per chat."""

    def __init__(self, channel: str, uow: RelayUnitOfWorkFactory, sender: Sender,
                 policy: Policy = Policy(), limiter: Limiter | None = None,
                 on_receipt: Receipt | None = None) -> None:
        self.channel, self._uow, self.sender, self.policy = channel, uow, sender, policy
        # Replaceable until `run()`: the shell shares limits between instances through Redis.
        self.limiter = limiter or LocalLimiter(asyncio.get_running_loop().time)
        self._global = Bucket("global", policy.burst, policy.per_second)
        self._lanes: dict[str, deque[Envelope]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._settling: set[asyncio.Task[None]] = set()  # records of sent messages
        self._inflight: set[int] = set()
        self._wake = asyncio.Event()
        self.on_receipt = on_receipt  # told of a marked message's fate (`Reply.ref`)

    def wake(self) -> None:
        """Something was queued: look now instead of at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Claims and sends due messages until cancelled, renewing the lease of those it holds
        every third of a lease (a message waiting long for its turn in the pacing, or for its
        "sent" to be recorded, is not claimed and sent again by another instance)."""
        loop = asyncio.get_running_loop()
        renew_at = loop.time() + self.policy.lease.total_seconds() / 3
        try:
            while True:
                if loop.time() >= renew_at:
                    renew_at = loop.time() + self.policy.lease.total_seconds() / 3
                    await self._renew()
                try:
                    claimed = await self._claim()
                except StoreUnavailable:
                    log.warning("outbox %s: the database is unavailable", self.channel)
                    claimed = 0
                except Exception:
                    log.exception("outbox %s: claiming failed", self.channel)
                    claimed = 0
                if claimed < self.policy.batch:
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self.policy.poll)
        finally:
            for task in self._tasks:
                task.cancel()
            # Let each sender unwind (roll back, return its connection) before we return, and
            # each sent message be marked sent, or it would go again after a restart.
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await asyncio.gather(*self._settling, return_exceptions=True)

    async def _renew(self) -> None:
        if not self._inflight:
            return
        try:
            async with self._uow() as work:
                await work.outbox.renew(sorted(self._inflight), real_time() + self.policy.lease)
                await work.commit()
        except Exception as error:  # the next renewal tries again
            log.warning("outbox %s: renewing leases failed (%s)", self.channel,
                        type(error).__name__)

    async def _claim(self) -> int:
        room = self.policy.batch - len(self._inflight)
        if room <= 0:
            return 0
        async with self._uow() as work:
            rows = await work.outbox.claim(self.channel, real_time(), self.policy.lease,
                                           frozenset(self._inflight), limit=room)
            await work.commit()
        for envelope in rows:
            self._inflight.add(envelope.id)
            self._lanes.setdefault(envelope.recipient, deque()).append(envelope)
            if len(self._lanes[envelope.recipient]) == 1:
                task = asyncio.create_task(self._drain(envelope.recipient))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        return len(rows)

    async def _drain(self, recipient: str) -> None:
        lane = self._lanes[recipient]
        try:
            while lane:
                if not await self._deliver(lane[0]):
                    self._inflight.discard(lane[0].id)
                lane.popleft()
        finally:
            if not lane:
                del self._lanes[recipient]

    async def _deliver(self, envelope: Envelope) -> bool:
        """Sends one message, retrying in place so that later ones to the chat wait their turn;
        True when sent, its record then being written while the lane goes on (a lane waiting
        for the database would leave its turn in the pacing unused)."""
        attempts, message_id = envelope.attempts, envelope.id
        while True:
            await self._pace(envelope.recipient, max(1, self.sender.cost(envelope)))
            try:
                sent = await self.sender.send(envelope)
            except DeliveryError as error:
                if error.permanent or attempts + 1 >= self.policy.max_attempts:
                    if error.unreachable and envelope.reply.hold:  # sent when they write
                        log.warning("outbox %s: message %d held: %s", self.channel, message_id,
                                    error)
                        await self._record(lambda q: q.hold, message_id, str(error))
                    else:
                        log.warning("outbox %s: message %d failed: %s", self.channel, message_id,
                                    error)
                        await self._record(lambda q: q.mark_failed, message_id, str(error))
                    await self._report(envelope, None, delivered=False)
                    return False
                if error.retry_after is None:
                    attempts += 1
                elif not error.chat_only:  # the bot is flooded: no chat sends until it passes
                    await self.limiter.pause(self.channel, error.retry_after)
                    log.warning("outbox %s: the platform asks to wait %.1fs; every send waits",
                                self.channel, error.retry_after)
                delay = error.retry_after or self.policy.backoff(attempts)
                log.info("outbox %s: message %d retried in %.1fs (%s)", self.channel, message_id,
                         delay, error)
                if error.progress is not None and error.progress != envelope.progress:
                    envelope = replace(envelope, progress=error.progress)
                    await self._record(lambda q: q.note_progress, message_id, error.progress)
                await self._record(lambda q: q.retry_later, message_id,
                                   timedelta(seconds=delay) + self.policy.lease, str(error))
                await asyncio.sleep(delay)
            else:
                task = asyncio.create_task(self._settle(envelope, sent))
                self._settling.add(task)
                task.add_done_callback(self._settling.discard)
                return True

    async def _settle(self, envelope: Envelope, sent: Any) -> None:
        try:
            await self._record(lambda q: q.mark_sent, envelope.id)
            await self._report(envelope, sent, delivered=True)
        finally:
            self._inflight.discard(envelope.id)  # not claimed again before it is marked sent

    async def _report(self, envelope: Envelope, sent: Any, delivered: bool) -> None:
        ref = envelope.reply.ref
        if ref is None or self.on_receipt is None:
            return
        try:
            await self.on_receipt(ref, sent, delivered)
        except Exception:  # the message's own fate is recorded; the report is a courtesy
            log.exception("outbox %s: reporting a delivery failed", self.channel)

    async def _pace(self, recipient: str, cost: int) -> None:
        """Waits out the channel's pause, then takes this chat's and the bot's tokens, one of
        each per call the message takes; a pause begun while waiting for them is waited out
        too, and the tokens taken again."""
        own = Bucket(f"chat:{recipient}", *self.sender.pace(recipient))
        while True:
            held = await self.limiter.held(self.channel)
            if held > 0:
                await asyncio.sleep(held)
                continue
            wait = await self.limiter.delay(self.channel, (own, self._global) * cost)
            if wait <= 0:
                return
            await asyncio.sleep(wait)
            if await self.limiter.held(self.channel) <= 0:
                return

    async def _record(self, outcome: Callable[[OutboxQueue], Callable[..., Awaitable[None]]],
                      *args: Any) -> None:
        """Stores a delivery outcome (`outcome` picks the queue's method), retried until it is
        stored: a "sent" given up would send the message again once its lease ran out. A busy
        database (SQLite's one writer under a burst) only delays it."""
        attempt = 0
        while True:
            try:
                async with self._uow() as work:
                    await outcome(work.outbox)(*args)
                    await work.commit()
                return
            except StoreUnavailable:
                if attempt % 10 == 0:
                    log.warning("outbox %s: the database is unavailable; recording an outcome "
                                "again shortly", self.channel)
            except Exception:
                if attempt % 10 == 0:  # said once, then every tenth try
                    log.exception("outbox %s: recording an outcome failed", self.channel)
            # At most a second apart: once the database is back, a "sent" must land before the
            # message's lease runs out, or another instance sends it again.
            await asyncio.sleep(min(1.0, 0.2 * 2 ** attempt))
            attempt += 1
