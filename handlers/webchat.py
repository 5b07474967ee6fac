"""The portal's web chat: `POST /api/chat` in, the core's replies out as JSON; sessions issued
by the server; messages limited per client address and per session; pushed messages polled
with `GET /api/chat/updates`, the session in the cookie or a header, never in the URL; files
sent with `POST /api/chat/upload` (handlers/uploads.py) reach the core as attachments; a point
the browser located (`"location"`) reaches it as a shared map location."""

from __future__ import annotations

import base64
import json
import mimetypes
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web

from bot.core import places
from bot.core.conversation import ConversationService
from bot.core.messages import Channel, FileKind, Incoming, Location, Reply, ShareKind, UserRef
from bot.relay.throttle import SlidingWindow, Verdict
from handlers import chat_files, uploads, web_guard, web_sessions
from handlers.client_address import ClientAddresses
from handlers.http import own_body
from handlers.storage import Storage
from handlers.web_sessions import SessionStore

MAX_PAYLOAD = 200
MAX_TEXT = 20_000  # longer texts are refused politely by the core, beyond this by HTTP


@dataclass
class WebChatConfig:
    """Windows: messages per client address and per session (a minute each), polls per address."""

    addresses: ClientAddresses = field(default_factory=ClientAddresses)
    allowed_origins: frozenset[str] = frozenset()
    per_address: SlidingWindow = field(default_factory=lambda: SlidingWindow(limit=30))
    per_session: SlidingWindow = field(default_factory=SlidingWindow)
    polls: SlidingWindow = field(default_factory=lambda: SlidingWindow(limit=120))
    files: Storage | None = None  # None: uploads are refused (no storage wired)
    max_upload_bytes: int = 20 * 1024 * 1024
    upload_timeout: float = 120.0  # seconds to send a file on a slow mobile line


