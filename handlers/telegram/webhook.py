"""Webhook mode: `POST /webhooks/telegram` checks the secret header, stores the update and only
then answers 200, so Telegram re-delivers anything we did not keep."""

from __future__ import annotations

import hmac
import json

from aiohttp import web

from bot.inbox import Inbox
from handlers.telegram.worker import UpdateWorker

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/webhooks/telegram"


def routes(secret: str, inbox: Inbox, worker: UpdateWorker) -> list[web.RouteDef]:
    """The webhook route; `secret` is the one given to setWebhook."""

    async def on_update(request: web.Request) -> web.Response:
        """One update from Telegram: 401/403 without the right secret, 200 once stored."""
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return web.json_response({"error": "secret token missing"}, status=401)
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.json_response({"error": "wrong secret token"}, status=403)
        try:
            update = await request.json(loads=json.loads)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.json_response({"error": "body is not valid JSON"}, status=400)
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.json_response({"error": "not a Telegram update"}, status=400)
        key = str(update["update_id"])
        if await inbox.store([(key, update)]):  # a database failure answers 500: resent later
            worker.submit([(key, update)])
        return web.json_response({"ok": True})

    return [web.post(PATH, on_update)]
