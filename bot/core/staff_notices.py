"""Texts of reminders and the daily digest for officers and leaders, from the catalog.

They name the code, type and due date only: never a citizen's contact data, and never a
denouncer's identity (Luật Tố cáo 2018 Đ8(3), Đ47).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from bot.core.catalog import Catalog
from bot.core.countdown import DaysLeft, countdown_text
from bot.core.dates import day_text, local_date
from bot.core.notice_clocks import NoticeClock
from bot.core.reminders.kinds import ReminderKind, ReminderTarget

MAX_CODES = 20  # per digest line; the rest are counted


@dataclass(frozen=True)
class DigestLine:
    """One line of the digest: how many tickets, and the first codes."""

    count: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    day: date
    next_working_day: date
    urgent: DigestLine  # urgent and not answered yet, whatever their legal deadline
    due_today: DigestLine
    due_next: DigestLine
    overdue: DigestLine
    unassigned: DigestLine


def reminder_text(
    catalog: Catalog, kind: ReminderKind, target: ReminderTarget, left: DaysLeft, tz: tzinfo,
    *, to_group: bool = False, duty: tuple[NoticeClock, date] | None = None,
) -> str:
    """The reminder of `kind` for one ticket; overdue has a leader and a group version; `duty`:
    a notice with an earlier clock of its own (bot.core.notice_clocks), recalled with it; the
    days `left` read as on the ticket's card."""
    key = f"staff.reminder.{kind}"
    if kind is ReminderKind.OVERDUE and to_group:
        key = "staff.reminder.overdue_group"
    text = catalog.text(
        key, code=target.code, kind=catalog.text(f"kind.{target.type}"),
        due=local_date(target.due_at, tz), left=countdown_text(catalog, left),
        assignee=assignee_text(catalog, target),
    )
    if duty is not None:
        clock, last = duty
        text += "\n" + catalog.text(f"staff.notice_duty.{clock.duty}", date=day_text(last),
                                    law=clock.legal_basis)
    return text


def assignee_text(catalog: Catalog, target: ReminderTarget) -> str:
    """Who holds the ticket, as a reminder says it."""
    if target.assignee_name:
        return catalog.text("staff.reminder.assignee", name=target.assignee_name)
    return catalog.text("staff.reminder.unassigned")


def digest_text(catalog: Catalog, digest: Digest) -> str:
    """The daily digest: urgent ones not answered yet (when there are any), due today, due on
    the next working day, overdue, unassigned."""
    lines = [catalog.text("staff.digest.title", date=day_text(digest.day))]
    sections: Sequence[tuple[str, DigestLine, dict[str, str]]] = (
        *((("urgent", digest.urgent, {}),) if digest.urgent.count else ()),
        ("due_today", digest.due_today, {}),
        ("due_next", digest.due_next, {"date": day_text(digest.next_working_day)}),
        ("overdue", digest.overdue, {}),
        ("unassigned", digest.unassigned, {}),
    )
    for name, line, extra in sections:
        text = catalog.text(f"staff.digest.{name}", count=line.count, **extra)
        if line.codes:
            text += ": " + ", ".join(line.codes)
            if line.count > len(line.codes):
                text += " " + catalog.text("staff.digest.more", n=line.count - len(line.codes))
        lines.append(text)
    return "\n".join(lines)
