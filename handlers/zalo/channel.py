"""The Zalo channel assembled: the API client and its tokens, the webhook, the stored-event
worker with flood control, and the outbox dispatcher with its sender. `run()` until cancelled."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import aiohttp
from aiohttp import web

from bot.core.archived_form import check_archived
from bot.core.conversation import ConversationService
from bot.core.messages import Channel, Incoming, UserRef
from bot.core.ports import Clock
from bot.relay.archive import ArchivePolicy, ArchiveWorker
from bot.relay.decoded import CitizenTurn, Decoded, Ignore, Notice, Subscription
from bot.relay.inbox import Inbox, Lease
from bot.relay.outbox import OutboxDispatcher, Policy, Receipt
from bot.relay.ports import RelayUnitOfWorkFactory
from bot.relay.throttle import SlidingWindow, Verdict
from handlers.storage import Storage
from handlers.zalo import webhook
from handlers.zalo.client import ZaloClient
from handlers.zalo.files import ZaloFiles
from handlers.zalo.mapping import Following, event_of
from handlers.zalo.sender import ZaloSender
from handlers.zalo.tokens import TokenStore, ZaloTokens
from handlers.zalo.worker import EventWorker

log = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=30)


@dataclass(frozen=True)
class ZaloConfig:
    app_id: str
    oa_secret_key: str = field(repr=False)
    app_secret: str | None = field(default=None, repr=False)
    access_token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    api_base: str = "https://openapi.zalo.me"
    oauth_base: str = "https://oauth.zaloapp.com"
    messages_per_minute: int = 20  # per citizen, before the slow-down notice
    delivery: Policy = field(default_factory=lambda: Policy(per_second=10.0))
    inbox: Lease = field(default_factory=Lease)
    archive: ArchivePolicy = field(default_factory=ArchivePolicy)


def sent_at(event: dict[str, Any]) -> float:
    """When the citizen sent it, in seconds (Zalo gives milliseconds); a backlog keeps its
    real pace under flood control."""
    stamp = str(event.get("timestamp", ""))
    return int(stamp) / 1000 if stamp.isdigit() else time.time()


def api_client(session: aiohttp.ClientSession, config: ZaloConfig,
               token_store: TokenStore | None = None) -> ZaloClient:
    """The OA's API client on `session`, its access token refreshed through `token_store`."""
    tokens = ZaloTokens(session, config.oauth_base, config.app_id, config.app_secret,
                        config.access_token, config.refresh_token, token_store)
    return ZaloClient(session, config.api_base, tokens)


class ZaloChannel:
    """Everything Zalo; built once by the runtime inside the running loop, started with `run()`.
    `token_store` keeps the rotated token pair across restarts and instances (without one it
    lives in memory only); `clock` (the system's by default) judges webhook timestamps."""

    def __init__(self, config: ZaloConfig, conversation: ConversationService,
                 uow: RelayUnitOfWorkFactory, token_store: TokenStore | None = None,
                 clock: Clock | None = None, on_receipt: Receipt | None = None,
                 keeper: Storage | None = None,
                 delivery: RelayUnitOfWorkFactory | None = None) -> None:
        self.config, self.clock = config, clock
        self.tz = conversation.deps.tz  # the office's days (a chat-now welcome's)
        self.session = aiohttp.ClientSession(timeout=TIMEOUT)
        self.client = api_client(self.session, config, token_store)
        self.tokens = self.client.tokens
        self.window = SlidingWindow(limit=config.messages_per_minute)
        self._delivery = delivery or uow
        self.outbox = OutboxDispatcher(Channel.ZALO, self._delivery,
                                       ZaloSender(self.client, self._reply_to, keeper),
                                       config.delivery, on_receipt=on_receipt)
        self.archive = (ArchiveWorker(Channel.ZALO, uow, ZaloFiles(self.session), keeper,
                                      conversation.deps.clock.now, config.archive,
                                      partial(check_archived, conversation.deps),
                                      self.outbox.wake)
                        if keeper is not None else None)
        self.inbox = Inbox(Channel.ZALO, uow, conversation, self._on_queued, lease=config.inbox)
        self.worker = EventWorker(self.inbox, self.decode)

    async def _reply_to(self, recipient: str) -> str | None:
        """Where an anonymous person is answered now: their latest conversation."""
        async with self._delivery() as work:
            return await work.citizens.reply_to(UserRef(Channel.ZALO, recipient))

    def _on_queued(self) -> None:
        self.outbox.wake()
        if self.archive is not None:
            self.archive.wake()

    def routes(self) -> list[web.RouteDef]:
        """The webhook route."""
        return webhook.routes(self.config.app_id, self.config.oa_secret_key, self.inbox,
                              self.worker, self.clock, tz=self.tz)

    async def decode(self, event: dict[str, Any]) -> Decoded:
        """What one stored event means: a turn of the conversation, a catalog notice, or
        nothing."""
        found = event_of(event)
        if found is None:
            return Ignore()
        if isinstance(found, Following) and found.greeting is None:
            return Subscription(found.user, found.following)  # a fact, never throttled
        moment = sent_at(event)
        verdict = self.window.hit(found.user.external_id, moment)
        if isinstance(found, Following):  # the follow is kept; its welcome is throttled
            welcome = found.greeting if verdict is Verdict.ALLOW else None
            return Subscription(found.user, found.following, welcome)
        if verdict is Verdict.WARN:
            seconds = self.window.retry_after(found.user.external_id, moment)
            return Notice(found.user, "error.slow_down", {"seconds": seconds},
                          reply_to=found.reply_to)
        if verdict is Verdict.DROP:
            return Ignore("throttled")
        if isinstance(found, Incoming):
            return CitizenTurn(found)
        return Notice(found.user, found.key, reply_to=found.reply_to)

    async def run(self) -> None:
        """The stored events nobody holds (left by a restart or by an instance that died,
        swept all along), and delivery, until cancelled."""
        try:
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(self.outbox.run())
                tasks.create_task(self.worker.run())
                if self.archive is not None:
                    tasks.create_task(self.archive.run())
        finally:
            await self.worker.close()
            await self.session.close()
