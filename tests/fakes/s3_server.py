"""A stand-in S3 server on loopback: path-style buckets with objects in memory. Every request
must carry a well-formed SigV4 Authorization header whose signature, recomputed with the test
secret, matches (else 403 SignatureDoesNotMatch, in S3's XML); a PUT's body must hash to its
x-amz-content-sha256. Answers 404 NoSuchKey / NoSuchBucket as S3 does."""

from __future__ import annotations

import hashlib
import re

from aiohttp import web

from handlers.s3.sigv4 import Credentials, canonical_request, signature
from tests.fakes.loopback import LoopbackServer

ACCESS_KEY = "pakn-test-access"
SECRET_KEY = "pakn-test-secret-0123456789"
AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[a-z0-9-]+)/s3/"
    r"aws4_request,\s?SignedHeaders=(?P<signed>[a-z0-9;-]+),\s?Signature=(?P<sig>[0-9a-f]{64})$")


def _error(status: int, code: str, method: str) -> web.Response:
    body = b"" if method == "HEAD" else (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
        f"<Message>{code}</Message></Error>").encode()
    return web.Response(status=status, body=body, content_type="application/xml")


class FakeS3(LoopbackServer):
    """`objects[(bucket, key)]`; `requests` lists (method, key) seen; `buckets` that exist."""

    def __init__(self, buckets: tuple[str, ...] = ("pakn",), region: str = "hn") -> None:
        self.buckets, self.region = set(buckets), region
        self.objects: dict[tuple[str, str], bytes] = {}
        self.requests: list[tuple[str, str]] = []

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{bucket}", self._handle)
        app.router.add_route("*", "/{bucket}/{key:.+}", self._handle)

    def _signed(self, request: web.Request, body: bytes) -> str | None:
        """Why the request's signature is refused; None when it is right."""
        found = AUTHORIZATION.match(request.headers.get("Authorization", ""))
        if found is None:
            return "AuthorizationHeaderMalformed"
        if found["key"] != ACCESS_KEY:
            return "InvalidAccessKeyId"
        names = found["signed"].split(";")
        if not {"host", "x-amz-date", "x-amz-content-sha256"} <= set(names):
            return "AuthorizationHeaderMalformed"
        payload = request.headers.get("x-amz-content-sha256", "")
        if request.method == "PUT" and payload != hashlib.sha256(body).hexdigest():
            return "XAmzContentSHA256Mismatch"
        stamp = request.headers.get("x-amz-date", "")
        if stamp[:8] != found["date"] or found["region"] != self.region:
            return "AuthorizationHeaderMalformed"
        headers = {name: request.headers.get(name, "") for name in names}
        canonical, _ = canonical_request(request.method, request.rel_url.raw_path,
                                         list(request.rel_url.query.items()), headers, payload)
        expected = signature(Credentials(ACCESS_KEY, SECRET_KEY, self.region), stamp, canonical)
        return None if expected == found["sig"] else "SignatureDoesNotMatch"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        bucket, key = request.match_info["bucket"], request.match_info.get("key")
        body = await request.read()
        self.requests.append((request.method, key or ""))
        refused = self._signed(request, body)
        if refused is not None:
            return _error(400 if refused.endswith("Malformed") else 403, refused, request.method)
        if bucket not in self.buckets:
            return _error(404, "NoSuchBucket", request.method)
        if key is None:
            return web.Response() if request.method == "HEAD" else _error(
                405, "MethodNotAllowed", request.method)
        if request.method == "PUT":
            self.objects[(bucket, key)] = body
            return web.Response(headers={"ETag": f'"{hashlib.md5(body).hexdigest()}"'})
        if (bucket, key) not in self.objects:
            return _error(404, "NoSuchKey", request.method)
        content = self.objects[(bucket, key)]
        if request.method == "HEAD":
            return web.Response(headers={"Content-Length": str(len(content))})
        if request.method == "GET":
            return web.Response(body=content, content_type="application/octet-stream")
        return _error(405, "MethodNotAllowed", request.method)
