"""The key of the contacts' phone hashes: DATA_KEY, or else a random key generated once and kept
in the database (web_keys "contact_phone"), so lookups work and stay stable across restarts and
instances (README "Security", "Personal data")."""

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


def warn_at_start(settings: Settings) -> None:
    """Said loudly once by `pakn run`: what protects the contacts and what does not."""
    log.warning("contacts (name, phone, address) are stored in clear text in ticket_contacts: "
                "the package 'cryptography' is not installed, so they are not encrypted at rest; "
                "protect the database and its backups (README \"Personal data\")")
    if settings.data_key is None:
        log.warning("DATA_KEY is not set: phone numbers are indexed with a generated key kept "
                    "in the database itself; set DATA_KEY and run `pakn privacy rotate-key`")
