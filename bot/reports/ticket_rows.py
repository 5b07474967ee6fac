"""One row per ticket counted in a period, built by the `pakn tickets export` row logic
(bot.core.ticket_export) so both files agree; the assignee is left out (statistics name
nobody), `counted_as` says whether the ticket was carried over or received, then when it was
first answered (whenever that was; bot.core.statistics.answers), the citizen's rating and, last
as in that export, the urgent tier (bot.core.urgency)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import tzinfo
from pathlib import Path

from bot.core.statistics.answers import TicketAnswer
from bot.core.statistics.figures import PeriodStatistics
from bot.core.ticket_export import COLUMNS, record_row
from bot.core.ticket_labels import TicketLabels
from faq.csv_cells import safe_row

URGENCY = ("urgent", "urgent_due_at")  # after the columns tools already read by position
KEPT = tuple(i for i, name in enumerate(COLUMNS) if name not in {"assignee", *URGENCY})
LAST = tuple(COLUMNS.index(name) for name in URGENCY)
HEADER = (*(COLUMNS[i] for i in KEPT), "counted_as", "first_answer_at", "rating", *URGENCY)


def ticket_rows(stats: PeriodStatistics, tz: tzinfo) -> Iterator[tuple[str, ...]]:
    """The rows under HEADER, oldest first, one at a time. `on_time` of a ticket still open
    is judged at the end of the period, as in the summary."""
    for record, spot in stats.records:
        row = record_row(record, stats.as_of, tz)
        answer = stats.answers.get(record.code) or TicketAnswer()
        answered = answer.first_answer_at
        yield (*(row[i] for i in KEPT), "carried_over" if spot.carried_over else "received",
               answered.astimezone(tz).isoformat(timespec="seconds") if answered else "",
               str(answer.rating) if answer.rating is not None else "",
               *(row[i] for i in LAST))


def labelled_rows(stats: PeriodStatistics, tz: tzinfo,
                  labels: TicketLabels) -> Iterator[list[object]]:
    """The rows in Vietnamese, for people (bot.core.ticket_labels)."""
    for row, (record, _spot) in zip(ticket_rows(stats, tz), stats.records, strict=True):
        yield labels.row(HEADER, row, record.intake)


def write_csv(stats: PeriodStatistics, tz: tzinfo, out: Path,
              labels: TicketLabels | None = None) -> int:
    """The per-ticket CSV, UTF-8 with a BOM as `pakn tickets export` writes it (so that Excel
    shows Vietnamese correctly), no cell a formula: in Vietnamese with `labels`, else the
    codes other tools read; returns the number of rows."""
    rows: Iterable[Sequence[object]] = (labelled_rows(stats, tz, labels) if labels
                                        else ticket_rows(stats, tz))
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(labels.header(HEADER) if labels else HEADER)
        for row in rows:
            writer.writerow(safe_row(row))
            count += 1
    return count
