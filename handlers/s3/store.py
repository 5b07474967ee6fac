"""The agency's files in S3-compatible object storage (MinIO, AWS, the local clouds), under the
same references as on disk: `stored:<sha256>.<ext>` is the object
`<prefix>/<first two hex digits>/<sha256>.<ext>`, the disk's layout, so a STORAGE_DIR can be
copied into the bucket as it is. An object is written once: a HEAD finds it already there."""

from __future__ import annotations

import hashlib
import tempfile

from handlers.s3.client import S3Client
from handlers.storage import PREFIX, stored_name

SPOOL = 1024 * 1024  # an upload's bytes kept in memory up to this, then in a temporary file


class S3FileStore:
    """Files in one bucket, under one prefix."""

    def __init__(self, client: S3Client) -> None:
        self.client = client

    def key(self, name: str) -> str:
        prefix = self.client.location.prefix
        return f"{prefix + '/' if prefix else ''}{name[:2]}/{name}"

    def writer(self) -> S3Writer:
        return S3Writer(self)

    async def save(self, content: bytes, extension: str) -> tuple[str, str]:
        """Keeps content fetched whole; its reference and SHA-256 (hex)."""
        digest = hashlib.sha256(content).hexdigest()
        return await self._put(content, digest, extension), digest

    async def _put(self, content: bytes, digest: str, extension: str) -> str:
        name = f"{digest}.{extension}"
        key = self.key(name)
        if not await self.client.exists(key):  # the same content twice: one object
            await self.client.put(key, content, digest)
        return PREFIX + name

    async def read(self, file_ref: str) -> bytes:
        name = stored_name(file_ref)
        if name is None:
            raise ValueError("not a stored file's reference")
        return await self.client.get(self.key(name))

    async def check(self) -> None:
        """StorageError unless the bucket answers a HEAD (reachable, and ours to use)."""
        if not await self.client.exists(None):
            raise FileNotFoundError(f"no bucket {self.client.location.bucket}")

    async def close(self) -> None:
        await self.client.close()


class S3Writer:
    """One upload on its way in, hashed and spooled; sent to the bucket by `save`."""

    def __init__(self, store: S3FileStore) -> None:
        self.store = store
        self.size = 0
        self._hash = hashlib.sha256()
        self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 (discard)

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self._hash.update(chunk)
        self._spool.write(chunk)

    async def save(self, extension: str) -> tuple[str, str]:
        """Files the upload; its reference and SHA-256 (hex). The payload's hash SigV4 signs
        is the upload's own."""
        digest = self._hash.hexdigest()
        self._spool.seek(0)
        return await self.store._put(self._spool.read(), digest, extension), digest

    def discard(self) -> None:
        self._spool.close()
