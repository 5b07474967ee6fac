"""Officer actions beyond a status change: transfer, history, overdue list, identity reveal
for leaders, and turning an answered question into an FAQ entry."""

from __future__ import annotations

from dataclasses import replace

from bot.core.messages import Button, Channel, Reply, UserRef
from bot.core.staff.context import StaffTurn
from bot.core.tickets import SEALED_IDENTITY, Ticket, TicketStatus, TicketType
from faq.entries import FaqEntry

HISTORY_LIMIT = 30


async def choose_transfer(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """Buttons for every unit of the agency and every registered officer."""
    units = [Button(u.name, f"st:unit:{ticket.id}:{u.id}") for u in turn.deps.org.units]
    officers = [Button(o.name, f"st:to:{ticket.id}:{o.telegram_id}")
                for o in await turn.uow.officers.all()]
    turn.outcome.replies.append(
        Reply(turn.t("staff.choose_unit", code=ticket.code), tuple(units + officers)))


async def _transfer_to_unit(turn: StaffTurn, ticket: Ticket, unit_id: str) -> None:
    unit = next((u for u in turn.deps.org.units if u.id == unit_id), None)
    if unit is None or not ticket.is_open:
        turn.refuse("staff.unknown_ticket")
        return
    await turn.uow.tickets.update(ticket.id, unit=unit.id, assignee_id=None)
    await turn.record(ticket, "transferred", unit=unit.id)
    turn.say("staff.done.transfer", code=ticket.code, target=unit.name)


async def _transfer_to_officer(turn: StaffTurn, ticket: Ticket, telegram_id: str) -> None:
    officer = await turn.uow.officers.by_telegram_id(int(telegram_id)) if (
        telegram_id.isdigit()) else None
    if officer is None or not ticket.is_open:
        turn.refuse("staff.unknown_ticket")
        return
    await turn.uow.tickets.update(ticket.id, assignee_id=officer.id, unit=officer.unit)
    await turn.record(ticket, "transferred", officer=officer.telegram_id)
    turn.say("staff.done.transfer", code=ticket.code, target=officer.name)


async def history(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """Every event of the ticket, oldest first; identities are never part of events."""
    lines = [turn.t("staff.history", code=ticket.code)]
    for event in (await turn.uow.tickets.history(ticket.id))[-HISTORY_LIMIT:]:
        actor = await _actor_name(turn, event.actor)
        lines.append(turn.t(
            "staff.history_line",
            time=event.created_at.astimezone(turn.deps.tz).strftime("%d/%m/%Y %H:%M"),
            actor=actor, event=turn.t(f"event.{event.kind}"),
            text=f": {event.text}" if event.text else "",
        ))
    turn.outcome.replies.append(Reply("\n".join(lines)))


async def _actor_name(turn: StaffTurn, actor: str) -> str:
    kind, _, ident = actor.partition(":")
    if kind == "officer" and ident.isdigit():
        officer = await turn.uow.officers.by_telegram_id(int(ident))
        return officer.name if officer else actor
    return {"citizen": "Người dân", "system": "Hệ thống"}.get(kind, actor)


async def reveal(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """A leader sees a denouncer's identity in a private chat; the access is recorded.
    Luật Tố cáo 2018 Đ8(3), Đ47: the identity is sealed from everyone else."""
    if not turn.officer.is_leader:
        turn.refuse("staff.leaders_only")
        return
    contact = await turn.uow.tickets.contact(ticket.id)
    if ticket.type not in SEALED_IDENTITY or contact is None:
        turn.refuse("staff.unknown_ticket")
        return
    text = turn.t("staff.reveal", code=ticket.code, name=contact.name or "-",
                  phone=contact.phone or "-", address=contact.address or "-")
    await turn.uow.outbox.add(UserRef(Channel.TELEGRAM, str(turn.officer.telegram_id)),
                              Reply(text))
    await turn.record(ticket, "identity_revealed")
    turn.say("staff.done.reveal", code=ticket.code)


async def overdue(turn: StaffTurn) -> None:
    """`/quahan`: open tickets past their deadline, oldest first."""
    tickets = await turn.uow.tickets.overdue(turn.deps.clock.now())
    if not tickets:
        turn.say("staff.overdue_none")
        return
    lines = [turn.t("staff.overdue_title", count=len(tickets))]
    for ticket in tickets:
        assignee = await turn.uow.officers.get(ticket.assignee_id) if ticket.assignee_id else None
        lines.append(turn.t(
            "staff.overdue_line", code=ticket.code, kind=turn.t(f"kind.{ticket.type}"),
            due=ticket.due_at.astimezone(turn.deps.tz).strftime("%d/%m/%Y"),
            assignee=assignee.name if assignee else turn.t("staff.no_assignee"),
        ))
    turn.outcome.replies.append(Reply("\n".join(lines)))


async def _answer_of(turn: StaffTurn, ticket: Ticket) -> str | None:
    """The officer's last answer to a closed `hoi` ticket, or None."""
    if ticket.type is not TicketType.HOI or ticket.status is not TicketStatus.CLOSED:
        return None
    events = [e for e in await turn.uow.tickets.history(ticket.id) if e.text]
    answers = [e.text for e in events if e.kind == "message_out"]
    results = [e.text for e in events if e.kind == "closed"]
    return (answers or results or [None])[-1]


async def faq_new(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """Creates an FAQ entry from the citizen's question and the officer's answer."""
    answer = await _answer_of(turn, ticket)
    if answer is None:
        turn.refuse("staff.faq_no_answer", code=ticket.code)
        return
    entry = FaqEntry(f"HD{ticket.id}", ticket.content, (), answer, "khac")
    await _save_faq(turn, ticket, entry)


async def choose_faq_entry(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """The entries closest to the question, to add it to as a variant."""
    if await _answer_of(turn, ticket) is None:
        turn.refuse("staff.faq_no_answer", code=ticket.code)
        return
    buttons = tuple(Button(e.question[:60], f"st:faq_add:{ticket.id}:{e.id}")
                    for e in turn.deps.faq.rank(ticket.content, 5))
    turn.outcome.replies.append(Reply(turn.t("staff.faq_choose", code=ticket.code), buttons))


async def _add_variant(turn: StaffTurn, ticket: Ticket, entry_id: str) -> None:
    entry = turn.deps.faq.get(entry_id)
    if entry is None or await _answer_of(turn, ticket) is None:
        turn.refuse("staff.unknown_ticket")
        return
    if ticket.content not in entry.variants:
        entry = replace(entry, variants=(*entry.variants, ticket.content))
    await _save_faq(turn, ticket, entry)


async def _save_faq(turn: StaffTurn, ticket: Ticket, entry: FaqEntry) -> None:
    await turn.uow.faq.upsert([entry])
    await turn.record(ticket, "faq_promoted", entry=entry.id)
    turn.outcome.faq_changed = True
    turn.say("staff.faq_added", code=ticket.code, entry=entry.id)


SELECTIONS = {"unit": _transfer_to_unit, "to": _transfer_to_officer, "faq_add": _add_variant}
