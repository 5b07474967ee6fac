"""Requests received on paper, in person, by phone or e-mail (DESIGN §5 `pakn tickets import`):
a CSV read and checked row by row, with every problem reported as `FILE:LINE: problem`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from bot.core.deadline_rules import LegalClock
from bot.core.deadlines import DeadlinePolicy
from bot.core.import_facts import COLUMNS as FACT_COLUMNS
from bot.core.import_facts import parse_facts
from bot.core.import_values import parse_moment, parse_source, parse_status, parse_type
from bot.core.messages import Channel
from bot.core.reminders.times import next_reminder_at
from bot.core.text_files import TextFileError, read_csv
from bot.core.tickets import CONTACT_REQUIRED, OPEN_STATUSES, Contact, NewTicket, TicketStatus
from bot.core.validation import (
    clean_text,
    is_plausible_address,
    is_plausible_name,
    normalise_phone,
)

REQUIRED = ("received_at", "type", "channel", "content", "name", "phone", "address")
OPTIONAL = ("field", "status", "accepted_at", "resolved_at", *FACT_COLUMNS)


class TicketImportError(ValueError):
    """The file cannot be imported; `problems` lists every `FILE:LINE: problem`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportedTicket:
    """One checked row: the ticket to add and the state it had reached on paper."""

    line: int
    ticket: NewTicket
    source: str  # paper | in_person | phone | email
    status: TicketStatus
    clock: LegalClock
    accepted_at: datetime | None
    resolved_at: datetime | None
    facts: Mapping[str, object] = field(default_factory=dict)  # bot.core.import_facts


def read_tickets(path: Path, policy: DeadlinePolicy, tz: tzinfo, now: datetime,
                 fields: Mapping[str, str], units: frozenset[str] = frozenset()
                 ) -> list[ImportedTicket]:
    """Every row of `path`, checked; raises TicketImportError listing all bad rows."""
    try:
        header, records = read_csv(path)
    except TextFileError as error:
        raise TicketImportError([str(error)]) from None
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
    if missing or unknown:
        what = [f"missing column(s) {', '.join(missing)}"] if missing else []
        what += [f"unknown column(s) {', '.join(unknown)}"] if unknown else []
        raise TicketImportError([f"{path.name}:1: {'; '.join(what)}"])
    rows, problems = [], []
    for line, row in records:
        try:
            rows.append(_row(row, line, policy, tz, now, fields, units))
        except ValueError as error:
            problems.append(f"{path.name}:{line}: {error}")
    if problems:
        raise TicketImportError(problems)
    if not rows:
        raise TicketImportError([f"{path.name}: no rows to import"])
    return rows


def _row(row: Mapping[str, str | None], line: int, policy: DeadlinePolicy, tz: tzinfo,
         now: datetime, fields: Mapping[str, str], units: frozenset[str]) -> ImportedTicket:
    value = {key: clean_text(text or "") for key, text in row.items() if key}
    ticket_type = parse_type(value["type"])
    received = _moment(value, "received_at", tz, now, required=True)
    assert received is not None  # required=True raises instead of returning None
    accepted = _moment(value, "accepted_at", tz, now, after=received)
    resolved = _moment(value, "resolved_at", tz, now, after=accepted or received)
    status = _status(value.get("status", ""), accepted, resolved)
    if not value["content"]:
        raise ValueError("content is empty")
    field = None
    if value.get("field"):
        field = fields.get(value["field"].lower())
        if field is None:
            raise ValueError(f"unknown field {value['field']!r} (see ORG_FILE)")
    contact = _contact(value, ticket_type in CONTACT_REQUIRED)
    clock, start, due = LegalClock.FIRST, received, policy.first_due(ticket_type, received)
    received_on = received.astimezone(tz).date()
    if accepted and policy.rule_for(ticket_type, LegalClock.SECOND, received_on):
        clock, start = LegalClock.SECOND, accepted
        due = policy.due_at(ticket_type, LegalClock.SECOND, accepted, received)
    reminder = None
    if due is not None and status in OPEN_STATUSES:
        reminder = next_reminder_at(start, due, (), policy, now)
    ticket = NewTicket(type=ticket_type, channel=Channel.OFFLINE, content=value["content"],
                       received_at=received, due_at=due, field=field, contact=contact,
                       code_year=received.astimezone(tz).year, next_reminder_at=reminder)
    facts = parse_facts(value, set(units), tz, now)
    return ImportedTicket(line, ticket, parse_source(value["channel"]), status, clock,
                          accepted, resolved, facts)


def _moment(value: Mapping[str, str], key: str, tz: tzinfo, now: datetime, *,
            required: bool = False, after: datetime | None = None) -> datetime | None:
    text = value.get(key, "")
    if not text:
        if required:
            raise ValueError(f"{key} is empty")
        return None
    moment = parse_moment(text, tz, key)
    if moment > now:
        raise ValueError(f"{key} {text!r} is in the future")
    if after is not None and moment < after:
        raise ValueError(f"{key} {text!r} is before {after.astimezone(tz):%Y-%m-%d %H:%M}")
    return moment


def _status(text: str, accepted: datetime | None, resolved: datetime | None) -> TicketStatus:
    if not text:
        if resolved:
            return TicketStatus.CLOSED
        return TicketStatus.ACCEPTED if accepted else TicketStatus.RECEIVED
    status = parse_status(text)
    if status is TicketStatus.CLOSED and resolved is None:
        raise ValueError("status closed needs resolved_at")
    if status in OPEN_STATUSES and resolved is not None:
        raise ValueError(f"resolved_at is given but status {status} is still open")
    if status is TicketStatus.ACCEPTED and accepted is None:
        raise ValueError("status accepted needs accepted_at")
    return status


def _contact(value: Mapping[str, str], required: bool) -> Contact:
    name, phone, address = value["name"], value["phone"], value["address"]
    if name and not is_plausible_name(name):
        raise ValueError("name does not look like a person's name")
    if phone and normalise_phone(phone) is None:
        raise ValueError("phone is not a Vietnamese phone number")
    if address and not is_plausible_address(address):
        raise ValueError("address is too short")
    # Luật Khiếu nại 2011 Đ8(2), Luật Tố cáo 2018 Đ23(1): the đơn gives name and address.
    if required and not (name and address):
        raise ValueError("name and address are required for khieu_nai and to_cao")
    return Contact(name or None, normalise_phone(phone) if phone else None, address or None)
