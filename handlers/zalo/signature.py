"""The webhook signature: `X-ZEvent-Signature: mac=<sha256(app_id + raw body + timestamp +
OA secret key)>`, the timestamp being the event's own `timestamp` field.
https://developers.zalo.me/docs/official-account/webhook/tong-quan
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-ZEvent-Signature"


def mac(app_id: str, body: bytes, timestamp: str, secret_key: str) -> str:
    """The hex digest Zalo sends for `body`."""
    return hashlib.sha256(app_id.encode() + body + timestamp.encode()
                          + secret_key.encode()).hexdigest()


def is_signed(header: str | None, app_id: str, body: bytes, timestamp: object,
              secret_key: str) -> bool:
    """True when the header carries the right MAC for this body (compared in constant time)."""
    if not header or not isinstance(timestamp, str | int):
        return False
    given = header.strip().removeprefix("mac=").strip().lower()
    expected = mac(app_id, body, str(timestamp), secret_key)
    return hmac.compare_digest(given.encode(), expected.encode())
