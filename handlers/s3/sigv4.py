"""AWS Signature Version 4 for S3 requests, header-signed with the payload's SHA-256:
https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True)
class Credentials:
    access_key: str = field(repr=False)
    secret_key: str = field(repr=False)
    region: str = "us-east-1"
    service: str = "s3"


def amz_date(moment: datetime) -> str:
    """`x-amz-date` of a UTC moment: 20130524T000000Z."""
    return moment.strftime("%Y%m%dT%H%M%SZ")


def canonical_request(method: str, path: str, query: list[tuple[str, str]],
                      headers: dict[str, str], payload_sha256: str) -> tuple[str, str]:
    """The canonical request and its signed headers' names (every header given is signed);
    `path` is sent as given, already URI-encoded."""
    pairs = sorted((quote(key, safe="-_.~"), quote(value, safe="-_.~")) for key, value in query)
    lowered = sorted((name.lower().strip(), " ".join(value.split()))
                     for name, value in headers.items())
    signed = ";".join(name for name, _ in lowered)
    return "\n".join([
        method, path or "/", "&".join(f"{key}={value}" for key, value in pairs),
        "".join(f"{name}:{value}\n" for name, value in lowered), signed, payload_sha256,
    ]), signed


def signature(credentials: Credentials, stamp: str, canonical: str) -> str:
    """The hex signature of a canonical request at `stamp` (an x-amz-date)."""
    scope = _scope(credentials, stamp)
    to_sign = "\n".join([ALGORITHM, stamp, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + credentials.secret_key).encode()
    for part in scope.split("/"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def authorization(credentials: Credentials, method: str, path: str,
                  query: list[tuple[str, str]], headers: dict[str, str],
                  payload_sha256: str) -> str:
    """The Authorization header; `headers` carry Host and x-amz-date (and are all signed)."""
    stamp = next(value for name, value in headers.items() if name.lower() == "x-amz-date")
    canonical, signed = canonical_request(method, path, query, headers, payload_sha256)
    return (f"{ALGORITHM} Credential={credentials.access_key}/{_scope(credentials, stamp)},"
            f"SignedHeaders={signed},Signature={signature(credentials, stamp, canonical)}")


def _scope(credentials: Credentials, stamp: str) -> str:
    return f"{stamp[:8]}/{credentials.region}/{credentials.service}/aws4_request"
