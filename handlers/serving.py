"""Listening: aiohttp's server behind the connection guard (handlers/connections.py), with
aiohttp's own options as pakn runs it and its logger reduced to one line per refused request."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from handlers.connections import GUARD, ConnectionGuard
from handlers.http import HttpOptions


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
