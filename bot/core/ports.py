"""Ports: what the core needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.core.messages import Reply, UserRef
from bot.core.tickets import NewTicket, Ticket, TicketStatus
from faq.entries import FaqEntry


@dataclass
class ConversationState:
    """Where a citizen is in a flow, and what they have told us so far."""

    state: str = "idle"
    data: dict[str, Any] = field(default_factory=dict)
    language: str = "vi"


@dataclass(frozen=True)
class Officer:
    telegram_id: int
    name: str
    role: str  # officer | leader | admin
    unit: str | None = None


class ConversationRepository(Protocol):
    async def load(self, user: UserRef) -> ConversationState | None: ...
    async def save(self, user: UserRef, state: ConversationState) -> None: ...


class CitizenRepository(Protocol):
    async def ensure(self, user: UserRef, display_name: str | None) -> int: ...
    async def find(self, user: UserRef) -> int | None: ...


class TicketRepository(Protocol):
    async def add(self, ticket: NewTicket, citizen_id: int | None) -> Ticket: ...
    async def by_code(self, code: str) -> Ticket | None: ...
    async def for_citizen(self, citizen_id: int, limit: int = 5) -> Sequence[Ticket]: ...
    async def count_open(self, citizen_id: int) -> int: ...
    async def record_event(
        self, ticket_id: int, kind: str, actor: str, text: str | None = None, **data: Any
    ) -> None: ...
    async def set_rating(self, ticket_id: int, rating: int) -> None: ...
    async def set_status(self, ticket_id: int, status: TicketStatus) -> None: ...


class OutboxRepository(Protocol):
    async def add(self, user: UserRef, reply: Reply, dedupe_key: str | None = None) -> None: ...
    async def for_recipient(self, user: UserRef) -> list[Reply]: ...


class FaqRepository(Protocol):
    async def all(self) -> list[FaqEntry]: ...
    async def upsert(self, entries: Sequence[FaqEntry]) -> int: ...
    async def count(self) -> int: ...


class OfficerRepository(Protocol):
    async def add(self, officer: Officer) -> None: ...
    async def remove(self, telegram_id: int) -> bool: ...
    async def all(self) -> list[Officer]: ...
    async def by_telegram_id(self, telegram_id: int) -> Officer | None: ...


class UnitOfWork(Protocol):
    """One transaction: repositories share it, and nothing is stored until `commit`."""

    conversations: ConversationRepository
    citizens: CitizenRepository
    tickets: TicketRepository
    outbox: OutboxRepository
    faq: FaqRepository
    officers: OfficerRepository

    async def __aenter__(self) -> UnitOfWork: ...
    async def __aexit__(self, *exc: object) -> None: ...
    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class DeadlineCalculator(Protocol):
    """The first legal deadline of a new ticket (see `bot.core.deadlines`)."""

    def first_due(self, ticket_type: str, received_at: datetime) -> datetime | None: ...
