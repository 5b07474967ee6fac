"""An officer's photo or document in the staff group, as the staff desk relays it: described
from the message, then fetched through the Bot API (getFile and the download, at the
configured base URL) into the agency's storage, from where the web chat and Zalo send it. A
file not fetched (over the Bot API's 20 MB, or Telegram unreachable) still goes to Telegram
citizens by its id; other channels say so (bot/core/staff/reply_files.py)."""

from __future__ import annotations

import logging
from dataclasses import replace

from aiogram.types import Message

from bot.core.file_types import HEAD, detect
from bot.core.staff.reply_files import StaffFile
from bot.relay.archive import FetchError, FileFetcher, extension
from bot.relay.ports import PendingFile
from handlers.storage import Storage

log = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024  # the Bot API serves bots files up to 20 MB
MAX_NAME = 120


def describe(message: Message) -> StaffFile | None:
    """The photo (its largest size) or document of a message, else None."""
    if message.photo:
        photo = message.photo[-1]
        return StaffFile("photo", photo.file_id, f"anh-{photo.file_unique_id}.jpg",
                         photo.file_size, "image/jpeg")
    if message.document:
        doc = message.document
        name = "".join(ch for ch in (doc.file_name or "") if ch.isprintable())[:MAX_NAME]
        return StaffFile("document", doc.file_id, name or "tep", doc.file_size, doc.mime_type)
    return None


class StaffFiles:
    """Keeps officers' files in the agency's storage (none: they stay on Telegram's servers)."""

    def __init__(self, fetcher: FileFetcher, store: Storage | None,
                 limit: int = MAX_BYTES) -> None:
        self.fetcher, self.store, self.limit = fetcher, store, limit

    async def of(self, messages: list[Message]) -> tuple[StaffFile, ...]:
        """The messages' files (an album's), each with the agency's copy when it could be
        made."""
        found = (describe(message) for message in messages)
        return tuple([await self.keep(file) for file in found if file is not None])

    async def keep(self, file: StaffFile) -> StaffFile:
        if self.store is None:
            return file
        try:
            content = await self.fetcher.fetch(file.file_ref, self.limit)
            if len(content) > self.limit:
                raise FetchError("over the size limit", permanent=True)
            found = detect(content[:HEAD])
            pending = PendingFile(0, file.file_ref, file.kind, file.mime, file.name, 0, 0)
            ref, _ = await self.store.save(content, found.extension if found else
                                           extension(pending))
        except (FetchError, OSError) as error:
            log.warning("staff file not kept in the storage: %s", error)
            return file
        return replace(file, stored_ref=ref, size=len(content),
                       mime=found.mime if found else file.mime)
