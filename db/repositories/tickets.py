"""Tickets: numbering, storing, looking up, and the event history that is never deleted."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, cast, func, insert, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.messages import Attachment, Channel
from bot.core.ports import Clock, TicketEventView
from bot.core.privacy import phone_digest
from bot.core.tickets import (
    OPEN_STATUSES,
    PENDING_STATUSES,
    PREFIXES,
    SEALED_IDENTITY,
    Contact,
    NewTicket,
    Ticket,
    TicketStatus,
    TicketType,
    format_code,
)
from db.contact_cipher import FIELDS, PREFIX, ContactCipher, ContactKeyError
from db.models import (
    CaseRow,
    OutboxMessage,
    TicketAttachment,
    TicketContact,
    TicketCounter,
    TicketEvent,
    TicketRow,
)
from db.repositories.base import SqlRepository

CHUNK = 5000  # ids per IN (...): well under every driver's parameter limit
# A ticket whose details hold a map location: a cheap test in SQL, checked again in Python.
_HAS_LOCATION = cast(TicketRow.details, String).like('%"location"%')


def _stored(file_ref: str) -> str | None:
    return file_ref if file_ref.startswith("stored:") else None  # a web upload


def _attachment_row(ticket_id: int, file: Attachment) -> TicketAttachment:
    """A file's row; a name or type longer than its column (a client may send any) is cut to
    fit, as PostgreSQL refuses the whole filing otherwise."""
    mime_max, name_max = TicketAttachment.mime.type.length, TicketAttachment.name.type.length
    return TicketAttachment(ticket_id=ticket_id, kind=file.kind, file_ref=file.file_ref,
                            size=file.size, mime=file.mime[:mime_max] if file.mime else file.mime,
                            name=file.name[:name_max] if file.name else file.name)


def to_ticket(row: TicketRow, attachments: Sequence[TicketAttachment] = ()) -> Ticket:
    return Ticket(
        id=row.id, code=row.code, type=TicketType(row.type), status=TicketStatus(row.status),
        channel=Channel(row.channel), content=row.content, received_at=row.received_at,
        due_at=row.due_at, field=row.field, citizen_id=row.citizen_id,
        resolved_at=row.resolved_at, rating=row.rating,
        attachments=tuple(Attachment(a.kind, a.file_ref, a.size, a.mime, a.name,
                                     a.stored_ref or _stored(a.file_ref))
                          for a in attachments),
        accepted_at=row.accepted_at, clock=row.clock, extensions_used=row.extensions_used,
        assignee_id=row.assignee_id, unit=row.unit, publish_allowed=row.publish_allowed,
        staff_chat_id=row.staff_chat_id, staff_thread_id=row.staff_thread_id,
        staff_message_id=row.staff_message_id, next_reminder_at=row.next_reminder_at,
        complaint_round=row.complaint_round, first_clock_late=row.first_clock_late,
        suspended_at=row.suspended_at, case_id=row.case_id, drafted_at=row.drafted_at,
        details=dict(row.details) if row.details else None, eligible=row.eligible,
        urgent=row.urgent, urgent_at=row.urgent_at, urgent_due_at=row.urgent_due_at,
        urgent_met_at=row.urgent_met_at,
    )


def _store(row: TicketContact, contact: Contact, cipher: ContactCipher | None,
           key: bytes | None) -> None:
    """A contact into its row: sealed when there is a key, with its phone's keyed hash."""
    for field in FIELDS:
        value = getattr(contact, field)
        setattr(row, field, cipher.seal(value, field, row.ticket_id) if cipher else value)
    row.phone_hash = phone_digest(key, contact.phone) if key else None
    # Who files (a representative's principal, an organisation's tax code): sealed alike.
    details = json.dumps(contact.details, ensure_ascii=False) if contact.details else None
    row.details = cipher.seal(details, "details", row.ticket_id) if cipher else contact.details


