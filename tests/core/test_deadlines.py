"""DeadlinePolicy with the bundled rules and overrides: due moments, extensions, progress.

Expected dates are worked out by hand (calendar facts listed in test_calendar.py); a due
moment is the end of the due day in Vietnam, 23:59:59 +07:00 = 16:59:59 UTC.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar import WorkingCalendar, load_overrides
from bot.core.deadlines import (
    DeadlinePolicy,
    DeadlineRule,
    ExtensionRefused,
    LegalClock,
    RuleError,
    TicketType,
    load_rules,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
T = TicketType
FIRST, SECOND = LegalClock.FIRST, LegalClock.SECOND


def at(day: date, hour: int = 9) -> datetime:
    """A local (Vietnam) moment on `day`."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def end_of(day: date) -> datetime:
    """The expected due moment for `day`, in UTC."""
    return datetime(day.year, day.month, day.day, 16, 59, 59, tzinfo=UTC)


@pytest.fixture(scope="module")
def policy() -> DeadlinePolicy:
    return DeadlinePolicy(WorkingCalendar(load_overrides()), load_rules())


@pytest.mark.parametrize(
    ("ticket_type", "received", "expected"),
    [
        # hoi, 5 wd. Fri 24/1/25; Tết 27/1-2/2: 3,4,5,6,7/2.
        (T.HOI, date(2025, 1, 24), date(2025, 2, 7)),
        # Sat 26/4/25 is a worked Saturday, not counted: 28, 29, 5/5, 6, 7/5.
        (T.HOI, date(2025, 4, 26), date(2025, 5, 7)),
        # Sat 10/1/26 worked, not counted: 12..16/1.
        (T.HOI, date(2026, 1, 10), date(2026, 1, 16)),
        # Wed 3/2/27; Tết 4/2-10/2: 11, 12, 15, 16, 17/2.
        (T.HOI, date(2027, 2, 3), date(2027, 2, 17)),
        # phan_anh, 10 wd. Fri 29/8/25; 1-2/9 off: 3,4,5 (3), 8-12 (8), 15 (9), 16 (10).
        (T.PHAN_ANH, date(2025, 8, 29), date(2025, 9, 16)),
        # Thu 15/4/27; Giỗ Tổ 16/4: 19-23 (5), 26-29 (9); 30/4-3/5 off; 4/5 (10).
        (T.PHAN_ANH, date(2027, 4, 15), date(2027, 5, 4)),
        # kien_nghi, 10 wd. Wed 31/12/25; 1-4/1 off: 5-9 (5), Sat 10 worked (6), 12-15 (10).
        (T.KIEN_NGHI, date(2025, 12, 31), date(2026, 1, 15)),
        # Sun 15/2/26, inside the Tết break: 23-27/2 (5), 2-6/3 (10).
        (T.KIEN_NGHI, date(2026, 2, 15), date(2026, 3, 6)),
        # khieu_nai, old rule 10 wd. Fri 4/4/25; Giỗ Tổ 7/4: 8-11 (4), 14-18 (9), 21 (10).
        (T.KHIEU_NAI, date(2025, 4, 4), date(2025, 4, 21)),
        # Thu 12/2/26: 13 (1); Tết 14-22/2; 23-27 (6), 2/3..5/3 (10).
        (T.KHIEU_NAI, date(2026, 2, 12), date(2026, 3, 5)),
        # Tue 30/6/26, last day of the old rule, 10 wd: 1-3/7 (3), 6-10 (8), 13 (9), 14 (10).
        (T.KHIEU_NAI, date(2026, 6, 30), date(2026, 7, 14)),
        # Wed 1/7/26, new rule 7 wd: 2, 3 (2), 6-10 (7). Due earlier than the day before's.
        (T.KHIEU_NAI, date(2026, 7, 1), date(2026, 7, 10)),
        # Fri 28/8/26, new rule; (issue 14) Mon 31/8 is an unverified swap, so worked (1);
        # 1-2/9 off: 3/9 (2), 4 (3), 7-10 (7). A day earlier than over a 31/8 day off.
        (T.KHIEU_NAI, date(2026, 8, 28), date(2026, 9, 10)),
        # to_cao, 7 wd. Thu 23/4/26: 24 (1); 27/4 comp.; 28, 29 (3); 30/4-3/5; 4-7/5 (7).
        (T.TO_CAO, date(2026, 4, 23), date(2026, 5, 7)),
        # Fri 9/1/26: Sat 10 worked (1), 12-16 (6), 19 (7).
        (T.TO_CAO, date(2026, 1, 9), date(2026, 1, 19)),
        # Fri 3/9/27, itself a holiday: 6-10 (5), 13 (6), 14 (7).
        (T.TO_CAO, date(2027, 9, 3), date(2027, 9, 14)),
    ],
)
def test_first_clock(
    policy: DeadlinePolicy, ticket_type: TicketType, received: date, expected: date
) -> None:
    assert policy.due_at(ticket_type, FIRST, at(received), at(received)) == end_of(expected)
    assert policy.first_due(str(ticket_type), at(received)) == end_of(expected)


