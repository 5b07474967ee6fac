"""Web chat sessions the server issues: 128 random bits (`secrets`) in an HttpOnly, SameSite=Strict
cookie (Secure over HTTPS), or sent back by API clients in the `X-Chat-Session` header or the
body's `session`. Only the SHA-256 of a token is stored and used as the citizen's id, so a value
a client invents is never taken as an identity: it gets a fresh session instead."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Protocol

from aiohttp import web

COOKIE = "pakn_session"
HEADER = "X-Chat-Session"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
COOKIE_MAX_AGE = 365 * 24 * 3600  # officers may answer weeks later; the answer waits here


class SessionStore(Protocol):
    """Issued sessions by their id, shared by every instance (the database in `pakn run`)."""

    async def add(self, session_id: str) -> None: ...
    async def exists(self, session_id: str) -> bool: ...
    async def address_key(self) -> bytes: ...


def session_id(token: str) -> str:
    """The stored id of a token, and the citizen's id on the web channel."""
    return hashlib.sha256(token.encode()).hexdigest()


def address_hash(key: bytes, address: str) -> str:
    """A keyed hash of a client address: counts per address without keeping the address."""
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def presented(request: web.Request, body_session: object = None) -> tuple[str | None, bool]:
    """The token the client presents and whether it came outside the cookie (an API client)."""
    cookie = request.cookies.get(COOKIE)
    if cookie:
        return cookie, False
    other = request.headers.get(HEADER) or body_session
    return (other if isinstance(other, str) else None), other is not None


async def known(store: SessionStore, token: str | None) -> str | None:
    """The token's session id when the server issued it, else None."""
    if token is None or not TOKEN.match(token):
        return None
    sid = session_id(token)
    return sid if await store.exists(sid) else None


async def issue(store: SessionStore) -> str:
    """A new session's token, stored (as its id) before it is handed out."""
    token = secrets.token_urlsafe(16)  # 128 bits
    await store.add(session_id(token))
    return token


def set_cookie(response: web.StreamResponse, token: str, https: bool) -> None:
    response.set_cookie(COOKIE, token, max_age=COOKIE_MAX_AGE, path="/api/chat", httponly=True,
                        samesite="Strict", secure=https)
