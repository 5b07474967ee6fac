"""`POST /api/follow`: a request's status from any device, by `{"code", "digits"}` (the last
four digits of the phone given) or `{"token"}` (a follow link's); JSON from an allowed origin
only (handlers/web_guard.py). The answer is `{"outcome", "message", "status": [[label,
value]]}`: 200 when found, 404 not found, 400 malformed, 429 too many attempts. The limits and
what may be shown are the core's (bot/core/following.py)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.core.following import Follower
from handlers import web_guard
from handlers.client_address import ClientAddresses
from handlers.web_sessions import address_hash

STATUS = {"found": 200, "not_found": 404, "invalid": 400, "limited": 429}
MAX_FIELD = 100


def _field(body: dict[str, object], name: str) -> str | None:
    value = body.get(name)
    return value[:MAX_FIELD] if isinstance(value, str) else None


def routes(follower: Follower, addresses: ClientAddresses, allowed: frozenset[str],
           address_key: Callable[[], Awaitable[bytes]]) -> list[web.RouteDef]:
    async def on_follow(request: web.Request) -> web.Response:
        """One look-up from the follow page (or a portal's own client)."""
        refused = web_guard.refusal(request, addresses.host(request), allowed)
        if refused is not None:
            return refused
        try:
            body = await request.json(loads=json.loads)
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            return web.json_response({"error": "body must be a JSON object"}, status=400)
        address = address_hash(await address_key(), addresses.of(request))
        language, token = _field(body, "language"), _field(body, "token")
        if token is not None:
            answer = await follower.by_link(token, address, language)
        else:
            answer = await follower.by_code(_field(body, "code") or "",
                                            _field(body, "digits") or "", address, language)
        headers = {"Retry-After": str(answer.retry_after)} if answer.retry_after else None
        return web.json_response(
            {"outcome": answer.outcome, "message": answer.message,
             "status": [list(pair) for pair in answer.status]},
            status=STATUS[answer.outcome], headers=headers,
            dumps=lambda o: json.dumps(o, ensure_ascii=False))

    return [web.post("/api/follow", on_follow)]
