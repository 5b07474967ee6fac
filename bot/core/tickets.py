"""Tickets as the core sees them: types, statuses, codes and the values repositories return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.core.messages import Attachment, Channel


class TicketType(StrEnum):
    HOI = "hoi"
    PHAN_ANH = "phan_anh"
    KIEN_NGHI = "kien_nghi"
    KHIEU_NAI = "khieu_nai"
    TO_CAO = "to_cao"
    # Information given without identity (Luật Tố cáo 2018 Đ25(2)): not a tố cáo, no clock,
    # no answer; used for inspection where it is concrete enough, counted apart.
    THONG_TIN = "thong_tin"


PREFIXES = {
    TicketType.HOI: "HD",
    TicketType.PHAN_ANH: "PA",
    TicketType.KIEN_NGHI: "KI",
    TicketType.KHIEU_NAI: "KN",
    TicketType.TO_CAO: "TC",
    TicketType.THONG_TIN: "TT",
}

# The kind of the request a citizen files when a closed one was not resolved (DESIGN §6); a
# khiếu nại goes on to lần hai or the court, a tố cáo to tố cáo tiếp (their own closing texts).
FOLLOWS_AS = {TicketType.PHAN_ANH: TicketType.PHAN_ANH, TicketType.KIEN_NGHI: TicketType.KIEN_NGHI,
              TicketType.HOI: TicketType.PHAN_ANH}

# Luật Khiếu nại 2011 Đ8, Luật Tố cáo 2018 Đ22-23: identity and a signed đơn are required.
CONTACT_REQUIRED = frozenset({TicketType.KHIEU_NAI, TicketType.TO_CAO})
# Received only once the signed đơn is (two stages): the chat drafts the đơn, the clocks run
# from its receipt (Luật KN Đ8(2), Luật TC Đ22-23; Đ25(1): other forms are not a tố cáo).
TWO_STAGE = CONTACT_REQUIRED
# Luật TC Đ23(1)(b): a tố cáo gives a way to reach its author; Luật KN Đ8(2) asks only for the
# name and address, so a khiếu nại's phone is optional.
PHONE_REQUIRED = frozenset({TicketType.TO_CAO})
# Filed through the chat: the four kinds of request and anonymous information.
FILED_TYPES = (TicketType.PHAN_ANH, TicketType.KIEN_NGHI, TicketType.KHIEU_NAI,
               TicketType.TO_CAO)
# Luật Tố cáo 2018 Đ8(3), Đ47: the denouncer's identity is sealed and never published.
SEALED_IDENTITY = frozenset({TicketType.TO_CAO})
# Thụ lý / không thụ lý are steps of khiếu nại and tố cáo only; phản ánh and kiến nghị are
# received, handled, forwarded and answered (Luật Tiếp công dân 2013 Đ28).
ACCEPTED_BY_THU_LY = frozenset({TicketType.KHIEU_NAI, TicketType.TO_CAO})


class TicketStatus(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    FORWARDED = "forwarded"
    CLOSED = "closed"
    # Tạm đình chỉ (Luật KN Đ11a): the clock stands still; not open for reminders or overdue
    # lists until the decision to resume (tiếp tục), which brings the ticket back to ACCEPTED.
    SUSPENDED = "suspended"
    # Rút đơn (Luật KN Đ10; Luật TC Đ33): the request ends at the citizen's wish.
    WITHDRAWN = "withdrawn"
    # Chờ đơn: a khiếu nại or tố cáo drafted in the chat, not yet received (no clock, not
    # counted) until an officer records the signed đơn or a signed PDF arrives.
    AWAITING_FORM = "awaiting_form"
    # Hướng dẫn: a khiếu nại outside the agency's competence; the citizen is guided to the
    # competent body (Luật Tiếp công dân 2013 Đ28(1)(b)).
    GUIDED = "guided"


OPEN_STATUSES = frozenset({TicketStatus.RECEIVED, TicketStatus.IN_PROGRESS, TicketStatus.ACCEPTED})
# Open or waiting for its đơn: a card in the staff group, counted among a citizen's requests.
PENDING_STATUSES = OPEN_STATUSES | {TicketStatus.AWAITING_FORM}


def format_code(ticket_type: TicketType, year: int, number: int) -> str:
    """A short, typeable tracking code such as `PA-2026-00042`."""
    return f"{PREFIXES[ticket_type]}-{year}-{number:05d}"


def parse_code(text: str) -> str | None:
    """The canonical code in what a citizen typed (`pa 2026 42`, `PA-2026-00042`), or None."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.upper()).split()
    if len(cleaned) == 2 and len(cleaned[0]) == 6:  # `TC2026-00007`
        cleaned = [cleaned[0][:2], cleaned[0][2:], cleaned[1]]
    if len(cleaned) == 1 and len(cleaned[0]) >= 7:
        word = cleaned[0]
        cleaned = [word[:2], word[2:6], word[6:]]
    if len(cleaned) != 3:
        return None
    prefix, year, number = cleaned
    if prefix not in PREFIXES.values() or not (year.isdigit() and len(year) == 4):
        return None
    if not number.isdigit() or len(number) > 6:
        return None
    return f"{prefix}-{year}-{int(number):05d}"


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    address: str | None = None
    # Who files beyond a person's name (bot.core.petition.Filer fields): an organisation's tax
    # code and representative, or the person a representative acts for. Kept with the contact.
    details: dict[str, Any] | None = None
    sealed: bool = False

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.address)


