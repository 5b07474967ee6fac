"""The urgent tier (DESIGN §6): a report of danger to life, health or property gets a short
clock in working hours, after Hà Nội's iHanoi (accept within 8 working hours, urgent within 4).

What it is and is not:
- An extra service target beside the legal clock, never instead of it: `due_at` and the
  statistics' «đúng hạn» stay on the legal deadline (DESIGN §2); the urgent clock is shown on
  the card, reminded of in hours and escalated to leaders when it runs out.
- Citizens flag a phản ánh or kiến nghị when filing; officers flag or unflag any pending
  request from its card (an event in its history). A khiếu nại or tố cáo flagged urgent keeps
  its legal clocks (Luật KN Đ27-28, Luật TC Đ24, Đ30 set them): the flag only puts it first and
  runs the same internal target.
- iHanoi's exact reading is not confirmed here: whether its 4 hours run from receipt or from
  acceptance, and whether acceptance within 8 hours binds urgent reports too. We take the
  reading that cannot make the agency late: 4 working hours from the moment the request is
  known to be urgent (receipt, or an officer's flag), to the first answer; the 8 hours to take
  a report up then never bind an urgent one (they end later).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.office_hours import WorkingHours
from bot.core.statistics.answers import FIRST_ANSWER_EVENTS
from bot.core.tickets import Ticket, TicketType

URGENT_HOURS = 4
# iHanoi's other target: an ordinary report is taken up within 8 working hours. Here an officer
# claims it («Nhận xử lý»); past that the group is reminded once (bot.core.reminders.take_up).
CLAIM_HOURS = 8
# The citizen says it when filing; a khiếu nại or tố cáo is flagged by an officer (its đơn, not
# the chat, starts its clock: two stages, bot.core.flows.two_stage).
CITIZEN_FLAGGED = frozenset({TicketType.PHAN_ANH, TicketType.KIEN_NGHI})
# The urgent clock is met by the first answer the statistics count (thụ lý, không thụ lý,
# chuyển, an officer's reply, closing): taking a ticket up («Nhận xử lý») alone is not handling.
MET_BY = frozenset(FIRST_ANSWER_EVENTS)
URGENT_KEY = "urgent"  # the reminders' clock key of the urgent clock


class UrgentClock:
    """Due moments and what is left of the urgent clock, in working hours."""

    def __init__(self, hours: WorkingHours, length_hours: float = URGENT_HOURS) -> None:
        if length_hours <= 0:
            raise ValueError(f"the urgent clock needs a positive length, got {length_hours}")
        self._hours, self._length = hours, timedelta(hours=length_hours)

    @property
    def hours(self) -> WorkingHours:
        return self._hours

    @property
    def length_hours(self) -> float:
        return self._length.total_seconds() / 3600

    def due(self, flagged_at: datetime) -> datetime:
        """When a request flagged urgent at `flagged_at` must have had its first answer."""
        return self._hours.add(flagged_at, self._length)

    def left(self, due: datetime, now: datetime) -> timedelta:
        """Working time left until `due`; negative: how long past it, in working time."""
        return self._hours.between(now, due)

    def progress(self, start: datetime, due: datetime, now: datetime) -> float:
        """Share of the clock used up, 0.0-1.0, in working time."""
        total = self._hours.between(start, due)
        if total <= timedelta() or now >= due:
            return 1.0
        return min(max(self._hours.between(start, now) / total, 0.0), 1.0)


def is_running(ticket: Ticket) -> bool:
    """True while an open ticket's urgent clock runs (flagged, not yet answered)."""
    return (
        ticket.urgent
        and ticket.is_open
        and ticket.urgent_due_at is not None
        and ticket.urgent_met_at is None
    )
