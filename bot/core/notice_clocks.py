"""Notices to the citizen with a clock of their own, apart from the clock of the decision they
announce: by when the denouncer must hear that the tố cáo went to the competent body, that it
was accepted, and what was concluded; by when a complaint's decision must be sent. The bot sends
each notice the moment the officer acts; these clocks say by when the officer must act (the
forwarding, which no other clock times) and by when a written notice is due where the bot
cannot reach the citizen (a request received on paper)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from bot.core.deadlines import DeadlinePolicy
from bot.core.tickets import TicketType

After = Literal["received", "accepted", "decided"]


@dataclass(frozen=True)
class NoticeClock:
    """A notice due `length` working days after the event `after` (the event's day not
    counted, BLDS 2015 Đ147(2))."""

    ticket_type: TicketType
    after: After
    length: int
    legal_basis: str
    duty: str | None = None  # recalled by the first clock's reminders: staff.notice_duty.<duty>


NOTICE_CLOCKS = (
    # Luật Tố cáo 2018 Đ24(2): a tố cáo outside the agency's competence is forwarded within 5
    # working days of receipt and the denouncer told; the 7-day clock of Đ24(1) is longer.
    NoticeClock(TicketType.TO_CAO, "received", 5, "Luật Tố cáo 2018 Đ24(2)", "forward_to_cao"),
    # Luật Tố cáo 2018 Đ29: the denouncer is told of the thụ lý within 5 working days of it.
    NoticeClock(TicketType.TO_CAO, "accepted", 5, "Luật Tố cáo 2018 Đ29"),
    # Luật Khiếu nại 2011 Đ27: the thụ lý is notified in writing; the notice goes with the
    # decision, so its clock is the thụ lý's own (7 or 10 working days, deadline_rules.yaml).
    NoticeClock(TicketType.KHIEU_NAI, "accepted", 0, "Luật Khiếu nại 2011 Đ27"),
    # Luật Khiếu nại 2011 Đ32: the first-round decision is sent within 3 working days; the
    # second round's term (Đ41, longer by our reading, unconfirmed) is read as the same 3
    # working days, which cannot make the agency late.
    NoticeClock(TicketType.KHIEU_NAI, "decided", 3, "Luật Khiếu nại 2011 Đ32, Đ41"),
    # Luật Tố cáo 2018 Đ35: the conclusion is notified to the denouncer within 5 working days.
    NoticeClock(TicketType.TO_CAO, "decided", 5, "Luật Tố cáo 2018 Đ35"),
)


def notice_clock(ticket_type: TicketType, after: After) -> NoticeClock | None:
    """The notice clock that the event `after` starts for this type, if any."""
    return next((c for c in NOTICE_CLOCKS if c.ticket_type is ticket_type and c.after == after),
                None)


def notice_day(clock: NoticeClock, moment: datetime, policy: DeadlinePolicy) -> date:
    """The last day for the notice, on the working calendar of the legal clocks."""
    day = moment.astimezone(policy.tz).date()
    return policy.calendar.add_working_days(day, clock.length) if clock.length else day


def pending_duty(ticket_type: TicketType, clock: str, start: datetime, now: datetime,
                 policy: DeadlinePolicy) -> tuple[NoticeClock, date] | None:
    """The notice a reminder on the first clock must recall, while its last day is still to
    come: one only the officer's action can meet (the forwarding of a tố cáo). Notices of a
    thụ lý or a result go out with the action itself."""
    found = notice_clock(ticket_type, "received") if clock == "first" else None
    if found is None or found.duty is None:
        return None
    last = notice_day(found, start, policy)
    return (found, last) if last >= now.astimezone(policy.tz).date() else None
