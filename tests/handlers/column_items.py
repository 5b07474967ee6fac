"""Published items of the Hỏi - Đáp column as the staff desk leaves them, written straight
into the database for the HTTP and browser tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.messages import Channel
from bot.core.tickets import NewTicket, TicketStatus, TicketType

START = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)


async def publish(app, question: str, answer: str, *, field: str | None = "buu_chinh",
                  at: datetime = START, kind: TicketType = TicketType.PHAN_ANH,
                  consent: bool = True, status: str = "published") -> int:
    """A closed ticket and its item in `status` (as the staff desk leaves it); the item's id."""
    async with app.uow() as work:
        ticket = await work.tickets.add(NewTicket(kind, Channel.WEB, question, at, None, field,
                                                  publish_allowed=consent), None)
        await work.tickets.update(ticket.id, status=TicketStatus.CLOSED, resolved_at=at)
        item = await work.publications.save(
            ticket.id, question=question, answer=answer, field=field, status=status,
            published_at=at if status in ("published", "withdrawn") else None)
        await work.commit()
    return item.id