def _bad(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _replies(replies: list[Reply], links: chat_files.Links | None = None,
             **extra: object) -> web.Response:
    """`{"replies": [{"text", "buttons"[, "file"][, "asks_location"][, "ends_location_ask"]}]}`:
    the page shows its «Gửi vị trí» from a reply that asks for the place of the incident until one
    that ends the ask. A file's caption follows the text; a
    document for the citizen to keep (a drafted đơn) also comes as `{"name", "mime", "data"}`
    (base64), which the page offers as a download link; a file in the agency's storage (an
    officer's photo or document) as `{"name", "mime", "url"}`, served to this session only.
    Other pictures stay captions only."""
    items = []
    for reply in replies:
        shown = reply.without_file()
        item: dict[str, object] = {"text": shown.text,
                                   "buttons": [asdict(b) for b in shown.buttons]}
        if reply.share and reply.share.kind is ShareKind.LOCATION:
            item["asks_location"] = True
        if reply.ends_share:  # the page has no other share action
            item["ends_location_ask"] = True
        linked = links(reply.file) if links and reply.file and reply.file.stored_ref else None
        if linked is not None:
            item["file"] = linked
        elif reply.file is not None and reply.file.kind is FileKind.DOCUMENT:
            item["file"] = {"name": reply.file.name,
                            "mime": mimetypes.guess_type(reply.file.name)[0]
                            or "application/octet-stream",
                            "data": base64.b64encode(reply.file.content).decode("ascii")}
        items.append(item)
    return web.json_response({"replies": items, **extra}, dumps=_dumps)


def _location(value: Any) -> Location | str:
    """`{"latitude", "longitude"}`: two numbers on the globe and nothing else, or the reason
    it is not a point."""
    if not isinstance(value, dict) or set(value) != {"latitude", "longitude"}:
        return "location must be an object with latitude and longitude only"
    latitude, longitude = value["latitude"], value["longitude"]
    if not all(isinstance(n, int | float) and not isinstance(n, bool)
               for n in (latitude, longitude)):
        return "latitude and longitude must be numbers"
    # Checked before float(): an integer too large for a float would not convert; NaN fails.
    if not places.is_valid(Location(latitude, longitude)):
        return "latitude must be within ±90 and longitude within ±180"
    return Location(float(latitude), float(longitude))


def _parse(body: Any) -> dict[str, Any] | str:
    """The body's fields, or the reason the request is not a chat message."""
    if not isinstance(body, dict):
        return "body must be a JSON object"
    text, payload = body.get("text"), body.get("payload")
    if body.get("location") is not None:
        if text is not None or payload is not None:
            return "a location comes alone, without text or payload"
        location = _location(body["location"])
        if isinstance(location, str):
            return location
        return {**_common(body), "location": location}
    if text is None and payload is None:
        return "text, payload or location is required"
    if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
        return f"text must be a string of at most {MAX_TEXT} characters"
    if payload is not None and (not isinstance(payload, str) or len(payload) > MAX_PAYLOAD):
        return f"payload must be a string of at most {MAX_PAYLOAD} characters"
    return {**_common(body), "text": text, "payload": payload}


def _common(body: dict[str, Any]) -> dict[str, Any]:
    """What any message says of its client: its language and whether it uploads files."""
    language = body.get("language") if isinstance(body.get("language"), str) else None
    return {"language": language, "can_attach": body.get("files") is True}


def routes(service: ConversationService, sessions: SessionStore,
           config: WebChatConfig | None = None) -> list[web.RouteDef]:
    """The chat API; `config` holds the client-address rules, origins and windows."""
    config = config or WebChatConfig()

    def refusal(request: web.Request) -> web.Response | None:
        host = config.addresses.host(request)
        return web_guard.refusal(request, host, config.allowed_origins)

    async def origin_of(request: web.Request) -> str:
        address = config.addresses.of(request)
        return web_sessions.address_hash(await sessions.address_key(), address)

    def slow_down(window: SlidingWindow, key: str, language: str | None) -> web.Response | None:
        """None to go on; else the polite answer with the seconds to wait (the page keeps what
        was typed)."""
        now = time.monotonic()
        verdict = window.hit(key, now)
        if verdict is Verdict.ALLOW:
            return None
        seconds = window.retry_after(key, now)
        catalog = service.deps.catalog
        text = catalog.text("error.slow_down", catalog.language_for(language), seconds=seconds)
        if verdict is Verdict.DROP:
            return web.json_response({"error": "too many messages", "retry_after": seconds,
                                      "replies": [{"text": text, "buttons": []}]}, status=429,
                                     headers={"Retry-After": str(seconds)},
                                     dumps=lambda o: json.dumps(o, ensure_ascii=False))
        return _replies([Reply(text)])

    async def on_chat(request: web.Request) -> web.Response:
        """One message from the web chat page (or an API client)."""
        if (refused := refusal(request)) is not None:
            return refused
        try:
            body = await request.json(loads=json.loads)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _bad("body is not valid JSON")
        fields = _parse(body)
        if isinstance(fields, str):
            return _bad(fields)
        origin = await origin_of(request)
        if (early := slow_down(config.per_address, origin, fields["language"])) is not None:
            return early
        sid, issued, echo = await session_for(request, body.get("session"))
        if (late := slow_down(config.per_session, sid, fields["language"])) is not None:
            return late
        event = Incoming(UserRef(Channel.WEB, sid), origin=origin, **fields)
        response = _replies(await service.handle(event), **echo)
        if issued:
            web_sessions.set_cookie(response, issued, config.addresses.is_https(request))
        return response

    async def session_for(request: web.Request,
                          body_session: object) -> tuple[str, str | None, dict[str, str]]:
        """The session's id, the token issued now (None: a known session), and what the answer
        carries back: the token, for clients that send it outside the cookie."""
        token, outside_cookie = web_sessions.presented(request, body_session)
        sid, issued = await web_sessions.known(sessions, token), None
        if sid is None:  # none yet, or a value we never issued: never taken as an identity
            issued = token = await web_sessions.issue(sessions)
            sid = web_sessions.session_id(token)
        return sid, issued, ({"session": token} if outside_cookie and token else {})

    async def on_session(request: web.Request) -> web.Response:
        """A new session for an API client: `{"session": token}`, also as the cookie."""
        if (refused := refusal(request)) is not None:
            return refused
        if config.per_address.hit(await origin_of(request), time.monotonic()) is not Verdict.ALLOW:
            return web.json_response({"error": "too many requests"}, status=429)
        token = await web_sessions.issue(sessions)
        response = web.json_response({"session": token})
        web_sessions.set_cookie(response, token, config.addresses.is_https(request))
        return response

    async def on_updates(request: web.Request) -> web.Response:
        """Messages pushed to this session since it last asked (e.g. an officer's answer)."""
        if config.polls.hit(await origin_of(request), time.monotonic()) is not Verdict.ALLOW:
            return web.json_response({"error": "too many requests", "replies": []}, status=429)
        token, _ = web_sessions.presented(request)
        sid = await web_sessions.known(sessions, token)
        if sid is None:  # no session yet, or one we never issued: nothing to read
            return _replies([])
        links = chat_files.links(await sessions.address_key(), sid)
        return _replies(await service.take_pending(UserRef(Channel.WEB, sid)), links)

    @own_body
    async def on_upload(request: web.Request) -> web.Response:
        """A file for the request being filed: stored, then given to the core."""
        origin_header = request.headers.get("Origin")
        if not web_guard.origin_allowed(origin_header, config.addresses.host(request),
                                        config.allowed_origins):
            return web.json_response({"error": "origin not allowed"}, status=403)
        if request.content_type != "multipart/form-data":
            return web.json_response({"error": "multipart/form-data expected"}, status=415)
        if config.files is None:
            return web.json_response({"error": "uploads are not stored here"}, status=404)
        origin = await origin_of(request)
        if (early := slow_down(config.per_address, origin, None)) is not None:
            return early
        sid, issued, echo = await session_for(request, None)
        user = UserRef(Channel.WEB, sid)
        received = await uploads.receive(request, config.files, config.max_upload_bytes,
                                         config.upload_timeout,
                                         lambda: service.awaits_files(user))
        if isinstance(received, uploads.Refused):
            catalog = service.deps.catalog
            text = catalog.text(received.key, catalog.language_for(received.language),
                                **received.values)
            response = _replies([Reply(text)], **echo)
        else:
            event = Incoming(user, attachments=(received.attachment,),
                             origin=origin, language=received.language, can_attach=True)
            response = _replies(await service.handle(event), **echo)
        if issued:
            web_sessions.set_cookie(response, issued, config.addresses.is_https(request))
        return response

    return [web.post("/api/chat", on_chat), web.post("/api/chat/session", on_session),
            web.get("/api/chat/updates", on_updates), web.post("/api/chat/upload", on_upload),
            chat_files.route(sessions, config.files)]
