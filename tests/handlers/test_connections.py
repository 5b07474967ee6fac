"""Slow and greedy clients against the real server on loopback: a head sent byte by byte is
cut off at the header timeout, a body that never finishes at the body timeout, and one address
gets no more than its share of connections."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot.core.metrics import Metrics
from handlers.http import HttpOptions, build_http_app
from handlers.serving import serve

OPTIONS = HttpOptions(header_timeout=0.5, body_timeout=0.5, connections_per_client=3)
PATIENCE = 10  # seconds a test waits for what should happen well within the timeouts


async def healthy() -> bool:
    return True


@pytest.fixture
async def server():
    serving = await serve(build_http_app([], healthy, Metrics(), OPTIONS), "127.0.0.1", 0,
                          OPTIONS)
    yield serving
    await serving.cleanup()


async def connect(server) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", server.port)


async def closed_by_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                           trickle: bytes = b"") -> bytes:
    """Sends `trickle` a byte at a time, slower than any deadline allows in total, until the
    server hangs up; returns what it answered."""
    async with asyncio.timeout(PATIENCE):
        for byte in trickle:
            if reader.at_eof() or writer.is_closing():
                break
            with contextlib.suppress(ConnectionError):
                writer.write(bytes([byte]))
                await writer.drain()
            await asyncio.sleep(0.1)
        with contextlib.suppress(ConnectionError):
            return await reader.read()
    return b""


async def test_a_head_sent_byte_by_byte_is_cut_off(server):
    reader, writer = await connect(server)
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200
    answer = await closed_by_server(reader, writer, head)
    assert answer == b""  # no answer: the connection was dropped while the head came in
    writer.close()
    # An ordinary request on a new connection is still served.
    reader, writer = await connect(server)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    async with asyncio.timeout(PATIENCE):
        assert (await reader.read()).startswith(b"HTTP/1.1 200")
    writer.close()


async def test_an_idle_connection_is_closed_after_its_answer(server):
    reader, writer = await connect(server)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")  # keep-alive
    async with asyncio.timeout(PATIENCE):
        answer = await reader.read()  # returns once the server closes the idle connection
    assert answer.startswith(b"HTTP/1.1 200")
    writer.close()


async def test_a_body_that_never_finishes_gets_408_and_the_connection_closes(server):
    reader, writer = await connect(server)
    writer.write(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000\r\n\r\n{\"session\": ")
    async with asyncio.timeout(PATIENCE):
        answer = await reader.read()
    assert answer.startswith(b"HTTP/1.1 408")
    writer.close()


async def test_one_address_gets_its_share_of_connections_and_no_more(server):
    held = [await connect(server) for _ in range(OPTIONS.connections_per_client)]
    reader, writer = await connect(server)
    async with asyncio.timeout(PATIENCE):
        refused = await reader.read()
    assert refused.startswith(b"HTTP/1.1 503") and b"too many connections" in refused
    writer.close()
    # The held connections still work, and closing one frees a place.
    reader, writer = held[0]
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    async with asyncio.timeout(PATIENCE):
        assert (await reader.read()).startswith(b"HTTP/1.1 200")
    writer.close()
    await writer.wait_closed()
    async with asyncio.timeout(PATIENCE):
        while sum(server.guard.open.values()) >= OPTIONS.connections_per_client:
            await asyncio.sleep(0.01)
    reader, writer = await connect(server)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    async with asyncio.timeout(PATIENCE):
        assert (await reader.read()).startswith(b"HTTP/1.1 200")
    writer.close()
    for _, other in held[1:]:
        other.close()
