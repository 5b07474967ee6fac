"""A handful of tickets around March 2026 (local times, Asia/Ho_Chi_Minh), as records for the
pure statistics and as database rows (with a citizen's identity) for the command and /thongke.

March 2026, seen after its end: carried over A (closed on time in March) and B (open, past its
deadline); received C (23:30 on 31/3: March), D (closed late), E (declined on time), H (closed
only in April: open at the end, within its deadline) and J (forwarded, trial channel); F came
at 00:10 on 1/4 (April), G was closed in February, I is a question (apart from the total).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.messages import Channel
from bot.core.ticket_export import TicketRecord
from bot.core.tickets import Contact, NewTicket, TicketStatus, TicketType, format_code

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
    return [TicketRecord(names[key], kind, channel, None, local(received), status, "first",
                         None, local(due), local(resolved), None, 0)
            for key, kind, channel, received, status, due, resolved in SPECS]


async def seed(uow_factory) -> None:
    """Adds the samples, each with a citizen's identity and content that reports must omit."""
    async with uow_factory() as work:
        for _key, kind, channel, received, status, due, resolved in SPECS:
            ticket = await work.tickets.add(NewTicket(
                TicketType(kind), Channel(channel), CONTENT, local(received), local(due),
                contact=Contact(NAME, PHONE, ADDRESS)), None)
            await work.records.restore(ticket.id, TicketStatus(status), "first", None,
                                       local(resolved))
        await work.commit()
