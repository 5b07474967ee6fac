"""The figures of a period per ticket type and in total, as in the official report forms:
carried over, received (by channel), handled (on time, late; resolved, declined, forwarded),
still open at the end (within, past the deadline) and the on-time rate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from bot.core.statistics.periods import Period
from bot.core.statistics.placement import Placement, place
from bot.core.ticket_export import TicketRecord
from bot.core.tickets import TicketStatus, TicketType

# The four kinds of đơn the official forms count; questions (hoi) are reported apart.
REPORTED_TYPES = (TicketType.PHAN_ANH, TicketType.KIEN_NGHI, TicketType.KHIEU_NAI,
                  TicketType.TO_CAO)
CHANNELS = ("zalo", "telegram", "web", "offline")
OTHER_CHANNEL = "other"  # the terminal trial, or a channel added later


@dataclass
class Figures:
    carried_over: int = 0
    received: int = 0
    by_channel: Counter[str] = field(default_factory=Counter)
    on_time: int = 0
    late: int = 0
    outcomes: Counter[TicketStatus] = field(default_factory=Counter)
    open_in_time: int = 0
    open_overdue: int = 0

    @property
    def to_handle(self) -> int:
        return self.carried_over + self.received

    @property
    def handled(self) -> int:
        return self.on_time + self.late

    @property
    def still_open(self) -> int:
        return self.open_in_time + self.open_overdue

    @property
    def on_time_rate(self) -> float | None:
        """Handled on time over handled plus open past the deadline (DESIGN §6: overdue
        tickets still open count too), in percent; None when there is nothing to rate."""
        rated = self.handled + self.open_overdue
        return 100 * self.on_time / rated if rated else None

    def add(self, spot: Placement, channel: str) -> None:
        if spot.carried_over:
            self.carried_over += 1
        else:
            self.received += 1
            self.by_channel[channel if channel in CHANNELS else OTHER_CHANNEL] += 1
        if spot.outcome is not None:
            self.outcomes[spot.outcome] += 1
            if spot.on_time:
                self.on_time += 1
            else:
                self.late += 1
        elif spot.overdue_at_end:
            self.open_overdue += 1
        else:
            self.open_in_time += 1


@dataclass(frozen=True)
class PeriodStatistics:
    period: Period
    start: datetime
    end: datetime
    as_of: datetime  # the end of the period, or the moment of the report if earlier
    by_type: dict[TicketType, Figures]
    total: Figures
    questions: Figures  # Hỏi - Đáp questions sent to officers, outside the total
    records: tuple[tuple[TicketRecord, Placement], ...]  # every ticket counted, oldest first


def compute(records: Iterable[TicketRecord], period: Period, tz: tzinfo,
            now: datetime) -> PeriodStatistics:
    """The period's figures from ticket records (any superset of the period's tickets)."""
    start, end = period.bounds(tz)
    as_of = min(end, now)
    by_type = {kind: Figures() for kind in REPORTED_TYPES}
    total, questions = Figures(), Figures()
    counted = []
    for record in sorted(records, key=lambda r: (r.received_at, r.code)):
        spot = place(record, start, end, as_of)
        if spot is None:
            continue
        counted.append((record, spot))
        if record.type == TicketType.HOI:
            questions.add(spot, record.channel)
        elif record.type in by_type:
            by_type[TicketType(record.type)].add(spot, record.channel)
            total.add(spot, record.channel)
    return PeriodStatistics(period, start, end, as_of, by_type, total, questions,
                            tuple(counted))
