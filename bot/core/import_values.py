"""Values as staff write them in a spreadsheet: ticket types and statuses in Vietnamese with or
without tone marks, how a request arrived, and dates in local time.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, tzinfo

from bot.core.tickets import TicketStatus, TicketType

_TYPES = {
    "hoi": TicketType.HOI, "hoi_dap": TicketType.HOI, "cau_hoi": TicketType.HOI,
    "phan_anh": TicketType.PHAN_ANH, "kien_nghi": TicketType.KIEN_NGHI,
    "khieu_nai": TicketType.KHIEU_NAI, "to_cao": TicketType.TO_CAO,
}
_SOURCES = {
    "paper": "paper", "giay": "paper", "van_ban": "paper", "don": "paper", "thu": "paper",
    "buu_dien": "paper", "buu_chinh": "paper", "post": "paper", "letter": "paper",
    "in_person": "in_person", "truc_tiep": "in_person", "tai_quay": "in_person",
    "phone": "phone", "dien_thoai": "phone", "hotline": "phone",
    "email": "email", "e_mail": "email", "mail": "email", "thu_dien_tu": "email",
}
_STATUSES = {
    **{str(s): s for s in TicketStatus},
    "moi": TicketStatus.RECEIVED, "da_tiep_nhan": TicketStatus.RECEIVED,
    "dang_xu_ly": TicketStatus.IN_PROGRESS, "da_thu_ly": TicketStatus.ACCEPTED,
    "thu_ly": TicketStatus.ACCEPTED, "khong_thu_ly": TicketStatus.DECLINED,
    "da_chuyen": TicketStatus.FORWARDED, "da_giai_quyet": TicketStatus.CLOSED,
    "dong": TicketStatus.CLOSED, "da_dong": TicketStatus.CLOSED,
}
# A request pakn counts is of this century: an earlier year is a typo (`02/03/0026`), would give
# a code pakn cannot read back (`PA-26-00001`), and year 1 cannot even be stored in UTC.
EARLIEST_YEAR = 2000
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$")


def fold(text: str) -> str:
    """Lower case without tone marks, đ → d, words joined by `_` (`Phản ánh` → `phan_anh`)."""
    text = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "_".join(text.replace("-", " ").replace("_", " ").split())


def parse_type(text: str) -> TicketType:
    """`phan_anh`, `phản ánh`, `Phan anh`… → TicketType.PHAN_ANH."""
    found = _TYPES.get(fold(text))
    if found is None:
        raise ValueError(f"unknown type {text!r} (hoi, phan_anh, kien_nghi, khieu_nai, to_cao)")
    return found


def parse_source(text: str) -> str:
    """How an offline request came: paper, in_person, phone or email."""
    found = _SOURCES.get(fold(text))
    if found is None:
        raise ValueError(f"unknown channel {text!r} (paper, in_person, phone, email)")
    return found


def parse_status(text: str) -> TicketStatus:
    """A status value (`closed`) or its Vietnamese name (`đã giải quyết`)."""
    found = _STATUSES.get(fold(text))
    if found is None:
        raise ValueError(f"unknown status {text!r} ({', '.join(TicketStatus)})")
    return found


def parse_moment(text: str, tz: tzinfo, what: str = "date") -> datetime:
    """`YYYY-MM-DD [HH:MM]` or `dd/mm/yyyy [HH:MM]` in local time, or ISO with an offset."""
    text = text.strip()
    try:
        if match := _VN_DATE.match(text):
            day, month, year, hour, minute = (int(g) if g else 0 for g in match.groups())
            moment = datetime(year, month, day, hour, minute)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a date (YYYY-MM-DD [HH:MM])") from None
    if moment.year < EARLIEST_YEAR:
        raise ValueError(f"{what} {text!r} is before {EARLIEST_YEAR}")
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
