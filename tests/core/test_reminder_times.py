"""When a ticket's next reminder falls due (pure), worked by hand on two clocks.

A phản ánh received Mon 2/3/2026 09:00 is due Mon 16/3 23:59:59: 255 h of working time less
1 s (2/3 from 09:00, 3-6/3, 9-13/3, 16/3). Half: 9/3 16:30 less 0.5 s. 80%: Thu 12/3 21:00 less
0.8 s, at night, so 07:00 on Fri 13/3, which is also the working day before the due day.

A hỏi received Wed 29/4/2026 10:00 is due Fri 8/5 (30/4 and 1/5 are holidays, 2-3/5 a weekend):
134 h less 1 s. Half: 6/5 05:00 less 0.5 s, at night, so 07:00. The working day before (7/5,
from midnight, so 07:00) comes before 80% (7/5 21:12 less 0.8 s).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar import WorkingCalendar, load_overrides
from bot.core.deadlines import DeadlinePolicy, LegalClock, TicketType, load_rules
from bot.core.messages import Channel
from bot.core.reminders.kinds import ReminderKind, ReminderSchedule
from bot.core.reminders.times import kind_moment, next_reminder_at, next_reminder_for
from bot.core.tickets import Ticket, TicketStatus

VN = ZoneInfo("Asia/Ho_Chi_Minh")
K = ReminderKind
ALL = tuple(K)
PA_START = datetime(2026, 3, 2, 9, tzinfo=VN)
PA_DUE = datetime(2026, 3, 16, 23, 59, 59, tzinfo=VN)
HD_START = datetime(2026, 4, 29, 10, tzinfo=VN)
HD_DUE = datetime(2026, 5, 8, 23, 59, 59, tzinfo=VN)


@pytest.fixture(scope="module")
def policy() -> DeadlinePolicy:
    return DeadlinePolicy(WorkingCalendar(load_overrides()), load_rules(), VN)


def local(month: int, day: int, hour: int, minute: int = 0, second: int = 0,
          micro: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, micro, tzinfo=VN)


@pytest.mark.parametrize(("kind", "moment"), [
    (K.HALF, local(3, 9, 16, 29, 59, 500_000)),
    (K.EIGHTY, local(3, 12, 20, 59, 59, 200_000)),
    (K.DAY_BEFORE, local(3, 13, 0)),
    (K.DUE_TODAY, local(3, 16, 0)),
    (K.OVERDUE, local(3, 16, 23, 59, 59, 1)),
])
def test_each_kind_falls_due_at_a_hand_worked_moment(policy, kind, moment):
    # Within a microsecond: the share is a float, and `progress` decides.
    found = kind_moment(kind, PA_START, PA_DUE, policy)
    assert timedelta() <= found - moment <= timedelta(microseconds=1)


@pytest.mark.parametrize(("start", "due", "sent", "expected"), [
    (PA_START, PA_DUE, (), local(3, 9, 16, 29, 59, 500_000)),
    (PA_START, PA_DUE, ("half",), local(3, 13, 7)),  # 80% at 21:00 waits for the morning
    (PA_START, PA_DUE, ("half", "eighty", "day_before"), local(3, 16, 7)),
    (PA_START, PA_DUE, ALL[:4], local(3, 17, 7)),  # overdue just before midnight
    (PA_START, PA_DUE, ALL, None),
    (HD_START, HD_DUE, (), local(5, 6, 7)),  # across 30/4-3/5; 04:59:59.5 is at night
    (HD_START, HD_DUE, ("half",), local(5, 7, 7)),  # the day before comes before 80%
    # 80% never goes after the day before was sent: next is the due day.
    (HD_START, HD_DUE, ("half", "day_before"), local(5, 8, 7)),
    (HD_START, HD_DUE, ("due_today",), local(5, 9, 7)),
])
def test_next_is_the_earliest_pending_kind_out_of_the_night(policy, start, due, sent,
                                                            expected):
    assert next_reminder_at(start, due, sent, policy, start) == expected


def test_nothing_is_looked_for_past_the_overdue_lookback(policy):
    assert next_reminder_at(PA_START, PA_DUE, ALL[:4], policy, local(4, 15, 7)) == local(3, 17, 7)
    assert next_reminder_at(PA_START, PA_DUE, ALL[:4], policy, local(4, 16, 7)) is None


def ticket(**changes) -> Ticket:
    values = dict(id=1, code="PA-2026-00001", type=TicketType.PHAN_ANH,
                  status=TicketStatus.RECEIVED, channel=Channel.TELEGRAM, content="-",
                  received_at=PA_START, due_at=PA_DUE)
    return Ticket(**(values | changes))


def test_a_ticket_counts_from_its_running_clock_and_closed_ones_wait_for_nothing(policy):
    assert next_reminder_for(ticket(), policy, PA_START) == local(3, 9, 16, 29, 59, 500_000)
    accepted = local(3, 5, 10)
    due = policy.due_at(TicketType.PHAN_ANH, LegalClock.SECOND, accepted, PA_START)
    second = ticket(status=TicketStatus.ACCEPTED, clock="second", accepted_at=accepted,
                    due_at=due)
    assert next_reminder_for(second, policy, accepted) == kind_moment(
        K.HALF, accepted, due, policy)
    assert next_reminder_for(ticket(status=TicketStatus.CLOSED), policy, PA_START) is None
    assert next_reminder_for(ticket(due_at=None), policy, PA_START) is None


CLOCKS = [(TicketType.HOI, LegalClock.FIRST, 0), (TicketType.PHAN_ANH, LegalClock.FIRST, 0),
          (TicketType.TO_CAO, LegalClock.FIRST, 4), (TicketType.KHIEU_NAI, LegalClock.SECOND, 15),
          (TicketType.TO_CAO, LegalClock.SECOND, 60)]


def clocks(policy):
    """Clocks started across Tết 2026 and ordinary weeks, some extended (`extra_days`)."""
    for ticket_type, clock, extra_days in CLOCKS:
        for offset in (0, 11, 40):
            start = datetime(2026, 1, 27, 10, tzinfo=VN) + timedelta(days=offset, hours=offset)
            due = policy.due_at(ticket_type, clock, start, start) + timedelta(days=extra_days)
            yield start, due


def test_each_moment_is_exactly_when_the_schedule_counts_the_kind_due(policy):
    schedule = ReminderSchedule(policy)
    for start, due in clocks(policy):
        for kind in K:
            moment = kind_moment(kind, start, due, policy)
            assert kind in schedule.due_kinds(start, due, moment), (start, kind)
            before = moment - timedelta(microseconds=1)
            assert kind not in schedule.due_kinds(start, due, before), (start, kind)


def test_a_job_following_the_stored_moment_misses_no_reminder(policy):
    """Every 37 minutes by day: the ticket is selected exactly when something is to be sent."""
    schedule = ReminderSchedule(policy)
    for start, due in clocks(policy):
        sent: list[ReminderKind] = []
        stored = next_reminder_at(start, due, sent, policy, start)
        now = start
        while now < due + timedelta(days=2):
            if not schedule.is_quiet(now):
                kinds = schedule.due_kinds(start, due, now)
                to_send = bool(kinds) and kinds[-1] not in sent
                assert (stored is not None and stored <= now) == to_send, (start, now)
                if to_send:
                    sent = kinds
                    stored = next_reminder_at(start, due, sent, policy, now)
                    assert stored is None or stored > now
            now += timedelta(minutes=37)
        assert stored is None and sent == list(K)


def test_moments_are_utc(policy):
    moment = next_reminder_at(PA_START, PA_DUE, (), policy, PA_START)
    assert moment.tzinfo is UTC
