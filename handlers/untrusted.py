"""Reading what a client sends: JSON parsed strictly (UTF-8 whatever the Content-Type says,
bounded nesting, no lone surrogates) and secrets compared in constant time; what malformed
input raises anywhere in parsing, for the middleware to answer 400."""

from __future__ import annotations

import hmac
import json
from typing import Any

from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError

MAX_DEPTH = 32  # nesting of a JSON body; Telegram's deepest updates are about 8 levels
# A bad charset (LookupError), bytes that are not UTF-8 or a lone surrogate (UnicodeError), an
# integer past Python's digit limit (ValueError), nesting deeper than the recursion limit
# (RecursionError), a broken chunked or compressed body (aiohttp's payload/processing errors).
MALFORMED = (ValueError, LookupError, RecursionError, RequestPayloadError, HttpProcessingError)


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a header with a secret; a header that is not even text
    (bytes that are not UTF-8 arrive as surrogates) is simply wrong."""
    if given is None:
        return False
    try:
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode())
    except UnicodeError:
        return False


def parse_json(body: bytes) -> Any:
    """`body` as JSON: strict UTF-8, at most MAX_DEPTH deep, every string encodable (no lone
    surrogates). Raises ValueError for anything else, whatever the Content-Type claims."""
    try:
        value = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    _check(value, 0)
    return value


def _check(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ValueError("JSON nested too deeply")
    if isinstance(value, str):
        value.encode("utf-8")  # UnicodeEncodeError (a ValueError) on a lone surrogate
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)
