"""Contacts as the application reads them back: they are encrypted at rest, so a test reads them
through the repository with the key the running bot uses (DATA_KEY, or the generated one)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select

from bot.app.bootstrap import build_app
from bot.core.tickets import Contact
from db.models import TicketContact, TicketRow
from tests.conftest import FixedClock, make_settings


async def _opened(url: str, data_key: str | None) -> dict[str, Contact]:
    settings = make_settings(url, **({"data_key": data_key} if data_key else {}))
    app = await build_app(settings, clock=FixedClock(datetime(2026, 11, 26, tzinfo=UTC)),
                          migrate=False)
    try:
        async with app.uow() as work:
            found = await work.session.execute(
                select(TicketRow.code, TicketRow.id)
                .join(TicketContact, TicketContact.ticket_id == TicketRow.id)
                .order_by(TicketRow.id))
            return {code: await work.tickets.contact(ticket_id) for code, ticket_id in found}
    finally:
        await app.close()


def contacts(url: str, data_key: str | None = None) -> dict[str, Contact]:
    """Each ticket's contact by code, decrypted, in the order the tickets were filed."""
    return asyncio.run(_opened(url, data_key))
