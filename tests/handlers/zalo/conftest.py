"""The Zalo channel in this test's loop, against the stand-in Zalo API, with its webhook served
by the real HTTP app; a scripted citizen posts signed events and reads what Zalo was asked to
send."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app.channel_tokens import StoredTokens
from bot.core.messages import Channel
from bot.relay.outbox import Policy
from handlers.http import build_http_app
from handlers.zalo.channel import ZaloChannel, ZaloConfig
from handlers.zalo.signature import HEADER, mac
from tests.fakes.zalo_api import APP_ID, APP_SECRET, OA_SECRET_KEY, FakeZaloApi, Sent

FAST = Policy(base_delay=0.01, max_delay=0.05, poll=0.02, max_attempts=4,
              lease=timedelta(seconds=5))
_msg_ids = itertools.count(1)


def config_for(api: FakeZaloApi, **values: Any) -> ZaloConfig:
    settings: dict[str, Any] = {
        "app_id": APP_ID, "oa_secret_key": OA_SECRET_KEY, "app_secret": APP_SECRET,
        "access_token": api.access_token, "refresh_token": api.refresh_token,
        "api_base": api.base, "oauth_base": api.base, "delivery": FAST}
    return ZaloConfig(**(settings | values))


def event(name: str, user_id: str, **message: Any) -> dict[str, Any]:
    """A webhook event as Zalo posts it."""
    body: dict[str, Any] = {"app_id": APP_ID, "user_id_by_app": f"app-{user_id}",
                            "event_name": name, "timestamp": str(int(time.time() * 1000))}
    if name in ("follow", "unfollow"):
        return body | {"oa_id": "oa-1", "source": "oa_profile", "follower": {"id": user_id}}
    if name == "user_click_chatnow":
        return body | {"oa_id": "oa-1", "user_id": user_id}
    return body | {"sender": {"id": user_id}, "recipient": {"id": "oa-1"},
                   "message": {"msg_id": f"msg-{next(_msg_ids)}", **message}}


def anonymous_event(name: str, anonymous_id: str, conversation_id: str,
                    **message: Any) -> dict[str, Any]:
    """An event from someone chatting without following the OA, as Zalo posts it."""
    body = event(name, anonymous_id, **message)
    body["message"]["conversation_id"] = conversation_id
    return body


def signed(body: bytes, timestamp: str, secret: str = OA_SECRET_KEY) -> str:
    return "mac=" + mac(APP_ID, body, timestamp, secret)


@dataclass
class Zalo:
    channel: ZaloChannel
    http: TestClient
    api: FakeZaloApi

    async def post(self, payload: dict[str, Any], signature: str | None = "sign") -> int:
        """Posts an event; `signature` "sign" signs it properly, None leaves the header out."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            signature = signed(body, payload.get("timestamp", ""))
        if signature is not None:
            headers[HEADER] = signature
        response = await self.http.post("/webhooks/zalo", data=body, headers=headers)
        return response.status


class ZaloCitizen:
    """Types, presses Zalo buttons (their hidden payload comes back as text), reads replies."""

    def __init__(self, zalo: Zalo, user_id: str) -> None:
        self.zalo, self.user_id = zalo, user_id
        self.replies: list[Sent] = []
        self._seen = 0

    async def says(self, text: str) -> list[Sent]:
        return await self.sends(event("user_send_text", self.user_id, text=text))

    async def presses(self, label: str) -> list[Sent]:
        for sent in reversed(self.replies):
            for button in sent.buttons:
                if label in button["title"]:
                    return await self.says(button["payload"])
        raise AssertionError(f"no button {label!r} in {self.buttons()}")

    async def sends(self, payload: dict[str, Any]) -> list[Sent]:
        assert await self.zalo.post(payload) == 200
        return await self.wait()

    async def wait(self, seconds: float = 10.0,
                   until: Callable[[list[Sent]], bool] | None = None) -> list[Sent]:
        """New messages to this citizen, once they stop coming for a moment (and, with
        `until`, once they satisfy it: a file sent after an upload may come later than that
        moment on a busy machine)."""
        async with asyncio.timeout(seconds):
            while True:
                while len(self.zalo.api.sent_to(self.user_id)) <= self._seen:
                    await asyncio.sleep(0.01)
                count = -1
                while count != len(self.zalo.api.sent_to(self.user_id)):
                    count = len(self.zalo.api.sent_to(self.user_id))
                    await asyncio.sleep(0.15)
                if until is None or until(self.zalo.api.sent_to(self.user_id)[self._seen:]):
                    break
                await asyncio.sleep(0.05)
        sent = self.zalo.api.sent_to(self.user_id)
        self.replies, self._seen = sent[self._seen:], len(sent)
        return self.replies

    @property
    def text(self) -> str:
        return "\n".join(sent.text for sent in self.replies)

    def buttons(self) -> list[str]:
        return [button["title"] for sent in self.replies for button in sent.buttons]


class AnonymousCitizen(ZaloCitizen):
    """Chats from the OA's "Nhắn tin" without following it: Zalo names them by an anonymous
    id, in `conversation` (a new one when Zalo starts another)."""

    def __init__(self, zalo: Zalo, anonymous_id: str, conversation: str) -> None:
        super().__init__(zalo, anonymous_id)
        self.conversation = conversation

    async def says(self, text: str) -> list[Sent]:
        return await self.sends(anonymous_event("anonymous_send_text", self.user_id,
                                                self.conversation, text=text))

    async def wait(self, seconds: float = 10.0) -> list[Sent]:
        replies = await super().wait(seconds)
        assert all(r.conversation_id == self.conversation for r in replies), replies
        return replies


@pytest.fixture
def zalo_api():
    api = FakeZaloApi().start()
    yield api
    api.stop()


@asynccontextmanager
async def served(app, zalo_api: FakeZaloApi, config: ZaloConfig,
                 **extra: Any) -> AsyncIterator[Zalo]:
    """A Zalo channel running with `config`, its webhook served on loopback."""
    channel = ZaloChannel(config, app.conversation, app.uow, StoredTokens(app.uow, Channel.ZALO),
                          **extra)
    task = asyncio.create_task(channel.run())
    http = TestClient(TestServer(build_http_app(channel.routes(), app.healthy,
                                                app.conversation.deps.metrics)))
    await http.start_server()
    try:
        yield Zalo(channel, http, zalo_api)
    finally:
        await http.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


@pytest.fixture
async def zalo(app, zalo_api):
    """The channel running, its webhook served on loopback."""
    async with served(app, zalo_api, config_for(zalo_api)) as running:
        yield running
