"""Every HTTP endpoint of `pakn run` in one aiohttp app, as the runtime assembles it: the page,
the web chat, `/healthz`, `/metrics` (behind a token) and both webhooks, with stored updates
recorded instead of handled."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app.web_chat import web_chat_routes
from bot.core.messages import Channel
from bot.relay.decoded import Decoded, Ignore
from bot.relay.inbox import Inbox
from handlers.column import column_routes
from handlers.http import HttpOptions, build_http_app
from handlers.serving import runner_args
from handlers.telegram import webhook as telegram_webhook
from handlers.telegram.worker import UpdateWorker
from handlers.zalo import webhook as zalo_webhook
from handlers.zalo.worker import EventWorker
from tests.fakes.zalo_api import APP_ID, OA_SECRET_KEY

TELEGRAM_SECRET = "telegram-webhook-secret-0001"
METRICS_TOKEN = "metrics-token-for-tests-0001"
OPTIONS = HttpOptions(metrics_token=METRICS_TOKEN, frame_ancestors="'self' https://portal.test")
PATHS = ["/", "/healthz", "/metrics", "/api/chat", "/api/chat/updates", "/webhooks/telegram",
         "/webhooks/zalo", "/hoi-dap", "/hoi-dap/1", "/hoi-dap.json", "/hoi-dap.atom",
         "/static/pakn.css", "/nowhere"]


@dataclass
class Endpoints:
    http: web.Application
    telegram: UpdateWorker
    zalo: EventWorker
    fed: list[Any] = field(default_factory=list)

    async def close(self) -> None:
        await self.telegram.close()
        await self.zalo.close()


def endpoints(app, clock=None) -> Endpoints:
    fed: list[Any] = []

    async def record(payload) -> Decoded:
        fed.append(payload)
        return Ignore()

    telegram_inbox = Inbox(Channel.TELEGRAM, app.uow, app.conversation)
    zalo_inbox = Inbox(Channel.ZALO, app.uow, app.conversation)
    telegram = UpdateWorker(telegram_inbox, record, album_wait=0.01)
    zalo = EventWorker(zalo_inbox, record)
    routes = [*web_chat_routes(app.settings, app.conversation, app.uow),
              *telegram_webhook.routes(TELEGRAM_SECRET, telegram_inbox, telegram),
              *zalo_webhook.routes(APP_ID, OA_SECRET_KEY, zalo_inbox, zalo, clock,
                                  tz=app.settings.tz),
              *column_routes(app.uow, app.conversation.deps, None)]
    http = build_http_app(routes, app.healthy, app.conversation.deps.metrics, OPTIONS)
    return Endpoints(http, telegram, zalo, fed)


async def started(http: web.Application, options: HttpOptions = OPTIONS) -> TestServer:
    """A test server on loopback with aiohttp's options as `pakn run` sets them."""
    server = TestServer(http, host="127.0.0.1")
    await server.start_server(**runner_args(options))
    return server
