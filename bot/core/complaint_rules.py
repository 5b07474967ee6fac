"""Rules of a khiếu nại's and tố cáo's intake, as pure functions: the time limit to complain,
dates and tax codes as typed, and how the sender of one more khiếu nại or tố cáo is slowed
(never refused) past the open-request cap."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from faq.marks import strip_marks

# Luật Khiếu nại 2011 Đ9: 90 days from receiving or learning of the decision or act (lần đầu);
# Đ33(1): 30 days from the first decision or the end of its term for lần hai (45 in a vùng sâu,
# vùng xa, which the chat cannot know: the shorter one warns first). A warning, never a refusal:
# illness, disasters, travel or study far away stop the limit (Đ9).
TIME_LIMIT_DAYS = {1: 90, 2: 30}
# MAX_OPEN_TICKETS never refuses a khiếu nại or tố cáo (the law lists the grounds for not
# accepting one, Luật KN Đ11, Luật TC Đ27; a count of open requests is not one): past the cap,
# each further one waits this long per request over the cap after the sender's last filing.
SLOW_STEP = timedelta(minutes=30)
SLOW_MAX = timedelta(hours=24)
_DATE = re.compile(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})\b")
_WORDS_DATE = re.compile(r"\b(\d{1,2}) thang (\d{1,2})(?: nam)? (\d{4})\b")  # folded
_DAY_MONTH = re.compile(r"^(?:ng[aà]y\s+)?(\d{1,2})\s*(?:[/.\-]|\s+th[aá]ng\s+)\s*(\d{1,2})$")
_RELATIVE = {"hom nay": 0, "hom qua": 1, "hom kia": 2}
_TAX = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def parse_date(text: str, today: date | None = None) -> date | None:
    """`05/11/2026`, `5-11-26`, `5.11.2026`, `ngày 5 tháng 11 năm 2026` (day first, as written
    in Việt Nam), or None. Knowing `today`: also `5/11` alone (its latest past day) and
    "hôm nay", "hôm qua"."""
    text = text or ""
    folded = " ".join(strip_marks(text).lower().split())
    match = _DATE.search(text) or _WORDS_DATE.search(folded)
    if match is not None:
        day, month, year = (int(g) for g in match.groups())
        return _date(year + 2000 if year < 100 else year, month, day)
    if today is None:
        return None
    if folded in _RELATIVE:
        return today - timedelta(days=_RELATIVE[folded])
    if (short := _DAY_MONTH.match(" ".join(text.lower().split()))) is not None:
        day, month = int(short.group(1)), int(short.group(2))
        this_year = _date(today.year, month, day)
        return this_year if this_year is None or this_year <= today else _date(
            today.year - 1, month, day)
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def time_limit_passed(complaint_round: int, learned_on: date, today: date) -> bool:
    """True when the limit to complain has passed (a warning: the agency decides)."""
    return (today - learned_on).days > TIME_LIMIT_DAYS.get(complaint_round, 90)


def normalise_tax_code(text: str) -> str | None:
    """A mã số thuế: 10 digits, or 10-3 for a dependent unit (Luật Quản lý thuế 2019 Đ30)."""
    match = _TAX.match(re.sub(r"[\s.]", "", text or ""))
    if match is None:
        return None
    return match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")


def is_plausible_organisation(text: str) -> bool:
    """An organisation's name: two words or more with letters, not a person's name check."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 and len(text) <= 200


def next_filing_at(open_count: int, cap: int, last_filed: datetime | None,
                   now: datetime) -> datetime | None:
    """When a khiếu nại or tố cáo may be filed, None meaning now: within the cap at once;
    past it, after a wait growing with each request over the cap."""
    if open_count < cap or last_filed is None:
        return None
    wait = min(SLOW_STEP * (open_count - cap + 1), SLOW_MAX)
    moment = last_filed + wait
    return moment if moment > now else None
