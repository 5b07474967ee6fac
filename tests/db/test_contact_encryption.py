"""Contacts encrypted at rest: rows stored in clear before encryption are sealed when the bot
starts (once), a sealed value opens only with its key and only in its own place, and a copy of
the table without the key holds no name, phone or address."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import select, update

from bot.app.bootstrap import build_app
from db.contact_cipher import ContactCipher, ContactKeyError
from db.migrate import alembic_config
from db.models import TicketContact
from tests.conftest import FixedClock, make_settings
from tests.db.test_contact_privacy import _old_rows
from tests.identity_scan import Identity, places_holding

MOMENT = datetime(2026, 3, 10, tzinfo=UTC)
HOA = Identity("Lê Thị Hoa", "0912 345 678", "Số 9 phố Hàng Bài")


def test_a_sealed_value_opens_only_with_its_key_in_its_own_place():
    cipher = ContactCipher(b"k" * 32)
    sealed = cipher.seal("Lê Thị Hoa", "name", 7)
    assert sealed is not None and sealed.startswith("enc1:") and "Hoa" not in sealed
    assert sealed != cipher.seal("Lê Thị Hoa", "name", 7)  # a fresh nonce each time
    assert cipher.open(sealed, "name", 7) == "Lê Thị Hoa"
    assert cipher.open("Đỗ Văn Nam", "name", 7) == "Đỗ Văn Nam"  # stored before encryption
    with pytest.raises(ContactKeyError):
        ContactCipher(b"x" * 32).open(sealed, "name", 7)
    with pytest.raises(ContactKeyError):  # copied onto another ticket or column: refused
        cipher.open(sealed, "name", 8)
    with pytest.raises(ContactKeyError):
        cipher.open(sealed, "address", 7)


async def test_contacts_stored_in_clear_are_sealed_at_start_once(database_url, monkeypatch):
    monkeypatch.setenv("DATA_KEY", "k" * 32)
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "0006")
    await _old_rows(database_url)  # Lê Thị Hoa, stored in clear by an older version
    await asyncio.to_thread(command.upgrade, config, "head")
    settings = make_settings(database_url, data_key="k" * 32)
    app = await build_app(settings, clock=FixedClock(MOMENT), migrate=False)
    try:
        assert await places_holding(app.engine, HOA) == set()
        async with app.uow() as work:
            assert (await work.tickets.contact(1)).name == HOA.name
            assert await work.tickets.seal_contacts() == 0  # nothing left in clear
            stored = await work.session.scalar(
                select(TicketContact.name).where(TicketContact.ticket_id == 1))
            await work.session.execute(update(TicketContact).where(  # moved to ticket 2
                TicketContact.ticket_id == 2).values(name=stored))
            with pytest.raises(ContactKeyError):
                await work.tickets.contact(2)
    finally:
        await app.close()
