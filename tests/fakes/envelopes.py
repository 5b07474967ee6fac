"""Envelopes as the outbox hands them to a sender, for sender tests that need no database."""

from __future__ import annotations

from bot.core.messages import CardPost, Channel, Reply
from bot.relay.envelope import Envelope, Progress


def envelope(recipient: str | int, reply: Reply, *, thread_id: int | None = None,
             card: CardPost | None = None, progress: Progress | None = None,
             channel: Channel = Channel.TELEGRAM) -> Envelope:
    """A claimed message to `recipient` (its id and attempts do not matter to a sender)."""
    return Envelope(0, channel, str(recipient), reply, thread_id, card, progress or Progress())
