"""One CSV row per ticket for spreadsheets and statistics (DESIGN §5 `pakn tickets export`).

No citizen data: no name, phone or address and no content, so the file can be shared; a
denouncer's identity never leaves the database (Luật Tố cáo 2018 Đ8(3)). Cells a spreadsheet
would run as formulas are neutralised (faq.csv_cells).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TextIO

from faq.csv_cells import safe_row

# Operators' tools read these by position: a new column goes at the end.
COLUMNS = ("code", "type", "channel", "field", "received_at", "status", "clock",
           "accepted_at", "due_at", "resolved_at", "on_time", "assignee", "extensions_used",
           "urgent", "urgent_due_at")


@dataclass(frozen=True, slots=True)
class TicketRecord:
    """What statistics need of a ticket."""

    code: str
    type: str
    channel: str
    field: str | None
    received_at: datetime
    status: str
    clock: str
    accepted_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    assignee: str | None
    extensions_used: int
    first_clock_late: bool = False  # accepted after the first clock's deadline
    case: str | None = None  # the code of its vụ việc when it shares one (bot.core.cases)
    intake: str | None = None  # how an imported đơn came: paper, in_person, phone, email
    urgent: bool = False  # the urgent tier (bot.core.urgency)
    urgent_due_at: datetime | None = None  # its first answer due by then


def on_time(record: TicketRecord, now: datetime) -> str:
    """`yes` if resolved on or before due; `no` if late or open past due; empty otherwise."""
    if record.due_at is None:
        return ""
    if record.resolved_at is not None:
        return "yes" if record.resolved_at <= record.due_at else "no"
    return "no" if now > record.due_at and record.status != "declined" else ""


def record_row(r: TicketRecord, now: datetime, tz: tzinfo) -> tuple[str, ...]:
    """One record's values under COLUMNS, as codes and ISO times."""
    def local(moment: datetime | None) -> str:
        return moment.astimezone(tz).isoformat(timespec="seconds") if moment else ""

    return (r.code, r.type, r.channel, r.field or "", local(r.received_at), r.status, r.clock,
            local(r.accepted_at), local(r.due_at), local(r.resolved_at), on_time(r, now),
            r.assignee or "", str(r.extensions_used), "yes" if r.urgent else "no",
            local(r.urgent_due_at))


def write_records(records: Iterable[TicketRecord], out: TextIO, now: datetime,
                  tz: tzinfo) -> int:
    """Writes the header and one row per record; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for r in records:
        writer.writerow(safe_row(record_row(r, now, tz)))
        count += 1
    return count
