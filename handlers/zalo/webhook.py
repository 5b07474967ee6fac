"""`POST /webhooks/zalo`: checks the signature, stores the event (deduplicated by Zalo's
`msg_id`) and answers 200 at once; the turn runs in the background worker."""

from __future__ import annotations

import json

from aiohttp import web

from bot.inbox import Inbox
from handlers.zalo.mapping import key_of
from handlers.zalo.signature import HEADER, is_signed
from handlers.zalo.worker import EventWorker

PATH = "/webhooks/zalo"


def routes(app_id: str, secret_key: str, inbox: Inbox,
           worker: EventWorker) -> list[web.RouteDef]:
    """The webhook route; `secret_key` is the OA secret key of the Zalo app."""

    async def on_event(request: web.Request) -> web.Response:
        """One event from Zalo: 401 unless signed, 200 once stored (or of no interest)."""
        body = await request.read()
        try:
            event = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            event = None
        signature = request.headers.get(HEADER)
        if not isinstance(event, dict) or not is_signed(signature, app_id, body,
                                                        event.get("timestamp"), secret_key):
            return web.Response(status=401, text="unauthorized")
        key = key_of(event)
        # A database failure answers 500, so that Zalo sends the event again.
        if key is not None and await inbox.store([(key, event)]):
            worker.submit([(key, event)])
        return web.Response(text="ok")

    return [web.post(PATH, on_event)]
