"""Conversation state per (channel, user), shared by every channel and instance."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.messages import UserRef
from bot.core.ports import ConversationState
from db.models import Conversation
from db.repositories.base import SqlRepository, utcnow


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
        return ConversationState(row.state, dict(row.data), row.language)

    async def save(self, user: UserRef, state: ConversationState) -> None:
        row = await self.session.get(Conversation, (str(user.channel), user.external_id))
        if row is None:
            row = Conversation(channel=str(user.channel), external_id=user.external_id)
            self.session.add(row)
        row.state, row.data, row.language = state.state, dict(state.data), state.language
        row.updated_at = utcnow()
