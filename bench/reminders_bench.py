"""Reminder query benchmark: finding the tickets due for a reminder among 1,000,000 open ones.

Run `.venv/bin/python bench/reminders_bench.py [--rows N] [--postgres URL|--no-postgres]`; it
fills SQLite (a temporary file) and PostgreSQL (database `pakn_bench`, created if missing), in a
steady state: reminders already due 15 minutes ago are recorded as sent. It times the indexed
candidate query plus the exact check in Python, and writes bench/reminders.md.
"""

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.core.calendar import WorkingCalendar  # noqa: E402
from bot.core.calendar_overrides import as_flags, bundled_overrides  # noqa: E402
from bot.core.deadlines import Clock, DeadlinePolicy, TicketType, load_rules  # noqa: E402
from bot.core.reminders import ReminderSchedule  # noqa: E402
from db.engine import create_engine, session_factory  # noqa: E402
from db.migrate import upgrade_async  # noqa: E402
from db.uow import SqlUnitOfWorkFactory  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=VN).astimezone(UTC)
TYPES = [(TicketType.HOI, 20), (TicketType.PHAN_ANH, 35), (TicketType.KIEN_NGHI, 20),
         (TicketType.KHIEU_NAI, 15), (TicketType.TO_CAO, 10)]
STATUSES = ["received", "in_progress", "accepted"]
TICKET_COLS = ["id", "code", "type", "status", "channel", "content", "received_at", "due_at",
               "clock", "extensions_used", "accepted_at", "publish_allowed", "urgent"]


def build_schedule() -> tuple[DeadlinePolicy, ReminderSchedule]:
    calendar, rules = WorkingCalendar(as_flags(bundled_overrides())), load_rules()
    policy = DeadlinePolicy(calendar, rules, VN)
    return policy, ReminderSchedule(policy, calendar, rules, VN)


def generate(n: int, seed: int = 7) -> tuple[list[tuple], list[tuple]]:
    """Open tickets received over the last 60 days (whole hours) and the reminders already sent."""
    policy, schedule = build_schedule()
    rng = random.Random(seed)
    kinds_of = [t for t, w in TYPES for _ in range(w)]
    due_cache: dict[tuple, datetime | None] = {}
    kinds_cache: dict[tuple, list[str]] = {}
    before = NOW - timedelta(minutes=15)
    tickets, sent = [], []
    for i in range(1, n + 1):
        kind = rng.choice(kinds_of)
        received = NOW - timedelta(hours=rng.randrange(1, 60 * 24))
        clock, start, accepted = Clock.FIRST, received, None
        old = NOW - received > timedelta(days=12)
        if kind is not TicketType.HOI and old and rng.random() < .6:
            clock, accepted = Clock.SECOND, received + timedelta(days=5)
            start = accepted
        key = (kind, clock, start)
        if key not in due_cache:
            due_cache[key] = policy.due_at(kind, clock, start, received)
        due = due_cache[key]
        status = "accepted" if clock is Clock.SECOND else rng.choice(STATUSES[:2])
        tickets.append((i, f"X-{i:07d}", str(kind), status, "offline", "-", received, due,
                        str(clock), 0, accepted, False, False))
        if (start, due) not in kinds_cache:
            kinds_cache[(start, due)] = [str(k) for k in schedule.due_kinds(start, due, before)]
        sent += [(i, str(clock), k, before) for k in kinds_cache[(start, due)]]
    return tickets, sent


def sqlite_value(value: object) -> object:
    if isinstance(value, datetime):  # SQLAlchemy's SQLite storage format, in UTC
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


async def load_sqlite(url: str, tickets: list[tuple], sent: list[tuple]) -> None:
    import sqlite3

    connection = sqlite3.connect(make_url(url).database)
    marks = ",".join("?" * len(TICKET_COLS))
    with connection:
        connection.executemany(f"INSERT INTO tickets ({','.join(TICKET_COLS)}) VALUES ({marks})",
                               ([sqlite_value(v) for v in row] for row in tickets))
        connection.executemany(
            "INSERT INTO sent_reminders (ticket_id, clock, kind, sent_at) VALUES (?,?,?,?)",
            ([sqlite_value(v) for v in row] for row in sent))
    connection.execute("ANALYZE")
    connection.close()


async def load_postgres(url: str, tickets: list[tuple], sent: list[tuple]) -> None:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.copy_records_to_table("tickets", records=tickets, columns=TICKET_COLS)
        await connection.copy_records_to_table(
            "sent_reminders", records=sent, columns=["ticket_id", "clock", "kind", "sent_at"])
        await connection.execute("ANALYZE tickets; ANALYZE sent_reminders")
    finally:
        await connection.close()


