"""A file sent in the web chat (`POST /api/chat/upload`, multipart/form-data with `file` and an
optional `language`): read in chunks up to the size limit, its type told by its first bytes,
hashed and kept in the agency's storage (handlers/file_store.py). What is refused is said why,
in the citizen's language, and nothing of it stays on disk."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import BodyPartReader, web

from bot.core.file_types import HEAD, FileType, detect
from bot.core.messages import Attachment
from handlers.storage import Storage

CHUNK = 64 * 1024
MAX_NAME = 120  # characters of the file's name kept (shown to officers)


@dataclass(frozen=True)
class Refused:
    """Why an upload was not kept: a catalog key and its values."""

    key: str
    values: dict[str, object]
    language: str | None = None


@dataclass(frozen=True)
class Upload:
    attachment: Attachment
    sha256: str
    language: str | None


def _name(part: BodyPartReader) -> str:
    name = (part.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:MAX_NAME] or "tep"


async def receive(request: web.Request, store: Storage, max_bytes: int, timeout: float,
                  wanted: Callable[[], Awaitable[bool]]) -> Upload | Refused:
    """The stored upload, or why it was refused (`wanted()` False: no filing awaits a file, and
    nothing is written); a body that is not multipart raises."""
    async with asyncio.timeout(timeout):
        reader = await request.multipart()
        language: str | None = None
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "language":
                language = (await part.text())[:10]
            elif part.name == "file":
                if not await wanted():
                    return Refused("error.attachment_outside_flow", {}, language)
                return await _keep(part, store, max_bytes, language)
    return Refused("web.upload_missing", {}, language)


async def _keep(part: BodyPartReader, store: Storage, max_bytes: int,
                language: str | None) -> Upload | Refused:
    name = _name(part)
    writer = store.writer()
    kind: FileType | None = None
    try:
        head = b""
        while chunk := await part.read_chunk(CHUNK):
            if kind is None:
                head += chunk
                if len(head) < HEAD and not part.at_eof():
                    continue
                if (kind := detect(head[:HEAD])) is None:
                    return Refused("web.upload_type", {"name": name}, language)
                chunk, head = head, b""
            if writer.size + len(chunk) > max_bytes:
                return Refused("file.attachment_too_big",
                               {"name": name, "max_mb": max_bytes // (1024 * 1024)}, language)
            writer.write(chunk)
        if kind is None:
            if head and (kind := detect(head[:HEAD])) is not None:
                writer.write(head)
            else:
                return Refused("web.upload_type" if head else "web.upload_empty", {"name": name},
                               language)
        file_ref, digest = await writer.save(kind.extension)
        attachment = Attachment(kind.kind, file_ref, writer.size, kind.mime, name)
        return Upload(attachment, digest, language)
    finally:
        writer.discard()
