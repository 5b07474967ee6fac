"""The unit of work: one session and transaction per incoming event; it alone commits."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.ports import StoreUnavailable
from db.engine import READ_ONLY
from db.repositories.archive import SqlArchiveQueue
from db.repositories.calendar import SqlCalendarRepository
from db.repositories.cases import SqlCaseRepository
from db.repositories.channel_tokens import SqlChannelTokenRepository
from db.repositories.citizens import SqlCitizenRepository
from db.repositories.conversations import SqlConversationRepository
from db.repositories.faq import SqlFaqRepository
from db.repositories.faq_embeddings import SqlFaqEmbeddingRepository
from db.repositories.faq_variants import SqlVariantProposalRepository
from db.repositories.filing_log import SqlFilingLogRepository
from db.repositories.follow import SqlFollowRepository
from db.repositories.form_records import SqlFormRecordRepository
from db.repositories.inbound import SqlInboundRepository
from db.repositories.officers import SqlOfficerRepository
from db.repositories.outbox import SqlOutboxRepository
from db.repositories.publications import SqlPublicationRepository
from db.repositories.reminders import SqlReminderRepository
from db.repositories.ticket_answers import SqlTicketAnswerRepository
from db.repositories.ticket_batches import SqlTicketBatchRepository
from db.repositories.ticket_records import SqlTicketRecordRepository
from db.repositories.tickets import SqlTicketRepository
from db.repositories.web_sessions import SqlWebSessionRepository
from db.unavailable import unavailable


class WriterTurn:
    """One transaction at a time, handed over in order. SQLite has a single writer anyway; its
    own busy handler makes waiters sleep and poll (up to 100 ms a try), an asyncio lock hands
    over at once. A task already holding it passes straight through."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[object] | None = None

    async def acquire(self) -> bool:
        task = asyncio.current_task()
        if self._owner is task:
            return False
        await self._lock.acquire()
        self._owner = task
        return True

    def release(self) -> None:
        self._owner = None
        self._lock.release()


class SqlUnitOfWork:
    """`read_only`: a reader that never commits; on SQLite it neither waits for the one-writer
    turn nor takes the write lock (a deferred BEGIN reads the last committed state in WAL)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 writer: WriterTurn | None = None, read_only: bool = False,
                 contact_key: bytes | None = None) -> None:
        self._sessions = sessions
        self._contact_key = contact_key
        self._writer = writer
        self._holds = False
        self._read_only = read_only

    async def __aenter__(self) -> SqlUnitOfWork:
        if self._writer is not None and not self._read_only:
            self._holds = await self._writer.acquire()
        self.session = self._sessions()
        await self.session.begin()
        if self._read_only:
            await self.session.connection(execution_options={READ_ONLY: True})
        self.conversations = SqlConversationRepository(self.session)
        self.citizens = SqlCitizenRepository(self.session)
        self.tickets = SqlTicketRepository(self.session, self._contact_key)
        self.cases = SqlCaseRepository(self.session)
        self.outbox = SqlOutboxRepository(self.session)
        self.archive = SqlArchiveQueue(self.session)
        self.inbound = SqlInboundRepository(self.session)
        self.faq = SqlFaqRepository(self.session)
        self.faq_vectors = SqlFaqEmbeddingRepository(self.session)
        self.variants = SqlVariantProposalRepository(self.session)
        self.officers = SqlOfficerRepository(self.session)
        self.calendar = SqlCalendarRepository(self.session)
        self.reminders = SqlReminderRepository(self.session)
        self.records = SqlTicketRecordRepository(self.session)
        self.forms = SqlFormRecordRepository(self.session)
        self.answers = SqlTicketAnswerRepository(self.session)
        self.channel_tokens = SqlChannelTokenRepository(self.session)
        self.filings = SqlFilingLogRepository(self.session)
        self.batches = SqlTicketBatchRepository(self.tickets)
        self.follow = SqlFollowRepository(self.session)
        self.web_sessions = SqlWebSessionRepository(self.session)
        self.publications = SqlPublicationRepository(self.session)
        return self

    async def __aexit__(self, kind: object, error: BaseException | None, _tb: object) -> None:
        try:
            if self.session.in_transaction():
                await self.session.rollback()
        except Exception:
            if error is None or not unavailable(error):
                raise  # with the server gone the rollback fails too; the first error tells
        finally:
            try:
                await self.session.close()
            except Exception:
                if error is None or not unavailable(error):
                    raise
            finally:
                if self._holds and self._writer is not None:
                    self._holds = False
                    self._writer.release()
        if error is not None and not isinstance(error, StoreUnavailable) and unavailable(error):
            # The relay tries the work again instead of apologising for it (bot/relay/lanes.py)
            raise StoreUnavailable(type(error).__name__) from error

    async def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        await self.session.commit()


class SqlUnitOfWorkFactory:
    """Makes a fresh unit of work per event: `async with factory() as uow: ...`.
    `contact_key` (set once the database is open) keys the contacts' phone hashes."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 one_writer: bool = False) -> None:
        self._sessions = sessions
        self._writer = WriterTurn() if one_writer else None
        self.contact_key: bytes | None = None

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions, self._writer, contact_key=self.contact_key)

    def reader(self) -> SqlUnitOfWork:
        """A unit of work that only reads, without waiting for the writer's turn."""
        return SqlUnitOfWork(self._sessions, self._writer, read_only=True,
                             contact_key=self.contact_key)
