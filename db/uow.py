"""The unit of work: one session and transaction per incoming event; it alone commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.calendar import SqlCalendarRepository
from db.repositories.citizens import SqlCitizenRepository
from db.repositories.conversations import SqlConversationRepository
from db.repositories.faq import SqlFaqRepository
from db.repositories.inbound import SqlInboundRepository
from db.repositories.officers import SqlOfficerRepository
from db.repositories.outbox import SqlOutboxRepository
from db.repositories.reminders import SqlReminderRepository
from db.repositories.ticket_records import SqlTicketRecordRepository
from db.repositories.tickets import SqlTicketRepository


class SqlUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        await self.session.begin()
        self.conversations = SqlConversationRepository(self.session)
        self.citizens = SqlCitizenRepository(self.session)
        self.tickets = SqlTicketRepository(self.session)
        self.outbox = SqlOutboxRepository(self.session)
        self.inbound = SqlInboundRepository(self.session)
        self.faq = SqlFaqRepository(self.session)
        self.officers = SqlOfficerRepository(self.session)
        self.calendar = SqlCalendarRepository(self.session)
        self.reminders = SqlReminderRepository(self.session)
        self.records = SqlTicketRecordRepository(self.session)
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            if self.session.in_transaction():
                await self.session.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()


class SqlUnitOfWorkFactory:
    """Makes a fresh unit of work per event: `async with factory() as uow: ...`."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions)
