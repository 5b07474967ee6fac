"""The Thanh tra forms built from đơn counted by hand (tests/reports/form_fixture.py): every
cell of the total row and of 01/XLD's units, every checksum, a refusal when figures do not add
up, and the periods with a cut-off day."""

from __future__ import annotations

from datetime import date

import pytest

from bot.app.organisation_file import load_organisation
from bot.core.forms.build import FORMS, build
from bot.core.forms.periods import FormPeriodError, parse_form_period
from bot.core.forms.spec import Checksum, ChecksumError, FormSpec, verify
from tests.reports.form_fixture import END, RECORDS, SESSIONS, START, TOTALS, XLD01_UNITS

ORG = load_organisation()
UNITS = [u.name for u in ORG.units]


@pytest.mark.parametrize("code", FORMS)
def test_every_cell_of_the_total_matches_the_hand_count(code):
    table = build(code, ORG, START, END, RECORDS, SESSIONS)
    numbers = [c.number for c in table.spec.columns]
    assert numbers == list(range(1, len(numbers) + 1))  # the form's own numbering, in order
    label, total = table.rows[-1]
    assert label == "Tổng cộng"
    assert [total.get(n) for n in numbers] == TOTALS[code]


@pytest.mark.parametrize("code", FORMS)
def test_units_are_the_rows_and_add_up_to_the_total(code):
    table = build(code, ORG, START, END, RECORDS, SESSIONS)
    labels = [label for label, _ in table.rows]
    assert labels[:len(UNITS)] == UNITS and labels[-1] == "Tổng cộng"
    for column in table.spec.columns:
        values = [row.get(column.number) for _, row in table.rows[:-1]]
        if all(v is None for v in values):
            assert table.rows[-1][1].get(column.number) is None
        else:
            assert sum(v or 0 for v in values) == table.rows[-1][1][column.number]


def test_the_units_of_01_xld_match_the_hand_count():
    rows = dict(build("01/XLD", ORG, START, END, RECORDS).rows)
    for name, expected in XLD01_UNITS.items():
        assert [rows[name].get(n) for n in range(1, 28)] == expected
    assert [rows["Văn phòng Sở"].get(n) for n in range(1, 27)] == [0] * 26


@pytest.mark.parametrize("code", FORMS)
def test_every_checksum_holds_in_every_row(code):
    table = build(code, ORG, START, END, RECORDS, SESSIONS)
    assert table.spec.checksums or code == "02/KQGQ"  # which has no sums
    for _label, row in table.rows:
        for checksum in table.spec.checksums:
            total = sum(row.get(n) or 0 for n in checksum.totals)
            assert all(sum(row.get(n) or 0 for n in group) == total
                       for group in checksum.parts)


def test_the_printed_checksums_are_those_of_the_forms():
    xld01 = build("01/XLD", ORG, START, END, RECORDS).spec
    assert {(c.total, c.parts) for c in xld01.checksums} == {
        (1, ((2, 3, 4, 5, 6, 7),)), (9, ((11, 12, 13), (14, 15, 16, 17), (18, 22))),
        (18, ((19, 20, 21),)), (22, ((23, 24, 25),))}
    tcd = build("01/TCD", ORG, START, END, sessions=SESSIONS).spec
    assert [c.formula for c in tcd.columns[:3]] == ["1=4+13+22", "2=5+14+23",
                                                    "3=6+7+15+16+24+25"]


def test_a_row_that_does_not_add_up_is_refused_with_the_columns_named():
    spec = FormSpec("01/XLD", "T", (), (Checksum(6, ((8, 9, 10),)),))
    with pytest.raises(ChecksumError) as refused:
        verify(spec, [("Thanh tra Sở", {6: 5, 8: 1, 9: 1, 10: 2})])
    assert str(refused.value) == ("Biểu 01/XLD, dòng «Thanh tra Sở»: (6) = (8)+(9)+(10) "
                                  "không khớp ((6)=5, (8)=1, (9)=1, (10)=2)")


@pytest.mark.parametrize(("text", "cutoff", "first", "last"), [
    ("2026-11", None, date(2026, 11, 1), date(2026, 11, 30)),
    ("2026-Q4", None, date(2026, 10, 1), date(2026, 12, 31)),
    ("2026-6M", None, date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-9M", None, date(2026, 1, 1), date(2026, 9, 30)),
    ("2026", None, date(2026, 1, 1), date(2026, 12, 31)),
    # Thanh tra periods: from the 15th of the month before to the 14th.
    ("2026-11", 15, date(2026, 10, 15), date(2026, 11, 14)),
    ("2026-Q4", 15, date(2026, 9, 15), date(2026, 12, 14)),
    ("2026-6M", 15, date(2025, 12, 15), date(2026, 6, 14)),
    ("2026-9M", 15, date(2025, 12, 15), date(2026, 9, 14)),
    ("2026", 15, date(2025, 12, 15), date(2026, 12, 14)),
    ("2026-01", 15, date(2025, 12, 15), date(2026, 1, 14)),
])
def test_periods_with_and_without_a_cutoff(text, cutoff, first, last):
    period = parse_form_period(text, cutoff)
    assert (period.first_day, period.last_day) == (first, last)


@pytest.mark.parametrize(("text", "cutoff"), [("2026-13", None), ("2026-Q5", None),
                                              ("26", None), ("2026-3M", None), ("2026", 31)])
def test_wrong_periods_are_refused(text, cutoff):
    with pytest.raises(FormPeriodError):
        parse_form_period(text, cutoff)
