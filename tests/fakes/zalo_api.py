"""A stand-in Zalo OA Open API and OAuth server on loopback: records every consultation
message (to a follower's user id, or to an anonymous person's conversation), checks the access
token and the recipient, answers with Zalo error codes on request, and issues refreshed
(rotating) tokens. Runs in its own thread, so sync and async tests drive it alike."""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import LoopbackServer

APP_ID = "1234567890123456789"
APP_SECRET = "app-secret-for-tests"
OA_SECRET_KEY = "oa-secret-key-for-tests"
OA_NAME = "Sở KH&CN tỉnh Mẫu"
IMAGE_HEADS = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")  # JPEG, PNG


INVALID_PARAMETER = -201  # e.g. a recipient that is neither a user nor a conversation
# What Zalo answers for a conversation with an anonymous person that has ended is not documented
# where we could read it; the fake answers "interaction expired".
CONVERSATION_EXPIRED = -232


@dataclass
class Sent:
    user_id: str  # the follower's user id, or the anonymous person's anonymous id
    message: dict[str, Any]
    error: int = 0
    conversation_id: str | None = None  # set for an anonymous person

    @property
    def text(self) -> str:
        return self.message.get("text", "")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        attachment = self.message.get("attachment") or {}
        return (attachment.get("payload") or {}).get("buttons", [])


def over_limits(call: Sent) -> bool:
    """Zalo refuses a consultation message over its documented limits (-210): text at most
    2,000 characters, at most 5 buttons, a title at most 100 characters, a payload at most 1,000;
    https://developers.zalo.me/docs/official-account/tin-nhan/tin-tu-van"""
    if "text" in call.message and not 0 < len(call.text) <= 2000:
        return True
    return len(call.buttons) > 5 or any(
        len(b.get("title", "")) > 100 or len(str(b.get("payload", ""))) > 1000
        for b in call.buttons)


