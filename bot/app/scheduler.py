"""The jobs `pakn run` runs on a timer: reminders every few minutes, the digest at 08:00 on
working days, the monthly report to leaders at 08:00 on the first working day of a month, the
purge of expired drafts and used payloads every hour, the anonymising of long-closed contacts
every night, the admins' digest of proposed FAQ variants at FAQ_VARIANT_DIGEST_AT on working
days. With PostgreSQL, one instance at a time runs a job (an advisory lock per run).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, time
from typing import TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.bootstrap import App
from bot.app.monthly_report import monthly_report_job
from bot.core.clock import SystemClock
from bot.core.digest import DIGEST_AT
from bot.core.monthly_report import REPORT_AT
from bot.core.ports import Clock
from bot.core.privacy import AnonymiseReport
from bot.core.reminders.job import ReminderReport
from bot.core.retention import PurgeReport

log = logging.getLogger(__name__)
T = TypeVar("T")
# pg_try_advisory_lock keys ("pakn" + job number), shared by every instance.
REMINDER_LOCK, DIGEST_LOCK, REPORT_LOCK = 0x70616B6E01, 0x70616B6E02, 0x70616B6E03
PURGE_LOCK = 0x70616B6E04
ANONYMISE_LOCK = 0x70616B6E07
VARIANT_DIGEST_LOCK = 0x70616B6E08
PURGE_EVERY_MINUTES = 60
ANONYMISE_AT = time(2, 30)  # every night, local time: contacts past RETENTION_DAYS


@asynccontextmanager
async def job_lock(engine: AsyncEngine, key: int) -> AsyncIterator[bool]:
    """True if this instance may run the job now; SQLite has a single instance anyway."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    async with engine.connect() as connection:
        mine = bool(await connection.scalar(text("SELECT pg_try_advisory_lock(:k)"),
                                             {"k": key}))
        try:
            yield mine
        finally:
            if mine:
                await connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})


async def _locked(app: App, key: int, job: Callable[[datetime], Awaitable[T]],
                  clock: Clock) -> T | None:
    async with job_lock(app.engine, key) as mine:
        if not mine:
            return None
        await app.refresh_calendar()
        return await job(clock.now())


async def run_reminders(app: App, clock: Clock) -> ReminderReport | None:
    """One reminder run, or None when another instance holds the lock."""
    assert app.reminders is not None
    return await _locked(app, REMINDER_LOCK, app.reminders.run, clock)


async def run_digest(app: App, clock: Clock) -> int | None:
    """Queues today's digest (working days only); None when another instance runs it."""
    assert app.digest is not None
    return await _locked(app, DIGEST_LOCK, app.digest.run, clock)


async def run_monthly_report(app: App, clock: Clock) -> int | None:
    """Queues last month's report on the first working day of a month (leaders addressed, 0
    on other days); None when another instance runs it."""
    return await _locked(app, REPORT_LOCK, monthly_report_job(app).run, clock)


async def run_purge(app: App, clock: Clock) -> PurgeReport | None:
    """Expires old filing drafts and drops used payloads and bodies (bot.core.retention);
    None when another instance runs it."""
    assert app.retention is not None
    async with job_lock(app.engine, PURGE_LOCK) as mine:
        return await app.retention.run(clock.now()) if mine else None


async def run_anonymise(app: App, clock: Clock) -> AnonymiseReport | None:
    """Anonymises the contacts of consent-based tickets closed more than RETENTION_DAYS ago
    (bot.core.privacy); None when another instance runs it."""
    assert app.anonymiser is not None
    async with job_lock(app.engine, ANONYMISE_LOCK) as mine:
        return await app.anonymiser.run(clock.now()) if mine else None


async def run_variant_digest(app: App, clock: Clock) -> int | None:
    """Posts the admins' digest of proposed FAQ variants (working days only; how many it
    shows); None when another instance runs it."""
    assert app.variant_digest is not None
    return await _locked(app, VARIANT_DIGEST_LOCK, app.variant_digest.run, clock)


class Scheduler:
    """Starts the timers inside the running event loop; `stop` waits for runs in flight."""

    def __init__(self, app: App, interval_minutes: int = 15, clock: Clock | None = None):
        self._app, self._clock = app, clock or SystemClock()
        self._interval = interval_minutes
        self._running: set[asyncio.Task] = set()
        self._scheduler = AsyncIOScheduler(timezone=app.settings.tz)

    def start(self) -> None:
        tz = self._app.settings.tz
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 300}
        self._scheduler.add_job(self._job, IntervalTrigger(minutes=self._interval, timezone=tz),
                                args=(run_reminders,), id="reminders", **common)
        # Saturdays too: a swapped Saturday is worked; DigestJob skips days off.
        self._scheduler.add_job(
            self._job, CronTrigger(day_of_week="mon-sat", hour=DIGEST_AT.hour,
                                   minute=DIGEST_AT.minute, timezone=tz),
            args=(run_digest,), id="digest", **common)
        # Every day: the job itself acts on the first working day of a month only.
        self._scheduler.add_job(
            self._job, CronTrigger(hour=REPORT_AT.hour, minute=REPORT_AT.minute, timezone=tz),
            args=(run_monthly_report,), id="monthly_report", **common)
        self._scheduler.add_job(
            self._job, IntervalTrigger(minutes=PURGE_EVERY_MINUTES, timezone=tz),
            args=(run_purge,), id="purge", **common)
        self._scheduler.add_job(
            self._job, CronTrigger(hour=ANONYMISE_AT.hour, minute=ANONYMISE_AT.minute,
                                   timezone=tz),
            args=(run_anonymise,), id="anonymise", **common)
        # Saturdays too, as the digest: the job itself skips days off, and what waits over a
        # weekend or a holiday is shown on the next working day.
        variants_at = self._app.settings.faq_variant_digest_at
        self._scheduler.add_job(
            self._job, CronTrigger(day_of_week="mon-sat", hour=variants_at.hour,
                                   minute=variants_at.minute, timezone=tz),
            args=(run_variant_digest,), id="variant_digest", **common)
        self._scheduler.start()
        log.info("scheduler started: reminders every %d min, digest at %s, monthly report at "
                 "%s, purge every %d min, FAQ variants at %s", self._interval,
                 DIGEST_AT.strftime("%H:%M"), REPORT_AT.strftime("%H:%M"), PURGE_EVERY_MINUTES,
                 variants_at.strftime("%H:%M"))

    async def stop(self) -> None:
        """Stops the timers and waits for runs in flight."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down in a loop callback
        await asyncio.gather(*self._running, return_exceptions=True)

    async def _job(self, job) -> None:  # type: ignore[no-untyped-def]
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            result = await job(self._app, self._clock)
            log.info("%s: %s", job.__name__, "skipped (another instance)" if result is None
                     else result)
        except Exception:
            log.exception("%s failed", job.__name__)
        finally:
            self._running.discard(task)
