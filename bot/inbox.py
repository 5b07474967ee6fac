"""Incoming updates of a channel: stored before the platform is acknowledged, then handled once,
with the turn, its queued replies and the update's `handled` mark in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from bot.core.conversation import ConversationService
from bot.core.messages import Channel, Incoming, Reply, UserRef
from bot.core.ports import UnitOfWork, UnitOfWorkFactory
from bot.core.staff.desk import StaffDesk
from bot.core.staff.model import StaffEvent, StaffOutcome

log = logging.getLogger(__name__)


class Inbox:
    """One channel's stored updates; `turn(keys)` handles some of them exactly once."""

    def __init__(self, channel: str, uow: UnitOfWorkFactory, conversation: ConversationService,
                 on_queued: Callable[[], None] = lambda: None) -> None:
        self.channel = channel
        self._uow = uow
        self.conversation = conversation
        self.on_queued = on_queued  # e.g. wakes the outbox dispatcher

    async def store(self, items: Sequence[tuple[str, dict]]) -> list[str]:
        """Stores a batch of updates; returns the keys never seen before."""
        async with self._uow() as work:
            new = await work.inbound.store(self.channel, items)
            await work.commit()
        return new

    async def pending(self) -> list[tuple[str, dict]]:
        """Stored updates not handled yet (after a crash or restart), oldest first."""
        async with self._uow() as work:
            return await work.inbound.pending(self.channel)

    def turn(self, keys: Sequence[str]) -> InboundTurn:
        """The handling of the stored updates `keys` (several for an album)."""
        return InboundTurn(self, tuple(keys))


class InboundTurn:
    """Finishes stored updates once: through the core, with a catalog notice, or ignored."""

    def __init__(self, inbox: Inbox, keys: tuple[str, ...]) -> None:
        self.inbox = inbox
        self.keys = keys
        self.finished = False

    async def handle(self, event: Incoming) -> list[Reply]:
        """Runs the core; replies are queued and the updates marked in the turn's transaction."""

        async def within(work: UnitOfWork, replies: list[Reply]) -> None:
            await self._finish(work, event.user, replies, "handled")

        replies = await self.inbox.conversation.handle(event, before_commit=within)
        if not self.finished:  # refused before the turn (too long) or rolled back (an error)
            await self._close(event.user, replies, "handled")
        self.inbox.on_queued()
        return replies

    async def notice(self, user: UserRef, key: str, **values: object) -> None:
        """Answers with one catalog text without a turn (stickers, edits, too many messages),
        in the language of the citizen's conversation."""
        catalog = self.inbox.conversation.deps.catalog
        async with self.inbox._uow() as work:
            state = await work.conversations.load(user)
            text = catalog.text(key, state.language if state else catalog.default, **values)
            await self._finish(work, user, [Reply(text)], "handled")
            await work.commit()
        self.inbox.on_queued()

    async def staff(self, desk: StaffDesk, event: StaffEvent, chat_id: int,
                    thread_id: int | None) -> StaffOutcome:
        """Runs an officer's action; its replies to the group (in the same topic) are queued
        and the updates marked in the action's transaction."""

        async def within(work: UnitOfWork, outcome: StaffOutcome) -> None:
            await work.inbound.mark(self.inbox.channel, self.keys, "staff")
            for number, reply in enumerate(outcome.replies):
                dedupe = f"{self.inbox.channel}:in:{self.keys[0]}:{number}"
                await work.outbox.add(UserRef(Channel.TELEGRAM, str(chat_id)), reply,
                                      dedupe_key=dedupe, thread_id=thread_id)
            self.finished = True

        outcome = await desk.handle(event, before_commit=within)
        self.inbox.on_queued()
        return outcome

    async def ignore(self, status: str = "ignored") -> None:
        """Marks the updates done without answering (staff chat, other groups, floods)."""
        await self._close(None, [], status)

    async def _close(self, user: UserRef | None, replies: list[Reply], status: str) -> None:
        async with self.inbox._uow() as work:
            await self._finish(work, user, replies, status)
            await work.commit()

    async def _finish(self, work: UnitOfWork, user: UserRef | None, replies: list[Reply],
                      status: str) -> None:
        await work.inbound.mark(self.inbox.channel, self.keys, status)
        for number, reply in enumerate(replies):
            dedupe = f"{self.inbox.channel}:in:{self.keys[0]}:{number}"
            await work.outbox.add(user, reply, dedupe_key=dedupe)
        self.finished = True
