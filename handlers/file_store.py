"""The agency's file storage (STORAGE_DIR): each upload kept once under its SHA-256, as
`<first two hex digits>/<sha256>.<extension>`, written to a temporary name and renamed, so a
half-written file is never taken for a stored one. The reference a ticket keeps is
`stored:<sha256>.<extension>` (handlers/storage.py)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
from pathlib import Path

from handlers.storage import PREFIX, stored_name


class FileStore:
    """Files on a local disk (or a mounted share every instance sees)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, file_ref: str) -> Path | None:
        """Where a stored reference's file is; None for another channel's reference."""
        name = stored_name(file_ref)
        return None if name is None else self.root / name[:2] / name

    def writer(self) -> StoredFileWriter:
        return StoredFileWriter(self.root)

    def keep(self, content: bytes, extension: str) -> tuple[str, str]:
        """Files content fetched whole (an archived attachment); its reference and SHA-256."""
        writer = self.writer()
        try:
            writer.write(content)
        except BaseException:
            writer.discard()
            raise
        return writer.keep(extension)

    async def save(self, content: bytes, extension: str) -> tuple[str, str]:
        """`keep`, off the event loop."""
        return await asyncio.to_thread(self.keep, content, extension)

    async def read(self, file_ref: str) -> bytes:
        """A stored file's bytes (FileNotFoundError when missing), off the event loop."""
        path = self.path(file_ref)
        if path is None:
            raise ValueError("not a stored file's reference")
        return await asyncio.to_thread(path.read_bytes)

    async def check(self) -> None:
        """A directory is made when the first file comes: nothing to check."""

    async def close(self) -> None:
        """Nothing held open."""


class StoredFileWriter:
    """One upload on its way in: chunks are hashed and written; `keep` files it under its
    hash, `discard` removes what was written."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.size = 0
        self._hash = hashlib.sha256()
        (root / "tmp").mkdir(parents=True, exist_ok=True)
        self._temp = root / "tmp" / f"{secrets.token_hex(8)}.part"
        self._file = self._temp.open("wb")

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self._hash.update(chunk)
        self._file.write(chunk)

    def keep(self, extension: str) -> tuple[str, str]:
        """Files the upload; its reference and SHA-256 (hex)."""
        self._file.close()
        digest = self._hash.hexdigest()
        name = f"{digest}.{extension}"
        final = self.root / name[:2] / name
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._temp, final)  # the same content twice: one file
        return PREFIX + name, digest

    async def save(self, extension: str) -> tuple[str, str]:
        return self.keep(extension)

    def discard(self) -> None:
        self._file.close()
        self._temp.unlink(missing_ok=True)
