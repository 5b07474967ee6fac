"""`POST /webhooks/zalo`: checks the signature on the raw body, refuses an event whose
timestamp is stale or from the future (a replayed capture), stores the event (deduplicated by
Zalo's `msg_id`) and answers 200 at once; the turn runs in the background worker."""

from __future__ import annotations

import logging
from datetime import timedelta, tzinfo

from aiohttp import web

from bot.core.clock import SystemClock
from bot.core.ports import Clock
from bot.relay.inbox import Inbox
from handlers.untrusted import parse_json
from handlers.zalo.mapping import key_of
from handlers.zalo.signature import HEADER, is_signed, timestamp_of
from handlers.zalo.worker import EventWorker

log = logging.getLogger(__name__)
PATH = "/webhooks/zalo"
MAX_AGE = timedelta(minutes=10)  # Zalo delivers at once; an older signed event is a replay
MAX_AHEAD = timedelta(minutes=3)  # clocks differ a little, not more


def fresh(timestamp: str, clock: Clock) -> bool:
    """Whether the event's timestamp (milliseconds since the epoch) is within the window."""
    now_ms = clock.now().timestamp() * 1000
    age_ms = now_ms - int(timestamp)
    return -MAX_AHEAD.total_seconds() * 1000 <= age_ms <= MAX_AGE.total_seconds() * 1000


def routes(app_id: str, secret_key: str, inbox: Inbox, worker: EventWorker,
           clock: Clock | None = None, *, tz: tzinfo) -> list[web.RouteDef]:
    """The webhook route; `secret_key` is the OA secret key of the Zalo app, `tz` the office's
    time zone (a chat-now welcome is given once a local day)."""
    clock = clock or SystemClock()

    async def on_event(request: web.Request) -> web.Response:
        """One event from Zalo: 401 unless signed and fresh, 200 once stored (or of no
        interest)."""
        body = await request.read()
        timestamp = timestamp_of(body)
        if timestamp is None or not is_signed(request.headers.get(HEADER), app_id, body,
                                              timestamp, secret_key):
            return web.Response(status=401, text="unauthorized")
        if not fresh(timestamp, clock):
            log.warning("Zalo event refused: its timestamp is more than %d minutes old or "
                        "ahead (is this server's clock right?)", MAX_AGE.seconds // 60)
            return web.Response(status=401, text="unauthorized")
        try:
            event = parse_json(body)
        except ValueError:
            event = None
        if not isinstance(event, dict) or str(event.get("timestamp")) != timestamp:
            return web.Response(status=400, text="not a Zalo event")
        key = key_of(event, tz)
        # A database failure answers 500, so that Zalo sends the event again.
        if key is not None and await inbox.store([(key, event)]):
            worker.submit([(key, event)])
        return web.Response(text="ok")

    return [web.post(PATH, on_event)]
