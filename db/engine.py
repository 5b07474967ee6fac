"""Engines for SQLite (WAL, fully synchronous commits, foreign keys, one writer at a time) and
PostgreSQL (asyncpg, without JIT compilation)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA synchronous=FULL",  # a filed request survives a power cut once acknowledged
)
READ_ONLY = "pakn_read_only"  # execution option of a reader's connection: a deferred BEGIN


def async_url(url: str) -> str:
    """The async driver's URL for what an operator is likely to write."""
    parsed = make_url(url)
    driver = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg",
              "postgres": "postgresql+asyncpg"}.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (None for PostgreSQL or an in-memory database)."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    return Path(database).resolve() if database and database != ":memory:" else None


def create_engine(url: str, pool_size: int = 5) -> AsyncEngine:
    """An engine that never puts statement parameters (citizens' data) into error messages;
    `pool_size` connections kept (PostgreSQL), twice as many at a peak."""
    url = async_url(url)
    if not is_sqlite(url):
        engine = create_async_engine(url, hide_parameters=True, pool_pre_ping=True,
                                     pool_size=pool_size, max_overflow=pool_size)
        _configure_postgresql(engine)
        return engine
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, hide_parameters=True)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    # https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#serializable-isolation-savepoints-transactional-ddl
    # BEGIN IMMEDIATE takes the write lock up front, so two turns never deadlock on an upgrade.
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection):  # type: ignore[no-untyped-def]
        reads_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reads_only else "BEGIN IMMEDIATE")


def _configure_postgresql(engine: AsyncEngine) -> None:
    # PostgreSQL compiles a query it costs high (a report over a year of tickets, or any query
    # planned before autovacuum has analysed a large import) to machine code first: half a
    # second for a query that runs in 0.15 s (bench/reports.md). Our queries gain nothing from
    # it. A SET, not a startup parameter, so that a connection pooler in between accepts it.
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("SET jit = off")
        cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)
