"""The period statistics, by hand over the samples: carried over, received (by channel),
handled on time or late, open within or past the deadline; months, quarters, years; the
local-time boundary; and parsing periods as written on the command line."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.statistics.figures import compute
from bot.core.statistics.labels import format_rate
from bot.core.statistics.periods import Period, PeriodError, PeriodKind, month_of, parse_period
from bot.core.statistics.placement import place
from bot.core.tickets import TicketType
from tests.reports.samples import VN, codes, local, records

MARCH = Period(PeriodKind.MONTH, 2026, 3)
AFTER = local("2026-04-10 12:00")


def by_key() -> dict:
    names = {code: key for key, code in codes().items()}
    return {names[r.code]: r for r in records()}


@pytest.mark.parametrize(("key", "expected"), [
    # key: (carried over, outcome or None if open at the end, on time, overdue at the end)
    ("A", (True, "closed", True, False)),
    ("B", (True, None, True, True)),
    ("C", (False, None, True, False)),
    ("D", (False, "closed", False, False)),
    ("E", (False, "declined", True, False)),
    ("F", None),
    ("G", None),
    ("H", (False, None, True, False)),
    ("I", (False, "closed", True, False)),
    ("J", (False, "forwarded", True, False)),
])
def test_each_ticket_finds_its_place_in_march(key, expected):
    start, end = MARCH.bounds(VN)
    spot = place(by_key()[key], start, end, min(end, AFTER))
    if expected is None:
        assert spot is None
    else:
        assert (spot.carried_over, spot.outcome, spot.on_time, spot.overdue_at_end) == expected


def test_march_in_total_and_by_channel():
    stats = compute(records(), MARCH, VN, AFTER)
    total = stats.total
    assert (total.carried_over, total.received, total.to_handle) == (2, 5, 7)
    # J was typed in the terminal (a trial of the web chat): counted as web, not a channel.
    assert dict(total.by_channel) == {"telegram": 2, "web": 2, "zalo": 1}
    assert (total.handled, total.on_time, total.late) == (4, 3, 1)
    assert dict(total.outcomes) == {"closed": 2, "declined": 1, "forwarded": 1}
    assert (total.still_open, total.open_in_time, total.open_overdue) == (3, 2, 1)
    assert total.on_time_rate == 60 and format_rate(total.on_time_rate) == "60%"
    assert stats.as_of == stats.end == datetime(2026, 4, 1, tzinfo=VN)
    assert [r.code for r, _ in stats.records] == [
        "PA-2026-00001", "KN-2026-00001", "KI-2026-00001", "HD-2026-00001", "KN-2026-00002",
        "TC-2026-00001", "PA-2026-00005", "PA-2026-00002"]


@pytest.mark.parametrize(("kind", "row"), [
    # carried over, received, handled, on time, late, open in time, open overdue
    (TicketType.PHAN_ANH, (1, 2, 2, 2, 0, 1, 0)),
    (TicketType.KIEN_NGHI, (0, 1, 1, 0, 1, 0, 0)),
    (TicketType.KHIEU_NAI, (1, 1, 0, 0, 0, 1, 1)),
    (TicketType.TO_CAO, (0, 1, 1, 1, 0, 0, 0)),
])
def test_march_by_type(kind, row):
    f = compute(records(), MARCH, VN, AFTER).by_type[kind]
    assert (f.carried_over, f.received, f.handled, f.on_time, f.late, f.open_in_time,
            f.open_overdue) == row


def test_questions_are_counted_apart_from_the_total():
    questions = compute(records(), MARCH, VN, AFTER).questions
    assert (questions.received, questions.handled, questions.on_time) == (1, 1, 1)


@pytest.mark.parametrize(("period", "now", "row"), [
    # carried over, received, handled, on time, late, open in time, open overdue
    (Period(PeriodKind.QUARTER, 2026, 1), AFTER, (0, 8, 5, 3, 2, 2, 1)),
    (Period(PeriodKind.YEAR, 2026), AFTER, (0, 9, 6, 4, 2, 2, 1)),
    (Period(PeriodKind.YEAR, 2026), local("2026-04-16 09:00"), (0, 9, 6, 4, 2, 0, 3)),
    (Period(PeriodKind.QUARTER, 2026, 2), AFTER, (3, 1, 1, 1, 0, 2, 1)),
    (Period(PeriodKind.MONTH, 2026, 2), AFTER, (0, 3, 1, 0, 1, 2, 0)),
])
def test_quarters_years_and_an_unfinished_period(period, now, row):
    f = compute(records(), period, VN, now).total
    assert (f.carried_over, f.received, f.handled, f.on_time, f.late, f.open_in_time,
            f.open_overdue) == row


def test_the_month_boundary_is_local_midnight():
    april = compute(records(), Period(PeriodKind.MONTH, 2026, 4), VN, AFTER)
    march = compute(records(), MARCH, VN, AFTER)
    received_in = {r.code for r, spot in march.records if not spot.carried_over}
    assert "PA-2026-00002" in received_in  # 23:30 on 31/3, local: March
    assert "PA-2026-00003" not in received_in  # 00:10 on 1/4, local (still 31/3 in UTC)
    assert {r.code for r, s in april.records if not s.carried_over} == {"PA-2026-00003"}
    assert month_of(local("2026-03-31 23:30"), VN) == MARCH


@pytest.mark.parametrize(("kind", "text", "first", "next_first"), [
    (PeriodKind.MONTH, "2026-03", "2026-03-01", "2026-04-01"),
    (PeriodKind.MONTH, "2026-12", "2026-12-01", "2027-01-01"),
    (PeriodKind.QUARTER, "2026-Q1", "2026-01-01", "2026-04-01"),
    (PeriodKind.QUARTER, "2026-q4", "2026-10-01", "2027-01-01"),
    (PeriodKind.YEAR, "2026", "2026-01-01", "2027-01-01"),
])
def test_periods_as_written(kind, text, first, next_first):
    period = parse_period(kind, text)
    assert (period.first_day.isoformat(), period.next_first_day.isoformat()) == (first,
                                                                                 next_first)
    start, end = period.bounds(VN)
    assert start.utcoffset().total_seconds() == 7 * 3600 and start.hour == end.hour == 0


@pytest.mark.parametrize(("kind", "text"), [
    (PeriodKind.MONTH, "2026-13"), (PeriodKind.MONTH, "2026-00"), (PeriodKind.MONTH, "03/2026"),
    (PeriodKind.MONTH, "2026"), (PeriodKind.QUARTER, "2026-Q5"), (PeriodKind.QUARTER, "2026-03"),
    (PeriodKind.YEAR, "26"), (PeriodKind.YEAR, "năm 2026"),
])
def test_wrong_periods_are_refused(kind, text):
    with pytest.raises(PeriodError):
        parse_period(kind, text)


@pytest.mark.parametrize(("rate", "text"), [(None, "-"), (60.0, "60%"), (87.5, "87,5%"),
                                            (200 / 3, "66,7%")])
def test_rates_read_the_vietnamese_way(rate, text):
    assert format_rate(rate) == text
