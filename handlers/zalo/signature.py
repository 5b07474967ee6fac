"""The webhook signature: `X-ZEvent-Signature: mac=<sha256(app_id + raw body + timestamp +
OA secret key)>`, the timestamp being the event's own `timestamp` field (milliseconds). It is
checked on the raw bytes before the body is parsed: the timestamp is read from them directly.
https://developers.zalo.me/docs/official-account/webhook/tong-quan
"""

from __future__ import annotations

import hashlib
import hmac
import re

HEADER = "X-ZEvent-Signature"
# The first "timestamp" member of the raw body, quoted or not (Zalo sends a string of digits).
TIMESTAMP = re.compile(rb'"timestamp"\s*:\s*"?(\d{1,20})"?')


def mac(app_id: str, body: bytes, timestamp: str, secret_key: str) -> str:
    """The hex digest Zalo sends for `body`."""
    return hashlib.sha256(app_id.encode() + body + timestamp.encode()
                          + secret_key.encode()).hexdigest()


def timestamp_of(body: bytes) -> str | None:
    """The event's timestamp as written in the raw body, without parsing it."""
    found = TIMESTAMP.search(body)
    return found.group(1).decode() if found else None


def is_signed(header: str | None, app_id: str, body: bytes, timestamp: object,
              secret_key: str) -> bool:
    """True when the header carries the right MAC for this body (compared in constant time);
    a header that is not ASCII is simply wrong."""
    if not header or not isinstance(timestamp, str | int) or isinstance(timestamp, bool):
        return False
    given = header.strip().removeprefix("mac=").strip().lower()
    expected = mac(app_id, body, str(timestamp), secret_key)
    try:
        return hmac.compare_digest(given.encode("ascii"), expected.encode())
    except UnicodeError:
        return False
