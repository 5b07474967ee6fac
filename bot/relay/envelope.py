"""What a sender is handed: one queued message as typed values (`Envelope`), with what of it
went out before a failure (`Progress`), so that a retry sends nothing twice."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.messages import CardPost, Channel, Reply


@dataclass(frozen=True)
class Progress:
    """What of a message went out already: the parts of a split message (text pieces, then
    its file), or a ticket card's steps (its forum topic, the card, the files beneath it)."""

    parts_sent: int = 0
    topic: int | None = None  # the forum topic created for a card
    card_message_id: int | None = None  # the card, once posted
    files_done: int = 0  # the ticket's files copied beneath the card
    forum_checks: int = 0  # getChat tries that failed (handlers/telegram/cards.py)


@dataclass(frozen=True)
class Envelope:
    """A claimed message: who it goes to, the core's reply (a ticket's card if `card`), the
    forum topic it goes to, what of it went out and the attempts made so far."""

    id: int
    channel: Channel
    recipient: str
    reply: Reply
    thread_id: int | None = None  # a forum topic of the staff group, given when queued
    card: CardPost | None = None
    progress: Progress = field(default_factory=Progress)
    attempts: int = 0

    @property
    def thread(self) -> int | None:
        """Where the message goes: the topic it was queued for, or the one made for its card."""
        return self.thread_id if self.thread_id is not None else self.progress.topic
