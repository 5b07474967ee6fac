"""The engines' settings, read back from a real connection."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.engine import create_engine


async def test_sqlite_commits_are_fully_synchronous_in_wal_with_foreign_keys(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'pakn.db'}")
    try:
        async with engine.connect() as connection:
            synchronous = await connection.scalar(text("PRAGMA synchronous"))
            journal = await connection.scalar(text("PRAGMA journal_mode"))
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
    finally:
        await engine.dispose()
    assert synchronous == 2  # FULL: a commit reaches the disk before the citizen sees a code
    assert (journal, foreign_keys) == ("wal", 1)


@pytest.mark.postgres
async def test_postgresql_connections_do_not_compile_queries_to_machine_code(postgres_url):
    # JIT cost half a second on a report's query that runs in 0.15 s (bench/reports.md).
    engine = create_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            jit = await connection.scalar(text("SHOW jit"))
    finally:
        await engine.dispose()
    assert jit == "off"
