"""Tracking a ticket by its code, and rating the answer once it is closed."""

from __future__ import annotations

from bot.core import following
from bot.core.dates import local_moment
from bot.core.flows import menu
from bot.core.messages import Button
from bot.core.tickets import PENDING_STATUSES, Ticket, TicketStatus, parse_code
from bot.core.turn import Turn
from bot.core.urgency import is_running

RATINGS = range(1, 6)


async def track(turn: Turn, argument: str | None) -> None:
    """Shows one ticket's status, or lists the citizen's recent tickets to choose from."""
    if argument:
        await show_status(turn, argument)
        return
    tickets = await turn.uow.tickets.for_citizen(turn.citizen_id, limit=5)
    if not tickets:
        turn.say("track.none")
        turn.say("track.prompt")
    else:
        turn.say("track.choose", *(choice(turn, t) for t in tickets))
    turn.state.state = "track.code"


def choice(turn: Turn, ticket: Ticket) -> Button:
    """A button naming the ticket by code, kind and the day it was sent (within the 64
    characters of a Telegram button)."""
    label = turn.t("track.choice", code=ticket.code, kind=turn.t(f"kind.{ticket.type}"),
                   day=turn.local_date(ticket.received_at)[:5])
    return Button(label[:64], f"track:{ticket.code}")


def looks_like_code(text: str) -> bool:
    """A tracking code, or a short attempt at one (digits in a few words); anything else typed
    while a code is awaited is a new message, not a malformed code."""
    return parse_code(text) is not None or (
        any(ch.isdigit() for ch in text) and len(text.split()) <= 3 and len(text) <= 30)


async def show_status(turn: Turn, text: str) -> None:
    """Status and deadline of the ticket `text` names, if this citizen filed it."""
    turn.reset()
    code = parse_code(text)
    if code is None:
        turn.say("track.invalid", text=text[:40])
        return
    ticket = await turn.uow.tickets.by_code(code)
    if ticket is None or ticket.citizen_id != turn.citizen_id:
        # The same answer whether the code exists or not; a request filed on paper, by phone or
        # from another account is followed on the page (code and the phone's last four digits).
        elsewhere = (turn.t("track.elsewhere_page", url=f"{turn.deps.public_url}/tra-cuu")
                     if turn.deps.public_url else turn.t("track.elsewhere_hotline",
                                                         **turn.org_values()))
        turn.say("track.not_found", code=code, elsewhere=elsewhere)
        return
    if ticket.resolved_at:
        due_line = turn.t("track.resolved", resolved=turn.local_date(ticket.resolved_at))
    else:
        due_line = turn.t("track.due", due=turn.local_date(ticket.due_at)) if ticket.due_at else ""
        if is_running(ticket) and ticket.urgent_due_at is not None:
            due_line += "\n" + turn.t("track.urgent_due",
                                       due=local_moment(ticket.urgent_due_at, turn.deps.tz))
    follow = ((turn.button("track.follow_button", f"follow:{ticket.code}"),)
              if turn.deps.public_url else ())
    status = turn.t("track.status", code=ticket.code, kind=turn.t(f"kind.{ticket.type}"),
                    received=turn.local_date(ticket.received_at),
                    status=turn.t(f"status.{ticket.status}"), due_line=due_line)
    more = ((turn.button("ticket.add_more", f"reply:{ticket.code}"),)
            if ticket.status in PENDING_STATUSES else ())
    turn.say_text(status.rstrip(), *follow, *more,  # no due line (a đơn awaited): no blank line
                  turn.button("button.menu", "cmd:start"))


async def follow_link(turn: Turn, code: str) -> None:
    """A personal link that opens the ticket's status on any device (GET /tra-cuu); only its
    hash is stored, and a new link replaces the old one."""
    ticket = await turn.uow.tickets.by_code(code)
    if ticket is None or ticket.citizen_id != turn.citizen_id or not turn.deps.public_url:
        menu.stale_button(turn)
        return
    token, digest = following.new_token()
    await turn.uow.follow.set_link(ticket.id, digest, turn.deps.clock.now())
    turn.say("track.follow_link", code=ticket.code, days=following.LINK_DAYS,
             url=f"{turn.deps.public_url}/tra-cuu#{token}")


async def rate(turn: Turn, payload: str) -> None:
    """`rate:<code>:<1-5>` from the buttons sent after closing; counted once."""
    _, code, value = [*payload.split(":"), "", ""][:3]
    ticket = await turn.uow.tickets.by_code(code)
    valid = value.isdigit() and int(value) in RATINGS
    owned = ticket is not None and ticket.citizen_id == turn.citizen_id
    if not (valid and owned and ticket is not None and ticket.status is TicketStatus.CLOSED):
        menu.stale_button(turn)
    elif ticket.rating is not None:
        turn.say("rate.already", code=ticket.code)
    else:
        await turn.uow.tickets.set_rating(ticket.id, int(value))
        await turn.uow.tickets.record_event(ticket.id, "rated", actor="citizen", rating=int(value))
        turn.say("rate.thanks")
