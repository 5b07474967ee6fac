"""The summary's ticket sheet gives each time as the local time it was, also across a change
of the clocks (a zone with summer time), to the second."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from openpyxl.utils.datetime import from_excel

from bot.app.organisation_file import load_organisation
from bot.core.catalog import Catalog
from bot.core.statistics.figures import compute
from bot.core.statistics.periods import Period, PeriodKind
from bot.core.ticket_export import TicketRecord
from bot.core.ticket_labels import TicketLabels
from bot.reports.ticket_sheet import sheet_rows

BERLIN = ZoneInfo("Europe/Berlin")  # 29 March 2026, 01:00 UTC: 02:00 CET becomes 03:00 CEST


def test_times_are_local_across_the_change_to_summer_time():
    received = [datetime(2026, 3, 29, 0, 59, 59, 900_000, tzinfo=UTC),  # 01:59:59 CET
                datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 CEST
                datetime(2026, 3, 29, 1, 14, 59, tzinfo=UTC),
                datetime(2026, 3, 30, 22, 30, tzinfo=UTC)]  # 00:30 the next day
    records = [TicketRecord(f"PA-2026-{n:05d}", "phan_anh", "web", None, moment, "received",
                            "first", None, None, None, None, 0)
               for n, moment in enumerate(received, start=1)]
    stats = compute(records, Period(PeriodKind.MONTH, 2026, 3), BERLIN,
                    datetime(2026, 4, 2, tzinfo=UTC))
    labels = TicketLabels(Catalog.load(), load_organisation(None))
    rows = [row.decode() for row in sheet_rows(stats, BERLIN, labels, date_style=7)]
    shown = [from_excel(float(re.search(r'r="E\d+" s="7" t="n"><v>([^<]+)<', row)[1]))
             for row in rows]
    assert shown == [datetime(2026, 3, 29, 1, 59, 59), datetime(2026, 3, 29, 3, 0),
                     datetime(2026, 3, 29, 3, 14, 59), datetime(2026, 3, 31, 0, 30)]
