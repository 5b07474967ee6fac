"""Property-based proof over every endpoint of the built HTTP app (aiohttp's test client on
loopback, a real database): whatever the method, path, headers and body, and whatever secret
or signature is forged, the answer is never a 500, no traceback or error reaches the log, and
a forged webhook stores nothing and files nothing."""

from __future__ import annotations

import asyncio
import json
import logging
import string
from dataclasses import dataclass
from urllib.parse import quote

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.app.bootstrap import App, build_app
from db.models import InboundUpdate, TicketRow
from handlers.zalo.signature import mac
from tests.conftest import make_settings
from tests.fakes.zalo_api import APP_ID, OA_SECRET_KEY
from tests.handlers.endpoints import PATHS, TELEGRAM_SECRET, Endpoints, endpoints, started

PROPERTY = settings(max_examples=250, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass
class Served:
    loop: asyncio.AbstractEventLoop
    app: App
    built: Endpoints
    client: TestClient

    def run(self, coroutine):
        return self.loop.run_until_complete(coroutine)

    def count(self, model) -> int:
        async def counted() -> int:
            async with self.app.uow() as work:
                return await work.session.scalar(select(func.count()).select_from(model))
        return self.run(counted())


@pytest.fixture
def served(database_url, clock):
    """The app in a loop of this test's own, so that hypothesis can drive it example by
    example from a plain function."""
    loop = asyncio.new_event_loop()

    async def start() -> Served:
        app = await build_app(make_settings(database_url), clock=clock, migrate=False)
        built = endpoints(app, clock)
        # A connection per request: one example's broken request cannot spoil the next.
        client = TestClient(await started(built.http),
                            connector=aiohttp.TCPConnector(force_close=True))
        await client.start_server()
        return Served(loop, app, built, client)

    server = loop.run_until_complete(start())
    yield server
    server.run(server.client.close())
    server.run(server.built.close())
    server.run(server.app.close())
    loop.close()


@pytest.fixture
def errors():
    """Every log record that carries a traceback or is an error, from any logger."""
    found: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.exc_info or record.levelno >= logging.ERROR:
                found.append(f"{record.name}: {record.getMessage()}")

    handler = Catch(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    yield found
    root.removeHandler(handler)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=25)
shaped = st.fixed_dictionaries({}, optional={
    "update_id": st.integers(-2**70, 2**70) | st.text(max_size=5),
    "session": st.sampled_from(["web-session-0001", "x", ""]) | st.text(max_size=20),
    "text": st.text(max_size=200), "payload": st.text(max_size=30),
    "timestamp": st.integers(0, 2**64).map(str) | st.integers(),
    "event_name": st.sampled_from(["user_send_text", "follow", "oa_send_text"]),
    "message": json_values, "sender": st.fixed_dictionaries({"id": st.text(max_size=8)})})
bodies = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    json_values.map(lambda v: json.dumps(v).encode()),
    shaped.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.integers(1, 30_000).map(lambda n: b'{"a": ' + b"[" * n),
    st.integers(4_301, 30_000).map(lambda n: b'{"update_id": ' + b"7" * n + b"}"),
    st.sampled_from([b"", b"x" * 70_000, b"{}", b"[]", b"null", b'"\\ud800"', b"\xff\xfe"]),
)
tokens = st.text(alphabet=string.ascii_letters + string.digits + "-_.", min_size=1,
                 max_size=20)
content_types = st.one_of(
    st.none(),
    st.sampled_from(["application/json", "text/plain", "multipart/form-data; boundary=x",
                     "application/x-www-form-urlencoded", "application/json; charset=utf-16"]),
    tokens.map(lambda charset: f"application/json; charset={charset}"))
header_values = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                        max_size=80)
random_headers = st.dictionaries(
    tokens.filter(lambda n: n.lower() not in {"content-length", "transfer-encoding", "host",
                                              "connection", "expect", "upgrade"}),
    header_values, max_size=4)
methods = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
paths = st.sampled_from(PATHS) | st.text(max_size=30).map(
    lambda p: "/" + quote(p.encode("utf-8", "surrogatepass"), safe="/?=&"))


@st.composite
def requests(draw):
    body = draw(bodies)
    headers = draw(random_headers)
    if (content_type := draw(content_types)) is not None:
        headers["Content-Type"] = content_type
    if draw(st.booleans()):
        headers["Content-Encoding"] = draw(st.sampled_from(["gzip", "deflate", "br", "zstd",
                                                           "x-unknown"]))
    secret = draw(st.none() | header_values | st.sampled_from(
        [TELEGRAM_SECRET[:-1], TELEGRAM_SECRET + "x", TELEGRAM_SECRET.upper()]))
    if secret is not None:
        assume(secret != TELEGRAM_SECRET)
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    stamp = draw(st.integers(0, 2**63).map(str))
    signature = draw(st.one_of(
        st.none(), header_values,
        st.just("mac=" + mac(APP_ID, body, stamp, "wrong-oa-secret-key-0000")),
        st.just("mac=" + mac(APP_ID, body + b" ", stamp, OA_SECRET_KEY)),
        st.just("mac=" + mac(APP_ID, body, stamp, OA_SECRET_KEY))))
    if signature is not None:
        headers["X-ZEvent-Signature"] = signature
    return draw(methods), draw(paths), headers, body


async def answer(served: Served, method: str, path: str, headers: dict[str, str],
                 body: bytes) -> int:
    """The status of the answer. aiohttp answers a request its parser refuses (a body it
    cannot decompress) with a 400 that has a body even for HEAD, which its own client then
    refuses to read: that is a 400 too."""
    try:
        async with served.client.request(method, path, headers=headers, data=body) as response:
            await response.read()
            return response.status
    except aiohttp.ClientResponseError as error:
        return error.status


@PROPERTY
@given(request=requests())
def test_no_request_gets_a_500_or_a_traceback_and_forged_webhooks_store_nothing(
        served, errors, request):
    method, path, headers, body = request
    assert served.run(answer(served, method, path, headers, body)) < 500, (method, path)
    assert errors == []
    # Signed with the real key but over a timestamp the body does not carry, or the body a
    # random one: still no event of any use is stored.
    assert served.count(InboundUpdate) == 0
    assert served.count(TicketRow) == 0
    assert served.built.fed == []


@PROPERTY
@given(body=bodies, content_type=content_types, fresh=st.booleans())
def test_authentic_webhooks_with_any_body_never_get_a_500(served, errors, clock, body,
                                                          content_type, fresh):
    """With the right secret, or a valid signature over a fresh timestamp, the body is read:
    what cannot be read gets a 4xx, never a 500."""
    stamp = str(int(clock.now().timestamp() * 1000) - (0 if fresh else 3_600_000))
    if body.startswith(b"{") and b'"timestamp"' not in body:
        body = b'{"timestamp": "' + stamp.encode() + b'", ' + body[1:]
    headers = {} if content_type is None else {"Content-Type": content_type}
    telegram = headers | {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    zalo = headers | {"X-ZEvent-Signature": "mac=" + mac(APP_ID, body, stamp, OA_SECRET_KEY)}
    for path, signed in (("/webhooks/telegram", telegram), ("/webhooks/zalo", zalo)):
        assert served.run(answer(served, "POST", path, signed, body)) < 500, path
    assert errors == []
