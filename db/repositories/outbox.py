"""The outbox: messages to deliver, written in the transaction of the change that caused them.
A body (which may carry a citizen's name or a revealed identity) is kept only until the message
is sent or refused for good; the row and its dedupe key stay."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import null, select, update

from bot.core.messages import CardPost, Reply, UserRef
from bot.relay import outbox_body
from bot.relay.envelope import Envelope, Progress
from bot.relay.real_time import real_time
from db.models import OutboxMessage
from db.repositories.base import SqlRepository


def _envelope(row: OutboxMessage) -> Envelope:
    """The row as a sender sees it (bot/relay/outbox_body.py reads the body)."""
    return outbox_body.decode(row.id, row.channel, row.recipient, row.body or {}, row.attempts)


HELD = "held"  # the recipient cannot be reached now; sent when they write again
HANDED_OVER = "handed_over"  # an officer gave its content by phone or post; never sent


class SqlOutboxRepository(SqlRepository):
    async def add(
        self, user: UserRef, reply: Reply, dedupe_key: str | None = None,
        thread_id: int | None = None, card: CardPost | None = None,
    ) -> None:
        """Queues `reply` (a ticket's card, if `card`); a `dedupe_key` seen before queues
        nothing."""
        if dedupe_key and await self.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        ):
            return
        # Due at once on the dispatcher's real time (bot/relay/real_time.py); dated by ours.
        self.session.add(OutboxMessage(
            channel=str(user.channel), recipient=user.external_id,
            body=outbox_body.encode(reply, thread_id, card), dedupe_key=dedupe_key,
            status="pending", attempts=0, next_attempt_at=real_time(),
            created_at=self.clock.now(),
        ))

    async def has_pending(self, user: UserRef) -> bool:
        """Whether a polling recipient has anything waiting (a read, no lock taken)."""
        query = (select(OutboxMessage.id)
                 .where(OutboxMessage.channel == str(user.channel),
                        OutboxMessage.recipient == user.external_id,
                        OutboxMessage.status == "pending")
                 .limit(1))
        return await self.session.scalar(query) is not None

    async def for_recipient(self, user: UserRef) -> list[Reply]:
        """Takes the pending messages of one recipient (channels the citizen polls, e.g. web)."""
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.channel == str(user.channel),
                   OutboxMessage.recipient == user.external_id,
                   OutboxMessage.status == "pending")
            .order_by(OutboxMessage.id)
        )
        rows = list(await self.session.scalars(query))
        replies = [_envelope(row).reply for row in rows if row.body is not None]
        for row in rows:
            row.status, row.sent_at, row.body = "sent", self.clock.now(), None
        return replies

    async def mark_sent(self, message_id: int) -> None:
        """Records the delivery and drops the body."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id)
            .values(status="sent", sent_at=self.clock.now(), body=null())
        )

    async def retry_later(self, message_id: int, delay: timedelta, error: str) -> None:
        row = await self.session.get(OutboxMessage, message_id)
        if row is not None:
            row.attempts += 1
            row.next_attempt_at = real_time() + delay
            row.last_error = error[:300]

    async def claim(self, channel: str, now: datetime, lease: timedelta,
                    exclude: frozenset[int] = frozenset(), limit: int = 50) -> list[Envelope]:
        """Takes due messages for sending, hidden from other senders until `now + lease`."""
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.channel == channel, OutboxMessage.status == "pending",
                   OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id).limit(limit)
        )
        if exclude:
            query = query.where(OutboxMessage.id.not_in(list(exclude)))
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = list(await self.session.scalars(query))
        for row in rows:
            row.next_attempt_at = now + lease
        return [_envelope(row) for row in rows]

    async def renew(self, message_ids: list[int], until: datetime) -> None:
        """Keeps claimed messages hidden from other senders until `until` (never sooner)."""
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == "pending",
                   OutboxMessage.next_attempt_at < until)
            .values(next_attempt_at=until)
        )

    async def mark_failed(self, message_id: int, error: str) -> None:
        """Gives up on a message the platform refuses for good (blocked bot, bad chat); the
        body is dropped, since it will never be sent."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id)
            .values(status="failed", last_error=error[:300], body=null())
        )

    async def hold(self, message_id: int, error: str) -> None:
        """Keeps a message its recipient cannot be sent now (blocked the bot, silent too long),
        body and all, until they write again (`release_held`) or an officer hands it over."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id)
            .values(status=HELD, last_error=error[:300])
        )

    async def release_held(self, user: UserRef) -> int:
        """Queues again, oldest first, what was held for a citizen who has just written."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.channel == str(user.channel),
                   OutboxMessage.recipient == user.external_id, OutboxMessage.status == HELD)
            .values(status="pending", attempts=0, next_attempt_at=real_time())
        )
        return result.rowcount or 0

    async def hand_over(self, user: UserRef, ref: str) -> int:
        """Drops the held messages marked `ref` (e.g. a ticket's notices): an officer gave the
        citizen their content by phone or by post. Their count."""
        query = select(OutboxMessage).where(
            OutboxMessage.channel == str(user.channel),
            OutboxMessage.recipient == user.external_id, OutboxMessage.status == HELD)
        rows = [row for row in await self.session.scalars(query)
                if row.body is not None and _envelope(row).reply.ref == ref]
        for row in rows:
            row.status, row.body = HANDED_OVER, None
        return len(rows)

    async def purge_delivered(self) -> int:
        """Drops the body of every message sent or refused that still holds one; their count."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status.not_in(("pending", HELD)),
                   OutboxMessage.body.is_not(None))
            .values(body=null())
        )
        return result.rowcount or 0

    async def note_progress(self, message_id: int, progress: Progress) -> None:
        """Remembers what of a message went out (the parts of a split message, a card's topic
        and message id), so a retry does not send it again."""
        row = await self.session.get(OutboxMessage, message_id)
        if row is not None and row.body is not None:
            row.body = {**row.body, **outbox_body.encode_progress(progress)}
