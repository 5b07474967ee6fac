"""The chat channels `pakn run` starts besides the web chat, built from the settings."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Protocol

from pydantic import SecretStr

from bot.app.bootstrap import App
from bot.app.channel_tokens import StoredTokens
from bot.app.settings import Settings
from bot.core.messages import Channel
from bot.relay.archive import ArchivePolicy
from bot.relay.inbox import Lease
from bot.relay.outbox import OutboxDispatcher
from bot.relay.rate_limits import redis_limiter
from handlers.telegram.channel import TelegramChannel, TelegramConfig
from handlers.zalo.channel import ZaloChannel, ZaloConfig

log = logging.getLogger(__name__)


class Runnable(Protocol):
    async def run(self) -> None: ...


def telegram_channel(settings: Settings, app: App) -> TelegramChannel | None:
    """The Telegram channel when TELEGRAM_BOT_TOKEN is set (built inside the running loop)."""
    if settings.telegram_bot_token is None:
        return None
    config = TelegramConfig(
        token=settings.telegram_bot_token.get_secret_value(),
        api_base=settings.telegram_api_base,
        staff_chat_id=settings.telegram_staff_chat_id,
        webhook_url=settings.telegram_webhook_url,
        webhook_secret=_secret(settings.telegram_webhook_secret),
        inbox=inbound_lease(settings),
        archive=archive_policy(settings),
    )
    mode = "webhook" if config.webhook_url else "long polling"
    log.info("Telegram: %s via %s", mode, config.api_base)
    channel = TelegramChannel(config, app.conversation, app.uow, app.staff,
                              app.storage, app.delivery_uow())
    share_limits(channel.outbox, settings, app)
    return channel


def inbound_lease(settings: Settings) -> Lease:
    """How stored updates are leased to this instance (INBOUND_LEASE_SECONDS and
    INBOUND_SWEEP_SECONDS)."""
    return Lease(length=timedelta(seconds=settings.inbound_lease_seconds),
                 sweep=settings.inbound_sweep_seconds)


def archive_policy(settings: Settings) -> ArchivePolicy:
    """How citizens' files are archived into the storage (ARCHIVE_MAX_MB each at most)."""
    return ArchivePolicy(max_bytes=settings.archive_max_mb * 1024 * 1024)


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def zalo_channel(settings: Settings, app: App) -> ZaloChannel | None:
    """The Zalo channel when ZALO_ACCESS_TOKEN or ZALO_REFRESH_TOKEN is set, with the app id
    and OA secret key that check webhook signatures (built inside the running loop)."""
    if not settings.zalo_enabled:
        return None
    config = zalo_config(settings)
    missing = [name for name, value in (("ZALO_APP_ID", config.app_id),
                                        ("ZALO_OA_SECRET_KEY", config.oa_secret_key))
               if not value]
    if missing:
        log.error("Zalo not started: %s must be set to check webhook signatures",
                  " and ".join(missing))
        return None
    can_refresh = bool(config.refresh_token and config.app_secret)
    if config.access_token is None and not can_refresh:
        log.error("Zalo not started: ZALO_REFRESH_TOKEN needs ZALO_APP_SECRET to get a token")
        return None
    if not can_refresh:
        log.warning("Zalo: the access token cannot be refreshed (set ZALO_REFRESH_TOKEN and "
                    "ZALO_APP_SECRET); replies stop when it expires")
    log.info("Zalo: webhook at /webhooks/zalo, API via %s", config.api_base)
    # Told when a notice is refused for good, to tell the group.
    channel = ZaloChannel(config, app.conversation, app.uow, StoredTokens(app.uow, Channel.ZALO),
                          app.clock, on_receipt=app.staff.on_receipt,
                          keeper=app.storage, delivery=app.delivery_uow())
    share_limits(channel.outbox, settings, app)
    return channel


def zalo_config(settings: Settings) -> ZaloConfig:
    """The Zalo channel's settings (ZALO_*), as `pakn run` and `pakn check` use them."""
    return ZaloConfig(
        app_id=settings.zalo_app_id or "",
        oa_secret_key=_secret(settings.zalo_oa_secret_key) or "",
        app_secret=_secret(settings.zalo_app_secret),
        access_token=_secret(settings.zalo_access_token),
        refresh_token=_secret(settings.zalo_refresh_token),
        api_base=settings.zalo_api_base,
        oauth_base=settings.zalo_oauth_base,
        inbox=inbound_lease(settings),
        archive=archive_policy(settings),
    )


def share_limits(outbox: OutboxDispatcher, settings: Settings, app: App) -> None:
    """With REDIS_URL, paces the outbox with limits shared by every instance (one client per
    process, closed with the app); without it each process keeps its own."""
    if settings.redis_url is None:
        return
    if app.limiter is None:
        app.limiter = redis_limiter(settings.redis_url)
    outbox.limiter = app.limiter


def start(channel: Runnable) -> asyncio.Task[None]:
    """Runs a channel in the background; a crash is logged, never silent."""

    def report(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("channel stopped", exc_info=task.exception())

    task = asyncio.create_task(channel.run())
    task.add_done_callback(report)
    return task