@dataclass
class FakeZaloApi(LoopbackServer):
    """`api.start()`, point ZALO_API_BASE and ZALO_OAUTH_BASE at `api.base`, read `api.sent`."""

    access_token: str = "access-0"
    refresh_token: str = "refresh-0"
    calls: list[Sent] = field(default_factory=list)
    refreshes: list[dict[str, str]] = field(default_factory=list)
    faults: list[int] = field(default_factory=list)  # error codes for the next sends
    uploads: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # token: (name, bytes)
    images: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # attachment id: ...
    refused_uploads: list[tuple[str, int]] = field(default_factory=list)  # (name, error)
    refresh_delay: float = 0.0  # seconds a refresh takes, to let two of them overlap
    ended: set[str] = field(default_factory=set)  # conversations with anonymous people over
    port: int = 0

    def __post_init__(self) -> None:
        self._numbers = itertools.count(1)
        self._issued = itertools.count(1)  # refreshes issue access-1/refresh-1, then -2, ...
        self._lock = threading.Lock()

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v3.0/oa/message/cs", self._on_message)
        app.router.add_post("/v4/oa/access_token", self._on_refresh)
        app.router.add_post("/v2.0/oa/upload/file", self._on_upload)
        app.router.add_post("/v2.0/oa/upload/image", self._on_upload_image)
        app.router.add_get("/v2.0/oa/getoa", self._on_about)

    # -- what tests arrange and read ---------------------------------------------------------
    def expire_token(self) -> None:
        """The current access token stops working (Zalo answers -216 until a refresh)."""
        with self._lock:
            self.access_token = f"expired-{next(self._numbers)}"

    def fail(self, *codes: int) -> None:
        """The next sends get these Zalo error codes, one each."""
        with self._lock:
            self.faults.extend(codes)

    def end_conversation(self, conversation_id: str) -> None:
        """The anonymous person's conversation expires: sends to it are refused."""
        with self._lock:
            self.ended.add(conversation_id)

    @property
    def sent(self) -> list[Sent]:
        """Messages Zalo accepted."""
        with self._lock:
            return [c for c in self.calls if c.error == 0]

    def sent_to(self, user_id: str) -> list[Sent]:
        return [c for c in self.sent if c.user_id == user_id]

    # -- the API -----------------------------------------------------------------------------
    async def _on_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        to = body.get("recipient") if isinstance(body.get("recipient"), dict) else {}
        anonymous = "anonymous_id" in to or "conversation_id" in to
        call = Sent(str(to.get("anonymous_id" if anonymous else "user_id") or ""),
                    body.get("message") or {},
                    conversation_id=str(to.get("conversation_id") or "") if anonymous else None)
        with self._lock:
            if request.headers.get("access_token") != self.access_token:
                call.error = -216
            elif not call.user_id or (anonymous and ("user_id" in to or not call.conversation_id)):
                call.error = INVALID_PARAMETER
            elif call.conversation_id in self.ended:
                call.error = CONVERSATION_EXPIRED
            elif over_limits(call):
                call.error = -210
            elif self.faults:
                call.error = self.faults.pop(0)
            self.calls.append(call)
        if call.error:
            return web.json_response({"error": call.error, "message": "refused by the fake"})
        return web.json_response({"error": 0, "message": "Success",
                                  "data": {"message_id": f"m{next(self._numbers)}",
                                           "user_id": call.user_id}})

    async def _on_about(self, request: web.Request) -> web.Response:
        """getoa: the OA's profile for a valid access token."""
        with self._lock:
            good = request.headers.get("access_token") == self.access_token
        if not good:
            return web.json_response({"error": -216, "message": "Access token is invalid"})
        return web.json_response({"error": 0, "message": "Success", "data": {
            "oa_id": "579745863508352884", "name": OA_NAME, "description": "",
            "is_verified": True, "num_follower": 42}})

    async def _on_upload(self, request: web.Request) -> web.Response:
        """Zalo's upload/file: a PDF, DOC or DOCX of at most 5 MB gives a token."""
        return await self._upload(request, self.uploads, "token", "file",
                                  lambda name, content: name.endswith((".pdf", ".doc", ".docx")),
                                  5_000_000)

    async def _on_upload_image(self, request: web.Request) -> web.Response:
        """Zalo's upload/image: a JPG or PNG of at most 1 MB gives an attachment id."""
        return await self._upload(request, self.images, "attachment_id", "image",
                                  lambda name, content: content.startswith(IMAGE_HEADS),
                                  1_000_000)

    async def _upload(self, request: web.Request, kept: dict[str, tuple[str, bytes]], key: str,
                      prefix: str, accepted: Callable[[str, bytes], bool],
                      limit: int) -> web.Response:
        """A multipart `file` checked as Zalo checks it: the token, its type, then its size
        (-210: a parameter over its limit; -201: a parameter not valid)."""
        form = await request.post()
        item = form.get("file")
        if request.headers.get("access_token") != self.access_token:
            return web.json_response({"error": -216, "message": "invalid access token"})
        name = (getattr(item, "filename", "") or "").lower()
        content = item.file.read() if hasattr(item, "file") else b""
        error = -201 if not content or not accepted(name, content) else (
            -210 if len(content) > limit else 0)
        if error:
            with self._lock:
                self.refused_uploads.append((name, error))
            return web.json_response({"error": error, "message": "upload refused by the fake"})
        token = f"{prefix}-{next(self._numbers)}"
        with self._lock:
            kept[token] = (name, content)
        return web.json_response({"error": 0, "message": "Success", "data": {key: token}})

    async def _on_refresh(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        await asyncio.sleep(self.refresh_delay)
        with self._lock:
            self.refreshes.append({k: str(v) for k, v in form.items()})
            good = (request.headers.get("secret_key") == APP_SECRET
                    and form.get("app_id") == APP_ID and form.get("grant_type") == "refresh_token"
                    and form.get("refresh_token") == self.refresh_token)
            if not good:  # a spent (single-use) or wrong refresh token, as Zalo says it
                return web.json_response({"error": -14014, "error_name": "Invalid refresh token"})
            number = next(self._issued)
            self.access_token, self.refresh_token = f"access-{number}", f"refresh-{number}"
            return web.json_response({"access_token": self.access_token,
                                      "refresh_token": self.refresh_token,
                                      "expires_in": "90000"})
