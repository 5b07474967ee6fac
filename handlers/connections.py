"""What aiohttp's server lacks against slow and greedy clients: a deadline for each request's
head (a slowloris client sending its headers a byte at a time is cut off) and a cap on the
connections open from one client address. Sits between the listening socket and aiohttp's
protocol; the HTTP middleware tells it when a request's head has arrived and when its answer
is ready (`head_received`, `answered`)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

from aiohttp import web

REFUSAL = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
           b"Content-Length: 35\r\nConnection: close\r\n\r\n"
           b'{"error": "too many connections"}\r\n')


class ConnectionGuard:
    """The protocol factory handed to `loop.create_server`, wrapping aiohttp's."""

    def __init__(self, header_timeout: float, per_client: int) -> None:
        self.header_timeout, self.per_client = header_timeout, per_client
        self.factory: Callable[[], asyncio.Protocol] | None = None  # aiohttp's, once set up
        self.open: Counter[str] = Counter()
        self._guards: dict[asyncio.BaseTransport, GuardedConnection] = {}

    def __call__(self) -> GuardedConnection:
        return GuardedConnection(self)

    def head_received(self, transport: asyncio.BaseTransport | None) -> None:
        """A request's head was read in time: its deadline is lifted while it is handled."""
        guard = self._guards.get(transport) if transport is not None else None
        if guard is not None:
            guard.disarm()

    def answered(self, transport: asyncio.BaseTransport | None) -> None:
        """The answer is ready: the next request's head has `header_timeout` from now."""
        guard = self._guards.get(transport) if transport is not None else None
        if guard is not None:
            guard.arm()


GUARD = web.AppKey("connection_guard", ConnectionGuard)


class GuardedConnection(asyncio.Protocol):
    """One client connection: counted against its address, cut off when its head is late."""

    def __init__(self, guard: ConnectionGuard) -> None:
        self.guard = guard
        self.inner: asyncio.Protocol | None = None
        self.transport: asyncio.Transport | None = None
        self.client = ""
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        client = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if self.guard.open[client] >= self.guard.per_client:
            transport.write(REFUSAL)
            transport.close()
            return
        self.guard.open[client] += 1
        self.client, self.transport = client, transport
        self.guard._guards[transport] = self
        assert self.guard.factory is not None
        self.inner = self.guard.factory()
        self.inner.connection_made(transport)
        self.arm()

    def data_received(self, data: bytes) -> None:
        if self.inner is not None:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.inner is not None else None

    def pause_writing(self) -> None:
        if self.inner is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.inner is not None:
            self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self.disarm()
        if self.inner is None:
            return
        self.guard._guards.pop(self.transport, None)  # type: ignore[arg-type]
        self.guard.open[self.client] -= 1
        if self.guard.open[self.client] <= 0:
            del self.guard.open[self.client]
        inner, self.inner = self.inner, None
        inner.connection_lost(exc)

    def arm(self) -> None:
        self.disarm()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.guard.header_timeout, self._late)

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _late(self) -> None:
        self._timer = None
        if self.transport is not None:
            self.transport.abort()
