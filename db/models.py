"""The tables: citizens and their channel identities, conversations, tickets and their history,
officers, the outbox, stored incoming updates, the FAQ, calendar overrides, sent reminders and
channels' OAuth tokens.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}


class Citizen(Base):
    """A person behind one or more channel identities. No name: a chat display name is an
    identity, and a denouncer's must not outlive the sealed contact (README "Security")."""

    __tablename__ = "citizens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime]


class ChannelIdentity(Base):
    __tablename__ = "channel_identities"
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    # Where the channel answers this identity when its id alone does not reach it (a Zalo chat
    # begun without following the OA: its conversation id).
    reply_to: Mapped[str | None] = mapped_column(String(200))
    unfollowed_at: Mapped[datetime | None]  # stopped following the Zalo OA; no proactive notice


class Conversation(Base):
    __tablename__ = "conversations"
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]]
    language: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(index=True)  # drafts expire (bot.core.retention)


class TicketCounter(Base):
    __tablename__ = "ticket_counters"
    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status_due_at", "status", "due_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    content: Mapped[str] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(60))
    unit: Mapped[str | None] = mapped_column(String(60))
    received_at: Mapped[datetime] = mapped_column(index=True)
    due_at: Mapped[datetime | None]
    clock: Mapped[str] = mapped_column(String(10), default="first")
    extensions_used: Mapped[int] = mapped_column(Integer, default=0)
    accepted_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    consent_at: Mapped[datetime | None]
    publish_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # The urgent tier (bot.core.urgency, migration 0020urgent): flagged when, its first answer
    # due when (working hours, beside the legal due_at), and when that answer came.
    urgent_at: Mapped[datetime | None]
    urgent_due_at: Mapped[datetime | None] = mapped_column(index=True)
    urgent_met_at: Mapped[datetime | None]
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    staff_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    staff_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    staff_message_id: Mapped[int | None] = mapped_column(BigInteger)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    rating: Mapped[int | None] = mapped_column(Integer)
    # When the reminder job should next look at the ticket (bot.core.reminders.times).
    next_reminder_at: Mapped[datetime | None] = mapped_column(index=True)
    # Khiếu nại lần đầu (1) or lần hai (2): the second clock's length (Luật KN Đ28, Đ37).
    complaint_round: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Accepted after the first clock's deadline: late for good (statistics), bot.core.deadlines.
    first_clock_late: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Set while a tạm đình chỉ holds the clock (Luật KN Đ11a); cleared on resumption.
    suspended_at: Mapped[datetime | None]
    # The vụ việc this đơn belongs to with others (issue 17); None: a case of its own.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # When the chat drafted the đơn of a khiếu nại or tố cáo (two stages, migration 0012);
    # `received_at` becomes the day the signed đơn is received.
    drafted_at: Mapped[datetime | None]
    # The required elements of a khiếu nại or tố cáo (bot.core.petition): who is complained
    # against or denounced, the decision, the request, the round, when it was learned of.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # The facts the Thanh tra forms count (bot.core.facts; TT 02/2021/TT-TTCP): how an offline
    # đơn came, who signed it, đủ điều kiện / thuộc thẩm quyền, guided or forwarded, the
    # official content category (None: from the field), the outcome class, and the reply
    # document received for a forwarded đơn.
    intake: Mapped[str | None] = mapped_column(String(12))
    signers: Mapped[str | None] = mapped_column(String(10))
    eligible: Mapped[bool | None] = mapped_column(Boolean)
    competent: Mapped[bool | None] = mapped_column(Boolean)
    handling: Mapped[str | None] = mapped_column(String(12))
    content_category: Mapped[str | None] = mapped_column(String(30))
    outcome: Mapped[str | None] = mapped_column(String(20))
    reply_document: Mapped[str | None] = mapped_column(String(200))
    reply_received_at: Mapped[datetime | None]


class CaseRow(Base):
    """A vụ việc: several đơn about one problem, answered once. `code` is its first ticket's;
    `lead_ticket_id` is the ticket whose card is the case's (no foreign key: tickets already
    point here, and SQLite cannot add a cycle to a filled table)."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(60))
    lead_ticket_id: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime]
    # Its members changed since its card was last edited (the card queuer edits it).
    card_stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0",
                                             index=True)


class ReceptionSession(Base):
    """One lượt tiếp công dân (Luật Tiếp công dân 2013 Đ12, Đ18): counted in Biểu 01/TCD."""

    __tablename__ = "reception_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # thuong_xuyen | dinh_ky | dot_xuat | uy_quyen
    receiver: Mapped[str] = mapped_column(String(200))  # the leader or officer who received
    unit: Mapped[str | None] = mapped_column(String(60))
    people: Mapped[int] = mapped_column(Integer)
    cases: Mapped[int] = mapped_column(Integer, default=1)  # vụ việc raised
    repeat: Mapped[bool] = mapped_column(Boolean, default=False)  # tiếp nhiều lần
    delegation: Mapped[bool] = mapped_column(Boolean, default=False)  # đoàn đông người
    content: Mapped[str] = mapped_column(Text)
    ticket_codes: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime]


class TicketContact(Base):
    """Kept apart from the ticket so that cards and shared exports never load it by accident.
    `phone_hash` is the keyed hash of the normalised phone (bot.core.privacy.phone_digest), the
    index a person is found by; `erased_at` is when the details were emptied (erasure on
    request or the retention job), the row staying as the mark that there was a contact."""

    __tablename__ = "ticket_contacts"
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    # Encrypted at rest (db/contact_cipher.py): "enc1:" and the sealed value, or None.
    name: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    erased_at: Mapped[datetime | None]
    # Who files beyond the name: an organisation's tax code and representative, or the person
    # a representative acts for (migration 0012). Erased with the rest of the contact.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class TicketAttachment(Base):
    __tablename__ = "ticket_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_ref: Mapped[str] = mapped_column(String(300))
    size: Mapped[int | None] = mapped_column(Integer)
    mime: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(300))
    # The agency's own copy (bot/relay/archive.py): its storage reference and SHA-256; until
    # then the attempts to fetch it from the platform, the next one and the last error.
    stored_ref: Mapped[str | None] = mapped_column(String(120))
    sha256: Mapped[str | None] = mapped_column(String(64))
    archived_at: Mapped[datetime | None]
    archive_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    archive_error: Mapped[str | None] = mapped_column(String(200))
    archive_next_at: Mapped[datetime | None]
    archive_failed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class TicketEvent(Base):
    """The audit log: every change and message of a ticket, never deleted."""

    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(60))
    text: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class OfficerRow(Base):
    __tablename__ = "officers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class OutboxMessage(Base):
    """A message to deliver. `body` is kept only until the message is sent or refused for
    good; the row (recipient, dedupe key, times) stays. No hash of the body is kept: the texts
    are templates, so an unkeyed hash could be searched back to the name it carried."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(200))
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))


