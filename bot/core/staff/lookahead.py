"""What an officer's button will rank in the FAQ, ranked before the action's transaction: the
entries closest to a ticket's question («Thêm làm cách hỏi khác», «Trả lời bằng Hỏi -
Đáp»), or to the variant that choosing an entry proposes (variant_review.neighbours). The
action finds the ranking made against the same FAQ (FaqIndex), else makes it; on SQLite the
one writer's turn is then held for its reads and writes, not the sentence model's."""

from __future__ import annotations

from bot.core import variant_review
from bot.core.ports import UnitOfWork, UnitOfWorkFactory
from bot.core.staff import faq, variants
from bot.core.staff.model import StaffDeps, StaffEvent, as_ticket_id
from bot.core.tickets import Ticket

RANKED = {"faq_variant": faq.CHOICES, "faq_answer": variants.CHOICES,  # action: entries
          "faq_reply": variant_review.NEIGHBOURS_RANKED}


def ranked_ticket(payload: str | None) -> tuple[str, int] | None:
    """(action, ticket id) of a button whose action ranks FAQ entries for its ticket, as
    `StaffDesk` runs it (`st:faq_answer:12` → ("faq_answer", 12)); None for any other event."""
    if payload is None or not payload.startswith("st:"):
        return None
    action, _, rest = payload.removeprefix("st:").partition(":")
    ticket_id = as_ticket_id(rest.partition(":")[0])
    if action not in RANKED or ticket_id is None:
        return None
    return action, ticket_id


async def rank_ahead(uow_factory: UnitOfWorkFactory, deps: StaffDeps,
                     event: StaffEvent) -> None:
    """Ranks what `event`'s action will, reading its ticket without waiting for the writer. A
    guess only costs time: an action whose ranking is not made here makes it inside."""
    if (wanted := ranked_ticket(event.payload)) is None:
        return
    action, ticket_id = wanted
    async with uow_factory.reader() as reader:
        if await reader.officers.by_telegram_id(event.officer_telegram_id) is None:
            return  # a stranger's button does nothing
        ticket = await reader.tickets.get(ticket_id)
        if ticket is None:
            return
        query: str | None = ticket.content
        if action == "faq_reply":
            query = await _proposed(reader, deps, ticket)
    if query is not None:
        await deps.faq.arank(query, RANKED[action])


async def _proposed(reader: UnitOfWork, deps: StaffDeps, ticket: Ticket) -> str | None:
    """The question `variants.answer_with` proposes, redacted as it will be; None when it
    proposes none (a question entered by staff has no citizen's consent)."""
    if ticket.citizen_id is None:
        return None
    known = await variant_review.known(reader, ticket.id)
    return variant_review.ranked_question(deps.catalog, ticket.content, known)
