"""A vụ việc on the staff desk: the case's lines on its cards, merging a ticket into a case and
splitting one out (each audited on every ticket concerned), and the tickets a case's answer
reaches. Cards list member codes only, never who sent them."""

from __future__ import annotations

from bot.core.cases.model import GROUPED, Case
from bot.core.ports import UnitOfWork
from bot.core.staff.context import StaffTurn
from bot.core.staff.model import StaffDeps
from bot.core.tickets import SEALED_IDENTITY, Ticket, parse_code


async def card_lines(deps: StaffDeps, uow: UnitOfWork, ticket: Ticket) -> str | None:
    """On the lead's card: how many reported it, the earliest open deadline, the member
    codes; on a member's card: the case it is part of."""
    case = await uow.cases.of_ticket(ticket.id) if ticket.case_id is not None else None
    if case is None:
        return None
    members = await uow.cases.members(case.id)
    text = deps.catalog.text
    if len(members) < 2:
        return None
    if case.lead_ticket_id != ticket.id:
        lead = next((m.code for m in members if m.id == case.lead_ticket_id), case.code)
        return text("staff.case_member", case=case.code, lead=lead)
    dues = [m.due_at for m in members if m.is_open and m.due_at is not None]
    due = min(dues).astimezone(deps.tz).strftime("%d/%m/%Y") if dues else "-"
    return text("staff.case_lead", case=case.code, count=len(members), due=due,
                codes=", ".join(m.code for m in members))


async def answered_with(turn: StaffTurn, ticket: Ticket) -> tuple[Case | None, list[Ticket]]:
    """The tickets an answer on this card reaches: the ticket, and when its card is a case's,
    every other open member (each citizen with their own code, on their own channel)."""
    case = await turn.uow.cases.of_ticket(ticket.id) if ticket.case_id is not None else None
    if case is None or case.lead_ticket_id != ticket.id:
        return None, [ticket]
    others = [m for m in await turn.uow.cases.members(case.id)
              if m.id != ticket.id and m.is_open]
    return case, [ticket, *others]


async def merge_target(turn: StaffTurn, ticket: Ticket, text: str) -> Ticket | None:
    """The ticket whose case `ticket` may join, from the code the officer typed; None (and
    why) when it may not: unknown, the same case, another type, closed, or a tố cáo."""
    code = parse_code(text)
    target = await turn.uow.tickets.by_code(code) if code else None
    if target is None:
        turn.refuse("staff.merge_refused.unknown", target=text.strip()[:30])
        return None
    if SEALED_IDENTITY & {ticket.type, target.type}:  # Luật Tố cáo 2018 Đ8(3), Đ47
        turn.refuse("staff.merge_refused.sealed")
        return None
    if target.id == ticket.id or (ticket.case_id is not None
                                   and target.case_id == ticket.case_id):
        turn.refuse("staff.merge_refused.same", code=ticket.code)
        return None
    if target.type is not ticket.type or not target.is_open or ticket.type not in GROUPED:
        turn.refuse("staff.merge_refused.type", target=target.code,
                    kind=turn.t(f"kind.{target.type}"), status=turn.t(f"status.{target.status}"))
        return None
    return target


async def preview(turn: StaffTurn, action: str, ticket: Ticket, text: str) -> str | None:
    """What merging or splitting will do, and the notice the citizen will read (merge)."""
    if action == "split":
        case = await turn.uow.cases.of_ticket(ticket.id)
        return turn.t("staff.split_from", case=case.code if case else "-", reason=text)
    target = await merge_target(turn, ticket, text)
    if target is None:
        return None
    case = await turn.uow.cases.of_ticket(target.id)
    count = len(await turn.uow.cases.members(case.id)) + 1 if case else 2
    notice = await turn.citizen_text(ticket, "ticket.joined_case")
    return "\n\n".join((turn.t("staff.merge_into", case=case.code if case else target.code,
                               count=count), notice))


async def merge(turn: StaffTurn, ticket: Ticket, text: str | None) -> None:
    """Gộp: the ticket leaves any case it was in and joins the target's; audited on the
    ticket and on the case's lead; the citizen is told, without anyone else's details."""
    target = await merge_target(turn, ticket, text or "")
    if target is None:
        return
    await _leave(turn, ticket, text)
    case = await turn.uow.cases.join(ticket.id, target.id)
    count = len(await turn.uow.cases.members(case.id))
    await turn.record(ticket, "case_merged", case=case.code)
    lead = await turn.uow.tickets.get(case.lead_ticket_id)
    if lead is not None:
        await turn.record(lead, "case_member_added", member=ticket.code, case=case.code)
        turn.outcome.refreshed.append(lead.id)
    await turn.notify_citizen(ticket, "ticket.joined_case")
    turn.say("staff.done.merge", code=ticket.code, case=case.code, count=count)


async def split(turn: StaffTurn, ticket: Ticket, reason: str | None) -> None:
    """Tách: the ticket is handled on its own again (its card is posted if it had none)."""
    case = await _leave(turn, ticket, reason)
    if case is None:
        turn.refuse("staff.split_refused.alone", code=ticket.code)
        return
    turn.say("staff.done.split", code=ticket.code, case=case.code)


async def _leave(turn: StaffTurn, ticket: Ticket, reason: str | None) -> Case | None:
    case = await turn.uow.cases.leave(ticket.id)
    if case is None:
        return None
    await turn.record(ticket, "case_split", reason, case=case.code)
    lead = await turn.uow.tickets.get(case.lead_ticket_id)
    if lead is not None and lead.id != ticket.id:
        await turn.record(lead, "case_member_left", member=ticket.code, case=case.code)
        turn.outcome.refreshed.append(lead.id)
    return case
