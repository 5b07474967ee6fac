"""The aiohttp server: the web chat page and API, `/healthz`, `/metrics`, and channel webhooks.

Every response carries the security headers; malformed input of any kind gets a short JSON
4xx, never a 500 or a traceback in the log; a request's head and body must arrive within
their timeouts, and one client address may hold only so many connections (handlers/
connections.py)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError

from bot.core.metrics import Metrics
from handlers.connections import ConnectionGuard

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
MAX_BODY = 64 * 1024  # a chat message or webhook is far smaller; larger bodies get 413
MAX_DEPTH = 32  # nesting of a JSON body; Telegram's deepest updates are about 8 levels
# What a malformed body or header raises somewhere in parsing: a bad charset (LookupError),
# bytes that are not UTF-8 or a lone surrogate (UnicodeError), an integer past Python's
# digit limit (ValueError), nesting deeper than the recursion limit (RecursionError), a broken
# chunked or compressed body (aiohttp's payload and processing errors).
MALFORMED = (ValueError, LookupError, RecursionError, RequestPayloadError, HttpProcessingError)
GUARD = web.AppKey("connection_guard", ConnectionGuard)


@dataclass(frozen=True)
class HttpOptions:
    """The server's protections, from the HTTP_* and METRICS_* settings."""

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    connections_per_client: int = 20
    frame_ancestors: str = "'self'"
    metrics: bool = True  # /metrics served by this app
    metrics_token: str | None = None  # then only with `Authorization: Bearer <token>`


def serves_metrics_here(host: str, metrics_port: int | None, token: str | None) -> bool:
    """Whether /metrics is on the main port: with its own port it is not; with a token it is;
    with neither only when the server listens on loopback alone (counters tell an outsider how
    busy the service is and how it fails)."""
    if metrics_port is not None:
        return False
    return token is not None or is_loopback(host)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a header with a secret; a header that is not even text
    (bytes that are not UTF-8 arrive as surrogates) is simply wrong."""
    if given is None:
        return False
    try:
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode())
    except UnicodeError:
        return False


def parse_json(body: bytes) -> Any:
    """`body` as JSON: strict UTF-8, at most MAX_DEPTH deep, every string encodable (no lone
    surrogates). Raises ValueError for anything else, whatever the Content-Type claims."""
    try:
        value = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    _check(value, 0)
    return value


def _check(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ValueError("JSON nested too deeply")
    if isinstance(value, str):
        value.encode("utf-8")  # UnicodeEncodeError (a ValueError) on a lone surrogate
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def _inline_hashes(tag: str) -> str:
    """CSP hashes of the inline <script> or <style> blocks of the static pages, so the page
    works under `default-src 'self'` and nothing injected does."""
    pattern = re.compile(rf"<{tag}>(.*?)</{tag}>", re.S)
    hashes = []
    for page in sorted(STATIC.glob("*.html")):
        for block in pattern.findall(page.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    return " ".join(hashes)


def security_policy(frame_ancestors: str) -> str:
    scripts, styles = _inline_hashes("script"), _inline_hashes("style")
    return "; ".join([
        "default-src 'self'", f"script-src 'self' {scripts}".strip(),
        f"style-src 'self' {styles}".strip(), "img-src 'self' data:", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", f"frame-ancestors {frame_ancestors}"])


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def _middleware(options: HttpOptions) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def guarded(request: web.Request, handler):  # type: ignore[no-untyped-def]
        """Reads the body within its timeout, then answers; HTTP errors as short JSON bodies,
        malformed input as 400, never an HTML page or a traceback."""
        guard = request.app.get(GUARD)
        if guard is not None:
            guard.head_received(request.transport)
        try:
            try:
                async with asyncio.timeout(options.body_timeout):
                    await request.read()
            except TimeoutError:
                response = _error(408, "request body too slow")
                response.force_close()
                return response
            return await handler(request)
        except web.HTTPException as error:
            if error.status < 400:
                raise
            return _error(error.status, error.reason)
        except MALFORMED as error:
            log.info("%s %s: malformed request (%s)", request.method, _route(request),
                     type(error).__name__)
            return _error(400, "malformed request")
        except (ConnectionError, asyncio.IncompleteReadError):
            raise
        except Exception:
            log.exception("%s %s failed", request.method, _route(request))
            return _error(500, "internal error")
        finally:
            if guard is not None:
                guard.answered(request.transport)

    return guarded


def _route(request: web.Request) -> str:
    """The matched route's pattern (never the raw path or query: they may carry a session)."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "(no route)"


