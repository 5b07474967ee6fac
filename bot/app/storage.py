"""The agency's file storage from the settings: S3-compatible object storage when STORAGE_URL
is set, else the STORAGE_DIR folder; an unreachable bucket is one line for the operator."""

from __future__ import annotations

import logging

from bot.app.database import StartupError
from bot.app.settings import Settings
from handlers.file_store import FileStore
from handlers.s3.client import S3Client, parse_location
from handlers.s3.store import S3FileStore
from handlers.storage import Storage

log = logging.getLogger(__name__)


def storage_for(settings: Settings) -> Storage:
    """The store STORAGE_URL (with its keys) or STORAGE_DIR names; nothing is opened yet."""
    if settings.storage_url is None:
        return FileStore(settings.storage_dir)
    assert settings.storage_access_key and settings.storage_secret_key  # the settings say so
    client = S3Client(parse_location(settings.storage_url),
                      settings.storage_access_key.get_secret_value(),
                      settings.storage_secret_key.get_secret_value())
    return S3FileStore(client)


async def open_storage(settings: Settings) -> Storage:
    """`storage_for`, checked: StartupError (no key in it) when the bucket cannot be used."""
    storage = storage_for(settings)
    try:
        await storage.check()
    except OSError as error:
        await storage.close()
        raise StartupError(f"cannot use the file storage {_where(settings)} (STORAGE_URL): "
                           f"{error}") from None
    log.info("files kept in %s", _where(settings))
    return storage


def _where(settings: Settings) -> str:
    """The storage as the operator named it, without its keys."""
    if settings.storage_url is None:
        return str(settings.storage_dir)
    return parse_location(settings.storage_url).shown()
