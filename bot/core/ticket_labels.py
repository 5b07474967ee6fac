"""Ticket lists as people read them: Vietnamese headers and values (Phản ánh, Đã giải quyết
xong, Viễn thông, Internet, 05/03/2026 09:00) in place of the codes a machine-readable CSV keeps
(`--codes`); in a workbook, times as local datetimes for date-time cells (`times=local_datetime`).
The columns are those of bot.core.ticket_export and bot.reports.ticket_rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.core.catalog import Catalog
from bot.core.organisation import Organisation
from bot.core.statistics.figures import OTHER_CHANNEL, channel_key

MOMENTS = frozenset({"received_at", "accepted_at", "due_at", "resolved_at", "first_answer_at",
                     "urgent_due_at"})
LABELLED = frozenset({"type", "channel", "status", "field", "clock", "on_time", "counted_as",
                      "urgent"})


class TicketLabels:
    def __init__(self, catalog: Catalog, org: Organisation,
                 times: Callable[[str], object] | None = None) -> None:
        """`times` turns a time's ISO form into a cell's value (default: local_time's text)."""
        self._t, self._org = catalog.text, org
        self._times = times or local_time
        # Labels by (column, code, intake): a year's list repeats a few dozen of them.
        self._labels: dict[tuple[str, str, str | None], str] = {}

    def header(self, columns: Sequence[str]) -> list[str]:
        return [self._t(f"export.col.{name}") for name in columns]

    def row(self, columns: Sequence[str], values: Sequence[str],
            intake: str | None = None) -> list[object]:
        """One row of codes (as bot.core.ticket_export writes them) in Vietnamese."""
        return [self._value(name, value, intake) for name, value in zip(columns, values,
                                                                          strict=True)]

    def _value(self, name: str, value: str, intake: str | None) -> object:
        if not value:
            return ""
        if name in MOMENTS:
            return self._times(value)
        if name in ("extensions_used", "rating"):
            return int(value)
        if name not in LABELLED:
            return value
        return self.label(name, value, intake)

    def label(self, name: str, value: str, intake: str | None = None) -> str:
        """The label of the code `value` in column `name` (one of LABELLED; an imported
        đơn's channel by its `intake`)."""
        key = (name, value, intake if name == "channel" else None)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = self._label(name, value, intake)
        return label

    def _label(self, name: str, value: str, intake: str | None) -> str:
        if name == "type":
            return self._t(f"export.type.{value}" if value == "hoi" else f"report.row.{value}")
        if name == "channel":
            key = channel_key(value, intake)
            return self._t("report.col.other_channel" if key == OTHER_CHANNEL
                           else f"channel.{key}")
        if name == "status":
            return self._t(f"status.{value}")
        if name == "field":
            return self._org.field_name(value) or value
        return self._t(f"export.{name}.{value}")  # clock, on_time, counted_as, urgent


def local_time(iso: str) -> str:
    """"2026-03-05T09:00:00+07:00" as "05/03/2026 09:00" (the time where it was written)."""
    if len(iso) >= 16 and iso[4] == "-" and iso[10] == "T":  # isoformat's own layout: sliced
        return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]} {iso[11:16]}"
    return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M")


def local_datetime(iso: str) -> datetime:
    """"2026-03-05T09:00:00+07:00" as the naive datetime 2026-03-05 09:00 (the time where it
    was written), for a workbook's date-time cell."""
    return datetime.fromisoformat(iso).replace(tzinfo=None)
