"""What an officer's button will rank in the FAQ, ranked before the action's transaction: the
entries closest to a ticket's question («Thêm làm cách hỏi khác», «Trả lời bằng Hỏi -
Đáp»). The action finds the ranking made against the same FAQ (FaqIndex), else makes it; on
SQLite the one writer's turn is then held for its reads and writes, not the sentence model's."""

from __future__ import annotations

from bot.core.ports import UnitOfWorkFactory
from bot.core.staff import faq, variants
from bot.core.staff.model import StaffDeps, StaffEvent, as_ticket_id

RANKED = {"faq_variant": faq.CHOICES, "faq_answer": variants.CHOICES}  # action: entries


def ranked_ticket(payload: str | None) -> tuple[int, int] | None:
    """(ticket id, entries) of a button whose action ranks its ticket's question, as
    `StaffDesk` runs it (`st:faq_answer:12` → (12, 5)); None for any other event."""
    if payload is None or not payload.startswith("st:"):
        return None
    action, _, rest = payload.removeprefix("st:").partition(":")
    ticket_id = as_ticket_id(rest.partition(":")[0])
    if action not in RANKED or ticket_id is None:
        return None
    return ticket_id, RANKED[action]


async def rank_ahead(uow_factory: UnitOfWorkFactory, deps: StaffDeps,
                     event: StaffEvent) -> None:
    """Ranks what `event`'s action will, reading its ticket without waiting for the writer. A
    guess only costs time: an action whose ranking is not made here makes it inside."""
    if (wanted := ranked_ticket(event.payload)) is None:
        return
    ticket_id, entries = wanted
    async with uow_factory.reader() as reader:
        if await reader.officers.by_telegram_id(event.officer_telegram_id) is None:
            return  # a stranger's button does nothing
        ticket = await reader.tickets.get(ticket_id)
    if ticket is not None:
        await deps.faq.arank(ticket.content, entries)
