"""The aiohttp server: the web chat page and API, `/healthz`, `/metrics`, and channel webhooks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from aiohttp import web

from bot.core.metrics import Metrics

STATIC = Path(__file__).with_name("static")
MAX_BODY = 64 * 1024  # a chat message or webhook is far smaller; larger bodies get 413


@web.middleware
async def json_errors(request: web.Request, handler):  # type: ignore[no-untyped-def]
    """HTTP errors as short JSON bodies, never an HTML page or a traceback."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return web.json_response({"error": error.reason}, status=error.status)


def build_http_app(
    routes: Iterable[web.RouteDef],
    healthy: Callable[[], Awaitable[bool]],
    metrics: Metrics,
) -> web.Application:
    """The application with the given channel routes plus the page, health and metrics."""
    app = web.Application(client_max_size=MAX_BODY, middlewares=[json_errors])

    async def on_index(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html")

    async def on_health(_request: web.Request) -> web.Response:
        ok = await healthy()
        return web.json_response({"status": "ok" if ok else "unavailable"},
                                 status=200 if ok else 503)

    async def on_metrics(_request: web.Request) -> web.Response:
        return web.Response(text=metrics.render(), content_type="text/plain")

    app.add_routes([web.get("/", on_index), web.get("/healthz", on_health),
                    web.get("/metrics", on_metrics), *routes])
    return app


async def serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Starts listening; the caller cleans the runner up."""
    runner = web.AppRunner(app, access_log=None)  # access logs would carry session ids
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
