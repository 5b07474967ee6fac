"""Facts an officer picks by button before typing the text of an action: the outcome class
when closing a khiếu nại or tố cáo, and whether a declined đơn was not eligible or outside the
agency's competence (guided elsewhere). Counted by the Thanh tra forms (bot.core.facts)."""

from __future__ import annotations

from bot.core.facts import Outcome
from bot.core.messages import Button, Reply
from bot.core.staff.context import StaffTurn
from bot.core.tickets import ACCEPTED_BY_THU_LY, Ticket, TicketType

# Luật KN 2011 Đ31, Đ40; Luật TC 2018 Đ35: the decision or conclusion says whether the đơn
# was right, partly right or wrong.
CLOSE_CHOICES = (Outcome.RIGHT, Outcome.WRONG, Outcome.PARTLY, Outcome.DISMISSED)
# Luật KN 2011 Đ11: a đơn not meeting the conditions; or another body's matter (guided).
DECLINE_CHOICES = ("ineligible", "guided")
CHOICES = {"close": tuple(str(c) for c in CLOSE_CHOICES), "decline": DECLINE_CHOICES}


def needs_choice(action: str, ticket: Ticket) -> bool:
    """Whether the action asks for a fact first (closing a phản ánh needs none)."""
    return action in CHOICES and ticket.type in ACCEPTED_BY_THU_LY


def choices(action: str, ticket: Ticket) -> tuple[str, ...]:
    """The facts offered for the ticket: a tố cáo outside the agency's competence is forwarded
    to the competent body («Chuyển cơ quan khác»), never guided (Luật Tố cáo 2018 Đ24(2))."""
    offered = CHOICES.get(action, ())
    if action == "decline" and ticket.type is TicketType.TO_CAO:
        return tuple(c for c in offered if c != "guided")
    return offered


def valid(action: str, choice: str, ticket: Ticket) -> bool:
    return choice in choices(action, ticket)


def refusal(action: str, choice: str, ticket: Ticket) -> str | None:
    """Why a fact of the action is not for this ticket (an outdated or forged button)."""
    if choice in CHOICES.get(action, ()) and not valid(action, choice, ticket):
        return "staff.guide_only_complaints"
    return None


def offer(turn: StaffTurn, action: str, ticket: Ticket) -> None:
    """The buttons `st:<action>:<ticket>:<choice>`, labelled for the ticket's type."""
    buttons = tuple(
        Button(turn.t(f"staff.choice.{action}.{ticket.type}.{choice}"),
               f"st:{action}:{ticket.id}:{choice}")
        for choice in choices(action, ticket))
    text = turn.t(f"staff.choose.{action}", code=ticket.code)
    if len(buttons) < len(CHOICES[action]):
        text = f"{text}\n{turn.t('staff.guide_only_complaints')}"
    turn.outcome.replies.append(Reply(text, buttons))
