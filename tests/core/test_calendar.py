"""WorkingCalendar over 2025-2027: holidays.VN plus the bundled swap overrides.

Every expected date is worked out by hand; the comment on each row shows the count.
Non-working weekdays used below (with the bundled overrides):
  2025: 1/1; Tết Mon 27/1-Fri 31/1; Giỗ Tổ Mon 7/4; 30/4, 1/5, 2/5 (swap); 1/9, 2/9.
        Sat 26/4 worked.
  2026: 1/1, 2/1 (swap); Tết Mon 16/2-Fri 20/2; Mon 27/4 (Giỗ Tổ Sun 26/4, compensatory);
        30/4, 1/5; 1/9, 2/9. Sat 10/1 and Sat 22/8 worked.
  2027: 1/1; Tết 4/2, 5/2, 8/2, 9/2, 10/2; Giỗ Tổ Fri 16/4; Fri 30/4; Mon 3/5 (1/5 is a Sat);
        2/9, 3/9.
Unconfirmed library days count as WORKED (issue 14 item 5; bot/core/calendar.py): Mon 31/8/2026
(a swap holidays.VN read from a Q&A, no decision found) and Ngày Văn hóa 24/11/2026 and 2027.
Rows changed for that are marked "(issue 14)"; counting them worked can only bring a deadline
earlier, never later.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.core.calendar import CalendarDataError, WorkingCalendar, load_overrides


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar(load_overrides())


@pytest.fixture(scope="module")
def plain() -> WorkingCalendar:
    """holidays.VN alone, to show what the overrides change."""
    return WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 1), False),  # Tết Dương lịch
        (date(2025, 1, 24), True),  # Friday before Tết
        (date(2025, 1, 27), False),  # Tết 2025: Mon 27/1 ...
        (date(2025, 1, 31), False),  # ... to Fri 31/1
        (date(2025, 2, 3), True),  # back to work
        (date(2025, 4, 7), False),  # Giỗ Tổ Hùng Vương 10/3 âm lịch
        (date(2025, 4, 26), True),  # Saturday worked for the 2/5 bridge day
        (date(2025, 4, 30), False),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), False),  # bridge day
        (date(2025, 9, 1), False),  # Quốc khánh, adjoining day
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),
        (date(2026, 1, 2), False),  # bridge day, missing from holidays.VN
        (date(2026, 1, 10), True),  # Saturday worked for it
        (date(2026, 1, 11), False),  # an ordinary Sunday
        (date(2026, 2, 16), False),  # Tết 2026: Mon 16/2 ...
        (date(2026, 2, 20), False),  # ... to Fri 20/2
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # compensatory day: Giỗ Tổ fell on Sunday 26/4
        (date(2026, 8, 22), True),  # Saturday kept worked (the safe reading, see yaml)
        (date(2026, 8, 31), True),  # (issue 14) unverified swap: worked until confirmed
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2026, 11, 24), True),  # (issue 14) Ngày Văn hóa: library only, unconfirmed
        (date(2027, 11, 24), True),  # (issue 14) likewise in 2027
        (date(2027, 2, 4), False),  # Tết 2027 (estimated by holidays.VN): Thu 4/2 ...
        (date(2027, 2, 10), False),  # ... to Wed 10/2
        (date(2027, 2, 11), True),
        (date(2027, 4, 16), False),  # Giỗ Tổ
        (date(2027, 5, 3), False),  # compensatory day: 1/5 is a Saturday
        (date(2027, 9, 3), False),  # Quốc khánh, adjoining day
    ],
)
def test_is_working_day(cal: WorkingCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Fri 24/1/25; Tết 27-31/1, weekend 1-2/2: 3,4,5,6,7/2 -> 7/2.
        (date(2025, 1, 24), 5, date(2025, 2, 7)),
        # Sun 26/1/25, just before Tết: 3-7/2 (5), 10-14/2 (10).
        (date(2025, 1, 26), 10, date(2025, 2, 14)),
        # Wed 29/1/25, mùng 1 Tết: 3-7/2 (5), 10 (6), 11 (7).
        (date(2025, 1, 29), 7, date(2025, 2, 11)),
        # Fri 4/4/25; weekend, Giỗ Tổ Mon 7/4: 8,9,10,11 (4), 14 (5).
        (date(2025, 4, 4), 5, date(2025, 4, 14)),
        # Thu 24/4/25: Fri 25 (1), Sat 26 worked (2), 28 (3), 29 (4); 30/4-4/5 off; 5/5 (5).
        (date(2025, 4, 24), 5, date(2025, 5, 5)),
        # Sat 26/4/25, a worked Saturday, is itself not counted: 28, 29, 5/5..9/5 (7), 12..14 (10).
        (date(2025, 4, 26), 10, date(2025, 5, 14)),
        # Fri 29/8/25; weekend, 1-2/9 off: 3,4,5 (3), 8 (4), 9 (5).
        (date(2025, 8, 29), 5, date(2025, 9, 9)),
        # Wed 31/12/25; 1/1 and bridge 2/1 off, weekend: 5..9/1 (5).
        (date(2025, 12, 31), 5, date(2026, 1, 9)),
        # Fri 9/1/26: the next working day is the worked Saturday 10/1.
        (date(2026, 1, 9), 1, date(2026, 1, 10)),
        # Fri 9/1/26: Sat 10 (1), 12, 13, 14, 15 (5).
        (date(2026, 1, 9), 5, date(2026, 1, 15)),
        # Sat 10/1/26 (worked, not counted): 12-16 (5), 19-23 (10).
        (date(2026, 1, 10), 10, date(2026, 1, 23)),
        # Fri 13/2/26; 14-22/2 off (Tết + weekends): 23-27 (5), 2/3 (6), 3/3 (7).
        (date(2026, 2, 13), 7, date(2026, 3, 3)),
        # Tue 17/2/26, mùng 1 Tết: 23-27/2 (5).
        (date(2026, 2, 17), 5, date(2026, 2, 27)),
        # Fri 24/4/26; 27/4 compensatory: 28 (1), 29 (2); 30/4-3/5 off; 4, 5, 6/5 (5).
        (date(2026, 4, 24), 5, date(2026, 5, 6)),
        # Fri 21/8/26: Sat 22 worked (1), 24, 25, 26, 27 (5).
        (date(2026, 8, 21), 5, date(2026, 8, 27)),
        # Fri 28/8/26; (issue 14) 31/8 worked (1); 1-2/9 off: 3 (2), 4 (3), 7, 8 (5).
        (date(2026, 8, 28), 5, date(2026, 9, 8)),
        # Wed 3/2/27; 4/2-10/2 off: 11, 12, 15, 16, 17 (5).
        (date(2027, 2, 3), 5, date(2027, 2, 17)),
        # Thu 15/4/27; Giỗ Tổ 16/4: 19-23 (5), 26-29 (9); 30/4, weekend, 3/5 off; 4/5 (10).
        (date(2027, 4, 15), 10, date(2027, 5, 4)),
        # Wed 1/9/27; 2-3/9 off, weekend: 6, 7, 8 (3).
        (date(2027, 9, 1), 3, date(2027, 9, 8)),
        # Zero: the start itself, even a holiday.
        (date(2026, 2, 17), 0, date(2026, 2, 17)),
        # Backwards: the working day before Mon 23/2/26 is Fri 13/2 (Tết in between).
        (date(2026, 2, 23), -1, date(2026, 2, 13)),
        # Backwards: the working day before Mon 12/1/26 is the worked Saturday 10/1.
        (date(2026, 1, 12), -1, date(2026, 1, 10)),
    ],
)
def test_add_working_days(cal: WorkingCalendar, start: date, n: int, expected: date) -> None:
    assert cal.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Mon 31/3/25 + 7 = Mon 7/4, Giỗ Tổ -> Tue 8/4.
        (date(2025, 3, 31), 7, date(2025, 4, 8)),
        # Tue 1/4/25 + 30 = Thu 1/5; 2/5 bridge, weekend -> Mon 5/5.
        (date(2025, 4, 1), 30, date(2025, 5, 5)),
        # Tue 2/12/25 + 31 = Fri 2/1/26, bridge day; weekend -> Mon 5/1.
        (date(2025, 12, 2), 31, date(2026, 1, 5)),
        # Wed 10/12/25 + 31 = Sat 10/1/26, a worked Saturday: no roll.
        (date(2025, 12, 10), 31, date(2026, 1, 10)),
        # Sun 18/1/26 + 30 = Tue 17/2, mùng 1 Tết -> Mon 23/2.
        (date(2026, 1, 18), 30, date(2026, 2, 23)),
        # Sun 2/8/26 + 30 = Tue 1/9, Quốc khánh; 2/9 too -> Thu 3/9.
        (date(2026, 8, 2), 30, date(2026, 9, 3)),
        # Mon 1/6/26 + 5 = Sat 6/6 -> Mon 8/6.
        (date(2026, 6, 1), 5, date(2026, 6, 8)),
        # Mon 1/6/26 + 30 = Wed 1/7, a working day: no roll.
        (date(2026, 6, 1), 30, date(2026, 7, 1)),
        # Thu 1/4/27 + 15 = Fri 16/4, Giỗ Tổ; weekend -> Mon 19/4.
        (date(2027, 4, 1), 15, date(2027, 4, 19)),
        # Fri 2/4/27 + 29 = Sat 1/5; Sun 2/5, compensatory Mon 3/5 -> Tue 4/5.
        (date(2027, 4, 2), 29, date(2027, 5, 4)),
    ],
)
def test_add_days_rolled(cal: WorkingCalendar, start: date, n: int, expected: date) -> None:
    assert cal.add_days_rolled(start, n) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 24), date(2026, 6, 24)),  # a working Wednesday stays
        (date(2026, 1, 10), date(2026, 1, 10)),  # a worked Saturday stays
        (date(2026, 1, 11), date(2026, 1, 12)),  # Sunday -> Monday
        (date(2026, 2, 14), date(2026, 2, 23)),  # first day of the 9-day Tết break -> after it
        (date(2026, 4, 30), date(2026, 5, 4)),  # 30/4, 1/5, weekend -> Monday
    ],
)
def test_roll_to_working_day(cal: WorkingCalendar, day: date, expected: date) -> None:
    assert cal.roll_to_working_day(day) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2025, 1, 24), date(2025, 2, 7), 5),  # across Tết 2025, as above
        (date(2025, 2, 7), date(2025, 1, 24), -5),  # reversed
        (date(2026, 3, 3), date(2026, 3, 3), 0),
        (date(2025, 12, 31), date(2026, 1, 9), 5),  # 5..9/1
        # Whole years: 261 weekdays each, less non-working weekdays, plus worked Saturdays.
        (date(2024, 12, 31), date(2025, 12, 31), 250),  # 261 - 12 + 1 (26/4)
        # (issue 14) 31/8 and 24/11 unconfirmed, so worked: 261 - 12 + 2 (10/1, 22/8).
        (date(2025, 12, 31), date(2026, 12, 31), 251),
        (date(2026, 12, 31), date(2027, 12, 31), 250),  # 261 - 11 ((issue 14) 24/11 worked)
    ],
)
def test_working_days_between(cal: WorkingCalendar, a: date, b: date, expected: int) -> None:
    assert cal.working_days_between(a, b) == expected


@pytest.mark.parametrize(
    ("call", "with_overrides", "without"),
    [
        # Thu 24/4/25 + 5 wd: without the worked Sat 26/4 and the 2/5 bridge day (which the
        # library has but, without its row, is unconfirmed (issue 14)) -> 25, 28, 29, 2/5, 5/5.
        (("add_working_days", date(2025, 4, 24), 5), date(2025, 5, 5), date(2025, 5, 5)),
        # Wed 31/12/25 + 5 wd: without the 2/1 bridge day -> 2, 5, 6, 7, 8/1.
        (("add_working_days", date(2025, 12, 31), 5), date(2026, 1, 9), date(2026, 1, 8)),
        # Fri 9/1/26 + 5 wd: without the worked Sat 10/1 -> 12..16/1.
        (("add_working_days", date(2026, 1, 9), 5), date(2026, 1, 15), date(2026, 1, 16)),
        # 2/12/25 + 31 days = Fri 2/1/26: a bridge day only with the overrides.
        (("add_days_rolled", date(2025, 12, 2), 31), date(2026, 1, 5), date(2026, 1, 2)),
        # 10/12/25 + 31 days = Sat 10/1/26: a working day only with the overrides.
        (("add_days_rolled", date(2025, 12, 10), 31), date(2026, 1, 10), date(2026, 1, 12)),
        # Whole year 2026: without the 2/1 bridge day and the two worked Saturdays, 261 - 11.
        (("working_days_between", date(2025, 12, 31), date(2026, 12, 31)), 251, 250),
    ],
)
def test_overrides_change_results(
    cal: WorkingCalendar,
    plain: WorkingCalendar,
    call: tuple,
    with_overrides: object,
    without: object,
) -> None:
    name, *args = call
    assert getattr(cal, name)(*args) == with_overrides
    assert getattr(plain, name)(*args) == without


def test_explicit_override_beats_library() -> None:
    # 2/9/2026 is a holiday in holidays.VN; an admin override can still make it a working day.
    assert not WorkingCalendar().is_working_day(date(2026, 9, 2))
    assert WorkingCalendar({date(2026, 9, 2): True}).is_working_day(date(2026, 9, 2))
    assert not WorkingCalendar({date(2026, 6, 24): False}).is_working_day(date(2026, 6, 24))


def test_counting_is_consistent(cal: WorkingCalendar) -> None:
    # Invariant over 2025-2027: adding n working days lands on a working day n days away.
    day = date(2025, 1, 1)
    while day.year < 2028:
        for n in (1, 5, 7, 10):
            due = cal.add_working_days(day, n)
            assert cal.is_working_day(due)
            assert cal.working_days_between(day, due) == n
        day += timedelta(days=1)


def test_fast_enough(cal: WorkingCalendar) -> None:
    days = [date(2025, 1, 1) + timedelta(days=i) for i in range(3 * 365)]
    started = time.perf_counter()
    for day in days:
        cal.add_working_days(day, 10)
        cal.add_days_rolled(day, 30)
    assert time.perf_counter() - started < 1.0  # ~2,200 deadlines; a few ms in practice


def test_bundled_overrides() -> None:
    overrides = load_overrides()
    assert overrides[date(2026, 1, 2)] is False
    assert overrides[date(2026, 1, 10)] is True
    assert overrides[date(2025, 4, 26)] is True
    assert overrides[date(2025, 5, 2)] is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {date: 2026-01-02, working: false, source: x}\n", "top-level 'overrides'"),
        ("overrides:\n  - {date: 2026-01-02, working: false}\n", "overrides[0]"),
        ('overrides:\n  - {date: 2026-01-02, working: "no", source: x}\n', "true or false"),
        ("overrides:\n  - {date: 2026-01-02 10:00:00, working: false, source: x}\n", "date"),
        ("overrides:\n  - {date: 2026-01-02, working: false, source: ' '}\n", "source"),
        (
            "overrides:\n  - {date: 2026-01-02, working: false, source: x}\n"
            "  - {date: 2026-01-02, working: true, source: y}\n",
            "listed twice",
        ),
    ],
)
def test_load_overrides_rejects_bad_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarDataError, match=re.escape(message)):
        load_overrides(path)


@pytest.mark.parametrize(
    ("day", "working", "words"),
    [
        # A day the library marks that no confirmed source backs: worked, and said so.
        (date(2026, 11, 24), True, "chưa xác nhận"),
        (date(2026, 8, 31), True, "chưa xác nhận"),
        # Statutory days (BLLĐ 2019 Đ112(1)) are law: off without a row.
        (date(2027, 2, 8), False, "Đ112(1)"),
        (date(2026, 4, 27), False, "Đ112(1)"),  # compensatory day for Giỗ Tổ (Đ111(3))
        (date(2026, 8, 22), True, "override (bundled)"),
        (date(2026, 3, 3), True, "working day"),
    ],
)
def test_check_says_whether_a_library_day_is_confirmed(day: date, working: bool,
                                                       words: str) -> None:
    from bot.core.calendar_overrides import bundled_overrides, explain

    is_working, reason = explain(day, bundled_overrides())
    assert is_working is working and words in reason
    assert WorkingCalendar(load_overrides()).is_working_day(day) is working


def test_an_admin_confirmation_turns_an_unconfirmed_day_off() -> None:
    # Wed 18/11/26 + 5 wd: 19, 20, 23, 24, 25/11 while 24/11 is unconfirmed; 26/11 once confirmed.
    cal = WorkingCalendar(load_overrides())
    assert cal.add_working_days(date(2026, 11, 18), 5) == date(2026, 11, 25)
    cal.set_overrides({**load_overrides(), date(2026, 11, 24): False})
    assert cal.add_working_days(date(2026, 11, 18), 5) == date(2026, 11, 26)


@pytest.mark.parametrize(
    ("today", "extra", "warned"),
    [
        (date(2026, 12, 1), {}, 2027),  # 2027 has only statutory rows: warn
        (date(2026, 11, 30), {}, None),  # not December
        (date(2027, 12, 15), {}, 2028),
        # One decision row for next year (a Tết bridge day) silences it.
        (date(2026, 12, 1), {date(2027, 2, 11): False}, None),
    ],
)
def test_december_warns_while_next_year_has_no_decision(today: date, extra: dict,
                                                        warned: int | None) -> None:
    from bot.core.calendar_overrides import DayOverride, bundled_overrides, missing_decisions

    rows = {**bundled_overrides(), **{d: DayOverride(d, w, "QĐ") for d, w in extra.items()}}
    assert missing_decisions(today, rows) == warned
