"""What the staff desk receives from the staff-group adapter and what it gives back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.core.calendar import WorkingCalendar
from bot.core.catalog import Catalog
from bot.core.deadline_rules import load_criteria
from bot.core.deadlines import DeadlinePolicy
from bot.core.faq_index import FaqIndex
from bot.core.messages import Reply
from bot.core.organisation import Organisation
from bot.core.petition import PetitionWriter
from bot.core.ports import Clock
from bot.core.staff.reply_files import StaffFile
from bot.core.statistics.figures import PeriodStatistics
from bot.core.tickets import Ticket

MAX_BIGINT = 2**63 - 1  # a Telegram id's column
MAX_TICKET_ID = 2**31 - 1  # tickets.id is an INTEGER (PostgreSQL refuses wider values)


def as_id(text: str, maximum: int = MAX_BIGINT) -> int | None:
    """An id from a button's data, or None: ASCII digits only ("²" and "١" are digits to
    `str.isdigit` but not to `int`), and no wider than its column."""
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        return None
    value = int(text)
    return value if value <= maximum else None


def as_ticket_id(text: str) -> int | None:
    return as_id(text, MAX_TICKET_ID)


@dataclass(frozen=True)
class StaffEvent:
    """An officer's message or button press in the staff group or a private chat."""

    officer_telegram_id: int
    text: str | None = None
    payload: str | None = None
    ticket_id: int | None = None  # known when replying to a card or writing in a ticket's topic
    private: bool = False
    target: tuple[int, str] | None = None  # the author (id, name) of the message replied to
    reply_to: int | None = None  # the id of the message replied to
    reply_to_bot: bool = False  # … and that message is the bot's (e.g. a prompt)
    thread_id: int | None = None  # the forum topic the message was written in
    with_file: bool = False  # a file the bot does not relay (video, audio) came with it
    files: tuple[StaffFile, ...] = ()  # photos and documents, relayed with an answer


@dataclass(frozen=True)
class Card:
    """A ticket's card as it should now read in the staff group."""

    ticket: Ticket
    reply: Reply


@dataclass
class StaffOutcome:
    replies: list[Reply] = field(default_factory=list)
    alert: str | None = None  # shown on the pressed button; nothing is changed
    card: Card | None = None
    ignored: bool = False  # a stranger's message: say nothing
    faq_changed: bool = False
    refreshed: list[int] = field(default_factory=list)  # other tickets whose cards changed


@dataclass(frozen=True)
class StaffDeps:
    catalog: Catalog
    org: Organisation
    policy: DeadlinePolicy
    calendar: WorkingCalendar
    clock: Clock
    tz: ZoneInfo
    faq: FaqIndex
    # Draws a period's chart as PNG (bot/reports/chart.py, injected: the core draws nothing).
    chart: Callable[[PeriodStatistics, Catalog], bytes] | None = None
    # Complexity criteria an extension records (deadline_rules.yaml, NĐ 31/2019 Đ3(2)).
    criteria: Mapping[str, str] = field(default_factory=load_criteria)
    # Drafts the đơn when a request becomes a khiếu nại or tố cáo («Đổi loại»).
    petitions: PetitionWriter | None = None
    # A stored PDF's pages after the first n, as a new PDF (bot/reports/pdf_pages.py); None:
    # not split here, a scanned đơn is withheld whole from the assignee.
    pages_after: Callable[[str, int], Awaitable[bytes | None]] | None = None