class InboundUpdate(Base):
    """An update stored before the platform is acknowledged, so none is lost or handled twice.
    The raw `payload` (names, phone numbers, what the citizen typed) is dropped once the update
    is handled; the key (Telegram update_id, Zalo msg_id) stays, so a re-delivery is still
    recognised. A pending update is held by the instance `claimed_by` until `lease_until`; then
    any live instance may claim it."""

    __tablename__ = "inbound_updates"
    __table_args__ = (Index("ix_inbound_updates_claimable", "channel", "status", "lease_until"),)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    update_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    received_at: Mapped[datetime]
    handled_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]


class FaqEntryRow(Base):
    __tablename__ = "faq_entries"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    variants: Mapped[dict[str, Any]]  # {"items": [...]}
    answer: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(60), default="")
    updated_at: Mapped[datetime]


class FaqVariantProposalRow(Base):
    """A question proposed as a variant of an entry (bot.core.faq_learning): redacted, never
    linked to the citizen who asked it; one row per question and entry, counted on recurrence."""

    __tablename__ = "faq_variant_proposals"
    __table_args__ = (UniqueConstraint("question_key", "entry_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    question_key: Mapped[str] = mapped_column(String(64))
    entry_id: Mapped[str] = mapped_column(String(60), index=True)
    source: Mapped[str] = mapped_column(String(12))
    count: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    proposed_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(String(60))
    decided_at: Mapped[datetime | None]
    tapped_at: Mapped[datetime | None]  # the latest tap: the citizen may still object after it
    announced_at: Mapped[datetime | None] = mapped_column(index=True)  # in the admins' digest


class FaqEmbeddingRow(Base):
    """One FAQ text's vector under one sentence model (faq.embedding_cache), stored when the
    text is first embedded so that no restart or other instance embeds it again."""

    __tablename__ = "faq_embeddings"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)  # text_key(model, text)
    model: Mapped[str] = mapped_column(String(100), index=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian


class CalendarOverride(Base):
    __tablename__ = "calendar_overrides"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(300))


class SentReminder(Base):
    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("ticket_id", "clock", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    clock: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime]


class ChannelToken(Base):
    """A channel's current OAuth token pair, shared by every instance and kept across restarts
    (Zalo refresh tokens are single-use). `seed` fingerprints the configured refresh token the
    pair grew from: a different one configured replaces the pair."""

    __tablename__ = "channel_tokens"
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    access_token: Mapped[str | None] = mapped_column(Text)
    refresh_token: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime | None]
    seed: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class WebSession(Base):
    """A web chat session the server issued; `id` is the SHA-256 of the cookie's token, so the
    table never holds a usable token."""

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime]


class WebKey(Base):
    """Server keys shared by every instance (e.g. the key that hashes client addresses) when
    the environment does not set them."""

    __tablename__ = "web_keys"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]


class FilingLogEntry(Base):
    """A ticket filed from a limited origin (the web chat: a keyed hash of the client's address,
    never the address), kept two days for the hourly and daily filing limits."""

    __tablename__ = "filing_log"
    __table_args__ = (Index("ix_filing_log_origin_created_at", "origin", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(index=True)


class FollowLink(Base):
    """A request's personal follow link (GET /tra-cuu#<token>), as the SHA-256 of its token;
    a new link replaces the old one."""

    __tablename__ = "follow_links"
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime]


class FollowAttempt(Base):
    """An attempt to open a request from another device, counted per `scope`: "address" (a
    keyed hash of the client's address) or "code" (a failed attempt on that code)."""

    __tablename__ = "follow_attempts"
    __table_args__ = (Index("ix_follow_attempts_scope_key_created_at", "scope", "key",
                            "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(index=True)


class PublishedAnswerRow(Base):
    """A question and its answer proposed for the public Hỏi - Đáp column, one per ticket: the
    officer's paraphrase (no personal data), the answer, and the leader's decision."""

    __tablename__ = "published_answers"
    __table_args__ = (Index("ix_published_answers_status_published_at", "status",
                            "published_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20))  # draft|proposed|published|rejected|withdrawn
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(60))
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    published_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
