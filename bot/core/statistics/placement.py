"""Where one ticket stands in a period: carried over or received, handled in the period (on
time or late, with which outcome), or still open at its end (within or past its deadline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.ticket_export import TicketRecord
from bot.core.tickets import OPEN_STATUSES, TicketStatus

HANDLED = (TicketStatus.CLOSED, TicketStatus.DECLINED, TicketStatus.FORWARDED)


@dataclass(frozen=True, slots=True)
class Placement:
    carried_over: bool  # received before the period and still open at its start
    outcome: TicketStatus | None = None  # closed, declined or forwarded within the period
    on_time: bool = True  # of a handled ticket: done on or before its deadline
    overdue_at_end: bool = False  # of a ticket still open: its deadline has passed

    @property
    def open_at_end(self) -> bool:
        return self.outcome is None


def done_at(record: TicketRecord) -> datetime | None:
    """When the ticket left the open statuses; a handled ticket without `resolved_at` (an
    import may lack it) counts as handled when received."""
    if record.status in OPEN_STATUSES or record.status == TicketStatus.SUSPENDED:
        return None  # a suspended ticket is still pending (Luật KN Đ11a)
    return record.resolved_at or record.received_at


def place(record: TicketRecord, start: datetime, end: datetime,
          as_of: datetime) -> Placement | None:
    """The ticket's place in [start, end) seen at `as_of` (the end, or now if earlier);
    None when it does not belong to the period. The deadline is the ticket's current
    `due_at`, the clock running now (DESIGN §2)."""
    finished = done_at(record)
    if record.received_at >= end or (finished is not None and finished < start):
        return None
    carried = record.received_at < start
    if finished is not None and finished < end:
        if record.status not in HANDLED:
            return None
        # A thụ lý after the first clock's deadline keeps the case late (issue 14).
        late = record.first_clock_late or (record.due_at is not None
                                           and finished > record.due_at)
        return _placement(carried, record.status, not late, False)
    overdue = record.first_clock_late or (record.due_at is not None and record.due_at < as_of)
    return _placement(carried, None, True, overdue)


# The few places there are, each made once: a year's statistics place 100,000 tickets.
_PLACES: dict[tuple[bool, str | None, bool, bool], Placement] = {}


def _placement(carried: bool, outcome: str | None, on_time: bool,
               overdue: bool) -> Placement:
    key = (carried, outcome, on_time, overdue)
    spot = _PLACES.get(key)
    if spot is None:
        spot = _PLACES[key] = Placement(carried, None if outcome is None
                                        else TicketStatus(outcome), on_time, overdue)
    return spot