@pytest.mark.parametrize(
    ("ticket_type", "received", "accepted", "expected"),
    [
        # 30 days. Tue 2/12/25 + 30 = Thu 1/1/26; bridge 2/1, weekend -> Mon 5/1.
        (T.PHAN_ANH, date(2025, 11, 25), date(2025, 12, 2), date(2026, 1, 5)),
        # Mon 1/6/26 + 30 = Wed 1/7: no roll.
        (T.PHAN_ANH, date(2026, 5, 25), date(2026, 6, 1), date(2026, 7, 1)),
        # Mon 19/1/26 + 30 = Wed 18/2, Tết -> Mon 23/2.
        (T.KIEN_NGHI, date(2026, 1, 12), date(2026, 1, 19), date(2026, 2, 23)),
        # Thu 11/12/25 + 30 = Sat 10/1/26, a worked Saturday: due that day.
        (T.KIEN_NGHI, date(2025, 12, 4), date(2025, 12, 11), date(2026, 1, 10)),
        # Mon 3/8/26 + 30 = Wed 2/9, Quốc khánh -> Thu 3/9.
        (T.KHIEU_NAI, date(2026, 7, 20), date(2026, 8, 3), date(2026, 9, 3)),
        # Wed 6/1/27 + 30 = Fri 5/2, Tết; weekend, 8-10/2 -> Thu 11/2.
        (T.KHIEU_NAI, date(2026, 12, 28), date(2027, 1, 6), date(2027, 2, 11)),
        # Wed 1/4/26 + 30 = Fri 1/5; weekend -> Mon 4/5.
        (T.TO_CAO, date(2026, 3, 20), date(2026, 4, 1), date(2026, 5, 4)),
        # Fri 7/3/25 + 30 = Sun 6/4; Giỗ Tổ Mon 7/4 -> Tue 8/4.
        (T.TO_CAO, date(2025, 2, 25), date(2025, 3, 7), date(2025, 4, 8)),
    ],
)
def test_second_clock(
    policy: DeadlinePolicy,
    ticket_type: TicketType,
    received: date,
    accepted: date,
    expected: date,
) -> None:
    due = policy.due_at(ticket_type, SECOND, at(accepted), at(received))
    assert due == end_of(expected)


def test_no_such_clock(policy: DeadlinePolicy) -> None:
    # A question (hoi) has no second clock.
    assert policy.due_at(T.HOI, SECOND, at(date(2026, 3, 2)), at(date(2026, 3, 2))) is None


@pytest.mark.parametrize(
    ("received_utc", "expected"),
    [
        # 16:30 UTC = 23:30 on Tue 30/6 in Vietnam: old rule, 10 wd -> 14/7.
        (datetime(2026, 6, 30, 16, 30, tzinfo=UTC), date(2026, 7, 14)),
        # 17:30 UTC = 00:30 on Wed 1/7 in Vietnam: new rule, 7 wd from 1/7 -> 10/7.
        (datetime(2026, 6, 30, 17, 30, tzinfo=UTC), date(2026, 7, 10)),
    ],
)
def test_receipt_day_is_the_local_day(
    policy: DeadlinePolicy, received_utc: datetime, expected: date
) -> None:
    due = policy.due_at(T.KHIEU_NAI, FIRST, received_utc, received_utc)
    assert due == end_of(expected)
    assert due is not None and due.utcoffset() == timedelta(0)
    assert due.astimezone(VN).time().isoformat() == "23:59:59"


def test_old_rule_keeps_governing_after_the_change(policy: DeadlinePolicy) -> None:
    # Received 30/6/26, the rule is looked up by receipt, not by when due_at is called.
    rule = policy.rule_for(T.KHIEU_NAI, FIRST, date(2026, 6, 30))
    assert rule is not None and rule.length == 10 and rule.effective_to == date(2026, 6, 30)
    rule = policy.rule_for(T.KHIEU_NAI, FIRST, date(2026, 7, 1))
    assert rule is not None and rule.length == 7 and rule.effective_from == date(2026, 7, 1)
    rule = policy.rule_for(T.KHIEU_NAI, FIRST, date(2020, 1, 1))
    assert rule is not None and rule.length == 10
    assert policy.rule_for(T.HOI, SECOND, date(2026, 7, 1)) is None


