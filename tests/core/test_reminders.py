"""Which reminder is due when (pure): a phản ánh received Mon 2/3/2026 09:00, due Mon 16/3.

Working time from 2/3 09:00: 15 h that day, then 3-6/3, 9-13/3 and 16/3 (10 days): 255 h.
Half (127.5 h) is reached Mon 9/3 16:30; 80% (204 h) Thu 12/3 21:00.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar import WorkingCalendar, load_overrides
from bot.core.countdown import DaysLeft
from bot.core.deadlines import DeadlinePolicy, load_rules
from bot.core.reminders.kinds import ReminderKind, ReminderSchedule, ReminderTarget
from bot.core.tickets import TicketType

VN = ZoneInfo("Asia/Ho_Chi_Minh")
K = ReminderKind
START = datetime(2026, 3, 2, 9, tzinfo=VN)
DUE = datetime(2026, 3, 16, 16, 59, 59, tzinfo=UTC)


@pytest.fixture(scope="module")
def schedule() -> ReminderSchedule:
    calendar, rules = WorkingCalendar(load_overrides()), load_rules()
    return ReminderSchedule(DeadlinePolicy(calendar, rules, VN))


def local(day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.mark.parametrize(("now", "expected"), [
    (local(9, 16, 0), []),
    (local(9, 16, 45), [K.HALF]),
    (local(12, 20, 0), [K.HALF]),
    (local(12, 22, 0), [K.HALF, K.EIGHTY]),
    (local(13, 8), [K.HALF, K.EIGHTY, K.DAY_BEFORE]),
    (local(16, 8), [K.HALF, K.EIGHTY, K.DAY_BEFORE, K.DUE_TODAY]),
    (local(17, 0, 1), list(K)),
])
def test_kinds_fall_due_in_order(schedule, now, expected):
    assert schedule.due_kinds(START, DUE, now) == expected


@pytest.mark.parametrize(("due", "sent", "send", "skip"), [
    ([K.HALF], set(), K.HALF, []),
    ([K.HALF, K.EIGHTY, K.DAY_BEFORE], set(), K.DAY_BEFORE, [K.HALF, K.EIGHTY]),
    ([K.HALF, K.EIGHTY, K.DAY_BEFORE], {"half"}, K.DAY_BEFORE, [K.EIGHTY]),
    (list(K), {"half", "eighty", "day_before", "due_today", "overdue"}, None, []),
    ([], set(), None, []),
])
def test_only_the_most_urgent_unsent_kind_is_sent(schedule, due, sent, send, skip):
    assert schedule.choose(due, sent) == (send, skip)


@pytest.mark.parametrize(("now", "quiet"), [
    (local(10, 6, 59), True), (local(10, 7), False), (local(10, 19, 59), False),
    (local(10, 20), True),
])
def test_nobody_is_messaged_at_night(schedule, now, quiet):
    assert schedule.is_quiet(now) is quiet


PHAN_ANH = ReminderTarget(1, "PA-2026-00001", TicketType.PHAN_ANH, "first", 0, START, DUE)


@pytest.mark.parametrize(("now", "left"), [
    (local(10, 9), 4), (local(16, 9), 0), (local(18, 9), -2),
    (local(14, 9), 1),
])
def test_time_left_and_late_are_in_working_days(schedule, now, left):
    assert schedule.days_left(PHAN_ANH, now) == DaysLeft(left, "working_days")


def test_late_across_tet_is_counted_in_working_days(schedule):
    # Due Fri 13/2/2026; Tết is 14-22/2: on Tue 24/2, 2 working days late, not 11.
    due = datetime(2026, 2, 13, 16, 59, 59, tzinfo=UTC)
    target = replace(PHAN_ANH, start=local(30, 9, month=1), due_at=due)
    assert schedule.days_left(target, local(24, 9, month=2)) == DaysLeft(-2, "working_days")
    # Sat 14/2, the day after: late, though no working day has passed yet.
    assert schedule.days_left(target, local(14, 9, month=2)).days == -1


def test_a_clock_the_law_counts_in_calendar_days_is_counted_so(schedule):
    # Luật Tố cáo 2018 Đ30: 30 days from thụ lý on Mon 5/1/2026, due Wed 4/2.
    due = datetime(2026, 2, 4, 16, 59, 59, tzinfo=UTC)
    target = ReminderTarget(2, "TC-2026-00001", TicketType.TO_CAO, "second", 0,
                            local(5, 9, month=1), due, received_at=local(2, 9, month=1))
    assert schedule.days_left(target, local(24, 9, month=2)) == DaysLeft(-20, "days")
    assert schedule.days_left(target, local(30, 9, month=1)) == DaysLeft(5, "days")


def test_day_before_is_the_working_day_before(schedule):
    # Due Mon 16/3: the working day before is Fri 13/3, so Sat 14/3 is already past it.
    assert K.DAY_BEFORE not in schedule.due_kinds(START, DUE, local(12, 23))
    assert K.DAY_BEFORE in schedule.due_kinds(START, DUE, local(14, 10))
    assert date(2026, 3, 13).weekday() == 4
