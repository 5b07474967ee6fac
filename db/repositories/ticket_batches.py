"""Many tickets added at once (`pakn tickets import`): the codes reserved per type and year in
one statement each, the tickets, their contacts (sealed as one at a time would be) and their
`imported` events inserted in batches, all in the caller's transaction (all or nothing)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.core.tickets import PREFIXES, SEALED_IDENTITY, NewTicket, TicketStatus, format_code
from db.models import TicketContact, TicketCounter, TicketEvent, TicketRow
from db.repositories.base import SqlRepository
from db.repositories.tickets import SqlTicketRepository, _store

BATCH = 2000
# Columns a row may set (bot.core.import_facts); an executemany needs the same keys in each.
OPTIONAL = ("intake", "unit", "signers", "eligible", "competent", "handling",
            "content_category", "outcome", "reply_document", "reply_received_at")


@dataclass(frozen=True)
class ImportedRow:
    """A ticket as it stood on paper: its state and the facts recorded (bot.core.facts)."""

    ticket: NewTicket
    status: TicketStatus
    clock: str
    accepted_at: datetime | None
    resolved_at: datetime | None
    event: Mapping[str, object]  # the `imported` event's data (source, line)
    columns: Mapping[str, object] = field(default_factory=dict)  # intake and facts


class SqlTicketBatchRepository(SqlRepository):
    def __init__(self, tickets: SqlTicketRepository) -> None:
        super().__init__(tickets.session, tickets.clock)
        self._tickets = tickets

    async def add_imported(self, rows: Sequence[ImportedRow], actor: str) -> list[str]:
        """Adds every row; returns their codes in input order."""
        codes = await self._codes(rows)
        now = self.clock.now()
        for first in range(0, len(rows), BATCH):
            part, part_codes = rows[first:first + BATCH], codes[first:first + BATCH]
            values = [_ticket_values(r, code) for r, code in zip(part, part_codes, strict=True)]
            # A plain executemany (one call through the driver), then the ids by code:
            # RETURNING made SQLite run and splice one statement per row.
            await self.session.execute(insert(TicketRow.__table__), values)
            found = {code: ticket_id for code, ticket_id in await self.session.execute(
                select(TicketRow.code, TicketRow.id).where(TicketRow.code.in_(part_codes)))}
            ids = [found[code] for code in part_codes]
            contacts = []
            for ticket_id, row in zip(ids, part, strict=True):
                if row.ticket.contact.is_empty():
                    continue
                contact = TicketContact(ticket_id=ticket_id,
                                        sealed=row.ticket.type in SEALED_IDENTITY)
                _store(contact, row.ticket.contact, self._tickets._cipher,
                       self._tickets.contact_key)
                contacts.append({c: getattr(contact, c) for c in (
                    "ticket_id", "name", "phone", "address", "sealed", "phone_hash")})
            if contacts:
                await self.session.execute(insert(TicketContact.__table__), contacts)
            await self.session.execute(insert(TicketEvent.__table__), [
                {"ticket_id": i, "kind": "imported", "actor": actor, "text": None,
                 "data": dict(r.event), "created_at": now} for i, r in zip(ids, part,
                                                                            strict=True)])
        return codes

    async def imported_from(self, file_digest: str) -> list[str]:
        """The codes of the tickets an earlier import took from a file of this content (its
        `imported` events keep the file's digest), in the order they were added."""
        rows = await self.session.execute(
            select(TicketRow.code).join(TicketEvent, TicketEvent.ticket_id == TicketRow.id)
            .where(TicketEvent.kind == "imported",
                   TicketEvent.data["file"].as_string() == file_digest)
            .order_by(TicketRow.id))
        return list(rows.scalars())

    async def _codes(self, rows: Sequence[ImportedRow]) -> list[str]:
        """Reserves each (type, year)'s numbers with one counter upsert, in input order."""
        wanted = Counter((r.ticket.type, _year(r.ticket)) for r in rows)
        upsert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        next_number = {}
        for (kind, year), count in wanted.items():
            statement = (
                upsert(TicketCounter).values(prefix=PREFIXES[kind], year=year, last=count)
                .on_conflict_do_update(index_elements=["prefix", "year"],
                                       set_={"last": TicketCounter.last + count})
                .returning(TicketCounter.last))
            last = int((await self.session.execute(statement)).scalar_one())
            next_number[kind, year] = last - count + 1
        codes = []
        for row in rows:
            key = (row.ticket.type, _year(row.ticket))
            codes.append(format_code(row.ticket.type, key[1], next_number[key]))
            next_number[key] += 1
        return codes


def _year(ticket: NewTicket) -> int:
    return ticket.code_year or ticket.received_at.year


def _ticket_values(row: ImportedRow, code: str) -> dict[str, object]:
    t = row.ticket
    return {"code": code, "type": str(t.type), "status": str(row.status),
            "channel": str(t.channel), "citizen_id": None, "content": t.content,
            "field": t.field, "received_at": t.received_at, "due_at": t.due_at,
            "clock": row.clock, "extensions_used": 0, "accepted_at": row.accepted_at,
            "resolved_at": row.resolved_at, "consent_at": t.consent_at,
            "publish_allowed": False, "urgent": False, "next_reminder_at": t.next_reminder_at,
            "complaint_round": 1, "first_clock_late": False,
            **dict.fromkeys(OPTIONAL), **row.columns}
