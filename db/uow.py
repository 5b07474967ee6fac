"""The unit of work: one session and transaction per incoming event; it alone commits."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.ports import Clock, StoreUnavailable
from db.engine import READ_ONLY
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


_REPOSITORIES: list[str] = []  # the attributes below, forgotten when a unit of work begins


def _of_session(work: SqlUnitOfWork, repository: Any) -> object:
    return repository(work.session, work.clock)


class _Repository:
    """A unit of work's repository, made when first used: its module is imported then, so that a
    command reading three tables does not load the twenty others (with NumPy, asyncpg and the
    PostgreSQL dialect on SQLite)."""

    def __init__(self, module: str, name: str,
                 make: Callable[[SqlUnitOfWork, Any], object] = _of_session) -> None:
        self._module, self._name, self._make = f"db.repositories.{module}", name, make

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute
        _REPOSITORIES.append(attribute)

    def __get__(self, work: SqlUnitOfWork | None, owner: type | None = None) -> Any:
        if work is None:
            return self
        made = self._make(work, getattr(importlib.import_module(self._module), self._name))
        work.__dict__[self._attribute] = made  # found there from now on, for this unit of work
        return made


class SqlUnitOfWork:
    """`read_only`: a reader that never commits; on SQLite it neither waits for the one-writer
    turn nor takes the write lock (a deferred BEGIN reads the last committed state in WAL).
    Its repositories are made when first used; `clock` dates the rows they write."""

    conversations = _Repository("conversations", "SqlConversationRepository")
    citizens = _Repository("citizens", "SqlCitizenRepository")
    tickets = _Repository("tickets", "SqlTicketRepository",
                          lambda work, repository: repository(work.session, work.clock,
                                                              work._contact_key))
    cases = _Repository("cases", "SqlCaseRepository")
    outbox = _Repository("outbox", "SqlOutboxRepository")
    archive = _Repository("archive", "SqlArchiveQueue")
    inbound = _Repository("inbound", "SqlInboundRepository")
    faq = _Repository("faq", "SqlFaqRepository")
    faq_vectors = _Repository("faq_embeddings", "SqlFaqEmbeddingRepository")
    variants = _Repository("faq_variants", "SqlVariantProposalRepository")
    officers = _Repository("officers", "SqlOfficerRepository")
    calendar = _Repository("calendar", "SqlCalendarRepository")
    reminders = _Repository("reminders", "SqlReminderRepository")
    records = _Repository("ticket_records", "SqlTicketRecordRepository")
    forms = _Repository("form_records", "SqlFormRecordRepository")
    answers = _Repository("ticket_answers", "SqlTicketAnswerRepository")
    channel_tokens = _Repository("channel_tokens", "SqlChannelTokenRepository")
    filings = _Repository("filing_log", "SqlFilingLogRepository")
    batches = _Repository("ticket_batches", "SqlTicketBatchRepository",
                          lambda work, repository: repository(work.tickets))
    follow = _Repository("follow", "SqlFollowRepository")
    web_sessions = _Repository("web_sessions", "SqlWebSessionRepository")
    publications = _Repository("publications", "SqlPublicationRepository")

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock,
                 writer: WriterTurn | None = None, read_only: bool = False,
                 contact_key: bytes | None = None) -> None:
        self._sessions = sessions
        self.clock = clock
        self._contact_key = contact_key
        self._writer = writer
        self._holds = False
        self._read_only = read_only

    async def __aenter__(self) -> SqlUnitOfWork:
        if self._writer is not None and not self._read_only:
            self._holds = await self._writer.acquire()
        self.session = self._sessions()
        for name in _REPOSITORIES:  # made again, for this session, when used
            self.__dict__.pop(name, None)
        await self.session.begin()
        if self._read_only:
            await self.session.connection(execution_options={READ_ONLY: True})
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
    `clock` (the application's) dates every row written: the history of a ticket and its
    deadlines read the same time. `contact_key` (set once the database is open) keys the
    contacts' phone hashes."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock,
                 one_writer: bool = False) -> None:
        self._sessions = sessions
        self.clock = clock
        self._writer = WriterTurn() if one_writer else None
        self.contact_key: bytes | None = None

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions, self.clock, self._writer,
                             contact_key=self.contact_key)

    def reader(self) -> SqlUnitOfWork:
        """A unit of work that only reads, without waiting for the writer's turn."""
        return SqlUnitOfWork(self._sessions, self.clock, self._writer, read_only=True,
                             contact_key=self.contact_key)
