"""The figures of a period per ticket type, per field and in total, as in the official report
forms: carried over, received (by channel; đơn and vụ việc), handled (on time, late; resolved,
declined, forwarded), still open at the end (within, past the deadline) and the on-time rate;
with the average working days to the first answer and to resolution, and satisfaction
(bot.core.statistics.answers says how those are counted)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from operator import attrgetter

from bot.core.calendar import WorkingCalendar
from bot.core.statistics.answers import Average, Satisfaction, TicketAnswer, working_days
from bot.core.statistics.periods import Period
from bot.core.statistics.placement import Placement, place
from bot.core.ticket_export import TicketRecord
from bot.core.tickets import TicketStatus, TicketType

# The four kinds of đơn the official forms count; questions (hoi) are reported apart.
REPORTED_TYPES = (TicketType.PHAN_ANH, TicketType.KIEN_NGHI, TicketType.KHIEU_NAI,
                  TicketType.TO_CAO)
# Paper and in-person đơn apart, as the forms count them; phone and e-mail as "other".
CHANNELS = ("zalo", "telegram", "web", "paper", "in_person")
OTHER_CHANNEL = "other"  # phone, e-mail, or a channel added later


def channel_key(channel: str, intake: str | None) -> str:
    """The column a ticket is counted in: an imported đơn by how it came (an older import
    without it: paper); the terminal (`pakn chat`) is the web chat's stand-in in trials, not a
    channel citizens use, so it counts as web."""
    if channel == "offline":
        return intake if intake in CHANNELS else ("paper" if intake is None else OTHER_CHANNEL)
    if channel == "terminal":
        return "web"
    return channel if channel in CHANNELS else OTHER_CHANNEL


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
    first_answer: Average = field(default_factory=Average)  # first answers given in the period
    resolution: Average = field(default_factory=Average)  # tickets handled in the period
    satisfaction: Satisfaction = field(default_factory=Satisfaction)  # closed in the period
    # Đơn received in the period per vụ việc (its case's code, or the ticket's own when it
    # shares none): several đơn about one problem are one vụ việc (bot.core.cases).
    received_cases: Counter[str] = field(default_factory=Counter)

    @property
    def to_handle(self) -> int:
        return self.carried_over + self.received

    @property
    def received_vu_viec(self) -> int:
        return len(self.received_cases)

    @property
    def received_shared(self) -> int:
        """Vụ việc received in the period with more than one đơn."""
        return sum(1 for count in self.received_cases.values() if count > 1)

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

    def add(self, spot: Placement, channel: str, case: str | None = None) -> None:
        if spot.carried_over:
            self.carried_over += 1
        else:
            self.received += 1
            if case is not None:
                self.received_cases[case] += 1
            self.by_channel[channel] += 1
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

    def add_timing(self, timing: Timing) -> None:
        if timing.first_answer_days is not None:
            self.first_answer.add(timing.first_answer_days)
        if timing.resolution_days is not None:
            self.resolution.add(timing.resolution_days)
        if timing.rating is not None:
            self.satisfaction.add(timing.rating)


@dataclass(frozen=True)
class Timing:
    """What one ticket adds to the averages and to satisfaction in the period."""

    first_answer_days: int | None = None  # answered first in the period
    resolution_days: int | None = None  # handled in the period, with a known `resolved_at`
    rating: int | None = None  # closed in the period and rated


NOTHING = Timing()  # what most tickets of a long period add: returned as is, not rebuilt
_NO_ANSWER = TicketAnswer()


def timing(record: TicketRecord, spot: Placement, answer: TicketAnswer | None,
           start: datetime, as_of: datetime, calendar: WorkingCalendar | None,
           tz: tzinfo) -> Timing:
    """The ticket's contribution; no working days without a calendar."""
    answer = answer or _NO_ANSWER
    first = resolved = None
    if calendar is not None:
        answered = answer.first_answer_at
        if answered is not None and start <= answered < as_of:
            first = working_days(calendar, tz, record.received_at, answered)
        if spot.outcome is not None and record.resolved_at is not None:
            resolved = working_days(calendar, tz, record.received_at, record.resolved_at)
    rating = answer.rating if spot.outcome == TicketStatus.CLOSED else None
    if first is None and resolved is None and rating is None:
        return NOTHING
    return Timing(first, resolved, rating)


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
    # The total's tickets per field id (None: no field given), in the order first seen.
    by_field: dict[str | None, Figures] = field(default_factory=dict)
    answers: Mapping[str, TicketAnswer] = field(default_factory=dict)  # by ticket code
    # Information without identity (Luật Tố cáo 2018 Đ25): not a tố cáo, counted apart.
    information: Figures = field(default_factory=Figures)


def compute(records: Iterable[TicketRecord], period: Period, tz: tzinfo, now: datetime, *,
            answers: Mapping[str, TicketAnswer] | None = None,
            calendar: WorkingCalendar | None = None) -> PeriodStatistics:
    """The period's figures from ticket records (any superset of the period's tickets);
    `answers` (first answers and ratings by code) and the working `calendar` give the
    averages and satisfaction."""
    start, end = period.bounds(tz)
    # Compared with every record's times, which are in UTC: an aware time compares with one of
    # the same zone fifteen times faster than across zones (bench/reports.md).
    utc_start, utc_end = start.astimezone(UTC), end.astimezone(UTC)
    as_of = min(utc_end, now.astimezone(UTC))
    answers = answers or {}
    by_type = {kind: Figures() for kind in REPORTED_TYPES}
    total, questions, information = Figures(), Figures(), Figures()
    by_field: dict[str | None, Figures] = {}
    counted = []
    channels: dict[tuple[str, str | None], str] = {}
    by_code: dict[str, Figures] = {str(kind): figures for kind, figures in by_type.items()}
    # A long period has tens of thousands of tickets: each is looked at once, its type's
    # figures found by its code, its channel's column remembered.
    for record in sorted(records, key=attrgetter("received_at", "code")):
        spot = place(record, utc_start, utc_end, as_of)
        if spot is None:
            continue
        counted.append((record, spot))
        kind = record.type
        if kind == TicketType.HOI:
            rows: tuple[Figures, ...] = (questions,)
        elif kind == TicketType.THONG_TIN:
            rows = (information,)
        else:
            of_type = by_code.get(kind)
            if of_type is None:
                continue
            of_field = by_field.get(record.field or None)
            if of_field is None:  # not setdefault: a Figures is three Counters to build
                of_field = by_field[record.field or None] = Figures()
            rows = (of_type, total, of_field)
        adds = timing(record, spot, answers.get(record.code), utc_start, as_of, calendar, tz)
        channel = channels.get((record.channel, record.intake))
        if channel is None:
            channel = channels[(record.channel, record.intake)] = channel_key(record.channel,
                                                                              record.intake)
        case = record.case or record.code
        for figures in rows:
            figures.add(spot, channel, case)
            if adds is not NOTHING:
                figures.add_timing(adds)
    return PeriodStatistics(period, start, end, as_of, by_type, total, questions,
                            tuple(counted), by_field, dict(answers), information)
