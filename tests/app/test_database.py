"""The report, form and export commands open the database alone: a database behind the code
is migrated first, as `pakn run` would; a missing SQLite file is never made."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from bot.app.database import StartupError, opened_database
from db.engine import create_engine
from db.migrate import upgrade
from db.schema_version import current_revision, head_revision
from tests.conftest import FixedClock, make_settings

CLOCK = FixedClock(datetime(2026, 3, 10, 2, 0, tzinfo=UTC))


async def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await current_revision(connection)
    finally:
        await engine.dispose()


async def test_a_database_behind_is_migrated_before_it_is_read(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/old.db"
    await asyncio.to_thread(upgrade, url, "0012")  # the revision before the report facts
    assert await _revision(url) == "0012"
    async with opened_database(make_settings(url), CLOCK) as uow, uow.reader() as work:
        assert await work.forms.sessions(date(2026, 1, 1), date(2026, 12, 31)) == []
    assert await _revision(url) == head_revision()


async def test_a_missing_sqlite_file_is_not_made(tmp_path):
    path = tmp_path / "elsewhere" / "pakn.db"
    with pytest.raises(StartupError, match="no database at"):
        async with opened_database(make_settings(f"sqlite+aiosqlite:///{path}"), CLOCK):
            pass
    assert not path.exists()


async def test_an_unreachable_server_is_one_line_without_the_password():
    url = "postgresql+asyncpg://pakn:secret@127.0.0.1:1/pakn"
    with pytest.raises(StartupError) as raised:
        async with opened_database(make_settings(url), CLOCK):
            pass
    assert "cannot open the database" in str(raised.value)
    assert "secret" not in str(raised.value)
