"""The summary workbook's ticket sheet as SpreadsheetML rows, in one pass over the period's
records: the same cells as bot.reports.ticket_rows.labelled_rows gives (HEADER's columns in
Vietnamese), without building each row's codes, ISO times and labels first. A column's few
values (type, channel, field, status…) are labelled and escaped once; times are date-time
cells (bot.reports.sheet_xml), local as the rest of the report. Rows are UTF-8 bytes, made of
cells encoded once: the labels' Vietnamese letters made every row a two-byte string, slow to
join and to encode. A month carrying 45,000 đơn over lists 54,000 tickets: this was most of its
workbook's time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo

from bot.core.statistics.figures import PeriodStatistics
from bot.core.ticket_export import on_time
from bot.core.ticket_labels import TicketLabels
from bot.reports.sheet_xml import cell_rest
from bot.reports.ticket_rows import HEADER

# The columns written below, in order (A to Q); a change of HEADER must be made here too.
WRITTEN = ("code", "type", "channel", "field", "received_at", "status", "clock",
           "accepted_at", "due_at", "resolved_at", "on_time", "extensions_used", "counted_as",
           "first_answer_at", "rating", "urgent", "urgent_due_at")
if HEADER != WRITTEN:  # pragma: no cover - a guard for whoever changes the columns
    raise ImportError("bot.reports.ticket_sheet writes other columns than HEADER")

UNIX_DAY = 25569  # 1 January 1970 as Excel's serial day


class _Texts(dict[str, bytes]):
    """A column's cells after `<c r="B2`, by code: labelled, escaped and encoded once (a dict,
    so that the 54,000 rows of a month find theirs without a call)."""

    def __init__(self, label: Callable[[str], str]) -> None:
        super().__init__()
        self._label = label

    def __missing__(self, code: str) -> bytes:
        cell = self[code] = cell_rest(self._label(code)).encode()
        return cell


class _Times(dict[datetime, bytes]):
    """A time's cell after its address, by time (a month's 124,000 times are 69,000 different
    ones): Excel's serial day of the local time, to the second as exports show it. A day whose
    offset is the same at its start and its end keeps it (None: the zone changed it that day,
    each time is converted)."""

    def __init__(self, tz: tzinfo, date_style: int) -> None:
        super().__init__()
        self._tz, self._stamp = tz, f'" s="{date_style}" t="n"><v>'
        self._offsets: dict[int, int | None] = {}  # seconds east of UTC, by UTC day since 1970

    def _offset_at(self, seconds: int) -> int:
        shift = datetime.fromtimestamp(seconds, self._tz).utcoffset()
        return int(shift.total_seconds()) if shift else 0

    def __missing__(self, moment: datetime) -> bytes:
        seconds = int(moment.timestamp())
        day = seconds // 86400
        if day in self._offsets:
            offset = self._offsets[day]
        else:
            first, last = self._offset_at(day * 86400), self._offset_at(day * 86400 + 86399)
            offset = self._offsets[day] = first if first == last else None
        if offset is None:
            offset = self._offset_at(seconds)
        serial = (seconds + offset) / 86400 + UNIX_DAY
        cell = self[moment] = f"{self._stamp}{serial!r}</v></c>".encode()
        return cell


def sheet_rows(stats: PeriodStatistics, tz: tzinfo, labels: TicketLabels,
               date_style: int, first_row: int = 2) -> Iterator[bytes]:
    """One `<row>` per ticket counted, oldest first, from `first_row` on."""
    def column(name: str) -> _Texts:
        return _Texts(lambda code: labels.label(name, code))

    kind, field, status, clock = column("type"), column("field"), column("status"), \
        column("clock")
    judged, counted, urgency = column("on_time"), column("counted_as"), column("urgent")
    channels: dict[tuple[str, str | None], bytes] = {}
    numbers: dict[int, bytes] = {}
    as_of, answers = stats.as_of, stats.answers

    time = _Times(tz, date_style)
    counted_as = {True: counted["carried_over"], False: counted["received"]}
    urgent = {True: urgency["yes"], False: urgency["no"]}
    for number, (record, spot) in enumerate(stats.records, start=first_row):
        row = b"%d" % number
        channel = channels.get((record.channel, record.intake))
        if channel is None:
            channel = channels[(record.channel, record.intake)] = cell_rest(
                labels.label("channel", record.channel, record.intake)).encode()
        extensions = numbers.get(record.extensions_used)
        if extensions is None:
            extensions = numbers[record.extensions_used] = cell_rest(
                record.extensions_used).encode()
        accepted, due, resolved = record.accepted_at, record.due_at, record.resolved_at
        judgement = on_time(record, as_of) if due is not None else ""
        # The cells a ticket may lack (an empty cell is not written), then the row.
        d = b'<c r="D%b%b' % (row, field[record.field]) if record.field else b""
        g = b'<c r="G%b%b' % (row, clock[record.clock]) if record.clock else b""
        h = b'<c r="H%b%b' % (row, time[accepted]) if accepted is not None else b""
        i = b'<c r="I%b%b' % (row, time[due]) if due is not None else b""
        j = b'<c r="J%b%b' % (row, time[resolved]) if resolved is not None else b""
        k = b'<c r="K%b%b' % (row, judged[judgement]) if judgement else b""
        answer = answers.get(record.code) if answers else None
        if answer is None:
            n = o = b""
        else:
            answered, rating = answer.first_answer_at, answer.rating
            n = b'<c r="N%b%b' % (row, time[answered]) if answered is not None else b""
            o = (b'<c r="O%b%b' % (row, cell_rest(rating).encode()) if rating is not None
                 else b"")
        q = (b'<c r="Q%b%b' % (row, time[record.urgent_due_at])
             if record.urgent_due_at is not None else b"")
        yield b"".join((
            b'<row r="', row, b'"><c r="A', row, cell_rest(record.code).encode(),
            b'<c r="B', row, kind[record.type], b'<c r="C', row, channel, d,
            b'<c r="E', row, time[record.received_at], b'<c r="F', row, status[record.status],
            g, h, i, j, k, b'<c r="L', row, extensions,
            b'<c r="M', row, counted_as[spot.carried_over], n, o,
            b'<c r="P', row, urgent[record.urgent], q, b"</row>"))
