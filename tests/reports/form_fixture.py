"""Đơn and reception sessions of Q4 2026 whose figures were counted by hand for every form
(tests/reports/test_forms.py): a vụ việc of two đơn (R2, R3), a khiếu nại accepted in the
period (R2) and one accepted before it and decided in it (R1), a forwarded tố cáo with the
reply received (R4), a phản ánh forwarded in September whose reply came in October (R11), a
tố cáo tiếp decided late (R7), a withdrawn tố cáo (R10), a khiếu nại not eligible (R8) and one
guided elsewhere (R9), an anonymous phản ánh (R5) and one carried over (R6)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.facts import Signers
from bot.core.forms.reception import ReceptionKind, ReceptionSession
from bot.core.forms.records import FormRecord

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = datetime(2026, 10, 1, tzinfo=VN), datetime(2027, 1, 1, tzinfo=VN)
ONE, SEVERAL, ANON = Signers.ONE, Signers.SEVERAL, Signers.ANONYMOUS


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VN)


def record(case, kind, status, unit, category, received, accepted=None, resolved=None,
           due=None, signers=ONE, eligible=None, competent=None, handling=None, outcome=None,
           reply=None, round_=1) -> FormRecord:
    return FormRecord(case, kind, status, unit, category, received, accepted, resolved, due,
                      signers, eligible, competent, handling, outcome, reply, round_)


RECORDS = [
    record(1, "khieu_nai", "closed", "bcvt", "hc_dat_dai", at(9, 20), at(9, 28), at(10, 20),
           at(10, 28), eligible=True, competent=True, outcome="dung"),
    record(2, "khieu_nai", "accepted", "bcvt", "hc_chinh_sach", at(10, 5), at(10, 10),
           due=at(11, 23), signers=SEVERAL, eligible=True, competent=True),
    record(2, "khieu_nai", "accepted", "bcvt", "hc_chinh_sach", at(10, 12), at(10, 14),
           due=at(11, 25), eligible=True, competent=True),
    record(4, "to_cao", "forwarded", "thanh_tra", "tham_nhung", at(11, 2), None, at(11, 3),
           at(11, 11), eligible=True, competent=False, handling="forwarded",
           reply=at(11, 25)),
    record(5, "phan_anh", "closed", None, "hc_khac", at(11, 5), None, at(11, 10),
           signers=ANON),
    record(6, "phan_anh", "received", "bcvt", "hc_khac", at(9, 25)),
    record(7, "to_cao", "closed", "thanh_tra", "hc_cong_chuc", at(10, 3), at(10, 8), at(12, 1),
           at(11, 7), eligible=True, competent=True, outcome="dung_mot_phan", round_=2),
    record(8, "khieu_nai", "declined", "thanh_tra", "khac", at(10, 15), None, at(10, 20),
           eligible=False),
    record(9, "khieu_nai", "declined", "bcvt", "hc_khac", at(11, 11), None, at(11, 12),
           eligible=True, competent=False, handling="guided"),
    record(10, "to_cao", "withdrawn", "thanh_tra", "hc_khac", at(10, 1, 10), at(10, 5),
           at(11, 15), at(11, 4), eligible=True, competent=True, outcome="rut"),
    record(11, "phan_anh", "forwarded", None, "hc_khac", at(9, 5), None, at(9, 10),
           eligible=True, competent=False, handling="forwarded", reply=at(10, 2)),
]

SESSIONS = [
    ReceptionSession(date(2026, 11, 20), ReceptionKind.SCHEDULED, "Giám đốc Sở", 12, 1, False,
                     True, "Đoàn hộ dân phản ánh trạm BTS"),
    ReceptionSession(date(2026, 11, 21), ReceptionKind.REGULAR, "Cán bộ tiếp dân", 2, 1, True,
                     False, "Hỏi lại về giấy phép", unit="bcvt"),
    ReceptionSession(date(2026, 11, 22), ReceptionKind.DELEGATED, "Phó Giám đốc", 3, 1, False,
                     False, "Khiếu nại quyết định xử phạt", unit="thanh_tra"),
    ReceptionSession(date(2026, 12, 5), ReceptionKind.AD_HOC, "Giám đốc Sở", 1, 2, False, False,
                     "Tố cáo cán bộ"),
]

N = None
# The total row of each form, column 1 onwards, counted by hand (see the module docstring).
TOTALS = {
    "01/XLD": [9, 0, 1, 0, 1, 6, 1, 8, 7, 6, 3, 3, 1, 1, 0, 1, 5, 5, 2, 2, 1, 2, 1, 1, 0, 2, N],
    "02/XLD": [4, 0, 0, 1, 3, 4, 0, 4, 3, 2, 2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, 0, 1, 1,
               0, 0, 0, N],
    "03/XLD": [3, 0, 0, 0, 0, 3, 0, 3, 0, 3, 3, 3, 2, 0, 0, 1, 1, 1, 0, 0, 0, 2, 0, 0, 1, 2, 1,
               1, 1, 0, 1, 0, 1, N],
    "04/XLD": [2, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, N],
    "01/KQGQ": [3, 1, 2, 2, 1, 1, 0, *[N] * 12, 1, 0, 0, 0, 0, 1, 0, N],
    "02/KQGQ": [1, *[N] * 19],
    "03/KQGQ": [2, 0, 2, 2, 1, 2, 0, 1, 1, 0, *[N] * 13, 0, 0, 0, 0, 1, 1, 0, 1, N],
    "01/TCD": [4, 18, 5, 1, 2, 0, 1, 0, 0, 0, 0, 2, 2, 13, 3, 0, 1, 12, 1, 0, 1, 1, 3, 1, 0, 0,
               0, 0, 0, N],
}
# Rows of the units with đơn, for 01/XLD (the others are all zero).
XLD01_UNITS = {
    "Phòng Bưu chính - Viễn thông":
        [4, 0, 1, 0, 1, 2, 0, 3, 3, 2, 3, 0, 0, 0, 0, 1, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0, N],
    "Thanh tra Sở":
        [4, 0, 0, 0, 0, 4, 0, 4, 3, 3, 0, 3, 0, 1, 0, 0, 2, 2, 0, 2, 0, 1, 0, 1, 0, 1, N],
    "Chưa giao đơn vị":
        [1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, N],
}
