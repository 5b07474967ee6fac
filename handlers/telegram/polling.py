"""Long polling that loses nothing: each batch is stored before the offset moves past it, so an
update is confirmed to Telegram only once it is in our database."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramUnauthorizedError

from bot.relay.inbox import Inbox
from handlers.telegram.worker import UpdateWorker

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


def dump(update: object) -> dict:
    """The update as Telegram sent it (JSON, aliases such as `from`)."""
    return update.model_dump(mode="json", exclude_none=True, by_alias=True)  # type: ignore[attr-defined]


async def poll(bot: Bot, inbox: Inbox, worker: UpdateWorker, timeout: int = 25) -> None:
    """getUpdates until cancelled; errors back off up to a minute and never stop polling."""
    await with_retries(lambda: bot.delete_webhook(drop_pending_updates=False), "deleteWebhook")
    offset: int | None = None
    delay = 0.5
    while True:
        try:
            updates = await bot.get_updates(offset=offset, timeout=timeout,
                                            allowed_updates=ALLOWED_UPDATES,
                                            request_timeout=timeout + 15)
            if updates:
                items = [(str(update.update_id), dump(update)) for update in updates]
                new = set(await inbox.store(items))
                worker.submit([item for item in items if item[0] in new])
                offset = updates[-1].update_id + 1
            delay = 0.5
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the network, Telegram or our database: wait and retry
            bad_token = isinstance(error, TelegramUnauthorizedError)
            log.log(logging.ERROR if bad_token else logging.WARNING,
                    "getUpdates failed (%s); retrying in %.1fs", type(error).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(60.0, delay * 2)


async def with_retries(call, what: str) -> None:  # type: ignore[no-untyped-def]
    """Calls `call` until it succeeds, backing off up to a minute."""
    delay = 0.5
    while True:
        try:
            await call()
            return
        except TelegramAPIError as error:
            log.warning("%s failed (%s); retrying in %.1fs", what, error, delay)
            await asyncio.sleep(delay)
            delay = min(60.0, delay * 2)
