"""Webhook mode: `POST /webhooks/telegram` checks the secret header, stores the update and only
then answers 200, so Telegram re-delivers anything we did not keep."""

from __future__ import annotations

from aiohttp import web

from bot.relay.inbox import Inbox
from handlers.telegram.worker import UpdateWorker
from handlers.untrusted import parse_json, same_secret

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/webhooks/telegram"


def routes(secret: str, inbox: Inbox, worker: UpdateWorker) -> list[web.RouteDef]:
    """The webhook route; `secret` is the one given to setWebhook."""

    async def on_update(request: web.Request) -> web.Response:
        """One update from Telegram: 401/403 without the right secret, 200 once stored."""
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return web.json_response({"error": "secret token missing"}, status=401)
        if not same_secret(given, secret):
            return web.json_response({"error": "wrong secret token"}, status=403)
        try:
            update = parse_json(await request.read())
        except ValueError:
            return web.json_response({"error": "body is not valid JSON"}, status=400)
        update_id = update.get("update_id") if isinstance(update, dict) else None
        if type(update_id) is not int or not 0 <= update_id < 2**63:
            return web.json_response({"error": "not a Telegram update"}, status=400)
        key = str(update["update_id"])
        if await inbox.store([(key, update)]):  # a database failure answers 500: resent later
            worker.submit([(key, update)])
        return web.json_response({"ok": True})

    return [web.post(PATH, on_update)]
