"""The OA access token, refreshed with the refresh token when Zalo refuses it or it runs out.

Zalo refresh tokens are single-use: each refresh returns a new pair, which is stored (a
`TokenStore`, the database in `pakn run`) before it is used, so a restart or another instance
carries on with it. The configured pair (ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN) only seeds the
store: the stored pair wins while it grew from the configured refresh token, and a different
configured refresh token (a new pair from the operator) replaces it. Refreshes are serialised
through the store, so instances sharing it never spend the same refresh token twice. Tokens
never reach a log line or an error message.
https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol

import aiohttp

from bot.core.ports import ChannelTokens

log = logging.getLogger(__name__)

EARLY = timedelta(minutes=5)  # refresh five minutes before Zalo says the token expires
REFRESH_TIMEOUT = aiohttp.ClientTimeout(total=10)  # the store stays locked meanwhile

Change = Callable[[ChannelTokens | None], Awaitable[ChannelTokens]]


class TokenStore(Protocol):
    """Where the current pair lives, shared by every instance."""

    async def update(self, change: Change) -> ChannelTokens:
        """Runs `change` on the stored pair (None: nothing stored yet), locked against every
        other instance, and stores what it returns, if different, in the same transaction,
        committed before it returns."""
        ...


class ZaloAuthError(Exception):
    """No usable access token: refreshing is impossible or was refused."""


def fingerprint(token: str | None) -> str:
    """What is stored of the configured token the pair grew from: its SHA-256."""
    return hashlib.sha256((token or "").encode()).hexdigest()


def _utcnow() -> datetime:
    # Real time on purpose, not the application's clock: Zalo counts `expires_in` on its own
    # (real) clock, so the expiry and the check against it must not follow a shifted one.
    return datetime.now(UTC)


class ZaloTokens:
    """Hands out the current access token and replaces it, one refresh at a time."""

    def __init__(self, session: aiohttp.ClientSession, oauth_base: str, app_id: str,
                 app_secret: str | None, access: str | None, refresh: str | None,
                 store: TokenStore | None = None,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self._session, self._url = session, f"{oauth_base}/v4/oa/access_token"
        self._app_id, self._app_secret = app_id, app_secret
        self._configured = ChannelTokens(access, refresh, None, fingerprint(refresh or access))
        self._tokens = self._configured
        self._store, self._loaded = store, store is None
        self._unsaved: ChannelTokens | None = None
        self._clock = clock
        self._lock = asyncio.Lock()

    @property
    def can_refresh(self) -> bool:
        return bool(self._tokens.refresh_token and self._app_secret)

    async def current(self) -> str:
        """The access token to use now (refreshed first when missing or about to expire)."""
        if not self._loaded:
            await self._load()
        access = self._tokens.access_token
        if access is None or self._due(self._tokens):
            return await self.renew(access)
        return access

    async def renew(self, stale: str | None) -> str:
        """A new access token instead of `stale`; one refresh serves every waiting sender,
        and every instance sharing the store."""
        if not self._loaded:
            await self._load()
        async with self._lock:
            access = self._tokens.access_token
            if access is not None and access != stale:
                return access  # another sender refreshed it meanwhile
            if self._store is None:
                self._tokens = await self._refreshed(self._tokens)
            else:
                self._tokens = await self._stored(partial(self._renewed, stale))
            assert self._tokens.access_token is not None
            return self._tokens.access_token

    def _due(self, tokens: ChannelTokens) -> bool:
        return tokens.expires_at is not None and self._clock() >= tokens.expires_at - EARLY

    async def _load(self) -> None:
        async with self._lock:
            if not self._loaded:
                self._tokens = await self._stored(self._seeded)
                self._loaded = True

    async def _seeded(self, stored: ChannelTokens | None) -> ChannelTokens:
        """At start: the stored pair if it grew from the configured refresh token, else the
        configured pair (the first start, or the operator set a new one)."""
        if stored is not None and stored.seed == self._configured.seed:
            log.info("Zalo: using the stored token pair")
            return stored
        if stored is not None:
            log.info("Zalo: ZALO_REFRESH_TOKEN changed; the configured pair replaces the "
                     "stored one")
        return self._configured

    async def _renewed(self, stale: str | None, stored: ChannelTokens | None) -> ChannelTokens:
        """Under the store's lock: the pair another instance stored meanwhile, else a refresh
        of the stored (latest) refresh token."""
        latest = stored or self._tokens
        if latest.access_token not in (None, stale) and not self._due(latest):
            log.info("Zalo access token taken from the store (refreshed by another instance)")
            return latest
        return await self._refreshed(latest)

    async def _stored(self, change: Change) -> ChannelTokens:
        """`change` through the store; a new pair Zalo issued but the store failed to keep is
        still used (the refresh token it replaced is spent)."""
        assert self._store is not None
        self._unsaved = None
        try:
            return await self._store.update(change)
        except ZaloAuthError:
            raise
        except Exception as error:
            if self._unsaved is not None:
                log.error("Zalo: the new token pair could not be stored (%s); it is kept in "
                          "memory only", type(error).__name__)
                return self._unsaved
            raise ZaloAuthError(f"Zalo token store unavailable: {type(error).__name__}") from None
        finally:
            self._unsaved = None

    async def _refreshed(self, tokens: ChannelTokens) -> ChannelTokens:
        """The pair Zalo issues for `tokens`' refresh token."""
        if not (tokens.refresh_token and self._app_secret):
            raise ZaloAuthError("Zalo access token refused and no refresh possible "
                                "(ZALO_REFRESH_TOKEN and ZALO_APP_SECRET are needed)")
        data = await self._ask(tokens.refresh_token)
        if not isinstance(data.get("access_token"), str):
            raise ZaloAuthError(f"Zalo refused the refresh token (error {data.get('error')})")
        lifetime = timedelta(seconds=float(data.get("expires_in") or 0))
        expires_at = self._clock() + lifetime if lifetime > EARLY else None
        fresh = replace(tokens, access_token=data["access_token"],
                        refresh_token=data.get("refresh_token") or tokens.refresh_token,
                        expires_at=expires_at)
        self._unsaved = fresh
        log.info("Zalo access token refreshed")
        return fresh

    async def _ask(self, refresh_token: str) -> dict:
        form = {"refresh_token": refresh_token, "app_id": self._app_id,
                "grant_type": "refresh_token"}
        headers = {"secret_key": self._app_secret or ""}
        try:
            async with self._session.post(self._url, data=form, headers=headers,
                                          timeout=REFRESH_TIMEOUT) as response:
                data = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise ZaloAuthError(f"Zalo token refresh failed: {type(error).__name__}") from None
        return data if isinstance(data, dict) else {}
