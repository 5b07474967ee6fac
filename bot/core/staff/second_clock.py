"""The second legal clock started by an officer: thụ lý of a khiếu nại or tố cáo, and «Nhận xử
lý» of a phản ánh or kiến nghị (the answer clock), with the first clock's verdict kept."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.core.deadlines import LegalClock
from bot.core.reminders.times import next_reminder_for
from bot.core.staff.context import StaffTurn
from bot.core.tickets import ACCEPTED_BY_THU_LY, Ticket, TicketStatus


@dataclass(frozen=True)
class Started:
    """What starting the clock changes on the ticket, its due moment (None: the type has no
    second clock) and whether the first clock had already run out."""

    changes: dict[str, Any]
    due: datetime | None
    first_late: bool


def clock_kind(turn: StaffTurn, ticket: Ticket) -> dict[str, Any]:
    """The ticket's complaint round and whether its unit is remote (the rule's selectors)."""
    return {"complaint_round": ticket.complaint_round,
            "remote": turn.deps.org.is_remote(ticket.unit)}


def answers_on_taking_up(ticket: Ticket) -> bool:
    """Whether «Nhận xử lý» starts the answer clock: a phản ánh or kiến nghị (never thụ lý,
    Luật Tiếp công dân 2013 Đ28) taken up from receipt, its first clock still running."""
    return (ticket.type not in ACCEPTED_BY_THU_LY and ticket.status is TicketStatus.RECEIVED
            and ticket.clock == LegalClock.FIRST)


def start(turn: StaffTurn, ticket: Ticket, status: TicketStatus, now: datetime) -> Started:
    """The second clock from `now`; nothing changes when the type has no second clock."""
    first_due = ticket.due_at if ticket.clock == LegalClock.FIRST else None
    late = first_due is not None and now > first_due
    begin = now
    if ticket.type not in ACCEPTED_BY_THU_LY and late and first_due is not None:
        # Phản ánh, kiến nghị: handled and the citizen told within 10 working days of receipt
        # (Luật Tiếp công dân 2013 Đ28(1)); the answer's 30 days are the province's rule and
        # whether a late taking-up lends them extra time is not settled by the text we have.
        # They run from the first clock's deadline at the latest: the reading that cannot
        # make the agency late.
        begin = first_due
    due = turn.deps.policy.due_at(ticket.type, LegalClock.SECOND, begin, ticket.received_at,
                                  **clock_kind(turn, ticket))
    if due is None:
        return Started({}, None, late)
    # A step after the first clock's deadline is late, and stays so once the second clock
    # runs (statistics read `first_clock_late`).
    changes: dict[str, Any] = {"status": status, "accepted_at": now, "first_clock_late": late,
                               "due_at": due, "clock": str(LegalClock.SECOND),
                               "extensions_used": 0}
    changes["next_reminder_at"] = next_reminder_for(replace(ticket, **changes),
                                                    turn.deps.policy, now)
    return Started(changes, due, late)
