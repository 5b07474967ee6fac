"""Opening a ticket from a conversation: committed with the turn, then its code is shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.core import filing_quota
from bot.core.cases.grouping import group_new, tell_lead
from bot.core.dates import local_moment
from bot.core.messages import Attachment, Button
from bot.core.reminders.times import next_reminder_at
from bot.core.tickets import Contact, NewTicket, Ticket, TicketType
from bot.core.turn import Turn

NO_CONTACT = Contact()


async def has_room_for_ticket(turn: Turn) -> bool:
    """False (and says why) when the citizen already has too many open tickets."""
    count = await turn.uow.tickets.count_open(turn.citizen_id)
    if count >= turn.deps.limits.max_open_tickets:
        turn.say("ticket.too_many_open", count=count)
        return False
    return True


async def _link(turn: Turn, old_code: str, new_id: int, new_code: str) -> None:
    """Both histories say that the new ticket follows the old one (the card reads it)."""
    old = await turn.uow.tickets.by_code(old_code)
    if old is not None and old.citizen_id == turn.citizen_id:
        await turn.uow.tickets.record_event(new_id, "follows", actor="citizen", text=old.code)
        await turn.uow.tickets.record_event(old.id, "followed_up", actor="citizen",
                                            text=new_code)


async def open_ticket(
    turn: Turn,
    ticket_type: TicketType,
    *,
    content: str,
    consent: bool,
    field: str | None = None,
    contact: Contact = NO_CONTACT,
    attachments: tuple[Attachment, ...] = (),
    publish: bool = False,
    retry: tuple[Button, ...] = (),
    follows: str | None = None,
    urgent: bool = False,
    location: Mapping[str, Any] | None = None,
) -> Ticket | None:
    """Stores a new ticket in this turn's transaction, tells the citizen its code and returns
    it; None (and why) when it may not be stored now, `retry` being the button that tries again;
    `follows`: the code of the citizen's closed ticket this one says is not resolved; `urgent`:
    danger to life, health or property, its urgent clock running from receipt; `location`: the
    place of the incident shared on the map (bot.core.places), kept in the ticket's details."""
    if not await has_room_for_ticket(turn) or not await filing_quota.admits(turn, *retry):
        return None
    now, policy = turn.deps.clock.now(), turn.deps.deadlines
    due = policy.first_due(ticket_type, now)
    new = NewTicket(
        type=ticket_type,
        channel=turn.event.user.channel,
        content=content,
        received_at=now,
        due_at=due,
        field=field,
        contact=contact,
        attachments=attachments,
        consent_at=now if consent else None,
        publish_allowed=publish,
        code_year=now.astimezone(turn.deps.tz).year,
        next_reminder_at=next_reminder_at(now, due, (), policy, now) if due else None,
        urgent_due_at=policy.urgent.due(now) if urgent else None,
        details={"location": dict(location)} if location else None,
    )
    ticket = await turn.uow.tickets.add(new, turn.citizen_id)
    await turn.uow.tickets.record_event(ticket.id, "created", actor="citizen")
    if ticket.urgent_due_at is not None:
        await turn.uow.tickets.record_event(ticket.id, "urgent_set", actor="citizen",
                                            urgent_due_at=ticket.urgent_due_at.isoformat())
    if follows:
        await _link(turn, follows, ticket.id, ticket.code)
    case = await group_new(turn.uow, ticket, now, turn.deps.limits.similar_days)
    await filing_quota.record(turn)
    turn.deps.metrics.inc("pakn_tickets_created_total", "type", ticket_type)
    kind = turn.t(f"kind.{ticket_type}")
    follow = ((turn.button("track.follow_button", f"follow:{ticket.code}"),)
              if turn.deps.public_url else ())
    next_steps = (turn.button("ticket.track", f"track:{ticket.code}"), *follow,
                  turn.button("ticket.add_more", f"reply:{ticket.code}"),
                  turn.button("button.menu", "cmd:start"))
    receipt = (turn.t("ticket.created", kind=kind, code=ticket.code,
                      due=turn.local_date(ticket.due_at)) if ticket.due_at
               else turn.t("ticket.created_no_due", kind=kind, code=ticket.code))
    if ticket.urgent_due_at is not None:  # one message: the buttons stay under the whole receipt
        receipt += "\n" + turn.t("ticket.created_urgent", code=ticket.code,
                                 due=local_moment(ticket.urgent_due_at, turn.deps.tz))
    if case is not None:
        receipt += "\n" + turn.t("ticket.joined_case", code=ticket.code)
    turn.say_text(receipt, *next_steps)
    if case is not None:
        await tell_lead(turn.uow, turn.deps.catalog, case, ticket)
    return ticket