async def prepare_postgres(url: str) -> None:
    """Creates the bench database if missing and empties its schema."""
    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres")
    connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1",
                                         target.database):
            await connection.execute(f'CREATE DATABASE "{target.database}"')
    finally:
        await connection.close()
    engine = create_engine(url)
    async with engine.begin() as c:
        await c.execute(text("DROP SCHEMA public CASCADE"))
        await c.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def measure(url: str, runs: int = 5) -> dict:
    """Times the candidate query and the exact check; returns figures and the plan."""
    _, schedule = build_schedule()
    engine = create_engine(url)
    uow = SqlUnitOfWorkFactory(session_factory(engine))
    timings, query_times = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        async with uow() as work:
            targets = await work.reminders.targets(schedule.horizon(NOW))
        t1 = time.perf_counter()
        due = [t for t in targets if schedule.due_kinds(t.start, t.due_at, NOW)]
        timings.append(time.perf_counter() - t0)
        query_times.append(t1 - t0)
    await engine.dispose()
    return {"candidates": len(targets), "due": len(due),
            "query": statistics.median(query_times), "total": statistics.median(timings)}


async def bench(name: str, url: str, tickets: list[tuple], sent: list[tuple]) -> dict:
    await upgrade_async(url)
    t0 = time.perf_counter()
    await (load_sqlite if name == "SQLite" else load_postgres)(url, tickets, sent)
    load = time.perf_counter() - t0
    result = await measure(url)
    result.update(name=name, load=load)
    print(f"{name}: loaded in {load:.1f}s; {result['candidates']} candidates, "
          f"{result['due']} due; query {result['query'] * 1000:.0f} ms, "
          f"find (query + check) {result['total'] * 1000:.0f} ms", flush=True)
    return result


NOTES = """
Reading: the answer is exact (the same 210 tickets on both databases, all truly due), but
the < 1 s target is not met at this size. The due_at range still holds ~830,000 of the
1,000,000 tickets, because a 30-day clock (90 with extensions) can reach half time with 46
working days left, and without a stored next-reminder moment each of those rows must be read
and tested against its start (`CASE` over ~90 due-day buckets) and against `sent_reminders`.
What would meet it: a `tickets.next_reminder_at` column with an index on (status,
next_reminder_at), set when a ticket is created, accepted, extended or reminded; the query
becomes one index range returning only due tickets. That is a schema change (not made here).
"""


def report(results: list[dict], n: int, sent: int) -> str:
    lines = [
        "# Reminders: finding the tickets due for a reminder",
        "",
        f"{n:,} open tickets received over the 60 days before Tue 10/3/2026 09:00 (whole",
        "hours; hoi 20%, phan_anh 35%, kien_nghi 20%, khieu_nai 15%, to_cao 10%; 60% of those",
        "older than 12 days accepted and on their 30-day second clock), in a steady state:",
        f"{sent:,} reminders already recorded as sent by a run 15 minutes earlier.",
        "`find` = `SqlReminderRepository.targets` (range on `ix_tickets_status_due_at`, anti-join",
        "on `sent_reminders`' unique key) plus the exact working-time check in Python; median",
        "of 5 runs. Produced by `bench/reminders_bench.py`.",
        "",
        "| database | load | candidates | due now | query | find (query + check) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r['name']} | {r['load']:.1f} s | {r['candidates']:,} | {r['due']:,} | "
                     f"{r['query'] * 1000:.0f} ms | {r['total'] * 1000:.0f} ms |")
    return "\n".join(lines) + "\n" + NOTES


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default="postgresql+asyncpg://postgres@127.0.0.1/pakn_bench")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "reminders.md")
    args, _ = parser.parse_known_args()
    t0 = time.perf_counter()
    tickets, sent = generate(args.rows)
    print(f"generated {len(tickets):,} tickets, {len(sent):,} sent reminders "
          f"in {time.perf_counter() - t0:.1f}s", flush=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(await bench("SQLite", f"sqlite+aiosqlite:///{tmp}/bench.db", tickets,
                                   sent))
    if not args.no_postgres:
        try:
            await prepare_postgres(args.postgres)
        except (OSError, asyncpg.PostgresError) as error:
            print(f"PostgreSQL skipped: {error}")
        else:
            results.append(await bench("PostgreSQL", args.postgres, tickets, sent))
    args.out.write_text(report(results, args.rows, len(sent)), encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    asyncio.run(main())
