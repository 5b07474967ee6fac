"""A small client for the Zalo OA Open API v3: one consultation message to one user (or to an
anonymous person's conversation), with the access token refreshed once when Zalo says it is
invalid or expired."""

from __future__ import annotations

from typing import Any

import aiohttp

from handlers.zalo import anonymous
from handlers.zalo.tokens import ZaloTokens

# Zalo OA API error codes ("Mã lỗi"):
# https://developers.zalo.me/docs/official-account/phu-luc/ma-loi
# -216 access token invalid, -220 expired or removed; -124 is cited for expired tokens too.
TOKEN_ERRORS = frozenset({-216, -220, -124})
RATE_LIMITED = -32  # too many calls a minute
SERVER_ERROR = -1  # our own code for an HTTP 5xx or an answer that is not Zalo's JSON


class ZaloApiError(Exception):
    """Zalo answered with `error != 0`; `code` is Zalo's (negative) error code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Zalo error {code}: {message[:120]}")
        self.code = code


class ZaloClient:
    """Sends messages as the Official Account; `api_base` is configurable for tests."""

    def __init__(self, session: aiohttp.ClientSession, api_base: str,
                 tokens: ZaloTokens) -> None:
        self.session, self.tokens = session, tokens
        self._url = f"{api_base}/v3.0/oa/message/cs"
        self._upload_base = f"{api_base}/v2.0/oa/upload"
        self._about = f"{api_base}/v2.0/oa/getoa"

    async def official_account(self) -> dict[str, Any]:
        """The OA's profile (`oa_id`, `name`, ...; GET /v2.0/oa/getoa): a read that changes
        nothing, to try the token."""
        token = await self.tokens.current()
        try:
            return await self._about_with(token)
        except ZaloApiError as error:
            if error.code not in TOKEN_ERRORS:
                raise
            return await self._about_with(await self.tokens.renew(token))

    async def _about_with(self, token: str) -> dict[str, Any]:
        async with self.session.get(self._about, headers={"access_token": token}) as response:
            answer = await _answer(response)
        data = answer.get("data")
        return data if isinstance(data, dict) else {}

    async def upload_file(self, name: str, content: bytes) -> str:
        """Uploads a PDF, DOC or DOCX (Zalo takes no other file, at most 5 MB); its token."""
        return await self._upload_renewing("file", "token", name, content)

    async def upload_image(self, name: str, content: bytes) -> str:
        """Uploads a JPG or PNG picture (at most 1 MB); its attachment id."""
        return await self._upload_renewing("image", "attachment_id", name, content)

    async def _upload_renewing(self, kind: str, key: str, name: str, content: bytes) -> str:
        token = await self.tokens.current()
        try:
            return await self._upload(token, kind, key, name, content)
        except ZaloApiError as error:
            if error.code not in TOKEN_ERRORS:
                raise
            return await self._upload(await self.tokens.renew(token), kind, key, name, content)

    async def _upload(self, token: str, kind: str, key: str, name: str, content: bytes) -> str:
        form = aiohttp.FormData()
        form.add_field("file", content, filename=name)
        async with self.session.post(f"{self._upload_base}/{kind}", data=form,
                                     headers={"access_token": token}) as response:
            answer = await _answer(response)
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        if not data.get(key):
            raise ZaloApiError(SERVER_ERROR, f"upload answered without {key}")
        return str(data[key])

    async def send_message(self, user_id: str, message: dict[str, Any],
                           conversation: str | None = None) -> None:
        """`message` is Zalo's `message` object (`text`, optionally `attachment`); `user_id`
        is our id of the citizen, `conversation` an anonymous person's (handlers/zalo/
        anonymous.py)."""
        recipient = anonymous.recipient(user_id, conversation)
        token = await self.tokens.current()
        try:
            await self._post(token, recipient, message)
        except ZaloApiError as error:
            if error.code not in TOKEN_ERRORS:
                raise
            await self._post(await self.tokens.renew(token), recipient, message)

    async def _post(self, token: str, recipient: dict[str, str],
                    message: dict[str, Any]) -> None:
        body = {"recipient": recipient, "message": message}
        async with self.session.post(self._url, json=body,
                                     headers={"access_token": token}) as response:
            await _answer(response)


async def _answer(response: aiohttp.ClientResponse) -> dict[str, Any]:
    """Zalo's JSON answer; raises `ZaloApiError` for an error code, a 429 or a 5xx."""
    if response.status == 429:
        raise ZaloApiError(RATE_LIMITED, "HTTP 429")
    if response.status >= 500:
        raise ZaloApiError(SERVER_ERROR, f"HTTP {response.status}")
    try:
        answer = await response.json(content_type=None)
    except ValueError:
        raise ZaloApiError(SERVER_ERROR, "answer is not JSON") from None
    code = int(answer.get("error") or 0) if isinstance(answer, dict) else SERVER_ERROR
    if code != 0:
        raise ZaloApiError(code, str(answer.get("message", "")))
    return answer
