"""The Telegram channel assembled: the bot, the routers, the stored-update worker, polling or
the webhook, and the outbox dispatcher with its sender. `run()` until cancelled."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message, Update
from aiohttp import web

from bot.core.archived_form import check_archived
from bot.core.conversation import ConversationService
from bot.core.messages import Channel
from bot.core.staff.desk import StaffDesk
from bot.relay.archive import ArchivePolicy, ArchiveWorker
from bot.relay.decoded import Decoded, Ignore
from bot.relay.inbox import Inbox, Lease
from bot.relay.outbox import OutboxDispatcher, Policy
from bot.relay.ports import RelayUnitOfWorkFactory
from bot.relay.throttle import SlidingWindow
from handlers.storage import Storage
from handlers.telegram import polling, webhook
from handlers.telegram.cards import CardQueuer
from handlers.telegram.citizens import citizen_router
from handlers.telegram.commands import publish_commands
from handlers.telegram.files import TelegramFiles
from handlers.telegram.sender import TelegramSender
from handlers.telegram.staff import private_find_router, staff_router
from handlers.telegram.staff_files import StaffFiles
from handlers.telegram.worker import UpdateWorker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TelegramConfig:
    token: str
    api_base: str = "https://api.telegram.org"
    staff_chat_id: int | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    messages_per_minute: int = 20  # per citizen, before the slow-down notice
    delivery: Policy = field(default_factory=Policy)
    inbox: Lease = field(default_factory=Lease)
    archive: ArchivePolicy = field(default_factory=ArchivePolicy)


def telegram_bot(token: str, api_base: str) -> Bot:
    """The bot talking to `api_base` (Telegram's, or a local Bot API server)."""
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_base)))


class TelegramChannel:
    """Everything Telegram; built once by the runtime, started with `run()`."""

    def __init__(self, config: TelegramConfig, conversation: ConversationService,
                 uow: RelayUnitOfWorkFactory, desk: StaffDesk,
                 store: Storage | None = None,
                 delivery: RelayUnitOfWorkFactory | None = None) -> None:
        """`store`: the agency's storage, where citizens' files are archived and web uploads
        read from (none: files stay on Telegram's servers); `delivery`: the outbox's own unit of
        work (its own connections), `uow` if not given."""
        self.config = config
        self.bot = telegram_bot(config.token, config.api_base)
        self.dispatcher = Dispatcher(desk=desk,
                                     staff_files=StaffFiles(TelegramFiles(self.bot), store))
        self.dispatcher.include_routers(
            staff_router(config.staff_chat_id),
            private_find_router(),
            citizen_router(SlidingWindow(limit=config.messages_per_minute)),
        )
        # Told of prompts' message ids, cards' places and reveals' fate.
        self.outbox = OutboxDispatcher(Channel.TELEGRAM, delivery or uow,
                                       TelegramSender(self.bot, store),
                                       config.delivery, on_receipt=desk.on_receipt)
        self.cards = (CardQueuer(desk, config.staff_chat_id, self.outbox.wake)
                      if config.staff_chat_id is not None else None)
        self.archive = (ArchiveWorker(Channel.TELEGRAM, uow, TelegramFiles(self.bot), store,
                                      conversation.deps.clock.now, config.archive,
                                      partial(check_archived, conversation.deps),
                                      self.outbox.wake)
                        if store is not None else None)
        self.inbox = Inbox(Channel.TELEGRAM, uow, conversation, self._on_queued,
                           lease=config.inbox, desk=desk)
        self.worker = UpdateWorker(self.inbox, self.decode)

    def _on_queued(self) -> None:
        self.outbox.wake()
        for worker in (self.cards, self.archive):
            if worker is not None:
                worker.wake()

    def routes(self) -> list[web.RouteDef]:
        """The webhook route in webhook mode; nothing in polling mode."""
        if not self.config.webhook_url:
            return []
        return webhook.routes(self.config.webhook_secret or "", self.inbox, self.worker)

    async def decode(self, payloads: list[dict[str, Any]]) -> Decoded:
        """What one stored update (or an album's updates) means, as the routers read it."""
        updates = [Update.model_validate(p, context={"bot": self.bot}) for p in payloads]
        album: list[Message] | None = None
        if len(updates) > 1:
            album = [u.message for u in updates if u.message is not None]
        decoded = await self.dispatcher.feed_update(self.bot, updates[0], album=album)
        return decoded if isinstance(decoded, Decoded) else Ignore()

    async def run(self) -> None:
        """Polling or the webhook, the stored updates nobody holds (left by a restart or by an
        instance that died, swept all along), and delivery, until cancelled."""
        try:
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(self.outbox.run())
                for worker in (self.cards, self.archive):
                    if worker is not None:
                        tasks.create_task(worker.run())
                tasks.create_task(self._setup())
                tasks.create_task(self.worker.run())
                if self.config.webhook_url:
                    tasks.create_task(self._register_webhook())
                else:
                    tasks.create_task(polling.poll(self.bot, self.inbox, self.worker))
        finally:
            await self.worker.close()
            await self.bot.session.close()

    async def _setup(self) -> None:
        try:
            await publish_commands(self.bot, self.inbox.conversation.deps.catalog)
        except Exception:  # the menu is a convenience; the bot works without it
            log.exception("setMyCommands failed")

    async def _register_webhook(self) -> None:
        await polling.with_retries(lambda: self.bot.set_webhook(
            self.config.webhook_url or "", secret_token=self.config.webhook_secret,
            allowed_updates=polling.ALLOWED_UPDATES, drop_pending_updates=False), "setWebhook")
        log.info("Telegram webhook registered")