@pytest.mark.parametrize(
    ("ticket_type", "clock", "received", "current_due", "used", "expected"),
    [
        # to_cao first: 7 wd due Thu 7/5/26, +3 wd once (Đ24(1), total 10): 8, 11, 12/5.
        (T.TO_CAO, FIRST, date(2026, 4, 23), date(2026, 5, 7), 0, date(2026, 5, 12)),
        # to_cao second: due Mon 4/5/26, +30 days = Wed 3/6.
        (T.TO_CAO, SECOND, date(2026, 3, 20), date(2026, 5, 4), 0, date(2026, 6, 3)),
        # second extension allowed (especially complex): 3/6 + 30 = Fri 3/7.
        (T.TO_CAO, SECOND, date(2026, 3, 20), date(2026, 6, 3), 1, date(2026, 7, 3)),
        # khieu_nai second: due Thu 3/9/26, +15 days = Fri 18/9.
        (T.KHIEU_NAI, SECOND, date(2026, 7, 20), date(2026, 9, 3), 0, date(2026, 9, 18)),
        # Due Mon 23/2/26 (rolled over Tết), +15 days = Tue 10/3.
        (T.KHIEU_NAI, SECOND, date(2026, 1, 8), date(2026, 2, 23), 0, date(2026, 3, 10)),
        # +15 landing on a holiday: due Wed 15/4/26 + 15 = Thu 30/4; 1/5, weekend -> Mon 4/5.
        (T.KHIEU_NAI, SECOND, date(2026, 3, 1), date(2026, 4, 15), 0, date(2026, 5, 4)),
    ],
)
def test_extend_within_the_maximum(
    policy: DeadlinePolicy,
    ticket_type: TicketType,
    clock: LegalClock,
    received: date,
    current_due: date,
    used: int,
    expected: date,
) -> None:
    new_due = policy.extend(ticket_type, clock, end_of(current_due), at(received), used,
                            criteria=("a", "b"))  # two complexity criteria: see test_extension_*
    assert new_due == end_of(expected)


@pytest.mark.parametrize(
    ("ticket_type", "clock", "received", "accepted", "used", "expected"),
    [
        # Đ28 Luật KN: 45 days from acceptance. Thu 15/1/26 + 45 = Sun 1/3 -> Mon 2/3
        # (not 10/3: the 30-day due 14/2 was rolled over Tết to 23/2).
        (T.KHIEU_NAI, SECOND, date(2026, 1, 8), date(2026, 1, 15), 0, date(2026, 3, 2)),
        # Mon 3/8/26 + 45 = Thu 17/9 (not 18/9: the 30-day due was rolled from 2/9 to 3/9).
        (T.KHIEU_NAI, SECOND, date(2026, 7, 20), date(2026, 8, 3), 0, date(2026, 9, 17)),
        # Đ30 Luật TC: Wed 1/4/26 + 60 = Sun 31/5 -> Mon 1/6; + 90 = Tue 30/6.
        (T.TO_CAO, SECOND, date(2026, 3, 20), date(2026, 4, 1), 0, date(2026, 6, 1)),
        (T.TO_CAO, SECOND, date(2026, 3, 20), date(2026, 4, 1), 1, date(2026, 6, 30)),
        # Working-day clocks are unaffected by start: 7 + 3 wd from Thu 23/4/26 -> 12/5.
        (T.TO_CAO, FIRST, date(2026, 4, 23), date(2026, 4, 23), 0, date(2026, 5, 12)),
    ],
)
def test_extend_recounted_from_start(
    policy: DeadlinePolicy,
    ticket_type: TicketType,
    clock: LegalClock,
    received: date,
    accepted: date,
    used: int,
    expected: date,
) -> None:
    current = policy.due_at(ticket_type, clock, at(accepted), at(received))
    assert current is not None
    new_due = policy.extend(ticket_type, clock, current, at(received), used, start=at(accepted),
                            criteria=("a", "b"))
    assert new_due == end_of(expected)