def _read(row: TicketContact, cipher: ContactCipher | None) -> Contact:
    details = row.details
    if cipher is None:
        return Contact(row.name, row.phone, row.address,
                       details if isinstance(details, dict) else None, row.sealed)
    if isinstance(details, str):
        details = json.loads(cipher.open(details, "details", row.ticket_id) or "null")
    return Contact(*(cipher.open(getattr(row, f), f, row.ticket_id) for f in FIELDS),
                   details=details or None, sealed=row.sealed)


def _opened(row: TicketContact, ciphers: Sequence[ContactCipher]) -> Contact | None:
    """The contact as the first of `ciphers` that opens it reads it; None when none does."""
    for cipher in ciphers:
        try:
            return _read(row, cipher)
        except ContactKeyError:
            continue
    return None


class SqlTicketRepository(SqlRepository):
    """`contact_key`: the key of the phone hashes and of the contacts' encryption (DATA_KEY, or
    the generated one); without it (tests of other things) contacts are kept as given."""

    def __init__(self, session: AsyncSession, clock: Clock,
                 contact_key: bytes | None = None) -> None:
        super().__init__(session, clock)
        self.contact_key = contact_key
        self._cipher = ContactCipher(contact_key) if contact_key else None

    async def next_number(self, prefix: str, year: int) -> int:
        """The next sequence number of `prefix` in `year`, atomically (an upsert per dialect)."""
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        statement = (
            insert(TicketCounter).values(prefix=prefix, year=year, last=1)
            .on_conflict_do_update(index_elements=["prefix", "year"],
                                   set_={"last": TicketCounter.last + 1})
            .returning(TicketCounter.last)
        )
        return int((await self.session.execute(statement)).scalar_one())

    async def add(self, ticket: NewTicket, citizen_id: int | None) -> Ticket:
        year = ticket.code_year or ticket.received_at.year
        number = await self.next_number(PREFIXES[ticket.type], year)
        row = TicketRow(
            code=format_code(ticket.type, year, number), type=str(ticket.type),
            status=str(TicketStatus.RECEIVED), channel=str(ticket.channel),
            citizen_id=citizen_id, content=ticket.content, field=ticket.field,
            received_at=ticket.received_at, due_at=ticket.due_at, clock="first",
            extensions_used=0, consent_at=ticket.consent_at,
            publish_allowed=ticket.publish_allowed and ticket.type not in SEALED_IDENTITY,
            urgent=ticket.urgent_due_at is not None,
            urgent_at=ticket.received_at if ticket.urgent_due_at else None,
            urgent_due_at=ticket.urgent_due_at, next_reminder_at=ticket.next_reminder_at,
            drafted_at=ticket.drafted_at, details=ticket.details,
            complaint_round=ticket.complaint_round,
        )
        row.status = str(ticket.status)
        self.session.add(row)
        await self.session.flush()
        if not ticket.contact.is_empty():
            contact = TicketContact(ticket_id=row.id, sealed=ticket.type in SEALED_IDENTITY)
            self._write(contact, ticket.contact)
            self.session.add(contact)
        files = [_attachment_row(row.id, a) for a in ticket.attachments]
        self.session.add_all(files)
        await self.session.flush()
        return to_ticket(row, files)

    async def by_code(self, code: str) -> Ticket | None:
        row = await self.session.scalar(select(TicketRow).where(TicketRow.code == code))
        if row is None:
            return None
        files = await self.session.scalars(
            select(TicketAttachment).where(TicketAttachment.ticket_id == row.id)
        )
        return to_ticket(row, list(files))

    async def for_citizen(self, citizen_id: int, limit: int = 5) -> Sequence[Ticket]:
        rows = await self.session.scalars(
            select(TicketRow).where(TicketRow.citizen_id == citizen_id)
            .order_by(TicketRow.id.desc()).limit(limit)
        )
        return [to_ticket(row) for row in rows]

    async def count_open(self, citizen_id: int) -> int:
        """The citizen's requests still open or waiting for their đơn."""
        query = select(func.count()).select_from(TicketRow).where(
            TicketRow.citizen_id == citizen_id,
            TicketRow.status.in_([str(s) for s in PENDING_STATUSES]),
        )
        return int(await self.session.scalar(query) or 0)

    async def of_citizens(self, citizen_ids: list[int],
                          statuses: Iterable[TicketStatus]) -> list[Ticket]:
        """These citizens' tickets in one of `statuses`, oldest first (`pakn privacy`)."""
        if not citizen_ids:
            return []
        rows = await self.session.scalars(
            select(TicketRow).where(TicketRow.citizen_id.in_(citizen_ids),
                                    TicketRow.status.in_([str(s) for s in statuses]))
            .order_by(TicketRow.id))
        return [to_ticket(row) for row in rows]

    async def last_filed_at(self, citizen_id: int) -> datetime | None:
        """When the citizen's latest request was filed in the chat (drafted or received)."""
        row = await self.session.scalar(
            select(TicketRow).where(TicketRow.citizen_id == citizen_id)
            .order_by(TicketRow.id.desc()).limit(1))
        return (row.drafted_at or row.received_at) if row else None

    async def record_event(
        self, ticket_id: int, kind: str, actor: str, text: str | None = None, **data: Any
    ) -> None:
        self.session.add(TicketEvent(ticket_id=ticket_id, kind=kind, actor=actor, text=text,
                                     data=data, created_at=self.clock.now()))

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        rows = await self.session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
        )
        return list(rows)

    async def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket | None:
        # SQLite has one writer at a time; PostgreSQL locks the row (READ COMMITTED would let
        # two officers both find the ticket unclaimed and both claim it).
        locked = for_update and self.dialect == "postgresql"
        row = await self.session.get(TicketRow, ticket_id, with_for_update=locked or None,
                                     populate_existing=locked)
        if row is None:
            return None
        files = await self.session.scalars(
            select(TicketAttachment).where(TicketAttachment.ticket_id == row.id)
        )
        return to_ticket(row, list(files))

    async def update(self, ticket_id: int, **changes: Any) -> None:
        """Sets the given columns (status, assignee_id, due_at, …) of one ticket."""
        row = await self.session.get(TicketRow, ticket_id)
        if row is None:
            raise LookupError(f"ticket {ticket_id} does not exist")
        for name, value in changes.items():
            if not hasattr(TicketRow, name) or name in ("id", "code"):
                raise AttributeError(f"tickets have no updatable column {name!r}")
            setattr(row, name, str(value) if isinstance(value, TicketStatus) else value)

    async def contact(self, ticket_id: int) -> Contact | None:
        row = await self.session.get(TicketContact, ticket_id)
        return _read(row, self._cipher) if row else None

    async def correct_contact(self, ticket_id: int, changes: Mapping[str, str | None]) -> bool:
        """Replaces the given details (name, phone, address); False when there is no contact."""
        row = await self.session.get(TicketContact, ticket_id)
        if row is None:
            return False
        self._write(row, replace(_read(row, self._cipher), **changes))
        return True

    def _write(self, row: TicketContact, contact: Contact) -> None:
        _store(row, contact, self._cipher, self.contact_key)

    async def add_attachments(self, ticket_id: int, files: Sequence[Attachment]) -> None:
        """Files the citizen sent later (e.g. the signed đơn), kept with the ticket's others."""
        self.session.add_all([_attachment_row(ticket_id, a) for a in files])

    async def seal_contact(self, ticket_id: int) -> bool:
        """Seals the ticket's contact for good (it became a tố cáo); False without one."""
        row = await self.session.get(TicketContact, ticket_id)
        if row is None:
            return False
        row.sealed = True
        return True

    async def history(self, ticket_id: int) -> list[TicketEventView]:
        return [TicketEventView(e.kind, e.actor, e.text, dict(e.data), e.created_at)
                for e in await self.events(ticket_id)]

    async def overdue(self, now: datetime, limit: int = 50) -> Sequence[Ticket]:
        """Open tickets past their legal deadline or their urgent clock (bot.core.urgency),
        urgent ones first, then by deadline."""
        urgent_late = and_(TicketRow.urgent, TicketRow.urgent_met_at.is_(None),
                           TicketRow.urgent_due_at < now)
        rows = await self.session.scalars(
            select(TicketRow)
            .where(TicketRow.status.in_([str(s) for s in OPEN_STATUSES]),
                   or_(TicketRow.due_at < now, urgent_late))
            .order_by(TicketRow.urgent.desc(), TicketRow.due_at, TicketRow.id).limit(limit)
        )
        return [to_ticket(row) for row in rows]

    async def open_queue(self, limit: int = 50) -> Sequence[Ticket]:
        """Open tickets and those waiting for their đơn: urgent ones first, then the nearest
        deadline first (those without one last)."""
        rows = await self.session.scalars(
            select(TicketRow).where(TicketRow.status.in_([str(s) for s in PENDING_STATUSES]))
            .order_by(TicketRow.urgent.desc(), TicketRow.due_at.is_(None), TicketRow.due_at,
                      TicketRow.id).limit(limit)
        )
        return [to_ticket(row) for row in rows]

    async def by_staff_message(self, chat_id: int, thread_id: int | None,
                               message_id: int | None) -> Ticket | None:
        """The ticket whose forum topic is `thread_id`, or whose card is `message_id`."""
        query = select(TicketRow).where(TicketRow.staff_chat_id == chat_id)
        if thread_id is not None:
            query = query.where(TicketRow.staff_thread_id == thread_id)
        elif message_id is not None:
            query = query.where(TicketRow.staff_message_id == message_id)
        else:
            return None
        row = await self.session.scalar(query.limit(1))
        return to_ticket(row) if row else None

    async def without_card(self, limit: int) -> Sequence[Ticket]:
        """Tickets whose card is neither in the staff group nor queued (outbox dedupe key
        `card:<id>`), oldest first; a case's members other than its lead have none."""
        queued = select(OutboxMessage.id).where(
            OutboxMessage.dedupe_key == literal("card:") + cast(TicketRow.id, String))
        # A member of a case is shown on its lead's card (bot.core.cases), not on a card.
        member = select(CaseRow.id).where(CaseRow.id == TicketRow.case_id,
                                          CaseRow.lead_ticket_id != TicketRow.id)
        rows = await self.session.scalars(
            select(TicketRow).where(TicketRow.staff_message_id.is_(None),
                                    TicketRow.status.in_([str(s) for s in PENDING_STATUSES]),
                                    ~queued.exists(),
                                    or_(TicketRow.case_id.is_(None), ~member.exists()))
            # Urgent cards first: topics are created at about 20 a minute (DESIGN §6).
            .order_by(TicketRow.urgent.desc(), TicketRow.id).limit(limit)
        )
        return [to_ticket(row) for row in rows]

    async def set_rating(self, ticket_id: int, rating: int) -> None:
        row = await self.session.get(TicketRow, ticket_id)
        if row is not None:
            row.rating = rating

    # Personal data (bot.core.privacy, `pakn privacy`).

    async def seal_contacts(self) -> int:
        """Seals and hashes the contacts stored in clear or without a phone hash (before
        encryption, or by a tool without the key); their count. Idempotent."""
        if self._cipher is None:
            return 0
        clear = or_(*(~getattr(TicketContact, f).startswith(PREFIX) for f in FIELDS),
                    and_(TicketContact.phone.is_not(None), TicketContact.phone_hash.is_(None)))
        rows = list(await self.session.scalars(select(TicketContact).where(clear)))
        for row in rows:
            self._write(row, _read(row, self._cipher))
        return len(rows)

    async def rekey_contacts(self, old_key: bytes, new_key: bytes) -> tuple[int, int]:
        """Re-seals every contact and re-keys its phone hash with `new_key`; returns (re-keyed,
        contacts made with neither key: nothing of them is changed). A contact already made
        with `new_key` (filed after the instances restarted with it) is kept as it is."""
        old, new = ContactCipher(old_key), ContactCipher(new_key)
        rows = await self.session.scalars(select(TicketContact).where(or_(
            *(getattr(TicketContact, f).is_not(None) for f in FIELDS))))
        done = foreign = 0
        for row in rows:
            contact = _opened(row, (new, old))
            hashes = (None, phone_digest(new_key, contact.phone) if contact else None,
                      phone_digest(old_key, contact.phone) if contact else None)
            if contact is None or row.phone_hash not in hashes:
                foreign += 1
                continue
            _store(row, contact, new, new_key)
            done += 1
        return done, foreign

    async def ids_by_phone(self, digest: str) -> list[int]:
        """The tickets whose contact has this phone hash, oldest first."""
        rows = await self.session.scalars(
            select(TicketContact.ticket_id).where(TicketContact.phone_hash == digest)
            .order_by(TicketContact.ticket_id))
        return list(rows)

    async def ids_by_phone_number(self, phone: str) -> list[int]:
        """The tickets whose contact has this normalised phone, oldest first: by its keyed hash
        (the path of `pakn privacy show --phone`), or as stored when there is no key (tests)."""
        if self.contact_key:
            return await self.ids_by_phone(phone_digest(self.contact_key, phone) or "")
        rows = await self.session.scalars(
            select(TicketContact.ticket_id).where(TicketContact.phone == phone)
            .order_by(TicketContact.ticket_id))
        return list(rows)

    async def forget_locations(self, ticket_ids: Sequence[int]) -> list[int]:
        """Takes the map location (bot.core.places) off the tickets; those that had one."""
        forgotten = []
        for start in range(0, len(ticket_ids), CHUNK):
            rows = await self.session.scalars(
                select(TicketRow).where(TicketRow.id.in_(ticket_ids[start:start + CHUNK]),
                                        _HAS_LOCATION))
            for row in rows:
                if isinstance(row.details, dict) and "location" in row.details:
                    row.details = {k: v for k, v in row.details.items()
                                   if k != "location"} or None
                    forgotten.append(row.id)
        return forgotten

    async def erase_contact(self, ticket_id: int, at: datetime) -> bool:
        """Empties the contact details; False when there was nothing left to erase."""
        row = await self.session.get(TicketContact, ticket_id)
        if row is None or (row.name, row.phone, row.address, row.phone_hash) == (None,) * 4:
            return False
        row.name = row.phone = row.address = row.phone_hash = None
        row.details = None
        row.erased_at = at
        return True

    async def anonymise_contacts(self, closed_before: datetime, types: Sequence[str],
                                 at: datetime) -> list[int]:
        """Empties the contacts of tickets of `types` closed (resolved, no longer open) before
        `closed_before`, and takes off their map locations; returns their ids. A contact
        already empty is left alone."""
        located = await self.forget_locations(list(await self.session.scalars(
            select(TicketRow.id)
            .where(TicketRow.type.in_(types),
                   TicketRow.status.not_in([str(s) for s in OPEN_STATUSES]),
                   TicketRow.resolved_at.is_not(None), TicketRow.resolved_at < closed_before,
                   _HAS_LOCATION))))
        ids = list(await self.session.scalars(
            select(TicketContact.ticket_id)
            .join(TicketRow, TicketRow.id == TicketContact.ticket_id)
            .where(TicketRow.type.in_(types),
                   TicketRow.status.not_in([str(s) for s in OPEN_STATUSES]),
                   TicketRow.resolved_at.is_not(None), TicketRow.resolved_at < closed_before,
                   or_(TicketContact.name.is_not(None), TicketContact.phone.is_not(None),
                       TicketContact.address.is_not(None),
                       TicketContact.phone_hash.is_not(None)))
            .order_by(TicketContact.ticket_id)))
        for start in range(0, len(ids), CHUNK):
            await self.session.execute(
                update(TicketContact).where(TicketContact.ticket_id.in_(ids[start:start + CHUNK]))
                .values(name=None, phone=None, address=None, phone_hash=None, details=None,
                        erased_at=at))
        return sorted(set(ids) | set(located))

    async def record_events(self, ticket_ids: Sequence[int], kind: str, actor: str,
                            **data: Any) -> None:
        """One event on each ticket, in one statement (a job touching many tickets)."""
        if ticket_ids:
            moment = self.clock.now()
            await self.session.execute(insert(TicketEvent), [
                {"ticket_id": i, "kind": kind, "actor": actor, "text": None, "data": data,
                 "created_at": moment} for i in ticket_ids])
