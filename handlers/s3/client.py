"""A small S3 client of our own (PUT, GET and HEAD of one object, HEAD of the bucket), each
request signed with SigV4 (sigv4.py) and addressed path-style (`<endpoint>/<bucket>/<key>`), as
MinIO and most local clouds need. Where the bucket is comes from STORAGE_URL:
`s3://bucket/prefix?endpoint=https://s3.example.vn&region=hn`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, quote, urlsplit

import aiohttp
from yarl import URL

from handlers.s3.sigv4 import EMPTY_SHA256, Credentials, amz_date, authorization
from handlers.storage import StorageError

CODE = re.compile(rb"<Code>([A-Za-z0-9.]{1,64})</Code>")
TIMEOUT = aiohttp.ClientTimeout(total=120, sock_connect=10)


@dataclass(frozen=True)
class Location:
    """A bucket, a key prefix inside it, its endpoint and region (no credentials)."""

    bucket: str
    prefix: str
    endpoint: str
    region: str

    def shown(self) -> str:
        """How the operator named it, for log lines."""
        prefix = f"/{self.prefix}" if self.prefix else ""
        return f"s3://{self.bucket}{prefix} at {self.endpoint}"


def parse_location(url: str) -> Location:
    """STORAGE_URL's parts; ValueError naming what is wrong. Without `endpoint`, AWS's."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("must look like s3://bucket/prefix?endpoint=https://…&region=…")
    if "@" in parts.netloc:  # a URL is logged; the keys have settings of their own
        raise ValueError("must not carry credentials (STORAGE_ACCESS_KEY, STORAGE_SECRET_KEY)")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - {"endpoint", "region"}
    if unknown:
        raise ValueError(f"unknown option {sorted(unknown)[0]!r} (endpoint and region are known)")
    region = options.get("region", "us-east-1")
    endpoint = options.get("endpoint", f"https://s3.{region}.amazonaws.com").rstrip("/")
    if not endpoint.startswith(("http://", "https://")):
        raise ValueError("endpoint must start with http:// or https://")
    return Location(parts.netloc, parts.path.strip("/"), endpoint, region)


class S3Client:
    """One bucket's objects; an aiohttp session opened at the first request."""

    def __init__(self, location: Location, access_key: str, secret_key: str,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        # Real time on purpose: a SigV4 signature carries it, and the server refuses one
        # more than 15 minutes off its own clock, whatever clock the application reads.
        self.location = location
        self._credentials = Credentials(access_key, secret_key, location.region)
        self._now = now
        self._host = urlsplit(location.endpoint).netloc
        self._session: aiohttp.ClientSession | None = None

    def _path(self, key: str | None) -> str:
        bucket = "/" + quote(self.location.bucket, safe="-_.~")
        return bucket if key is None else f"{bucket}/{quote(key, safe='/-_.~')}"

    async def request(self, method: str, key: str | None, body: bytes = b"",
                      payload_sha256: str = EMPTY_SHA256) -> tuple[int, bytes]:
        """The response's status and body; StorageError when no answer comes."""
        path = self._path(key)
        headers = {"Host": self._host, "x-amz-content-sha256": payload_sha256,
                   "x-amz-date": amz_date(self._now())}
        headers["Authorization"] = authorization(self._credentials, method, path, [], headers,
                                                 payload_sha256)
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        url = URL(self.location.endpoint + path, encoded=True)
        try:
            async with self._session.request(method, url, data=body or None,
                                             headers=headers) as response:
                return response.status, await response.read()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise StorageError(f"{method}: no answer "
                               f"({type(error).__name__})") from None

    async def exists(self, key: str | None) -> bool:
        """HEAD of an object (or of the bucket, key None): True 200, False 404."""
        status, body = await self.request("HEAD", key)
        if status == 404:
            return False
        _raise_for(status, body, "HEAD")
        return True

    async def get(self, key: str) -> bytes:
        status, body = await self.request("GET", key)
        if status == 404:
            raise FileNotFoundError(f"no object {key}")
        _raise_for(status, body, "GET")
        return body

    async def put(self, key: str, body: bytes, sha256: str | None = None) -> None:
        """Writes one object; `sha256`: the body's, when the caller already hashed it."""
        status, answer = await self.request("PUT", key, body,
                                            sha256 or hashlib.sha256(body).hexdigest())
        _raise_for(status, answer, "PUT")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _raise_for(status: int, body: bytes, method: str) -> None:
    """StorageError with S3's error code (`<Error><Code>AccessDenied</Code>…`) for a non-2xx."""
    if 200 <= status < 300:
        return
    found = CODE.search(body[:4096])
    code = found.group(1).decode() if found else ""
    raise StorageError(f"{method} answered {status}{' ' + code if code else ''}")
