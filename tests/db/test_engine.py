"""The SQLite engine's settings, read back from a real connection."""

from __future__ import annotations

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
