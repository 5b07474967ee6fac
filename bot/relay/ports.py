"""The relay's ports: the outbox as a queue the dispatcher claims from, with one named method per
outcome, and the unit of work that offers it (the SQL unit of work satisfies both)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.ports import OutboxRepository, UnitOfWork
from bot.relay.envelope import Envelope, Progress


class OutboxQueue(OutboxRepository, Protocol):
    async def claim(self, channel: str, now: datetime, lease: timedelta,
                    exclude: frozenset[int] = frozenset(), limit: int = 50) -> list[Envelope]: ...
    async def renew(self, message_ids: list[int], until: datetime) -> None: ...
    async def mark_sent(self, message_id: int) -> None: ...
    async def mark_failed(self, message_id: int, error: str) -> None: ...
    async def hold(self, message_id: int, error: str) -> None: ...
    async def retry_later(self, message_id: int, delay: timedelta, error: str) -> None: ...
    async def note_progress(self, message_id: int, progress: Progress) -> None: ...


@dataclass(frozen=True)
class PendingFile:
    """An attachment kept only by the platform's reference, waiting to be archived."""

    id: int
    file_ref: str
    kind: str
    mime: str | None
    name: str | None
    attempts: int
    ticket_id: int


class ArchiveQueue(Protocol):
    async def due(self, channel: str, now: datetime, limit: int) -> list[PendingFile]: ...
    async def kept(self, attachment_id: int, stored_ref: str, sha256: str, size: int,
                   at: datetime) -> None: ...
    async def failed(self, attachment_id: int, reason: str, at: datetime, attempts: int,
                     final: bool) -> None: ...


class RelayUnitOfWork(UnitOfWork, Protocol):
    outbox: OutboxQueue
    archive: ArchiveQueue

    async def __aenter__(self) -> RelayUnitOfWork: ...


class RelayUnitOfWorkFactory(Protocol):
    def __call__(self) -> RelayUnitOfWork: ...
