"""Joining a new request to the open case about the same problem, when it is filed; and the
events that keep each ticket's own history of its case."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.cases.model import CANDIDATE_LIMIT, GROUPED, Case
from bot.core.cases.similarity import THRESHOLD, best, profile
from bot.core.catalog import Catalog
from bot.core.messages import Channel, Reply, UserRef
from bot.core.ports import UnitOfWork
from bot.core.tickets import Ticket


async def group_new(uow: UnitOfWork, ticket: Ticket, now: datetime, days: int,
                    threshold: float = THRESHOLD) -> Case | None:
    """The case the new ticket joined, if an open ticket of its type and field filed within
    `days` tells of the same problem at the same place; None otherwise (and for a tố cáo)."""
    if ticket.type not in GROUPED:
        return None
    found = await uow.cases.candidates(ticket.type, ticket.field, now - timedelta(days=days),
                                       ticket.id, CANDIDATE_LIMIT)
    choice = best(profile(ticket.content), [(c, profile(c.content)) for c in found],
                  threshold)
    if choice is None:
        return None
    candidate, score = choice
    case = await uow.cases.join(ticket.id, candidate.ticket_id)
    if candidate.case_id is None:  # the case opens with the earlier ticket as its first
        await uow.tickets.record_event(candidate.ticket_id, "case_opened", "system",
                                       case=case.code)
    await uow.tickets.record_event(ticket.id, "case_joined", "system", case=case.code,
                                   score=round(score))
    return case


async def tell_lead(uow: UnitOfWork, catalog: Catalog, case: Case, ticket: Ticket) -> None:
    """The officers are told, in the case's topic (or under its card), that one more person
    reported the problem; the joined ticket gets no card of its own (it is on the case's)."""
    lead = await uow.tickets.get(case.lead_ticket_id)
    if lead is None or lead.staff_chat_id is None:
        return  # the case's card is not posted yet: it will show the members when it is
    count = len(await uow.cases.members(case.id))
    text = catalog.text("staff.case_joined", code=ticket.code, case=case.code, count=count)
    await uow.outbox.add(UserRef(Channel.TELEGRAM, str(lead.staff_chat_id)), Reply(text),
                         thread_id=lead.staff_thread_id)


async def staff_thread(uow: UnitOfWork, ticket: Ticket) -> int | None:
    """Where the officers read about the ticket: its own topic, or its case's when it has no
    card of its own (a member that joined at filing)."""
    if ticket.staff_thread_id is not None or ticket.staff_message_id is not None:
        return ticket.staff_thread_id
    case = await uow.cases.of_ticket(ticket.id) if ticket.case_id is not None else None
    lead = await uow.tickets.get(case.lead_ticket_id) if case is not None else None
    return lead.staff_thread_id if lead is not None else None
