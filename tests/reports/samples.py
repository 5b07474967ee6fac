"""A handful of tickets around March 2026 (local times, Asia/Ho_Chi_Minh), as records for the
pure statistics and as database rows (with a citizen's identity) for the command and /thongke.

March 2026, seen after its end: carried over A (closed on time in March) and B (open, past its
deadline); received C (23:30 on 31/3: March), D (closed late), E (declined on time), H (closed
only in April: open at the end, within its deadline) and J (forwarded, trial channel); F came
at 00:10 on 1/4 (April), G was closed in February, I is a question (apart from the total).

Each has a field (the organisation file's ids; I and J none), a history of events (the earliest
answering one is its first answer; claims, notes and extensions are not answers) and some a
rating. First answers in March, in working days after the day of receipt: B 3 (25/2 → 2/3),
D 2, E 2, H 2 (Thu 5/3 → Mon 9/3 over a weekend), J 0 (Sat 14/3 → Sun 15/3), I 0 (the same
day); A was first answered in February (Fri 20/2 → Mon 23/2: 1), G too (10/2 → 23/2 over Tết
16-20/2: 4). Resolution: A 9, D 17, E 2, J 0, I 1 (March); G 8 (February, over Tết); H 21
(April). Ratings: A 5, D 2, G 3, H 4, I 4.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.messages import Channel
from bot.core.statistics.answers import TicketAnswer
from bot.core.ticket_export import TicketRecord
from bot.core.tickets import Contact, NewTicket, TicketStatus, TicketType, format_code
from db.models import TicketEvent

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NAME, PHONE, ADDRESS = "Lê Thị Bí Mật", "0912345678", "Số 9 ngõ Kín, phường Trung tâm"
CONTENT = "Nội dung riêng của người dân"
SPECS = (  # key, type, channel, received, status, due, resolved
    ("A", "phan_anh", "zalo", "2026-02-20 09:00", "closed", "2026-03-06 17:00",
     "2026-03-05 10:00"),
    ("B", "khieu_nai", "offline", "2026-02-25 09:00", "accepted", "2026-03-20 17:00", None),
    ("C", "phan_anh", "telegram", "2026-03-31 23:30", "received", "2026-04-14 17:00", None),
    ("D", "kien_nghi", "web", "2026-03-02 08:00", "closed", "2026-03-16 17:00",
     "2026-03-25 10:00"),
    ("E", "to_cao", "telegram", "2026-03-10 14:00", "declined", "2026-03-19 17:00",
     "2026-03-12 10:00"),
    ("F", "phan_anh", "zalo", "2026-04-01 00:10", "received", "2026-04-15 17:00", None),
    ("G", "phan_anh", "web", "2026-02-10 09:00", "closed", "2026-02-24 17:00", "2026-02-27 10:00"),
    ("H", "khieu_nai", "zalo", "2026-03-05 09:00", "closed", "2026-04-20 17:00",
     "2026-04-03 10:00"),
    ("I", "hoi", "web", "2026-03-03 09:00", "closed", "2026-03-10 17:00", "2026-03-04 10:00"),
    ("J", "phan_anh", "terminal", "2026-03-14 09:00", "forwarded", "2026-03-27 17:00",
     "2026-03-15 10:00"),
)

FIELDS = {"A": "thu_tuc", "B": "vien_thong", "C": "vien_thong", "D": "chuyen_doi_so",
          "E": "an_toan_thong_tin", "F": "thu_tuc", "G": "buu_chinh", "H": "vien_thong"}
EVENTS = (  # key, kind, when (the "created" event is written by the ticket's filing)
    ("A", "claimed", "2026-02-20 15:00"), ("A", "accepted", "2026-02-23 10:00"),
    ("A", "closed", "2026-03-05 10:00"),
    ("B", "claimed", "2026-02-26 09:00"), ("B", "accepted", "2026-03-02 09:00"),
    ("D", "claimed", "2026-03-02 08:30"), ("D", "note", "2026-03-02 09:00"),
    ("D", "extended", "2026-03-03 09:00"), ("D", "closed", "2026-03-25 10:00"),
    ("D", "message_out", "2026-03-04 10:00"),  # written later than the close, yet earlier
    ("E", "declined", "2026-03-12 10:00"),
    ("G", "message_out", "2026-02-23 09:00"), ("G", "closed", "2026-02-27 10:00"),
    ("H", "transferred", "2026-03-06 09:00"), ("H", "accepted", "2026-03-09 09:00"),
    ("H", "message_out", "2026-03-20 09:00"), ("H", "closed", "2026-04-03 10:00"),
    ("I", "message_out", "2026-03-03 15:00"), ("I", "closed", "2026-03-04 10:00"),
    ("J", "forwarded", "2026-03-15 10:00"),
)
FIRST_ANSWERS = {"A": "2026-02-23 10:00", "B": "2026-03-02 09:00", "D": "2026-03-04 10:00",
                 "E": "2026-03-12 10:00", "G": "2026-02-23 09:00", "H": "2026-03-09 09:00",
                 "I": "2026-03-03 15:00", "J": "2026-03-15 10:00"}
RATINGS = {"A": 5, "D": 2, "G": 3, "H": 4, "I": 4}


def local(text: str | None) -> datetime | None:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN) if text else None


def codes() -> dict[str, str]:
    """The code each sample gets when added in order to an empty database."""
    seen: dict[str, int] = {}
    found = {}
    for key, kind, *_ in SPECS:
        seen[kind] = seen.get(kind, 0) + 1
        found[key] = format_code(TicketType(kind), 2026, seen[kind])
    return found


def records() -> list[TicketRecord]:
    names = codes()
    return [TicketRecord(names[key], kind, channel, FIELDS.get(key), local(received), status,
                         "first", None, local(due), local(resolved), None, 0)
            for key, kind, channel, received, status, due, resolved in SPECS]


def answers() -> dict[str, TicketAnswer]:
    """First answers and ratings by code, as the history gives them."""
    names = codes()
    return {names[key]: TicketAnswer(local(FIRST_ANSWERS.get(key)), RATINGS.get(key))
            for key, *_ in SPECS}


async def seed(uow_factory) -> None:
    """Adds the samples, each with a citizen's identity and content that reports must omit."""
    async with uow_factory() as work:
        ids = {}
        for key, kind, channel, received, status, due, resolved in SPECS:
            ticket = await work.tickets.add(NewTicket(
                TicketType(kind), Channel(channel), CONTENT, local(received), local(due),
                field=FIELDS.get(key), contact=Contact(NAME, PHONE, ADDRESS)), None)
            ids[key] = ticket.id
            await work.records.restore(ticket.id, TicketStatus(status), "first", None,
                                       local(resolved))
            await work.tickets.record_event(ticket.id, "created", "citizen")
            if key in RATINGS:
                await work.tickets.set_rating(ticket.id, RATINGS[key])
        for key, kind, when in EVENTS:  # dated as they happened, with text officers wrote
            work.session.add(TicketEvent(ticket_id=ids[key], kind=kind, actor="officer:1001",
                                         text=f"{CONTENT} ({NAME}, {PHONE})", data={},
                                         created_at=local(when)))
        await work.commit()
