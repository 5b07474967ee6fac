"""The urgent tier on the officers' side (bot.core.urgency): flagging or unflagging a ticket
from its card, the clock's lines on the card, and the first answer that meets the clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from hashlib import sha256

from bot.core.dates import local_moment
from bot.core.reminders.urgent import working_time
from bot.core.staff.context import StaffTurn
from bot.core.staff.model import StaffDeps
from bot.core.tickets import Ticket
from bot.core.urgency import URGENT_KEY, is_running


def card_values(deps: StaffDeps, ticket: Ticket, now: datetime) -> dict[str, str]:
    """The card's `{urgent}` mark before the code and its `{urgent_due}` line; empty when the
    ticket is not urgent."""
    if not ticket.urgent:
        return {"urgent": "", "urgent_due": ""}
    text, due = deps.catalog.text, ticket.urgent_due_at
    line = ""
    if ticket.urgent_met_at is not None and due is not None:
        late = ticket.urgent_met_at > due
        line = text(
            "staff.urgent.card_met_late" if late else "staff.urgent.card_met",
            at=local_moment(ticket.urgent_met_at, deps.tz),
            due=local_moment(due, deps.tz),
        )
    elif is_running(ticket) and due is not None:
        left = deps.policy.urgent.left(due, now)
        key = "staff.urgent.card_left" if left > timedelta() else "staff.urgent.card_late"
        line = text(key, due=local_moment(due, deps.tz), left=working_time(deps.catalog, left))
    return {"urgent": text("staff.urgent.mark"), "urgent_due": f"\n{line}" if line else ""}


def refresh_key(deps: StaffDeps, ticket: Ticket, now: datetime) -> str | None:
    """The outbox's dedupe key of the card's edit that shows its urgent clock as it reads at
    `now`: one edit per figure of time left, however often the reminder job looks; None when
    no urgent clock runs."""
    if not is_running(ticket):
        return None
    line = card_values(deps, ticket, now)["urgent_due"]
    return f"card-urgent:{ticket.id}:{sha256(line.encode()).hexdigest()[:16]}"


async def toggle(turn: StaffTurn, ticket: Ticket, _text: str | None) -> None:
    """«Khẩn» on the card: flags the ticket urgent, its clock running from now (the agency
    knows it now), or takes the flag off; either is an event in its history."""
    if ticket.urgent:
        await turn.uow.tickets.update(
            ticket.id, urgent=False, urgent_at=None, urgent_due_at=None, urgent_met_at=None
        )
        # A later flag starts a new clock, whose reminders must go out again.
        await turn.uow.reminders.forget(ticket.id, URGENT_KEY)
        await turn.record(ticket, "urgent_cleared")
        turn.say("staff.done.urgent_off", code=ticket.code)
        return
    now = turn.deps.clock.now()
    due = turn.deps.policy.urgent.due(now)
    await turn.uow.tickets.update(
        ticket.id, urgent=True, urgent_at=now, urgent_due_at=due, urgent_met_at=None
    )
    await turn.record(ticket, "urgent_set", None, urgent_due_at=due.isoformat())
    turn.say(
        "staff.done.urgent_on",
        code=ticket.code,
        due=local_moment(due, turn.deps.tz),
        hours=f"{turn.deps.policy.urgent.length_hours:g}",
    )
