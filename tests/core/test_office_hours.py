"""Time counted in working hours (office periods on working days), for the urgent tier's clock.

Office hours are the default 07:30-11:30, 13:30-17:00 (Asia/Ho_Chi_Minh) unless a test says
otherwise; Tết 2026 is 14-22/2 off (Sat 14 to Sun 22), 23/2 worked (test_calendar.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.calendar import WorkingCalendar, load_overrides
from bot.core.deadlines import VN_TZ, DeadlinePolicy, load_rules
from bot.core.office_hours import (
    DEFAULT_OFFICE_HOURS,
    OfficeHours,
    OfficeHoursError,
    WorkingHours,
)
from bot.core.urgency import UrgentClock

CALENDAR = WorkingCalendar(load_overrides())


def vn(day: str, hm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=VN_TZ)


@pytest.fixture
def hours() -> WorkingHours:
    return WorkingHours(CALENDAR, DEFAULT_OFFICE_HOURS, VN_TZ)


@pytest.mark.parametrize(
    ("start", "added", "due"),
    [
        # Tuesday morning: within the morning period.
        (("2026-03-10", "08:00"), 2, ("2026-03-10", "10:00")),
        # Across lunch: 10:00-11:30 is 1.5 h, the rest from 13:30.
        (("2026-03-10", "10:00"), 4, ("2026-03-10", "16:00")),
        # Received at lunch: counting starts at 13:30.
        (("2026-03-10", "12:15"), 2, ("2026-03-10", "15:30")),
        # Received in the evening: counting starts at 07:30 the next working day.
        (("2026-03-10", "19:40"), 4, ("2026-03-11", "11:30")),
        # Friday afternoon: 1 h on Friday, the weekend skipped, 3 h on Monday.
        (("2026-03-13", "16:00"), 4, ("2026-03-16", "10:30")),
        # Received on Saturday: Monday is the first working time.
        (("2026-03-14", "09:00"), 4, ("2026-03-16", "11:30")),
        # Before Tết: Friday 13/2 at 15:00, 2 h that day, nothing until Monday 23/2.
        (("2026-02-13", "15:00"), 4, ("2026-02-23", "09:30")),
        # Filed during Tết, 8 h (iHanoi's term to accept): all of Monday 23/2 (7.5 h) and 30 min.
        (("2026-02-18", "10:00"), 8, ("2026-02-24", "08:00")),
    ],
)
def test_a_term_in_working_hours_skips_lunch_nights_weekends_and_tet(hours, start, added, due):
    assert hours.add(vn(*start), timedelta(hours=added)) == vn(*due).astimezone(UTC)


def test_a_term_that_runs_out_at_closing_ends_then_not_next_morning(hours):
    # 13:00 + 3.5 h: 13:30-17:00 exactly; the earlier reading (17:00), not 07:30 tomorrow.
    assert hours.add(vn("2026-03-10", "13:00"), timedelta(hours=3.5)) == vn("2026-03-10", "17:00")
    # Ending at the end of the morning: 11:30, not 13:30.
    assert hours.add(vn("2026-03-10", "07:30"), timedelta(hours=4)) == vn("2026-03-10", "11:30")


def test_working_time_between_two_moments(hours):
    friday, monday = vn("2026-03-13", "16:00"), vn("2026-03-16", "10:30")
    assert hours.between(friday, monday) == timedelta(hours=4)
    assert hours.between(monday, friday) == -timedelta(hours=4)
    assert hours.between(vn("2026-03-10", "11:00"), vn("2026-03-10", "14:00")) == timedelta(
        hours=1
    )
    assert hours.between(vn("2026-03-14", "08:00"), vn("2026-03-15", "16:00")) == timedelta()


def test_office_hours_are_the_agencys_to_set(hours):
    winter = WorkingHours(CALENDAR, OfficeHours.parse("08:00-12:00, 13:00-17:00"), VN_TZ)
    start = vn("2026-03-10", "07:00")
    assert winter.add(start, timedelta(hours=4)) == vn("2026-03-10", "12:00")
    assert hours.add(start, timedelta(hours=4)) == vn("2026-03-10", "11:30")
    assert str(OfficeHours.parse("08:00-12:00, 13:00-17:00")) == "08:00-12:00,13:00-17:00"


@pytest.mark.parametrize("text", ["07:30-11:30,11:00-17:00", "17:00-07:30", "8h-12h", "07:30"])
def test_office_hours_written_wrongly_are_refused(text):
    with pytest.raises(OfficeHoursError):
        OfficeHours.parse(text)


def test_the_urgent_clock_counts_four_working_hours_and_its_progress(hours):
    clock = UrgentClock(hours, 4)
    flagged = vn("2026-03-13", "16:00")  # Friday
    due = clock.due(flagged)
    assert due == vn("2026-03-16", "10:30")
    # The weekend uses none of it: on Monday at 08:00, 1 h 30 of 4 h is used.
    assert clock.progress(flagged, due, vn("2026-03-16", "08:00")) == pytest.approx(1.5 / 4)
    assert clock.left(due, vn("2026-03-16", "08:00")) == timedelta(hours=2.5)
    assert clock.left(due, vn("2026-03-16", "11:00")) == -timedelta(minutes=30)


def test_the_deadline_policy_carries_the_configured_urgent_clock():
    policy = DeadlinePolicy(
        CALENDAR,
        load_rules(),
        VN_TZ,
        office_hours=OfficeHours.parse("08:00-12:00,13:00-17:00"),
        urgent_hours=2,
    )
    assert policy.urgent.due(vn("2026-03-10", "11:00")) == vn("2026-03-10", "14:00")
