"""The portal's web chat: `POST /api/chat` in, the core's replies out as JSON."""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict
from typing import Any

from aiohttp import web

from bot.core.conversation import ConversationService
from bot.core.messages import Channel, Incoming, Reply, UserRef
from handlers.throttle import SlidingWindow, Verdict

SESSION = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
MAX_PAYLOAD = 200
MAX_TEXT = 20_000  # longer texts are refused politely by the core, beyond this by HTTP


def _bad(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


def _replies(replies: list[Reply]) -> web.Response:
    """`{"replies": [{"text", "buttons"}]}`: a file shows as its caption after the text."""
    shown = [reply.without_file() for reply in replies]
    items = [{"text": r.text, "buttons": [asdict(b) for b in r.buttons]} for r in shown]
    return web.json_response({"replies": items},
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))


def _parse(body: Any) -> Incoming | str:
    """The citizen's event, or the reason the request is not one."""
    if not isinstance(body, dict):
        return "body must be a JSON object"
    session, text, payload = body.get("session"), body.get("text"), body.get("payload")
    if not isinstance(session, str) or not SESSION.match(session):
        return "session must be 8-128 letters, digits, '-' or '_'"
    if text is None and payload is None:
        return "text or payload is required"
    if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
        return f"text must be a string of at most {MAX_TEXT} characters"
    if payload is not None and (not isinstance(payload, str) or len(payload) > MAX_PAYLOAD):
        return f"payload must be a string of at most {MAX_PAYLOAD} characters"
    language = body.get("language") if isinstance(body.get("language"), str) else None
    return Incoming(UserRef(Channel.WEB, session), text=text, payload=payload, language=language)


def routes(service: ConversationService,
           window: SlidingWindow | None = None) -> list[web.RouteDef]:
    """`window` limits each session's messages (default 20 a minute, as on Telegram)."""
    window = window or SlidingWindow()

    async def on_chat(request: web.Request) -> web.Response:
        """One message from the web chat page."""
        try:
            body = await request.json(loads=json.loads)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _bad("body is not valid JSON")
        event = _parse(body)
        if isinstance(event, str):
            return _bad(event)
        verdict = window.hit(event.user.external_id, time.monotonic())
        if verdict is Verdict.DROP:
            return web.json_response({"error": "too many messages", "replies": []}, status=429)
        if verdict is Verdict.WARN:
            catalog = service.deps.catalog
            text = catalog.text("error.slow_down", catalog.language_for(event.language))
            return _replies([Reply(text)])
        return _replies(await service.handle(event))

    async def on_updates(request: web.Request) -> web.Response:
        """Messages pushed to this session since it last asked (e.g. an officer's answer)."""
        session = request.query.get("session", "")
        if not SESSION.match(session):
            return _bad("session must be 8-128 letters, digits, '-' or '_'")
        return _replies(await service.take_pending(UserRef(Channel.WEB, session)))

    return [web.post("/api/chat", on_chat), web.get("/api/chat/updates", on_updates)]
