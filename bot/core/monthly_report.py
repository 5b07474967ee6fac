"""The monthly report to leaders (DESIGN §1, §3): on the first working day of a month, the
previous month's XLSX as a document in every leader's private chat, once per leader and month
(the outbox's dedupe key), whichever of the job and `pakn report --send` queues it first."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime, time, tzinfo

from bot.core.calendar import WorkingCalendar
from bot.core.catalog import Catalog
from bot.core.messages import MAX_FILE_BYTES, Channel, FileKind, OutgoingFile, Reply, UserRef
from bot.core.ports import UnitOfWorkFactory
from bot.core.staff.leaders import leader_ids
from bot.core.statistics.figures import PeriodStatistics, compute
from bot.core.statistics.labels import period_label
from bot.core.statistics.periods import Period, PeriodKind

log = logging.getLogger(__name__)
REPORT_AT = time(8, 0)  # local time, with the daily digest
Workbook = Callable[[PeriodStatistics], bytes]  # the XLSX of a period's figures


def due_period(today: date, calendar: WorkingCalendar) -> Period | None:
    """The previous month when `today` is the first working day of its month, else None."""
    if today != calendar.roll_to_working_day(today.replace(day=1)):
        return None
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return Period(PeriodKind.MONTH, year, month)


def dedupe_key(period: Period, telegram_id: int) -> str:
    """One report per leader and period, however often it is queued."""
    return f"report:{period.slug}:{telegram_id}"


class MonthlyReportJob:
    """Queues the report; a second run for the same month queues nothing more."""

    def __init__(self, uow: UnitOfWorkFactory, calendar: WorkingCalendar, catalog: Catalog,
                 tz: tzinfo, org_name: str, workbook: Workbook) -> None:
        self._uow, self._calendar, self._catalog = uow, calendar, catalog
        self._tz, self._org_name, self._workbook = tz, org_name, workbook

    async def run(self, now: datetime) -> int:
        """On the first working day of a month, queues last month's report; returns the
        number of leaders it is addressed to (0 on other days)."""
        period = due_period(now.astimezone(self._tz).date(), self._calendar)
        return 0 if period is None else await self.send(period, now)

    async def send(self, period: Period, now: datetime) -> int:
        """Queues `period`'s report to every leader not sent it yet; returns the leaders."""
        start, end = period.bounds(self._tz)
        async with self._uow() as work:
            leaders = await leader_ids(work)
            if not leaders:
                log.warning("monthly report %s not sent: no leader registered", period.slug)
                return 0
            records, answers = await work.records.in_period_with_answers(start, end)
        stats = compute(records, period, self._tz, now, answers=answers,
                        calendar=self._calendar)
        # openpyxl and matplotlib are CPU-bound: a thread keeps the event loop answering.
        reply = self._reply(period, await asyncio.to_thread(self._workbook, stats))
        async with self._uow() as work:
            for leader in leaders:
                await work.outbox.add(UserRef(Channel.TELEGRAM, str(leader)), reply,
                                      dedupe_key=dedupe_key(period, leader))
            await work.commit()
        return len(leaders)

    def _reply(self, period: Period, content: bytes) -> Reply:
        t, label = self._catalog.text, period_label(self._catalog, period)
        if len(content) > MAX_FILE_BYTES:
            log.error("monthly report %s: %d bytes, over the %d-byte outbox limit; "
                      "leaders are told to ask for it", period.slug, len(content), MAX_FILE_BYTES)
            return Reply(t("report.monthly.too_large", period=label, kind=period.kind,
                           slug=period.slug))
        caption = t("report.monthly.caption", period=label, org=self._org_name)
        name = f"bao-cao-pakn-{period.slug}.xlsx"
        return Reply("", file=OutgoingFile(name, content, FileKind.DOCUMENT, caption))
