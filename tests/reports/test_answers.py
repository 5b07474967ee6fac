"""Times to the first answer and to resolution in working days, satisfaction, and the figures
by field, by hand over the samples (bot.core.statistics.answers); and the read query that
finds each ticket's first answer and rating in one statement."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import pytest
from sqlalchemy import event

from bot.app.organisation_file import load_organisation
from bot.core.calendar import WorkingCalendar
from bot.core.calendar_overrides import as_flags, bundled_overrides
from bot.core.catalog import Catalog
from bot.core.statistics.answers import TicketAnswer, working_days
from bot.core.statistics.figures import Figures, compute
from bot.core.statistics.labels import field_rows, format_decimal
from bot.core.statistics.periods import Period, PeriodKind
from bot.core.ticket_export import TicketRecord
from bot.core.tickets import TicketType
from tests.reports.samples import VN, answers, codes, local, records, seed

MARCH = Period(PeriodKind.MONTH, 2026, 3)
FEBRUARY = Period(PeriodKind.MONTH, 2026, 2)
AFTER = local("2026-04-10 12:00")
CALENDAR = WorkingCalendar(as_flags(bundled_overrides()))


def march():
    return compute(records(), MARCH, VN, AFTER, answers=answers(), calendar=CALENDAR)


def timing(f: Figures) -> tuple:
    return (f.first_answer.count, f.first_answer.mean, f.resolution.count, f.resolution.mean,
            f.satisfaction.rated, f.satisfaction.satisfied, f.satisfaction.rate)


@pytest.mark.parametrize(("received", "answered", "days"), [
    ("2026-03-03 09:00", "2026-03-03 15:00", 0),  # the same day
    ("2026-03-06 16:00", "2026-03-09 09:00", 1),  # Friday → Monday
    ("2026-03-14 09:00", "2026-03-15 10:00", 0),  # Saturday → Sunday
    ("2026-03-05 09:00", "2026-03-09 09:00", 2),  # Thursday → Monday
    ("2026-02-10 09:00", "2026-02-23 09:00", 4),  # over Tết (16-20/2 off)
    ("2026-02-13 16:00", "2026-02-23 08:00", 1),  # the Friday before Tết → the Monday after
    ("2026-04-24 09:00", "2026-04-28 09:00", 1),  # Giỗ Tổ observed on Monday 27/4
    ("2026-04-29 09:00", "2026-05-04 09:00", 1),  # 30/4, 1/5, then a weekend
    ("2026-03-31 23:30", "2026-04-01 00:10", 1),  # local days, not 24-hour spans
])
def test_working_days_are_counted_as_deadlines_count_them(received, answered, days):
    assert working_days(CALENDAR, VN, local(received), local(answered)) == days


@pytest.mark.parametrize(("kind", "row"), [
    # first answers (count, mean), resolutions (count, mean), ratings, satisfied, rate
    (TicketType.PHAN_ANH, (1, 0.0, 2, 4.5, 1, 1, 100.0)),  # J 0 (A answered in Feb); A 9, J 0
    (TicketType.KIEN_NGHI, (1, 2.0, 1, 17.0, 1, 0, 0.0)),  # D, rated 2
    (TicketType.KHIEU_NAI, (2, 2.5, 0, None, 0, 0, None)),  # B 3, H 2; nothing handled
    (TicketType.TO_CAO, (1, 2.0, 1, 2.0, 0, 0, None)),  # E declined: no rating asked
])
def test_march_times_and_satisfaction_by_type(kind, row):
    assert timing(march().by_type[kind]) == row


def test_march_in_total_and_the_questions_apart():
    stats = march()
    assert timing(stats.total) == (5, 1.8, 4, 7.0, 2, 1, 50.0)
    assert timing(stats.questions) == (1, 0.0, 1, 1.0, 1, 1, 100.0)
    assert format_decimal(stats.total.first_answer.mean) == "1,8"
    assert format_decimal(stats.total.resolution.mean) == "7"


@pytest.mark.parametrize(("period", "now", "total"), [
    # February, over Tết: A (1) and G (4) first answered; G resolved in 8, rated 3 (neutral)
    (FEBRUARY, AFTER, (2, 2.5, 1, 8.0, 1, 0, 0.0)),
    # March seen on 21/3: only the answers given so far; handled counts as the records say
    (MARCH, local("2026-03-21 10:00"), (5, 1.8, 4, 7.0, 2, 1, 50.0)),
    (MARCH, local("2026-03-10 00:00"), (3, 7 / 3, 4, 7.0, 2, 1, 50.0)),  # B, D, H
    # The first quarter: every first answer but H's April resolution; A, D, G rated
    (Period(PeriodKind.QUARTER, 2026, 1), AFTER, (7, 2.0, 5, 36 / 5, 3, 1, 100 / 3)),
    # The second quarter: H closed on 3/4 (21 working days), rated 4
    (Period(PeriodKind.QUARTER, 2026, 2), AFTER, (0, None, 1, 21.0, 1, 1, 100.0)),
])
def test_other_periods(period, now, total):
    stats = compute(records(), period, VN, now, answers=answers(), calendar=CALENDAR)
    assert timing(stats.total) == pytest.approx(total)


def test_without_answers_or_a_calendar_nothing_is_averaged():
    plain = compute(records(), MARCH, VN, AFTER)
    assert timing(plain.total) == (0, None, 0, None, 0, 0, None)
    no_calendar = compute(records(), MARCH, VN, AFTER, answers=answers())
    assert timing(no_calendar.total) == (0, None, 0, None, 2, 1, 50.0)


def test_a_ticket_handled_without_an_end_date_is_left_out_of_the_resolution_average():
    imported = TicketRecord("PA-2026-00099", "phan_anh", "offline", None,
                            local("2026-03-02 08:00"), "closed", "first", None, None, None,
                            None, 0)
    stats = compute([*records(), imported], MARCH, VN, AFTER, answers=answers(),
                    calendar=CALENDAR)
    assert stats.total.handled == 5 and stats.total.resolution.count == 4


ORG = load_organisation(None)


@pytest.mark.parametrize(("name", "row"), [
    # carried over, received, handled, on time, late, open at the end, open past the deadline
    ("Thủ tục hành chính, dịch vụ công", (1, 0, 1, 1, 0, 0, 0)),  # A
    ("Bưu chính", (0, 0, 0, 0, 0, 0, 0)),  # G was February's
    ("Viễn thông, Internet", (1, 2, 0, 0, 0, 3, 1)),  # B (overdue), C, H
    ("Công nghệ thông tin, chuyển đổi số", (0, 1, 1, 0, 1, 0, 0)),  # D, late
    ("An toàn thông tin, lừa đảo trực tuyến", (0, 1, 1, 1, 0, 0, 0)),  # E
    ("Khác", (0, 0, 0, 0, 0, 0, 0)),
    ("Chưa xác định lĩnh vực", (0, 1, 1, 1, 0, 0, 0)),  # J; I is a question, not counted
])
def test_march_by_field(name, row):
    rows = dict(field_rows(march(), ORG, Catalog.load()))
    f = rows[name]
    assert (f.carried_over, f.received, f.handled, f.on_time, f.late, f.still_open,
            f.open_overdue) == row


def test_fields_follow_the_organisation_file_and_add_up_to_the_total():
    stats = march()
    names = [name for name, _ in field_rows(stats, ORG, Catalog.load())]
    assert names == [*(f.name for f in ORG.fields), "Chưa xác định lĩnh vực"]
    counted = field_rows(stats, ORG, Catalog.load(), every_field=False)
    assert [name for name, _ in counted] == [
        "Thủ tục hành chính, dịch vụ công", "Viễn thông, Internet",
        "Công nghệ thông tin, chuyển đổi số", "An toàn thông tin, lừa đảo trực tuyến",
        "Chưa xác định lĩnh vực"]
    for attribute in ("carried_over", "received", "handled", "still_open", "open_overdue"):
        assert sum(getattr(f, attribute) for _, f in counted) == getattr(stats.total,
                                                                         attribute)


def test_a_field_no_longer_in_the_organisation_file_is_shown_by_its_id():
    old = TicketRecord("PA-2026-00099", "phan_anh", "web", "linh_vuc_cu",
                       local("2026-03-02 08:00"), "received", "first", None, None, None,
                       None, 0)
    rows = field_rows(compute([old], MARCH, VN, AFTER), ORG, Catalog.load(), "en",
                      every_field=False)
    assert [(name, f.received) for name, f in rows] == [("linh_vuc_cu", 1)]


@asynccontextmanager
async def selects_made(app) -> AsyncIterator[list[str]]:
    """The SELECT statements sent to the database while the block runs."""
    selects: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(app.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield selects
    finally:
        event.remove(app.engine.sync_engine, "before_cursor_execute", count)


async def test_the_read_query_finds_first_answers_and_ratings_in_one_statement(app):
    await seed(app.uow)
    start, end = MARCH.bounds(VN)
    async with app.uow() as work, selects_made(app) as selects:
        found = await work.answers.in_period(start, end)
    assert len(selects) == 1 and "ticket_contacts" not in selects[0]
    names = codes()
    in_march = {names[key] for key in "ABCDEHIJ"}  # F came in April, G ended in February
    assert set(found) == in_march
    expected = answers()
    for code, answer in found.items():
        assert answer == expected[code]
        if answer.first_answer_at is not None:
            assert isinstance(answer.first_answer_at, datetime)
            assert answer.first_answer_at.utcoffset() is not None
    assert found[names["C"]] == TicketAnswer()  # only "created": not an answer


async def test_records_and_their_answers_are_read_in_one_statement(app):
    """What the summary, the monthly job and /thongke read: the period's records and, of those
    that have one, the first answer and rating, in one SELECT (one snapshot)."""
    await seed(app.uow)
    start, end = MARCH.bounds(VN)
    async with app.uow() as work, selects_made(app) as selects:
        found, answered = await work.records.in_period_with_answers(start, end)
    assert len(selects) == 1 and "ticket_contacts" not in selects[0]
    async with app.uow() as work:
        assert found == await work.records.in_period(start, end)
        every = await work.answers.in_period(start, end)
    assert answered == {code: a for code, a in every.items() if a != TicketAnswer()}
    assert answered and len(answered) < len(found)
    with_some, with_every = (compute(found, MARCH, VN, AFTER, answers=given, calendar=CALENDAR)
                             for given in (answered, every))
    for name in ("by_type", "total", "questions", "by_field", "information", "records"):
        assert getattr(with_some, name) == getattr(with_every, name), name
