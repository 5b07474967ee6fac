"""Learning from officers and admins: an officer answers a handed-over question with an FAQ
entry (the question is proposed as its variant); an admin approves («Duyệt») or rejects («Bỏ
qua») a proposal in the staff group, and the FAQ answers from the new variant at once."""

from __future__ import annotations

import logging

from bot.core import variant_review
from bot.core.faq_learning import VariantSource
from bot.core.messages import Button, Reply
from bot.core.staff.actions import ACTIONS
from bot.core.staff.context import StaffTurn
from bot.core.staff.model import as_id
from bot.core.tickets import Ticket, TicketType

log = logging.getLogger(__name__)
ADMIN = "admin"  # the role that manages the bot and its FAQ (bot.core.staff.leaders)
CHOICES = 5


async def choose_answer(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """Trả lời bằng Hỏi - Đáp: the entries closest to the question, to answer with one."""
    if ticket.type is not TicketType.HOI or not ticket.is_open:
        turn.refuse("staff.unknown_ticket")
        return
    buttons = tuple(Button(e.question[:60], f"st:faq_reply:{ticket.id}:{e.id}")
                    for e in await turn.deps.faq.arank(ticket.content, CHOICES))
    turn.outcome.replies.append(Reply(turn.t("staff.fv.choose", code=ticket.code), buttons))


async def answer_with(turn: StaffTurn, ticket: Ticket, entry_id: str) -> None:
    """The entry's answer goes to the citizen as the department's answer; the question, with
    the citizen's consent given at the hand-over, is proposed as the entry's variant."""
    entry = turn.deps.faq.get(entry_id)
    if entry is None or ticket.type is not TicketType.HOI or not ticket.is_open:
        turn.refuse("staff.unknown_ticket")
        return
    await ACTIONS["reply"](turn, ticket, entry.answer)
    # A question handed over in a chat came with the citizen's consent (the hand-over notice's
    # button, bot.core.flows.asking); one entered by staff (paper, import) has no citizen.
    if ticket.citizen_id is None:
        return
    proposal = await variant_review.propose(
        turn.uow, turn.deps.catalog, ticket.content, entry.id, VariantSource.OFFICER,
        turn.deps.clock.now(), ticket.id, await variant_review.known(turn.uow, ticket.id))
    if proposal is None:
        return
    await turn.record(ticket, "faq_variant_proposed", entry=entry.id, proposal=proposal.id)
    # Shown here, in the staff group with its buttons: the day's digest does not repeat it.
    await turn.uow.variants.announce([proposal.id], turn.deps.clock.now())
    close = await variant_review.neighbours(turn.deps.faq, turn.deps.catalog, proposal)
    turn.outcome.replies.append(variant_review.view(turn.deps.catalog, proposal, entry, close))


async def decide(turn: StaffTurn, action: str, argument: str) -> None:
    """«Duyệt» / «Bỏ qua» on a proposal: admins only, once."""
    if turn.officer.role != ADMIN:
        turn.refuse("staff.fv.admins_only")
        return
    proposal_id = as_id(argument)
    uow, now = turn.uow, turn.deps.clock.now()
    if proposal_id is None:
        turn.refuse("staff.fv.not_waiting")
        return
    if action == "fv_ok":
        decided = await variant_review.approve(uow, turn.deps.catalog, proposal_id,
                                               turn.actor, now)
    else:
        decided = await variant_review.reject(uow, proposal_id, turn.actor, now)
    if decided is None:
        turn.refuse("staff.fv.not_waiting")
        return
    if decided.ticket_id is not None:
        ticket = await uow.tickets.get(decided.ticket_id)
        if ticket is not None:
            await turn.record(ticket, f"faq_variant_{decided.status}", entry=decided.entry_id,
                              proposal=decided.id)
    log.info("variant proposal %d %s by %s", decided.id, decided.status, turn.actor)
    turn.outcome.faq_changed = action == "fv_ok"
    turn.say(f"staff.fv.done.{decided.status}", id=decided.id, entry=decided.entry_id)
