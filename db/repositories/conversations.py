"""Conversation state per (channel, user), shared by every channel and instance; filing drafts
left unfinished are emptied once they are older than their time to live."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, cast, select, update

from bot.core.messages import UserRef
from bot.core.ports import ConversationState
from bot.core.retention import DRAFT_EXPIRED, DRAFT_STATE_PREFIX, IDLE
from db.models import ChannelIdentity, Conversation
from db.repositories.base import SqlRepository


class SqlConversationRepository(SqlRepository):
    async def load(self, user: UserRef) -> ConversationState | None:
        query = select(Conversation).where(
            Conversation.channel == user.channel, Conversation.external_id == user.external_id
        )
        if self.dialect == "postgresql":
            query = query.with_for_update()  # serialises one user's turns across instances
        row = await self.session.scalar(query)
        if row is None:
            return None
        return ConversationState(row.state, dict(row.data), row.language, row.updated_at)

    async def save(self, user: UserRef, state: ConversationState,
                   at: datetime | None = None) -> None:
        """Stores the state; `at` (the core's clock) dates it for the draft expiry."""
        row = await self.session.get(Conversation, (str(user.channel), user.external_id))
        if row is None:
            row = Conversation(channel=str(user.channel), external_id=user.external_id)
            self.session.add(row)
        row.state, row.data, row.language = state.state, dict(state.data), state.language
        row.updated_at = at or self.clock.now()

    async def expire_drafts(self, before: datetime) -> int:
        """Empties the filing drafts last touched at or before `before` (the citizen is told
        at their next message), and the last question kept by an idle conversation; returns
        how many. Running it again changes nothing."""
        drafts = await self.session.execute(
            update(Conversation)
            .where(Conversation.state.startswith(DRAFT_STATE_PREFIX, autoescape=True),
                   Conversation.updated_at <= before)
            .values(state=DRAFT_EXPIRED, data={})
        )
        questions = await self.session.execute(
            update(Conversation)
            .where(Conversation.state == IDLE, Conversation.updated_at <= before,
                   cast(Conversation.data, String) != "{}")
            .values(data={})
        )
        return (drafts.rowcount or 0) + (questions.rowcount or 0)

    async def of_citizens(self, citizen_ids: list[int]) -> list[Conversation]:
        """The conversation states of these citizens on every channel (`pakn privacy`)."""
        if not citizen_ids:
            return []
        rows = await self.session.scalars(
            select(Conversation).join(ChannelIdentity, (
                ChannelIdentity.channel == Conversation.channel)
                & (ChannelIdentity.external_id == Conversation.external_id))
            .where(ChannelIdentity.citizen_id.in_(citizen_ids))
            .order_by(Conversation.channel, Conversation.external_id))
        return list(rows)

    async def forget(self, row: Conversation, at: datetime) -> None:
        """Empties a conversation's state (a draft, a kept question): back to the menu."""
        row.state, row.data, row.updated_at = IDLE, {}, at
