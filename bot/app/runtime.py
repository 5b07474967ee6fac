"""`pakn run`: the HTTP server with the web chat, and every configured channel, until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from bot.app.bootstrap import StartupError, build_app
from bot.app.channels import start, telegram_channel, zalo_channel
from bot.app.privacy_keys import warn_at_start
from bot.app.scheduler import Scheduler
from bot.app.settings import Settings
from bot.app.web_chat import web_chat_routes
from bot.core.ports import Clock
from handlers.column import column_routes
from handlers.http import HttpOptions, build_http_app, build_metrics_app, serves_metrics_here
from handlers.serving import serve

log = logging.getLogger(__name__)


async def run(settings: Settings, clock: Clock | None = None) -> None:
    """Serves until SIGINT or SIGTERM."""
    app = await build_app(settings, clock)
    warn_at_start(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    telegram = telegram_channel(settings, app)
    zalo = zalo_channel(settings, app)
    routes = [*web_chat_routes(settings, app.conversation, app.uow, app.storage),
              *(telegram.routes() if telegram else []),
              *(zalo.routes() if zalo else []),
              *column_routes(app.uow, app.conversation.deps, settings.web_public_url)]
    options = http_options(settings)
    metrics = app.conversation.deps.metrics
    http = build_http_app(routes, app.healthy, metrics, options)
    servers = []
    try:
        servers.append(await serve(http, settings.http_host, settings.http_port, options))
        if settings.metrics_port is not None:
            servers.append(await serve(build_metrics_app(metrics, options), settings.http_host,
                                       settings.metrics_port, options))
    except OSError as error:
        for server in servers:
            await server.cleanup()
        await app.close()
        raise StartupError(f"cannot listen on {settings.http_host}:{settings.http_port} "
                           f"(HTTP_HOST, HTTP_PORT, METRICS_PORT): "
                           f"{error.strerror or error}") from None
    channels = [start(channel) for channel in (telegram, zalo) if channel is not None]
    scheduler = Scheduler(app, settings.reminder_interval_minutes, app.clock)
    scheduler.start()
    try:
        log.info("web chat at http://%s:%d", settings.http_host, settings.http_port)
        if not settings.staff_channel_enabled:
            log.warning("NO STAFF CHANNEL: requests are accepted and their deadlines run, but "
                        "no officer is told. Set TELEGRAM_BOT_TOKEN and TELEGRAM_STAFF_CHAT_ID; "
                        "until then read the queue with `pakn tickets list`.")
        _log_metrics(settings, options)
        if not settings.telegram_enabled:
            log.info("Telegram not configured (TELEGRAM_BOT_TOKEN unset)")
        if not settings.zalo_enabled:
            log.info("Zalo not configured (ZALO_ACCESS_TOKEN unset)")
        await stop.wait()
        log.info("stopping")
    finally:
        await scheduler.stop()
        for task in channels:
            task.cancel()
        await asyncio.gather(*channels, return_exceptions=True)
        for server in servers:
            await server.cleanup()
        await app.close()


def http_options(settings: Settings) -> HttpOptions:
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    return HttpOptions(
        header_timeout=settings.http_header_timeout, body_timeout=settings.http_body_timeout,
        connections_per_client=settings.http_max_connections_per_client,
        frame_ancestors=settings.http_frame_ancestors, metrics_token=token,
        metrics=serves_metrics_here(settings.http_host, settings.metrics_port, token),
        staff_channel=settings.staff_channel_enabled)


def _log_metrics(settings: Settings, options: HttpOptions) -> None:
    if settings.metrics_port is not None:
        log.info("metrics at http://%s:%d/metrics%s", settings.http_host, settings.metrics_port,
                 " (bearer token required)" if options.metrics_token else "")
    elif not options.metrics:
        log.warning("/metrics is not served: HTTP_HOST is not loopback; set METRICS_PORT or "
                    "METRICS_TOKEN to serve it")
