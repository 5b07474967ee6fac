"""The agency's file storage as the channels see it: a file is kept once under its SHA-256 and
named by the reference `stored:<sha256>.<extension>`, whether its bytes are on a disk
(handlers/file_store.py) or in S3-compatible object storage (handlers/s3/store.py)."""

from __future__ import annotations

import re
from typing import Protocol

PREFIX = "stored:"
NAME = re.compile(r"^[0-9a-f]{64}\.[a-z]{3,4}$")


class StorageError(OSError):
    """The storage did not answer as it should (an object store's refusal, a lost connection);
    an OSError like a missing file on disk, so readers handle both alike."""


def stored_name(file_ref: str) -> str | None:
    """`<sha256>.<extension>` of a stored reference; None for another channel's reference."""
    name = file_ref.removeprefix(PREFIX)
    if not file_ref.startswith(PREFIX) or not NAME.match(name):
        return None
    return name


class StorageWriter(Protocol):
    """One upload on its way in: `write` each chunk (the caller checks the size), then `save`
    or `discard`."""

    size: int

    def write(self, chunk: bytes) -> None: ...

    async def save(self, extension: str) -> tuple[str, str]: ...

    def discard(self) -> None: ...


class Storage(Protocol):
    """Where citizens' files are kept: write once, read back by reference."""

    def writer(self) -> StorageWriter: ...

    async def save(self, content: bytes, extension: str) -> tuple[str, str]:
        """Keeps content fetched whole; its reference and SHA-256 (hex)."""
        ...

    async def read(self, file_ref: str) -> bytes:
        """A stored file's bytes; FileNotFoundError when it is not there, StorageError when
        the storage fails, ValueError for a reference that is not a stored one."""
        ...

    async def check(self) -> None:
        """Raises StorageError when the storage cannot be reached (at startup)."""
        ...

    async def close(self) -> None: ...