@pytest.mark.parametrize(
    ("ticket_type", "clock", "used", "reason"),
    [
        (T.TO_CAO, FIRST, 1, "max_extensions_reached"),  # Đ24(1): 10 wd at most
        (T.TO_CAO, SECOND, 2, "max_extensions_reached"),  # Đ30: two extensions at most
        (T.KHIEU_NAI, SECOND, 1, "max_extensions_reached"),  # Đ28: 45 days at most
        (T.KHIEU_NAI, FIRST, 0, "no_extension_allowed"),
        (T.HOI, FIRST, 0, "no_extension_allowed"),
        (T.PHAN_ANH, SECOND, 0, "no_extension_allowed"),
        (T.KIEN_NGHI, FIRST, 0, "no_extension_allowed"),
        (T.HOI, SECOND, 0, "no_such_clock"),
    ],
)
def test_extend_beyond_the_maximum(
    policy: DeadlinePolicy, ticket_type: TicketType, clock: LegalClock, used: int, reason: str
) -> None:
    received = at(date(2026, 3, 2))
    with pytest.raises(ExtensionRefused) as refused:
        policy.extend(ticket_type, clock, end_of(date(2026, 4, 1)), received, used)
    assert refused.value.reason_code == reason


def test_progress_in_working_time(policy: DeadlinePolicy) -> None:
    # An ordinary week, Mon 8/6/26 00:00 to Fri 12/6 end: Wed noon is half-way.
    start = datetime(2026, 6, 8, tzinfo=VN)
    due = end_of(date(2026, 6, 12))
    assert policy.progress(start, due, datetime(2026, 6, 10, 12, tzinfo=VN)) == pytest.approx(
        0.5, abs=1e-4
    )
    # Fri 13/2/26 00:00 to Tue 24/2 end holds three working days (13, 23, 24/2); on Fri 20/2,
    # inside Tết, one of them is used: 1/3 (calendar time would say 7.5/12).
    start, due = datetime(2026, 2, 13, tzinfo=VN), end_of(date(2026, 2, 24))
    now = datetime(2026, 2, 20, 12, tzinfo=VN)
    assert policy.progress(start, due, now) == pytest.approx(1 / 3, abs=1e-4)
    # Clamped to [0, 1].
    assert policy.progress(start, due, start - timedelta(days=1)) == 0.0
    assert policy.progress(start, due, due + timedelta(days=3)) == 1.0
    assert policy.progress(start, start, start) == 1.0
    # A span with no working time at all (Sat-Sun 14-15/2/26) falls back to calendar time.
    start, due = datetime(2026, 2, 14, tzinfo=VN), end_of(date(2026, 2, 15))
    now = datetime(2026, 2, 15, tzinfo=VN)
    assert policy.progress(start, due, now) == pytest.approx(0.5, abs=1e-4)


def test_naive_datetimes_are_refused(policy: DeadlinePolicy) -> None:
    naive = datetime(2026, 3, 2, 9)
    with pytest.raises(ValueError, match="aware"):
        policy.due_at(T.HOI, FIRST, naive, naive)
    with pytest.raises(ValueError, match="aware"):
        policy.progress(naive, naive + timedelta(days=1), naive)


def test_bundled_rules_match_the_design() -> None:
    table = {
        (r.ticket_type, r.clock, r.effective_from, r.effective_to, r.complaint_round,
         r.remote): (
            r.trigger,
            r.length,
            r.unit,
            r.extension_length,
            r.max_extensions,
            r.extension_min_criteria,
        )
        for r in load_rules()
    }
    assert table == {
        (T.HOI, FIRST, None, None, None, None): ("received", 5, "working_days", 0, 0, ()),
        (T.PHAN_ANH, FIRST, None, None, None, None): ("received", 10, "working_days", 0, 0, ()),
        (T.PHAN_ANH, SECOND, None, None, None, None): ("taken_up", 30, "days", 0, 0, ()),
        (T.KIEN_NGHI, FIRST, None, None, None, None): ("received", 10, "working_days", 0, 0, ()),
        (T.KIEN_NGHI, SECOND, None, None, None, None): ("taken_up", 30, "days", 0, 0, ()),
        (T.KHIEU_NAI, FIRST, None, date(2026, 6, 30), None, None):
            ("received", 10, "working_days", 0, 0, ()),
        (T.KHIEU_NAI, FIRST, date(2026, 7, 1), None, None, None):
            ("received", 7, "working_days", 0, 0, ()),
        # Luật KN Đ28 (lần đầu) and Đ37 (lần hai), ordinary and vùng sâu, vùng xa.
        (T.KHIEU_NAI, SECOND, None, None, 1, False): ("accepted", 30, "days", 15, 1, (1,)),
        (T.KHIEU_NAI, SECOND, None, None, 1, True): ("accepted", 45, "days", 15, 1, (1,)),
        (T.KHIEU_NAI, SECOND, None, None, 2, False): ("accepted", 45, "days", 15, 1, (1,)),
        (T.KHIEU_NAI, SECOND, None, None, 2, True): ("accepted", 60, "days", 10, 1, (1,)),
        (T.TO_CAO, FIRST, None, None, None, None): ("received", 7, "working_days", 3, 1, ()),
        (T.TO_CAO, SECOND, None, None, None, None): ("accepted", 30, "days", 30, 2, (1, 2)),
    }
    assert all(r.legal_basis for r in load_rules())


