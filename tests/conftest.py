"""Shared fixtures: a migrated database per test (SQLite always, PostgreSQL when configured),
a fixed clock, the wired application, and a key prefix on Redis when configured."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.app.bootstrap import App, build_app
from bot.app.settings import Settings
from db.engine import create_engine
from db.migrate import upgrade
from db.models import Base

# The sentence model costs ~25 ms a text: tests that are not about it match lexically
# (tests/faq/test_semantic.py builds its own matchers).
os.environ.setdefault("FAQ_SEMANTIC", "0")
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
POSTGRES_REQUIRED = os.environ.get("PAKN_REQUIRE_POSTGRES") == "1"
REDIS_URL = os.environ.get("TEST_REDIS_URL")
REDIS_REQUIRED = os.environ.get("PAKN_REQUIRE_REDIS") == "1"


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "pakn.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path) -> Path:
    """A folder to run `pakn` commands in, with a database as `pakn db upgrade` leaves it."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(sqlite_template, tmp_path / "cli.db")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    return tmp_path


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A database of this test run's own on the TEST_DATABASE_URL server, dropped afterwards,
    so that test runs side by side never see each other's rows."""
    if not POSTGRES_URL:
        if POSTGRES_REQUIRED:
            pytest.fail("PAKN_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (CI sets it)")
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_{os.getpid()}"
    try:
        asyncio.run(_admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}"',
                           f'CREATE DATABASE "{name}"'))
    except Exception as error:  # unreachable server
        if POSTGRES_REQUIRED:
            pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is required but failed: {error}")
        pytest.skip(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error}")
    url = base.set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    asyncio.run(_admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(url: str, *statements: str) -> None:
    engine = create_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def _truncate(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        # A connection a previous test left inside a transaction (a task cancelled mid-query)
        # would hold its locks and make TRUNCATE wait for ever: this run's database is its
        # own, so end every other session on it first.
        await connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        await connection.execute(text("SET LOCAL lock_timeout = '30s'"))
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """TEST_REDIS_URL when its server answers (tests keep to their own `redis_prefix`)."""
    if not REDIS_URL:
        if REDIS_REQUIRED:
            pytest.fail("PAKN_REQUIRE_REDIS=1 but TEST_REDIS_URL is not set")
        pytest.skip("Redis tests need TEST_REDIS_URL, e.g. redis://127.0.0.1:6379/15 (CI sets it)")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if REDIS_REQUIRED:
            pytest.fail(f"Redis at TEST_REDIS_URL is required but failed: {error}")
        pytest.skip(f"Redis at TEST_REDIS_URL is unreachable: {error}")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"pakn-test:{uuid.uuid4().hex}"
    yield prefix
    client = Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A freshly migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "pakn.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite+aiosqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    asyncio.run(_truncate(url))
    return url


@pytest.fixture
def clock() -> FixedClock:
    # A Tuesday morning in Hà Nội: 9:00 on 10/3/2026.
    return FixedClock(datetime(2026, 3, 10, 2, 0, tzinfo=UTC))


def make_settings(database_url: str, **values: object) -> Settings:
    return Settings(_env_file=None, database_url=database_url, **values)


@pytest.fixture
def app_settings() -> dict[str, object]:
    """Settings for `app` besides the database; a test parametrizes it to change them."""
    return {}


@pytest.fixture
async def app(database_url: str, clock: FixedClock, app_settings: dict[str, object]) -> App:
    application = await build_app(make_settings(database_url, **app_settings), clock=clock,
                                  migrate=False)
    yield application
    await application.close()
