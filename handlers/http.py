"""The aiohttp application: the routes it is given (the web chat's pages and API, channel
webhooks), `/healthz` and `/metrics`. Every response carries the security headers
(handlers/headers.py); malformed input of any kind gets a short JSON 4xx, never a 500 or a
traceback in the log; a body must arrive within its timeout (a handler marked by `own_body`,
an upload, reads its larger body itself under the same timeout). Listening, with the
connection guard: handlers/serving.py."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.core.metrics import Metrics
from bot.core.ports import StoreUnavailable
from handlers.connections import GUARD
from handlers.headers import security_headers
from handlers.untrusted import MALFORMED, same_secret

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
MAX_BODY = 64 * 1024  # a chat message or webhook is far smaller; larger bodies get 413
OWN_BODY = "pakn_reads_own_body"


def own_body(handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
             ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Marks a handler that reads its body itself, within HttpOptions.body_timeout and a limit
    of its own (an upload), instead of the MAX_BODY read before every handler."""
    setattr(handler, OWN_BODY, True)
    return handler


@dataclass(frozen=True)
class HttpOptions:
    """The server's protections, from the HTTP_* and METRICS_* settings."""

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    connections_per_client: int = 20
    frame_ancestors: str = "'self'"
    metrics: bool = True  # /metrics served by this app
    metrics_token: str | None = None  # then only with `Authorization: Bearer <token>`
    staff_channel: bool = True  # False: requests wait unseen (said by /healthz)


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


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def _middleware(options: HttpOptions) -> Callable[..., Awaitable[web.StreamResponse]]:
    said_unavailable = [float("-inf")]  # when the database's absence was last logged

    @web.middleware
    async def guarded(request: web.Request, handler):  # type: ignore[no-untyped-def]
        """Reads the body within its timeout, then answers; HTTP errors as short JSON bodies,
        malformed input as 400, never an HTML page or a traceback."""
        guard = request.app.get(GUARD)
        if guard is not None:
            guard.head_received(request.transport)
        try:
            try:
                if not getattr(request.match_info.handler, OWN_BODY, False):
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
        except StoreUnavailable:
            # A platform posts the update again; a line every 10 s, not a traceback per post.
            now = asyncio.get_running_loop().time()
            if now - said_unavailable[0] >= 10:
                said_unavailable[0] = now
                log.warning("%s %s: the database is unavailable; answered 503 until it is "
                            "back", request.method, _route(request))
            return _error(503, "database unavailable")
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


def _metrics_route(metrics: Metrics, token: str | None) -> web.RouteDef:
    async def on_metrics(request: web.Request) -> web.Response:
        if token is not None:
            given = request.headers.get("Authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not same_secret(value.strip(), token):
                raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})
        return web.Response(text=metrics.render(), content_type="text/plain")

    return web.get("/metrics", on_metrics)


def _health_route(healthy: Callable[[], Awaitable[bool]],
                  options: HttpOptions) -> web.RouteDef:
    async def on_health(_request: web.Request) -> web.Response:
        ok = await healthy()
        body: dict[str, object] = {"status": "ok" if ok else "unavailable"}
        if not options.staff_channel:
            body["staff_channel"] = "missing: requests are accepted but no officer is told"
        return web.json_response(body, status=200 if ok else 503)

    return web.get("/healthz", on_health)


def _app(routes: Iterable[web.RouteDef], options: HttpOptions) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY, middlewares=[_middleware(options)])
    app.on_response_prepare.append(security_headers(STATIC, options.frame_ancestors))
    app.add_routes(list(routes))
    return app


def build_http_app(
    routes: Iterable[web.RouteDef],
    healthy: Callable[[], Awaitable[bool]],
    metrics: Metrics,
    options: HttpOptions | None = None,
) -> web.Application:
    """The application with the given routes (the web chat's pages among them) plus health
    and metrics."""
    options = options or HttpOptions()
    own = [_health_route(healthy, options)]
    if options.metrics:
        own.append(_metrics_route(metrics, options.metrics_token))
    return _app([*own, *routes], options)


def build_metrics_app(metrics: Metrics, options: HttpOptions) -> web.Application:
    """/metrics alone, for METRICS_PORT."""
    return _app([_metrics_route(metrics, options.metrics_token)], options)


