"""Migration 0007 converting existing contacts: each phone gets its keyed hash, with DATA_KEY or
else the generated key the application then uses too; the downgrade drops the columns."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import MetaData, inspect, select

from bot.app.bootstrap import build_app
from bot.core.privacy import phone_digest
from db.engine import create_engine
from db.migrate import alembic_config
from db.models import TicketContact
from tests.conftest import FixedClock, make_settings

MOMENT = datetime(2026, 3, 10, tzinfo=UTC)


async def _old_rows(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            metadata = MetaData()
            await connection.run_sync(lambda sync: metadata.reflect(sync))
            tickets, contacts = metadata.tables["tickets"], metadata.tables["ticket_contacts"]
            await connection.execute(tickets.insert(), [
                {"id": n, "code": f"PA-2026-0000{n}", "type": "phan_anh", "status": "received",
                 "channel": "web", "content": "Đèn hỏng", "received_at": MOMENT, "clock": "first",
                 "extensions_used": 0, "publish_allowed": False, "urgent": False}
                for n in (1, 2, 3)])
            await connection.execute(contacts.insert(), [
                {"ticket_id": 1, "name": "Lê Thị Hoa", "phone": "0912 345 678", "sealed": False},
                {"ticket_id": 2, "name": "Đỗ Văn Nam", "phone": None, "sealed": False},
                {"ticket_id": 3, "name": "Trần Bình", "phone": "+84987654321", "sealed": True}])
    finally:
        await engine.dispose()


async def _hashes(url: str) -> dict[int, str | None]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            found = await connection.execute(
                select(TicketContact.ticket_id, TicketContact.phone_hash))
            return dict(found.all())
    finally:
        await engine.dispose()


async def _columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(lambda sync: {
                c["name"] for c in inspect(sync).get_columns("ticket_contacts")})
    finally:
        await engine.dispose()


async def test_migration_0007_hashes_existing_phones_with_data_key(database_url, monkeypatch):
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "0006")
    assert "phone_hash" not in await _columns(database_url)
    await _old_rows(database_url)
    monkeypatch.setenv("DATA_KEY", "k" * 32)
    await asyncio.to_thread(command.upgrade, config, "head")
    key = b"k" * 32
    assert await _hashes(database_url) == {1: phone_digest(key, "0912345678"), 2: None,
                                           3: phone_digest(key, "0987654321")}
    await asyncio.to_thread(command.downgrade, config, "0006")
    assert {"phone_hash", "erased_at"}.isdisjoint(await _columns(database_url))
    await asyncio.to_thread(command.upgrade, config, "head")


async def test_without_data_key_the_migration_and_the_app_share_a_generated_key(
        database_url, monkeypatch):
    monkeypatch.delenv("DATA_KEY", raising=False)
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "0006")
    await _old_rows(database_url)
    await asyncio.to_thread(command.upgrade, config, "head")
    app = await build_app(make_settings(database_url), clock=FixedClock(MOMENT), migrate=False)
    try:
        key = app.uow.contact_key
        async with app.uow() as work:
            assert await work.tickets.ids_by_phone(phone_digest(key, "0912.345.678")) == [1]
    finally:
        await app.close()
    assert key is not None and len(key) == 64
    assert (await _hashes(database_url))[3] == phone_digest(key, "0987 654 321")