_GOOD = "  - {ticket_type: hoi, clock: first, trigger: received, length: 5, unit: working_days, "


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("[]", "non-empty top-level 'rules'"),
        (_GOOD.replace("hoi", "hoii") + "legal_basis: x}", "rules[0] (hoii/first)"),
        (_GOOD.replace("5", "0") + "legal_basis: x}", "length must be a positive integer"),
        (_GOOD.replace("working_days", "weeks") + "legal_basis: x}", "unit must be one of"),
        (_GOOD.replace("received", "filed") + "legal_basis: x}", "trigger must be one of"),
        (_GOOD + "legal_basis: x, extension_length: 3}", "both be 0 or both positive"),
        (_GOOD + "legal_basis: x, max_extensions: -1}", "integers >= 0"),
        (_GOOD + "extension_length: 0}", "missing legal_basis"),
        (_GOOD + "legal_basis: ' '}", "legal_basis must cite"),
        (_GOOD + "legal_basis: x, lenght: 3}", "unknown key(s) lenght"),
        (
            _GOOD + "legal_basis: x, effective_from: 2026-07-01, effective_to: 2026-06-30}",
            "effective_from is after effective_to",
        ),
        (
            _GOOD
            + "legal_basis: x, effective_to: 2026-07-01}\n"
            + _GOOD
            + "legal_basis: y, effective_from: 2026-07-01}",
            "hoi/first from the start and hoi/first from 2026-07-01 are in force on the same",
        ),
    ],
)
def test_load_rules_names_the_bad_rule(tmp_path: Path, rules: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(f"rules:\n{rules}\n" if rules != "[]" else "rules: []\n", encoding="utf-8")
    with pytest.raises(RuleError, match=re.escape(message)):
        load_rules(path)


def test_policy_refuses_overlapping_rules() -> None:
    rule = DeadlineRule(T.HOI, FIRST, "received", 5, "working_days", legal_basis="x")
    with pytest.raises(RuleError, match="in force on the same days"):
        DeadlinePolicy(WorkingCalendar(), [rule, rule])


def test_thousands_of_deadlines_per_second(policy: DeadlinePolicy) -> None:
    moments = [at(date(2025, 1, 1) + timedelta(days=i)) for i in range(3 * 365)]
    started = time.perf_counter()
    for moment in moments:
        for ticket_type in T:
            policy.due_at(ticket_type, FIRST, moment, moment)
    assert time.perf_counter() - started < 2.0  # ~5,500 due dates


@pytest.mark.parametrize(
    ("complaint_round", "remote", "accepted", "expected", "extended"),
    [
        # Luật KN Đ28, lần đầu: Mon 2/3/26 + 30 = Wed 1/4; complex +15 = Thu 16/4.
        (1, False, date(2026, 3, 2), date(2026, 4, 1), date(2026, 4, 16)),
        # Đ28, vùng sâu, vùng xa: + 45 = Thu 16/4; complex 60 = Fri 1/5, 30/4-3/5 off -> Mon 4/5.
        (1, True, date(2026, 3, 2), date(2026, 4, 16), date(2026, 5, 4)),
        # Đ37, lần hai: + 45 = Thu 16/4; complex 60 -> Mon 4/5 (as above).
        (2, False, date(2026, 3, 2), date(2026, 4, 16), date(2026, 5, 4)),
        # Đ37, lần hai, vùng sâu: + 60 = Fri 1/5 -> Mon 4/5; complex 70 = Mon 11/5.
        (2, True, date(2026, 3, 2), date(2026, 5, 4), date(2026, 5, 11)),
        # Lần hai accepted Mon 1/6/26: + 45 = Thu 16/7; complex 60 = Fri 31/7.
        (2, False, date(2026, 6, 1), date(2026, 7, 16), date(2026, 7, 31)),
    ],
)
def test_khieu_nai_second_clock_by_round_and_area(
    policy: DeadlinePolicy, complaint_round: int, remote: bool, accepted: date,
    expected: date, extended: date,
) -> None:
    start = at(accepted)
    due = policy.due_at(T.KHIEU_NAI, SECOND, start, start, complaint_round, remote)
    assert due == end_of(expected)
    assert policy.extend(T.KHIEU_NAI, SECOND, due, start, 0, start=start, criteria=("b",),
                         complaint_round=complaint_round, remote=remote) == end_of(extended)


@pytest.mark.parametrize(
    ("ticket_type", "used", "criteria", "now_day", "outcome"),
    [
        # A tố cáo accepted Mon 2/3/26 (due Wed 1/4): the 1st extension needs one criterion.
        (T.TO_CAO, 0, (), date(2026, 3, 20), "no_criteria"),
        (T.TO_CAO, 0, ("a",), date(2026, 3, 20), date(2026, 5, 4)),  # 60 days: Fri 1/5 -> 4/5
        # The 2nd only when "đặc biệt phức tạp": two criteria or more (NĐ 31/2019 Đ3(3)).
        (T.TO_CAO, 1, ("a",), date(2026, 3, 20), "not_especially_complex"),
        (T.TO_CAO, 1, ("a", "a"), date(2026, 3, 20), "not_especially_complex"),  # same one twice
        (T.TO_CAO, 1, ("a", "g"), date(2026, 3, 20), date(2026, 6, 1)),  # 90: Sun 31/5 -> 1/6
        # A complex khiếu nại records its criterion too.
        (T.KHIEU_NAI, 0, (), date(2026, 3, 20), "no_criteria"),
        # Refused after the deadline: it cannot make a late case on time.
        (T.TO_CAO, 0, ("a",), date(2026, 4, 2), "past_deadline"),
        (T.KHIEU_NAI, 0, ("a",), date(2026, 4, 2), "past_deadline"),
        # ... and still allowed on the due day itself (the term ends at its end, BLDS Đ148).
        (T.KHIEU_NAI, 0, ("a",), date(2026, 4, 1), date(2026, 4, 16)),
    ],
)
def test_extension_records_criteria_and_comes_in_time(
    policy: DeadlinePolicy, ticket_type: TicketType, used: int, criteria: tuple,
    now_day: date, outcome: object,
) -> None:
    start = at(date(2026, 3, 2))
    due = policy.due_at(ticket_type, SECOND, start, start)
    assert due == end_of(date(2026, 4, 1))
    if used:  # the clock as it stands after the first extension
        due = policy.extend(ticket_type, SECOND, due, start, 0, start=start, criteria=("a",))
    call = lambda: policy.extend(ticket_type, SECOND, due, start, used, start=start,  # noqa: E731
                                 now=at(now_day, 15), criteria=criteria)
    if isinstance(outcome, str):
        with pytest.raises(ExtensionRefused) as refused:
            call()
        assert refused.value.reason_code == outcome
    else:
        assert call() == end_of(outcome)


@pytest.mark.parametrize(
    ("ticket_type", "start", "suspended", "resumed", "expected"),
    [
        # Khiếu nại accepted Mon 2/3/26, due Wed 1/4 (30 days). Suspended Wed 11/3: 21 days
        # left (12/3..1/4). Resumed Mon 20/4: + 21 = Mon 11/5. A whole new term would give
        # 20/5; the time left is the reading that cannot make the agency late.
        (T.KHIEU_NAI, date(2026, 3, 2), date(2026, 3, 11), date(2026, 4, 20), date(2026, 5, 11)),
        # Resumed the day it was suspended: nothing moves.
        (T.KHIEU_NAI, date(2026, 3, 2), date(2026, 3, 11), date(2026, 3, 11), date(2026, 4, 1)),
        # Suspended after the deadline: still late, the due date stays.
        (T.KHIEU_NAI, date(2026, 3, 2), date(2026, 4, 3), date(2026, 4, 20), date(2026, 4, 1)),
    ],
)
def test_suspension_pauses_the_clock_and_resumption_restarts_it(
    policy: DeadlinePolicy, ticket_type: TicketType, start: date, suspended: date,
    resumed: date, expected: date,
) -> None:
    begun = at(start)
    due = policy.due_at(ticket_type, SECOND, begun, begun)
    assert policy.resumed_due(ticket_type, SECOND, begun, due, at(suspended),
                              at(resumed)) == end_of(expected)
