"""What an officer's action owes the citizen besides the bot's message: the notice a tố cáo's
forwarding sends (Luật Tố cáo 2018 Đ24(2)), whether it came within its clock, and, where the bot
cannot reach the citizen (a request received on paper), by when the written notice is due
(bot.core.notice_clocks)."""

from __future__ import annotations

from datetime import datetime

from bot.core.dates import day_text
from bot.core.notice_clocks import After, notice_clock, notice_day
from bot.core.staff.context import StaffTurn
from bot.core.tickets import Ticket, TicketType


def forwarded_key(ticket: Ticket) -> str:
    """The citizen's notice of a forwarding: a tố cáo's says what the law says of it."""
    return "notify.forwarded.to_cao" if ticket.type is TicketType.TO_CAO else "notify.forwarded"


def forwarded_late(turn: StaffTurn, ticket: Ticket, now: datetime) -> bool:
    """A tố cáo forwarded after the 5 working days of Luật Tố cáo 2018 Đ24(2)."""
    clock = notice_clock(ticket.type, "received")
    if clock is None:
        return False
    return now.astimezone(turn.deps.tz).date() > notice_day(clock, ticket.received_at,
                                                              turn.deps.policy)


def written_notice(turn: StaffTurn, ticket: Ticket, after: After, moment: datetime,
                   told: bool) -> None:
    """Where the bot could not tell the citizen, the officer reads by when the written notice
    of this step is due and under which article."""
    clock = notice_clock(ticket.type, after)
    if told or clock is None:
        return
    turn.say("staff.notice_written", code=ticket.code, law=clock.legal_basis,
             date=day_text(notice_day(clock, moment, turn.deps.policy)))
