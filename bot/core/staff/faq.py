"""Answered questions into the Hỏi - Đáp: the question, with the personal data the bot recognises
removed and shown as removed, is reviewed (and edited if need be) by the officer before it
becomes an entry; a variant added to an existing entry is cleaned the same way."""

from __future__ import annotations

from dataclasses import replace

from bot.core.messages import Button, Reply
from bot.core.personal_data import Redaction, redact
from bot.core.staff.context import StaffTurn
from bot.core.tickets import Ticket, TicketStatus, TicketType
from faq.entries import FaqEntry

ACTION = "faq_new"
MAX_QUESTION = 1500  # as much as the card shows
CHOICES = 5  # entries offered to add the question to


async def answer_of(turn: StaffTurn, ticket: Ticket) -> str | None:
    """The officer's last answer to a closed `hoi` ticket, or None."""
    if ticket.type is not TicketType.HOI:
        return None
    return await reply_of(turn, ticket)


async def reply_of(turn: StaffTurn, ticket: Ticket) -> str | None:
    """What the citizen of a closed ticket was told: for a question the officer's last answer
    (else the closing result), for a request the result it was closed with (else the last
    answer); None when nothing was said."""
    if ticket.status is not TicketStatus.CLOSED:
        return None
    events = [e for e in await turn.uow.tickets.history(ticket.id) if e.text]
    answers = [e.text for e in events if e.kind == "message_out"]
    results = [e.text for e in events if e.kind == "closed"]
    first, then = (answers, results) if ticket.type is TicketType.HOI else (results, answers)
    return (first or then or [None])[-1]


async def cleaned(turn: StaffTurn, ticket: Ticket, text: str,
                  limit: int = MAX_QUESTION) -> Redaction:
    """`text` without the personal data recognised, the ticket's own contact included."""
    contact = await turn.uow.tickets.contact(ticket.id)
    known = (contact.name, contact.phone, contact.address) if contact else ()
    return redact(text[:limit], known, lambda kind: turn.t(f"redacted.{kind}"))


async def redacted(turn: StaffTurn, ticket: Ticket, text: str) -> str:
    return (await cleaned(turn, ticket, text)).text


async def preview(turn: StaffTurn, ticket: Ticket, question: Redaction) -> str:
    """The entry as it would be published: question, answer, and what was removed."""
    answer = await cleaned(turn, ticket, await answer_of(turn, ticket) or "")
    kinds = tuple(dict.fromkeys((*question.removed, *answer.removed)))
    removed = (turn.t("staff.faq_removed", kinds=", ".join(turn.t(f"personal.{k}")
                                                             for k in kinds))
               if kinds else turn.t("staff.faq_nothing_removed"))
    return turn.t("staff.faq_entry", question=question.text, answer=answer.text,
                  removed=removed)


async def save_question(turn: StaffTurn, ticket: Ticket, question: str) -> None:
    """Creates the entry from the reviewed question and the (cleaned) answer."""
    answer = await answer_of(turn, ticket)
    if answer is None:
        turn.refuse("staff.faq_no_answer", code=ticket.code)
        return
    entry = FaqEntry(f"HD{ticket.id}", await redacted(turn, ticket, question), (),
                     await redacted(turn, ticket, answer), "khac")
    await _save(turn, ticket, entry)


async def choose_entry(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """The entries closest to the question, to add it to as a variant."""
    if await answer_of(turn, ticket) is None:
        turn.refuse("staff.faq_no_answer", code=ticket.code)
        return
    buttons = tuple(Button(e.question[:60], f"st:faq_add:{ticket.id}:{e.id}")
                    for e in await turn.deps.faq.arank(ticket.content, CHOICES))
    turn.outcome.replies.append(Reply(turn.t("staff.faq_choose", code=ticket.code), buttons))


async def add_variant(turn: StaffTurn, ticket: Ticket, entry_id: str) -> None:
    entry = turn.deps.faq.get(entry_id)
    if entry is None or await answer_of(turn, ticket) is None:
        turn.refuse("staff.unknown_ticket")
        return
    variant = await redacted(turn, ticket, ticket.content)
    if variant not in entry.variants:
        entry = replace(entry, variants=(*entry.variants, variant))
    await _save(turn, ticket, entry)


async def _save(turn: StaffTurn, ticket: Ticket, entry: FaqEntry) -> None:
    await turn.uow.faq.upsert([entry])
    await turn.record(ticket, "faq_promoted", entry=entry.id)
    turn.outcome.faq_changed = True
    turn.say("staff.faq_added", code=ticket.code, entry=entry.id)
