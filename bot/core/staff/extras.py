"""Officer actions beyond a status change: transfer, history, the overdue list, and a citizen's
phone number for the assignee and leaders."""

from __future__ import annotations

from typing import Any

from bot.core.dates import local_date, local_moment
from bot.core.messages import Button, Reply
from bot.core.staff.actions import allowed
from bot.core.staff.card import countdown
from bot.core.staff.context import UNREACHED_REF, StaffTurn
from bot.core.staff.leaders import is_leader
from bot.core.staff.model import as_id
from bot.core.tickets import SEALED_IDENTITY, Ticket
from bot.core.urgency import is_running

HISTORY_LIMIT = 30


async def choose_transfer(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """Buttons for every unit of the agency and every registered officer."""
    if not allowed(turn, "transfer", ticket):  # e.g. «Chuyển» on an outdated card
        return
    units = [Button(u.name, f"st:unit:{ticket.id}:{u.id}") for u in turn.deps.org.units]
    officers = [Button(o.name, f"st:to:{ticket.id}:{o.telegram_id}")
                for o in await turn.uow.officers.all()]
    turn.outcome.replies.append(
        Reply(turn.t("staff.choose_unit", code=ticket.code), tuple(units + officers)))


async def _transfer_to_unit(turn: StaffTurn, ticket: Ticket, unit_id: str) -> None:
    unit = next((u for u in turn.deps.org.units if u.id == unit_id), None)
    if unit is None:
        turn.refuse("staff.transfer_gone", code=ticket.code)
        return
    if not allowed(turn, "transfer", ticket):
        return
    await turn.uow.tickets.update(ticket.id, unit=unit.id, assignee_id=None)
    await turn.record(ticket, "transferred", unit=unit.id)
    turn.say("staff.done.transfer", code=ticket.code, target=unit.name)


async def _transfer_to_officer(turn: StaffTurn, ticket: Ticket, telegram_id: str) -> None:
    officer_id = as_id(telegram_id)
    officer = await turn.uow.officers.by_telegram_id(officer_id) if officer_id else None
    if officer is None:  # e.g. withdrawn (/huydangky) since the list was shown
        turn.refuse("staff.transfer_gone", code=ticket.code)
        return
    if not allowed(turn, "transfer", ticket):
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
            actor=actor, event=_named(turn, "event", event.kind),
            text=(f": {event.text}" if event.text else "") + _files(turn, event.data),
        ))
    turn.outcome.replies.append(Reply("\n".join(lines)))


def _files(turn: StaffTurn, data: dict[str, Any]) -> str:
    """The names of the files an answer carried (their content is never recorded)."""
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not files:
        return ""
    names = ", ".join(str(f.get("name")) for f in files if isinstance(f, dict))
    return " " + turn.t("staff.history_files", names=names)


async def _actor_name(turn: StaffTurn, actor: str) -> str:
    """An officer's name; the citizen, a job or a console command in words, never a code."""
    kind, _, ident = actor.partition(":")
    if kind == "officer" and as_id(ident) is not None:
        officer = await turn.uow.officers.by_telegram_id(int(ident), former=True)
        if officer is not None:
            return officer.name
    return _named(turn, "actor", kind)


def _named(turn: StaffTurn, prefix: str, code: str) -> str:
    """`event.closed` → "đóng hồ sơ"; a code the catalog does not know (written by a newer
    version, or by hand) reads as "other", so that the history always opens."""
    key = f"{prefix}.{code}"
    return turn.t(key if turn.deps.catalog.has(key) else f"{prefix}.other")


async def show_phone(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """The full phone number, as an alert only the presser sees, for the ticket's assignee and
    leaders; every view is recorded. The card shows it masked to the rest of the group."""
    contact = await turn.uow.tickets.contact(ticket.id)
    if (ticket.type in SEALED_IDENTITY or contact is None or contact.sealed
            or not contact.phone):
        turn.refuse("staff.unknown_ticket")
        return
    if not is_leader(turn.officer) and ticket.assignee_id != turn.officer.id:
        turn.refuse("staff.phone_assignee_only")
        return
    await turn.record(ticket, "phone_viewed")
    turn.outcome.alert = turn.t("staff.phone", code=ticket.code, phone=contact.phone)


async def overdue(turn: StaffTurn) -> None:
    """`/quahan`: open tickets past their deadline or their urgent clock, urgent ones first,
    then oldest first; the days late as the card counts them."""
    now = turn.deps.clock.now()
    tickets = await turn.uow.tickets.overdue(now)
    if not tickets:
        turn.say("staff.overdue_none")
        return
    lines = [turn.t("staff.overdue_title", count=len(tickets))]
    for ticket in tickets:
        assignee = await turn.uow.officers.get(ticket.assignee_id) if ticket.assignee_id else None
        mark = turn.t("staff.urgent.mark") if ticket.urgent else ""
        due = turn.t("staff.overdue_due", due=local_date(ticket.due_at, turn.deps.tz),
                     countdown=countdown(turn.deps, ticket, now))
        if is_running(ticket) and ticket.urgent_due_at and ticket.urgent_due_at < now:
            due = local_moment(ticket.urgent_due_at, turn.deps.tz)  # the urgent clock ran out
        lines.append(mark + turn.t(
            "staff.overdue_line", code=ticket.code, kind=turn.t(f"kind.{ticket.type}"),
            due=due,
            assignee=assignee.name if assignee else turn.t("staff.no_assignee"),
        ))
    turn.outcome.replies.append(Reply("\n".join(lines)))


SELECTIONS = {"unit": _transfer_to_unit, "to": _transfer_to_officer}


async def hand_over(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """The officer gave the citizen, by phone or by post, what the platform would not carry:
    the held notices of the ticket are dropped (never sent late), and the handover recorded."""
    user = await turn.citizen(ticket)
    count = await turn.uow.outbox.hand_over(user, f"{UNREACHED_REF}:{ticket.id}") if user else 0
    if not count:
        turn.say("staff.nothing_held", code=ticket.code)
        return
    await turn.record(ticket, "handed_over", None, messages=count)
    turn.say("staff.done.handed_over", code=ticket.code, count=count)
