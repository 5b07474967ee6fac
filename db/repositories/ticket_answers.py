"""Read-only: when each ticket of a period was first answered (from its history) and how the
citizen rated it, for the period statistics; one query for the whole period.

Selects no event text and never joins ticket_contacts: statistics carry no citizen data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.core.statistics.answers import TicketAnswer
from db.models import TicketRow
from db.repositories.base import SqlRepository
from db.repositories.ticket_records import first_answer_at, may_count_in


class SqlTicketAnswerRepository(SqlRepository):
    async def in_period(self, start: datetime, end: datetime) -> dict[str, TicketAnswer]:
        """By code, for the tickets `records.in_period` returns: the earliest answering event
        (bot.core.statistics.answers.FIRST_ANSWER_EVENTS) and the rating, either None."""
        query = (select(TicketRow.code, first_answer_at(), TicketRow.rating)
                 .where(may_count_in(start, end)))
        return {code: TicketAnswer(answered, rating)
                for code, answered, rating in await self._rows(query)}
