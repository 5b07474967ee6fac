"""Table tests for the intake rules of khiếu nại and tố cáo: the limit to complain (Luật KN Đ9,
Đ33), dates and tax codes as typed, slowing past MAX_OPEN_TICKETS (never refusing), the day a
signed đơn may be recorded, and a digital signature found in a PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.complaint_rules import (
    is_plausible_organisation,
    next_filing_at,
    normalise_tax_code,
    parse_date,
    time_limit_passed,
)
from bot.core.form_receipt import receipt_moment, refusal
from bot.core.messages import Channel
from bot.core.signed_pdf import has_signature
from bot.core.tickets import Ticket, TicketStatus, TicketType

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 9:00 on Tuesday 10/3/2026 in Hà Nội


@pytest.mark.parametrize("text, expected", [
    ("05/02/2026", date(2026, 2, 5)),
    ("5-2-2026", date(2026, 2, 5)),
    ("ngày 5.2.2026", date(2026, 2, 5)),
    ("Quyết định số 12 ngày 31/12/2025", date(2025, 12, 31)),
    ("31/02/2026", None),
    ("2026-02-05", None),  # day first, as written in Việt Nam
    ("hôm qua", None),
])
def test_dates_as_typed(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ngày 10 tháng 11 năm 2025", date(2025, 11, 10)),  # as a đơn writes it
    ("ngay 10 thang 11 nam 2025", date(2025, 11, 10)),
    ("10/11/25", date(2025, 11, 10)),
    ("5/3", date(2026, 3, 5)),  # no year: the latest such day, today included
    ("ngày 10/3", date(2026, 3, 10)),
    ("10/11", date(2025, 11, 10)),  # not yet this year: last year's
    ("5 tháng 3", date(2026, 3, 5)),
    ("hôm qua", date(2026, 3, 9)),
    ("Hôm nay", date(2026, 3, 10)),
    ("30/2", None),
    ("2026-02-05", None),
    ("Quyết định số 12/QĐ", None),
])
def test_dates_as_citizens_type_them(text, expected):
    assert parse_date(text, today=date(2026, 3, 10)) == expected


@pytest.mark.parametrize("round_, learned, passed", [
    (1, date(2025, 12, 10), False),  # 90 days: the last day of the limit (Luật KN Đ9)
    (1, date(2025, 12, 9), True),  # 91 days
    (2, date(2026, 2, 8), False),  # 30 days (Đ33)
    (2, date(2026, 2, 7), True),
])
def test_the_limit_to_complain(round_, learned, passed):
    assert time_limit_passed(round_, learned, date(2026, 3, 10)) is passed


@pytest.mark.parametrize("text, expected", [
    ("0101234567", "0101234567"),
    ("0101 234 567", "0101234567"),
    ("0101234567-001", "0101234567-001"),
    ("0101234567001", "0101234567-001"),
    ("010123456", None),
    ("01012345678", None),
    ("MST 0101234567", None),
])
def test_tax_codes(text, expected):
    assert normalise_tax_code(text) == expected


@pytest.mark.parametrize("text, ok", [
    ("Công ty TNHH Bưu chính Minh An", True),
    ("Hợp tác xã Đông Sơn", True),
    ("VNPT", False),
    ("0912345678 0912", False),
])
def test_organisation_names_are_not_checked_as_a_persons(text, ok):
    assert is_plausible_organisation(text) is ok


@pytest.mark.parametrize("open_count, last_minutes_ago, wait_minutes", [
    (4, 0, None),  # within the cap of 5: at once
    (5, 10, 20),  # at the cap: 30 minutes after the last filing
    (5, 31, None),
    (7, 60, 30),  # three over: 90 minutes
    (60, 0, 24 * 60),  # never more than a day
])
def test_past_the_cap_a_khieu_nai_is_slowed_never_refused(open_count, last_minutes_ago,
                                                          wait_minutes):
    last = NOW - timedelta(minutes=last_minutes_ago)
    again = next_filing_at(open_count, 5, last, NOW)
    assert again == (None if wait_minutes is None else NOW + timedelta(minutes=wait_minutes))


def _waiting(drafted: datetime) -> Ticket:
    return Ticket(1, "KN-2026-00001", TicketType.KHIEU_NAI, TicketStatus.AWAITING_FORM,
                  Channel.WEB, "…", drafted, None, drafted_at=drafted)


@pytest.mark.parametrize("day, problem", [
    (date(2026, 3, 10), None),
    (date(2026, 3, 9), None),  # the đơn came by post the day after the draft
    (date(2026, 3, 8), None),
    (date(2026, 3, 7), "before_draft"),
    (date(2026, 3, 11), "future"),
])
def test_the_day_a_signed_don_may_be_recorded(day, problem):
    drafted = datetime(2026, 3, 8, 1, 0, tzinfo=UTC)
    assert refusal(day, _waiting(drafted), NOW, VN) == problem


def test_receipt_today_is_now_and_an_earlier_day_its_noon():
    assert receipt_moment(date(2026, 3, 10), NOW, VN) == NOW
    assert receipt_moment(date(2026, 3, 9), NOW, VN) == datetime(2026, 3, 9, 12, tzinfo=VN)


SIGNED = (b"%PDF-1.7\n4 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter "
          b"/adbe.pkcs7.detached /ByteRange [0 1200 9400 800] /Contents <3082>>>\nendobj\n")


@pytest.mark.parametrize("data, signed", [
    (SIGNED, True),
    (SIGNED.replace(b"adbe.pkcs7.detached", b"ETSI.CAdES.detached"), True),
    (SIGNED.replace(b"/ByteRange [0 1200 9400 800]", b""), False),  # an empty field only
    (SIGNED.replace(b"/Type /Sig", b"/Type /Annot"), False),
    (b"\xff\xd8\xff\xe0 a JPEG photo of the signed page", False),
    (b"%PDF-1.7\n% the drafted, unsigned don\n", False),
])
def test_a_digital_signature_in_a_pdf(data, signed):
    assert has_signature(data) is signed


def test_the_drafted_don_itself_carries_no_signature():
    from bot.core.catalog import Catalog
    from bot.core.petition import Petition, blocks
    from bot.reports.petition_files import pdf_bytes

    petition = Petition(TicketType.TO_CAO, "TC-2026-00001", "Sở", date(2026, 3, 10),
                        content="Nội dung tố cáo đủ dài để in.")
    assert not has_signature(pdf_bytes(blocks(petition, Catalog.load())))
