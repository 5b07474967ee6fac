"""The key of the contacts' encryption and phone hashes: DATA_KEY, or else a random key generated
once and kept in the database (web_keys "contact_phone"), so lookups work and stay stable across
restarts and instances (README "Security", "Personal data")."""

from __future__ import annotations

import logging

from bot.app.settings import Settings
from db.uow import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)
STORED_KEY = "contact_phone"  # also in db/migrations/versions/0007_contact_privacy.py


async def stored_key(uow: SqlUnitOfWorkFactory) -> bytes:
    async with uow() as work:
        value = await work.web_sessions.key(STORED_KEY)
        await work.commit()
    return value.encode()


async def contact_key(settings: Settings, uow: SqlUnitOfWorkFactory) -> bytes:
    if settings.data_key is not None:
        return settings.data_key.get_secret_value().encode()
    return await stored_key(uow)


async def seal_contacts(uow: SqlUnitOfWorkFactory) -> int:
    """Encrypts the contacts still in clear text (stored before encryption); their count."""
    async with uow() as work:
        count = await work.tickets.seal_contacts()
        await work.commit()
    if count:
        log.info("%d contact(s) encrypted at rest", count)
    return count


def warn_at_start(settings: Settings) -> None:
    """Said loudly once by `pakn run`: what protects the contacts and what does not."""
    if settings.data_key is None:
        log.warning("DATA_KEY is not set: contacts are encrypted and phone numbers indexed with "
                    "a generated key kept in the database itself, so a copy of the database "
                    "opens them; set DATA_KEY and run `pakn privacy rotate-key` "
                    "(README \"Personal data\")")