@dataclass(frozen=True)
class NewTicket:
    """What a citizen confirmed, ready to be committed."""

    type: TicketType
    channel: Channel
    content: str
    received_at: datetime
    due_at: datetime | None
    field: str | None = None
    contact: Contact = Contact()
    attachments: tuple[Attachment, ...] = ()
    consent_at: datetime | None = None
    publish_allowed: bool = False
    parent_code: str | None = None
    code_year: int | None = None  # the agency's local year, for the code
    next_reminder_at: datetime | None = None  # see bot.core.reminders.times
    status: TicketStatus = TicketStatus.RECEIVED
    drafted_at: datetime | None = None  # the đơn was drafted in the chat (two stages)
    # The required elements of a khiếu nại or tố cáo; a phản ánh's or kiến nghị's `location`,
    # the place of the incident on the map (bot.core.places).
    details: dict[str, Any] | None = None
    complaint_round: int = 1
    urgent_due_at: datetime | None = None  # flagged urgent when filed (bot.core.urgency)


@dataclass(frozen=True)
class Ticket:
    id: int
    code: str
    type: TicketType
    status: TicketStatus
    channel: Channel
    content: str
    received_at: datetime
    due_at: datetime | None
    field: str | None = None
    citizen_id: int | None = None
    resolved_at: datetime | None = None
    rating: int | None = None
    attachments: tuple[Attachment, ...] = ()
    accepted_at: datetime | None = None
    clock: str = "first"
    extensions_used: int = 0
    assignee_id: int | None = None
    unit: str | None = None
    publish_allowed: bool = False
    staff_chat_id: int | None = None
    staff_thread_id: int | None = None
    staff_message_id: int | None = None
    next_reminder_at: datetime | None = None
    complaint_round: int = 1  # khiếu nại lần đầu / lần hai (Luật KN Đ28, Đ37)
    first_clock_late: bool = False  # accepted after the first clock's deadline
    suspended_at: datetime | None = None  # tạm đình chỉ (Luật KN Đ11a)
    case_id: int | None = None  # the vụ việc it belongs to with others (bot.core.cases)
    drafted_at: datetime | None = None  # the đơn was drafted in the chat (two stages)
    details: dict[str, Any] | None = None  # as in NewTicket
    eligible: bool | None = None  # đủ điều kiện xử lý, once decided (bot.core.facts)
    # The urgent tier (bot.core.urgency): flagged when, its hour deadline, first answered when.
    urgent: bool = False
    urgent_at: datetime | None = None
    urgent_due_at: datetime | None = None
    urgent_met_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