def _headers(options: HttpOptions) -> Callable[[web.Request, web.StreamResponse],
                                               Awaitable[None]]:
    policy = security_policy(options.frame_ancestors)

    async def add(_request: web.Request, response: web.StreamResponse) -> None:
        headers = response.headers
        headers["Content-Security-Policy"] = policy
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Server"] = "pakn"  # no version banner
        if response.content_type != "text/html":
            headers["Cache-Control"] = "no-store"

    return add


def _metrics_route(metrics: Metrics, token: str | None) -> web.RouteDef:
    async def on_metrics(request: web.Request) -> web.Response:
        if token is not None:
            given = request.headers.get("Authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not same_secret(value.strip(), token):
                raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})
        return web.Response(text=metrics.render(), content_type="text/plain")

    return web.get("/metrics", on_metrics)


def _health_route(healthy: Callable[[], Awaitable[bool]]) -> web.RouteDef:
    async def on_health(_request: web.Request) -> web.Response:
        ok = await healthy()
        return web.json_response({"status": "ok" if ok else "unavailable"},
                                 status=200 if ok else 503)

    return web.get("/healthz", on_health)


def _app(routes: Iterable[web.RouteDef], options: HttpOptions) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY, middlewares=[_middleware(options)])
    app.on_response_prepare.append(_headers(options))
    app.add_routes(list(routes))
    return app


def build_http_app(
    routes: Iterable[web.RouteDef],
    healthy: Callable[[], Awaitable[bool]],
    metrics: Metrics,
    options: HttpOptions | None = None,
) -> web.Application:
    """The application with the given channel routes plus the page, health and metrics."""
    options = options or HttpOptions()

    async def on_index(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html")

    own = [web.get("/", on_index), _health_route(healthy)]
    if options.metrics:
        own.append(_metrics_route(metrics, options.metrics_token))
    return _app([*own, *routes], options)


def build_metrics_app(metrics: Metrics, options: HttpOptions) -> web.Application:
    """/metrics alone, for METRICS_PORT."""
    return _app([_metrics_route(metrics, options.metrics_token)], options)


class _OneLine(logging.LoggerAdapter):
    """aiohttp's server logger without tracebacks or client addresses: a request too
    malformed to reach the application is noted in one line with its kind, at INFO at most."""

    def log(self, level: int, msg: object, *args: object, exc_info: object = None,
            **kwargs: Any) -> None:
        if isinstance(exc_info, BaseException):
            what = f"refused by the parser or the protocol ({type(exc_info).__name__})"
        else:
            what = "not handled"
        self.logger.log(min(level, logging.INFO), "HTTP request %s", what)


PROTOCOL_LOGGER = _OneLine(logging.getLogger("handlers.http.protocol"), {})


def runner_args(options: HttpOptions) -> dict[str, Any]:
    """aiohttp's server options as pakn runs it (tests give them to their TestServer)."""
    return {"access_log": None,  # access logs would carry session ids and client addresses
            "logger": PROTOCOL_LOGGER, "keepalive_timeout": options.header_timeout}


@dataclass
class Serving:
    """A listening server: its port (the one given, or the one chosen for 0) and cleanup."""

    runner: web.AppRunner
    server: asyncio.Server
    guard: ConnectionGuard

    @property
    def port(self) -> int:
        return self.server.sockets[0].getsockname()[1]

    async def cleanup(self) -> None:
        self.server.close()
        await self.runner.cleanup()
        await self.server.wait_closed()


async def serve(app: web.Application, host: str, port: int,
                options: HttpOptions | None = None) -> Serving:
    """Starts listening behind the connection guard; the caller cleans up."""
    options = options or HttpOptions()
    guard = ConnectionGuard(options.header_timeout, options.connections_per_client)
    app[GUARD] = guard  # before setup: the app is frozen then
    runner = web.AppRunner(app, **runner_args(options))
    await runner.setup()
    assert runner.server is not None
    guard.factory = runner.server
    loop = asyncio.get_running_loop()
    server = await loop.create_server(guard, host, port)
    return Serving(runner, server, guard)
