"""A report command knows whether the database is at the head of the migrations without
loading Alembic, and reads it the way Alembic does."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from db.engine import create_engine
from db.migrate import alembic_config
from db.schema_version import current_revision, head_revision


def test_the_head_is_alembics():
    assert [head_revision()] == ScriptDirectory.from_config(alembic_config("x")).get_heads()


async def test_a_migrated_database_is_at_the_head(database_url):
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await current_revision(connection) == head_revision()
    finally:
        await engine.dispose()


async def test_a_database_never_migrated_has_no_revision(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/new.db")
    try:
        async with engine.connect() as connection:
            assert await current_revision(connection) is None
    finally:
        await engine.dispose()
