"""The OA access token, refreshed with the refresh token when Zalo refuses it or it runs out.

Zalo refresh tokens are single-use: each refresh returns a new one, kept here in memory only.
After a restart the configured ZALO_REFRESH_TOKEN may already be spent; the operator then sets
a fresh pair. Tokens never reach a log line or an error message.
https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import aiohttp

log = logging.getLogger(__name__)

EARLY = 300.0  # refresh five minutes before Zalo says the token expires


class ZaloAuthError(Exception):
    """No usable access token: refreshing is impossible or was refused."""


class ZaloTokens:
    """Hands out the current access token and replaces it, one refresh at a time."""

    def __init__(self, session: aiohttp.ClientSession, oauth_base: str, app_id: str,
                 app_secret: str | None, access: str | None, refresh: str | None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._session, self._url = session, f"{oauth_base}/v4/oa/access_token"
        self._app_id, self._app_secret = app_id, app_secret
        self._access, self._refresh = access, refresh
        self._expires_at: float | None = None
        self._clock = clock
        self._lock = asyncio.Lock()

    @property
    def can_refresh(self) -> bool:
        return bool(self._refresh and self._app_secret)

    async def current(self) -> str:
        """The access token to use now (refreshed first when missing or about to expire)."""
        expired = self._expires_at is not None and self._clock() >= self._expires_at
        if self._access is None or expired:
            return await self.renew(self._access)
        return self._access

    async def renew(self, stale: str | None) -> str:
        """A new access token instead of `stale`; one refresh serves every waiting sender."""
        async with self._lock:
            if self._access is not None and self._access != stale:
                return self._access  # another sender refreshed it meanwhile
            if not self.can_refresh:
                raise ZaloAuthError("Zalo access token refused and no refresh possible "
                                    "(ZALO_REFRESH_TOKEN and ZALO_APP_SECRET are needed)")
            data = await self._ask()
            if not isinstance(data.get("access_token"), str):
                raise ZaloAuthError(f"Zalo refused the refresh token (error {data.get('error')})")
            self._access = data["access_token"]
            self._refresh = data.get("refresh_token") or self._refresh
            lifetime = float(data.get("expires_in") or 0)
            self._expires_at = self._clock() + lifetime - EARLY if lifetime > EARLY else None
            log.info("Zalo access token refreshed; the new refresh token is kept in memory")
            return self._access

    async def _ask(self) -> dict:
        form = {"refresh_token": self._refresh or "", "app_id": self._app_id,
                "grant_type": "refresh_token"}
        headers = {"secret_key": self._app_secret or ""}
        try:
            async with self._session.post(self._url, data=form, headers=headers) as response:
                data = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise ZaloAuthError(f"Zalo token refresh failed: {type(error).__name__}") from None
        return data if isinstance(data, dict) else {}
