"""The agency's archive of what citizens sent: every attachment that lives only on Telegram's or
Zalo's servers is downloaded into the agency's storage, size-checked and kept under its SHA-256,
by a worker of the channel that retries until the platform says the file is gone or too big
(issue 14; Luật Lưu trữ 2024: the agency keeps the records it received). Each file kept is
shown to the core in the same transaction (a signed đơn is received once its bytes are here)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.ports import UnitOfWork
from bot.relay.poller import Poller
from bot.relay.ports import PendingFile, RelayUnitOfWorkFactory

log = logging.getLogger(__name__)

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif",
              "image/heic": "heic", "application/pdf": "pdf", "video/mp4": "mp4",
              "audio/mpeg": "mp3", "audio/ogg": "ogg", "audio/aac": "aac",
              "application/msword": "doc",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"}
BY_KIND = {"photo": "jpg", "video": "mp4", "audio": "ogg", "voice": "ogg"}
MAX_ATTEMPTS = 8  # about a day with the backoff below, then the error stays recorded


class FetchError(Exception):
    """A file not fetched: `permanent` when asking again changes nothing (gone, too big)."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class FileFetcher(Protocol):
    """Downloads one of the channel's own file references, at most `limit` bytes."""

    async def fetch(self, file_ref: str, limit: int) -> bytes: ...


class KeptHook(Protocol):
    """The core's look at a file just kept (ticket id, platform ref, storage ref, bytes), in
    the archive's unit of work; True when it queued a message."""

    async def __call__(self, work: UnitOfWork, ticket_id: int, file_ref: str, stored_ref: str,
                       content: bytes) -> bool: ...


class FileKeeper(Protocol):
    """Keeps content in the agency's storage; its reference and SHA-256 (hex)."""

    async def save(self, content: bytes, extension: str) -> tuple[str, str]: ...


@dataclass(frozen=True)
class ArchivePolicy:
    max_bytes: int = 20 * 1024 * 1024  # the Bot API serves files up to 20 MB to bots
    poll: float = 60.0
    batch: int = 20


class ArchiveWorker(Poller):
    """Archives one channel's attachments, oldest first, until cancelled; woken when a ticket
    is filed."""

    name = "archive"

    def __init__(self, channel: str, uow: RelayUnitOfWorkFactory, fetcher: FileFetcher,
                 keeper: FileKeeper, now: Callable[[], datetime],
                 policy: ArchivePolicy = ArchivePolicy(), on_kept: KeptHook | None = None,
                 queued: Callable[[], None] | None = None) -> None:
        """`on_kept`: told of each file kept; `queued`: called when it queued a message (the
        outbox's wake)."""
        super().__init__(policy.poll)
        self.channel, self._uow, self.fetcher, self.keeper = channel, uow, fetcher, keeper
        self.now, self.policy, self.on_kept, self.queued = now, policy, on_kept, queued

    async def round(self) -> None:
        while await self.archive_due():
            pass

    async def archive_due(self) -> int:
        """One batch of the files waiting; how many were tried."""
        async with self._uow() as work:
            due = await work.archive.due(self.channel, self.now(), self.policy.batch)
        for item in due:
            await self._archive(item)
        return len(due)

    async def _archive(self, item: PendingFile) -> None:
        try:
            content = await self.fetcher.fetch(item.file_ref, self.policy.max_bytes)
            if len(content) > self.policy.max_bytes:
                raise FetchError("over the size limit", permanent=True)
            ref, digest = await self.keeper.save(content, extension(item))
        except FetchError as error:
            attempts = item.attempts + 1
            final = error.permanent or attempts >= MAX_ATTEMPTS
            log.warning("archive %s: attachment %d not archived%s: %s", self.channel, item.id,
                        "" if final else " yet", error)
            async with self._uow() as work:
                await work.archive.failed(item.id, str(error)[:200], self.now(), attempts,
                                          final=final)
                await work.commit()
            return
        await self._kept(item, ref, digest, content)

    async def _kept(self, item: PendingFile, ref: str, digest: str, content: bytes) -> None:
        try:
            async with self._uow() as work:
                await work.archive.kept(item.id, ref, digest, len(content), self.now())
                queued = bool(self.on_kept and await self.on_kept(
                    work, item.ticket_id, item.file_ref, ref, content))
                await work.commit()
        except Exception:
            if self.on_kept is None:
                raise
            # The file is kept all the same; the officer still records the đơn by hand.
            log.exception("archive %s: attachment %d kept, its check failed", self.channel,
                          item.id)
            async with self._uow() as work:
                await work.archive.kept(item.id, ref, digest, len(content), self.now())
                await work.commit()
            return
        if queued and self.queued is not None:
            self.queued()


def extension(item: PendingFile) -> str:
    """The stored file's extension: from its type, its name, or what kind of file it is."""
    if item.mime and item.mime.lower() in EXTENSIONS:
        return EXTENSIONS[item.mime.lower()]
    suffix = (item.name or "").rpartition(".")[2].lower()
    if item.name and "." in item.name and suffix.isalnum() and 3 <= len(suffix) <= 4:
        return suffix
    return BY_KIND.get(item.kind, "bin")
