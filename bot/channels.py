"""The chat channels `pakn run` starts besides the web chat, built from the settings."""

from __future__ import annotations

import asyncio
import logging

from bot.bootstrap import App
from bot.settings import Settings
from handlers.telegram.channel import TelegramChannel, TelegramConfig

log = logging.getLogger(__name__)


def telegram_channel(settings: Settings, app: App) -> TelegramChannel | None:
    """The Telegram channel when TELEGRAM_BOT_TOKEN is set (built inside the running loop)."""
    if settings.telegram_bot_token is None:
        return None
    secret = settings.telegram_webhook_secret
    config = TelegramConfig(
        token=settings.telegram_bot_token.get_secret_value(),
        api_base=settings.telegram_api_base,
        staff_chat_id=settings.telegram_staff_chat_id,
        webhook_url=settings.telegram_webhook_url,
        webhook_secret=secret.get_secret_value() if secret else None,
    )
    mode = "webhook" if config.webhook_url else "long polling"
    log.info("Telegram: %s via %s", mode, config.api_base)
    return TelegramChannel(config, app.conversation, app.uow, app.staff)


def start(channel: TelegramChannel) -> asyncio.Task[None]:
    """Runs a channel in the background; a crash is logged, never silent."""

    def report(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("channel stopped", exc_info=task.exception())

    task = asyncio.create_task(channel.run())
    task.add_done_callback(report)
    return task
