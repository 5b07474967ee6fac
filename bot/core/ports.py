"""Ports: what the core needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.core.forms.reception import ReceptionSession
from bot.core.forms.records import FormRecord
from bot.core.messages import CardPost, Reply, UserRef
from bot.core.reminders import ReminderTarget
from bot.core.staff_notices import DigestLine
from bot.core.statistics.answers import TicketAnswer
from bot.core.ticket_export import TicketRecord
from bot.core.tickets import Contact, NewTicket, Ticket
from faq.entries import FaqEntry


@dataclass
class ConversationState:
    """Where a citizen is in a flow, and what they have told us so far."""

    state: str = "idle"
    data: dict[str, Any] = field(default_factory=dict)
    language: str = "vi"
    updated_at: datetime | None = None  # when it was last stored (drafts expire: core.retention)


@dataclass(frozen=True)
class Officer:
    telegram_id: int
    name: str
    role: str  # officer | leader | admin
    unit: str | None = None
    id: int | None = None

    @property
    def is_leader(self) -> bool:
        return self.role in ("leader", "admin")


@dataclass(frozen=True)
class TicketEventView:
    kind: str
    actor: str
    text: str | None
    data: dict[str, Any]
    created_at: datetime


class ConversationRepository(Protocol):
    async def load(self, user: UserRef) -> ConversationState | None: ...
    async def save(self, user: UserRef, state: ConversationState,
                   at: datetime | None = None) -> None: ...
    async def expire_drafts(self, before: datetime) -> int: ...


class CitizenRepository(Protocol):
    async def ensure(self, user: UserRef) -> int: ...
    async def find(self, user: UserRef) -> int | None: ...
    async def identity(self, citizen_id: int, channel: str) -> UserRef | None: ...


class TicketRepository(Protocol):
    async def add(self, ticket: NewTicket, citizen_id: int | None) -> Ticket: ...
    async def by_code(self, code: str) -> Ticket | None: ...
    async def for_citizen(self, citizen_id: int, limit: int = 5) -> Sequence[Ticket]: ...
    async def count_open(self, citizen_id: int) -> int: ...
    async def record_event(
        self, ticket_id: int, kind: str, actor: str, text: str | None = None, **data: Any
    ) -> None: ...
    async def set_rating(self, ticket_id: int, rating: int) -> None: ...
    async def get(self, ticket_id: int) -> Ticket | None: ...
    async def update(self, ticket_id: int, **changes: Any) -> None: ...
    async def contact(self, ticket_id: int) -> Contact | None: ...
    async def history(self, ticket_id: int) -> list[TicketEventView]: ...
    async def overdue(self, now: datetime, limit: int = 50) -> Sequence[Ticket]: ...
    async def open_queue(self, limit: int = 50) -> Sequence[Ticket]: ...
    async def by_staff_message(self, chat_id: int, thread_id: int | None,
                               message_id: int | None) -> Ticket | None: ...
    async def without_card(self, limit: int) -> Sequence[Ticket]: ...
    async def anonymise_contacts(self, closed_before: datetime, types: Sequence[str],
                                 at: datetime) -> list[int]: ...
    async def record_events(self, ticket_ids: Sequence[int], kind: str, actor: str,
                            **data: Any) -> None: ...


class OutboxRepository(Protocol):
    async def add(
        self, user: UserRef, reply: Reply, dedupe_key: str | None = None,
        thread_id: int | None = None, card: CardPost | None = None,
    ) -> None: ...
    async def for_recipient(self, user: UserRef) -> list[Reply]: ...
    async def has_pending(self, user: UserRef) -> bool: ...
    async def purge_delivered(self) -> int: ...


class InboundRepository(Protocol):
    """Updates stored before the platform is acknowledged (DESIGN §4: deduplicated, never lost)."""

    async def store(self, channel: str, items: Sequence[tuple[str, dict]],
                    holder: str | None = None, lease_until: datetime | None = None
                    ) -> list[str]: ...
    async def pending(self, channel: str) -> list[tuple[str, dict]]: ...
    async def claim(self, channel: str, holder: str, now: datetime, lease: timedelta,
                    limit: int = 100) -> list[tuple[str, dict]]: ...
    async def renew(self, channel: str, holder: str, keys: Sequence[str],
                    until: datetime) -> int: ...
    async def release(self, channel: str, holder: str, keys: Sequence[str]) -> None: ...
    async def mark(self, channel: str, keys: Sequence[str], status: str) -> int: ...
    async def purge_finished(self) -> int: ...


class FaqRepository(Protocol):
    async def all(self) -> list[FaqEntry]: ...
    async def upsert(self, entries: Sequence[FaqEntry]) -> int: ...
    async def count(self) -> int: ...


class OfficerRepository(Protocol):
    async def add(self, officer: Officer) -> None: ...
    async def remove(self, telegram_id: int) -> bool: ...
    async def all(self) -> list[Officer]: ...
    async def by_telegram_id(self, telegram_id: int) -> Officer | None: ...
    async def get(self, officer_id: int) -> Officer | None: ...


class ReminderRepository(Protocol):
    async def due(self, now: datetime, limit: int) -> list[ReminderTarget]: ...
    async def reschedule(self, moments: Mapping[int, datetime | None]) -> None: ...
    async def claim(
        self, ticket_id: int, clock: str, kinds: Sequence[str], now: datetime
    ) -> set[str]: ...
    async def digest_lines(
        self, now: datetime, today_end: datetime, next_day_end: datetime, limit: int
    ) -> dict[str, DigestLine]: ...


class TicketRecordRepository(Protocol):
    async def in_period(self, start: datetime, end: datetime) -> list[TicketRecord]: ...


class FormRecordRepository(Protocol):
    """The đơn and reception sessions the Thanh tra forms count (bot.core.forms)."""

    async def in_period(self, start: datetime, end: datetime,
                        categories: Mapping[str | None, str]) -> list[FormRecord]: ...
    async def add_session(self, session: ReceptionSession, actor: str) -> int: ...
    async def sessions(self, first: date, last: date) -> list[ReceptionSession]: ...
    async def known_codes(self, codes: Sequence[str]) -> set[str]: ...


class TicketAnswerRepository(Protocol):
    async def in_period(self, start: datetime, end: datetime) -> dict[str, TicketAnswer]: ...


@dataclass(frozen=True)
class ChannelTokens:
    """A channel's current OAuth token pair (Zalo's refresh tokens are single-use, so the
    rotated pair must outlive the process). `seed` fingerprints the configured refresh token
    the pair grew from; `expires_at` is when the access token runs out, if known. The tokens
    stay out of `repr`, hence out of log lines."""

    access_token: str | None = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_at: datetime | None = None
    seed: str = ""


class ChannelTokenRepository(Protocol):
    async def lock(self, channel: str) -> None: ...
    async def get(self, channel: str) -> ChannelTokens | None: ...
    async def put(self, channel: str, tokens: ChannelTokens) -> None: ...


class FilingLogRepository(Protocol):
    """Filings from limited origins (an `Incoming.origin`), shared by every instance."""

    async def lock(self) -> None: ...
    async def times(self, origin: str, since: datetime) -> list[datetime]: ...
    async def count(self, channel: str, since: datetime) -> int: ...
    async def add(self, channel: str, origin: str, at: datetime) -> None: ...


class WebSessionRepository(Protocol):
    """The web chat's server-issued sessions, by the hash of their token."""

    async def add(self, session_id: str) -> None: ...
    async def exists(self, session_id: str) -> bool: ...
    async def key(self, name: str) -> str: ...


class UnitOfWork(Protocol):
    """One transaction: repositories share it, and nothing is stored until `commit`."""

    conversations: ConversationRepository
    citizens: CitizenRepository
    tickets: TicketRepository
    outbox: OutboxRepository
    inbound: InboundRepository
    faq: FaqRepository
    officers: OfficerRepository
    reminders: ReminderRepository
    records: TicketRecordRepository
    forms: FormRecordRepository
    answers: TicketAnswerRepository
    channel_tokens: ChannelTokenRepository
    filings: FilingLogRepository
    web_sessions: WebSessionRepository

    async def __aenter__(self) -> UnitOfWork: ...
    async def __aexit__(self, *exc: object) -> None: ...
    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...

    def reader(self) -> UnitOfWork:
        """A unit of work that only reads and does not wait for a writer (never commits)."""
        ...


class Clock(Protocol):
    def now(self) -> datetime: ...
