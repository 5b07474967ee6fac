"""The summary workbook's ticket sheet as SpreadsheetML rows, in one pass over the period's
records: the same cells as bot.reports.ticket_rows.labelled_rows gives (HEADER's columns in
Vietnamese), without building each row's codes, ISO times and labels first. A column's few
values (type, channel, field, status…) are labelled and escaped once; times are date-time
cells (bot.reports.sheet_xml), local as the rest of the report. A month carrying 45,000 đơn
over lists 54,000 tickets: this was most of its workbook's time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo

from bot.core.statistics.figures import PeriodStatistics
from bot.core.ticket_export import on_time
from bot.core.ticket_labels import TicketLabels
from bot.reports.sheet_xml import cell_rest
from bot.reports.ticket_rows import HEADER

# The columns written below, in order (A to O); a change of HEADER must be made here too.
WRITTEN = ("code", "type", "channel", "field", "received_at", "status", "clock",
           "accepted_at", "due_at", "resolved_at", "on_time", "extensions_used", "counted_as",
           "first_answer_at", "rating")
if HEADER != WRITTEN:  # pragma: no cover - a guard for whoever changes the columns
    raise ImportError("bot.reports.ticket_sheet writes other columns than HEADER")

UNIX_DAY = 25569  # 1 January 1970 as Excel's serial day


class _Texts(dict[str, str]):
    """A column's cells after `<c r="B2`, by code: labelled and escaped once (a dict, so that
    the 54,000 rows of a month find theirs without a call)."""

    def __init__(self, label: Callable[[str], str]) -> None:
        super().__init__()
        self._label = label

    def __missing__(self, code: str) -> str:
        cell = self[code] = cell_rest(self._label(code))
        return cell


def sheet_rows(stats: PeriodStatistics, tz: tzinfo, labels: TicketLabels,
               date_style: int, first_row: int = 2) -> Iterator[str]:
    """One `<row>` per ticket counted, oldest first, from `first_row` on."""
    def column(name: str) -> _Texts:
        return _Texts(lambda code: labels.label(name, code))

    kind, field, status, clock = column("type"), column("field"), column("status"), \
        column("clock")
    judged, counted = column("on_time"), column("counted_as")
    channels: dict[tuple[str, str | None], str] = {}
    numbers: dict[int, str] = {}
    as_of, answers = stats.as_of, stats.answers

    offsets: dict[int, int | None] = {}  # seconds east of UTC, by UTC day since 1970
    stamp = f'" s="{date_style}" t="n"><v>'

    def offset_at(seconds: int) -> int:
        shift = datetime.fromtimestamp(seconds, tz).utcoffset()
        return int(shift.total_seconds()) if shift else 0

    def time(moment: datetime) -> str:
        """A time's cell after its address: Excel's serial day of the local time, to the
        second as exports show it. A day whose offset is the same at its start and its end
        keeps it (None: the zone changed it that day, each time is converted)."""
        seconds = int(moment.timestamp())
        day = seconds // 86400
        if day in offsets:
            offset = offsets[day]
        else:
            first, last = offset_at(day * 86400), offset_at(day * 86400 + 86399)
            offset = offsets[day] = first if first == last else None
        if offset is None:
            offset = offset_at(seconds)
        return f"{stamp}{(seconds + offset) / 86400 + UNIX_DAY!r}</v></c>"

    counted_as = {True: counted["carried_over"], False: counted["received"]}
    for row, (record, spot) in enumerate(stats.records, start=first_row):
        channel = channels.get((record.channel, record.intake))
        if channel is None:
            channel = channels[(record.channel, record.intake)] = cell_rest(
                labels.label("channel", record.channel, record.intake))
        extensions = numbers.get(record.extensions_used)
        if extensions is None:
            extensions = numbers[record.extensions_used] = cell_rest(record.extensions_used)
        accepted, due, resolved = record.accepted_at, record.due_at, record.resolved_at
        judgement = on_time(record, as_of) if due is not None else ""
        # The cells a ticket may lack (an empty cell is not written), then the row.
        d = f'<c r="D{row}{field[record.field]}' if record.field else ""
        g = f'<c r="G{row}{clock[record.clock]}' if record.clock else ""
        h = f'<c r="H{row}{time(accepted)}' if accepted is not None else ""
        i = f'<c r="I{row}{time(due)}' if due is not None else ""
        j = f'<c r="J{row}{time(resolved)}' if resolved is not None else ""
        k = f'<c r="K{row}{judged[judgement]}' if judgement else ""
        answer = answers.get(record.code) if answers else None
        if answer is None:
            n = o = ""
        else:
            answered, rating = answer.first_answer_at, answer.rating
            n = f'<c r="N{row}{time(answered)}' if answered is not None else ""
            o = f'<c r="O{row}{cell_rest(rating)}' if rating is not None else ""
        yield (f'<row r="{row}"><c r="A{row}{cell_rest(record.code)}<c r="B{row}'
               f'{kind[record.type]}<c r="C{row}{channel}{d}<c r="E{row}'
               f'{time(record.received_at)}<c r="F{row}{status[record.status]}{g}{h}{i}{j}{k}'
               f'<c r="L{row}{extensions}<c r="M{row}{counted_as[spot.carried_over]}{n}{o}'
               f'</row>')
