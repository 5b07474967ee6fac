"""Incoming updates of a channel: stored before the platform is acknowledged, leased to the
instance that stored them (any live instance claims them once the lease runs out), then handled
once, with the turn, its queued replies and the update's `handled` mark in one transaction."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.core.clock import SystemClock
from bot.core.conversation import ConversationService
from bot.core.messages import Channel, Incoming, Reply, UserRef
from bot.core.ports import Clock, StoreUnavailable, UnitOfWork, UnitOfWorkFactory
from bot.core.staff.desk import StaffDesk
from bot.core.staff.model import StaffEvent, StaffOutcome
from bot.relay.decoded import CitizenTurn, Decoded, Ignore, Notice, StaffAction, Subscription

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lease:
    """How long an instance holds the updates it stored or claimed without renewing them (a
    dead instance's updates wait this long at most), how often a running instance renews its
    leases and claims expired ones, and how many updates it holds at most."""

    length: timedelta = timedelta(seconds=15)
    sweep: float = 5.0
    hold: int = 500


class AlreadyHandled(Exception):
    """Another instance finished these updates first (its lease had run out on ours)."""


def instance_name() -> str:
    """This process's name in `claimed_by`: host, pid and a random tail (pids are reused)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Inbox:
    """One channel's stored updates; `turn(keys)` handles some of them exactly once. `clock`
    times the leases (the system's by default), `holder` names this instance."""

    def __init__(self, channel: str, uow: UnitOfWorkFactory, conversation: ConversationService,
                 on_queued: Callable[[], None] = lambda: None, *, lease: Lease = Lease(),
                 clock: Clock | None = None, holder: str | None = None,
                 desk: StaffDesk | None = None) -> None:
        self.channel = channel
        self._uow = uow
        self.conversation = conversation
        self.desk = desk  # the staff desk, on the channel of the staff group
        self.on_queued = on_queued  # e.g. wakes the outbox dispatcher
        self.lease = lease
        self.clock = clock or SystemClock()
        self.holder = holder or instance_name()

    async def store(self, items: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
        """Stores a batch of updates, leased to this instance; returns the keys never seen
        before (this instance handles them)."""
        until = self.clock.now() + self.lease.length
        async with self._uow() as work:
            new = await work.inbound.store(self.channel, items, self.holder, until)
            await work.commit()
        return new

    async def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """Stored updates not handled yet, held or not, oldest first."""
        async with self._uow() as work:
            return await work.inbound.pending(self.channel)

    async def claim(self, limit: int) -> list[tuple[str, dict[str, Any]]]:
        """Takes up to `limit` pending updates no live instance holds (never leased, or the
        holder stopped renewing), oldest first, leased to this instance."""
        if limit <= 0:
            return []
        async with self._uow() as work:
            taken = await work.inbound.claim(self.channel, self.holder, self.clock.now(),
                                             self.lease.length, limit)
            await work.commit()
        return taken

    async def renew(self, keys: Sequence[str]) -> None:
        """Keeps holding the updates waiting in this instance's lanes."""
        if keys:
            async with self._uow() as work:
                await work.inbound.renew(self.channel, self.holder, keys,
                                         self.clock.now() + self.lease.length)
                await work.commit()

    async def release(self, keys: Sequence[str]) -> None:
        """Lets go of updates this instance will not handle (it is stopping)."""
        if keys:
            async with self._uow() as work:
                await work.inbound.release(self.channel, self.holder, keys)
                await work.commit()

    def turn(self, keys: Sequence[str]) -> InboundTurn:
        """The handling of the stored updates `keys` (several for an album)."""
        return InboundTurn(self, tuple(keys))


class InboundTurn:
    """Finishes stored updates once: through the core, with a catalog notice, or ignored."""

    async def carry_out(self, decoded: Decoded) -> None:
        """What the channel's codec made of the updates, done once; then the adapter's step
        (not when another instance had finished them first: nothing was done here)."""
        outcome: StaffOutcome | None = None
        match decoded:
            case CitizenTurn(event=event):
                await self.handle(event)
            case Notice(user=user, key=key, values=values, reply_to=reply_to):
                await self.notice(user, key, reply_to, **values)
            case Subscription(user=user, following=following, greeting=greeting):
                await self.subscription(user, following, greeting)
            case StaffAction(event=event, chat_id=chat_id, thread_id=thread_id):
                if self.inbox.desk is None:
                    raise LookupError("a staff action on a channel without the staff desk")
                outcome = await self.staff(self.inbox.desk, event, chat_id, thread_id)
            case Ignore(status=status):
                await self.ignore(status)
        if decoded.then is not None and not self.lost:
            await decoded.then(outcome)

    def __init__(self, inbox: Inbox, keys: tuple[str, ...]) -> None:
        self.inbox = inbox
        self.keys = keys
        self.finished = False
        self.lost = False  # another instance finished the updates first: nothing was done

    async def handle(self, event: Incoming) -> list[Reply]:
        """Runs the core's turn in a transaction the relay owns: the turn, its queued replies
        and the updates' mark commit together (rolled back whole if another instance marked
        them first); its FAQ match is made before. A failed turn is rolled back and the citizen
        told politely."""
        conversation = self.inbox.conversation
        async with conversation.hold(event.user):
            try:
                await conversation.prepare(event)  # the FAQ match, before the write lock
                async with self.inbox._uow() as work:
                    replies = await conversation.turn(event, work)
                    await self._finish(work, event.user, replies, "handled")
                    await work.commit()
                self.finished = True
            except AlreadyHandled:
                return []
            except StoreUnavailable:
                raise  # nothing was kept: the turn runs again, no apology (bot/relay/lanes.py)
            except Exception:
                replies = conversation.failed(event)
                await self._close(event.user, replies, "handled")
        self.inbox.on_queued()
        return replies

    async def notice(self, user: UserRef, key: str, reply_to: str | None = None,
                     **values: object) -> None:
        """Answers with one catalog text without a turn (stickers, edits, too many messages),
        in the language of the citizen's conversation; `reply_to` is remembered first, as a
        turn would (someone whose first message is a sticker is answered too), and what was
        held while they were out of reach goes first, as after a turn."""
        catalog = self.inbox.conversation.deps.catalog
        try:
            async with self.inbox._uow() as work:
                if reply_to:
                    await work.citizens.ensure(user)
                    await work.citizens.remember_reply_to(user, reply_to)
                state = await work.conversations.load(user)
                language = state.language if state else catalog.default
                replies = [Reply(catalog.text(key, language, **values))]
                if released := await work.outbox.release_held(user):
                    replies.append(Reply(catalog.text("delivery.released", language,
                                                      count=released)))
                await self._finish(work, user, replies, "handled")
                await work.commit()
            self.finished = True
        except AlreadyHandled:
            return
        self.inbox.on_queued()

    async def subscription(self, user: UserRef, following: bool,
                           greeting: Incoming | None) -> None:
        """Records a follow or an unfollow; then the greeting's turn, which marks the update
        (recorded twice if the update comes again: the same fact)."""
        now = self.inbox.conversation.deps.clock.now()
        try:
            async with self.inbox._uow() as work:
                await work.citizens.set_following(user, following, now)
                if greeting is None:
                    await self._finish(work, None, [], "handled")
                await work.commit()
        except AlreadyHandled:
            return
        if greeting is None:
            self.finished = True
        else:
            await self.handle(greeting)

    async def staff(self, desk: StaffDesk, event: StaffEvent, chat_id: int,
                    thread_id: int | None) -> StaffOutcome:
        """Runs an officer's action in a transaction the relay owns: the action, its replies
        to the group (in the same topic) and the updates' mark commit together; the FAQ
        entries it ranks are ranked before."""
        await desk.prepare(event)  # the sentence model's work, before the write lock
        try:
            async with self.inbox._uow() as work:
                outcome = await desk.act(event, work)
                await self._mark(work, "staff")
                for number, reply in enumerate(outcome.replies):
                    dedupe = f"{self.inbox.channel}:in:{self.keys[0]}:{number}"
                    await work.outbox.add(UserRef(Channel.TELEGRAM, str(chat_id)), reply,
                                          dedupe_key=dedupe, thread_id=thread_id)
                await work.commit()
        except AlreadyHandled:
            return StaffOutcome()
        self.finished = True
        await desk.settle(outcome)
        self.inbox.on_queued()
        return outcome

    async def ignore(self, status: str = "ignored") -> None:
        """Marks the updates done without answering (staff chat, other groups, floods)."""
        await self._close(None, [], status)

    async def _close(self, user: UserRef | None, replies: list[Reply], status: str) -> None:
        try:
            async with self.inbox._uow() as work:
                await self._finish(work, user, replies, status)
                await work.commit()
            self.finished = True
        except AlreadyHandled:
            return

    async def _mark(self, work: UnitOfWork, status: str) -> None:
        """Marks the updates; raises (so that the transaction rolls back) when another instance
        marked any of them first."""
        if await work.inbound.mark(self.inbox.channel, self.keys, status) < len(self.keys):
            self.lost = True
            raise AlreadyHandled(self.inbox.channel)

    async def _finish(self, work: UnitOfWork, user: UserRef | None, replies: list[Reply],
                      status: str) -> None:
        await self._mark(work, status)
        for number, reply in enumerate(replies):
            assert user is not None, "replies need a recipient"
            dedupe = f"{self.inbox.channel}:in:{self.keys[0]}:{number}"
            await work.outbox.add(user, reply, dedupe_key=dedupe)
