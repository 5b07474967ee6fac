"""The HTTP server's protections over real HTTP on loopback: security headers on every answer,
malformed input of every kind answered 4xx without a traceback in the log, /metrics kept to
its token, and /healthz logging a failure once per change."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.core.ports import StoreUnavailable
from bot.relay.inbox import Inbox
from db.models import InboundUpdate, TicketRow
from handlers.http import HttpOptions, build_metrics_app, serves_metrics_here
from handlers.zalo.signature import mac
from tests.fakes.zalo_api import APP_ID, OA_SECRET_KEY
from tests.handlers.endpoints import METRICS_TOKEN, PATHS, TELEGRAM_SECRET, endpoints, started

SESSION = "web-session-0001"


@pytest.fixture
async def served(app, clock):
    built = endpoints(app, clock)
    async with TestClient(await started(built.http)) as client:
        yield client
    await built.close()


def tracebacks(caplog) -> list[str]:
    """Log lines that carry a traceback or report a server error."""
    return [r.getMessage() for r in caplog.records
            if r.exc_info or r.levelno >= logging.ERROR or "Traceback" in r.getMessage()]


async def count(app, model) -> int:
    async with app.uow() as work:
        return await work.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_every_answer_carries_the_security_headers(served, method):
    for path in PATHS:
        response = await served.request(method, path)
        headers = response.headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy, path
        assert "frame-ancestors 'self' https://portal.test" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "geolocation=(self)" in headers["Permissions-Policy"]
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["Server"] == "pakn"  # no aiohttp or Python version
        if response.content_type == "application/json":
            assert headers["Cache-Control"] == "no-store", path
        assert response.status != 500


async def test_the_chat_page_scripts_are_allowed_by_their_hashes_and_nothing_else(served):
    response = await served.get("/")
    page = await response.text()
    policy = response.headers["Content-Security-Policy"]
    for tag in ("script", "style"):
        for block in re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S):
            digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def stamp(clock) -> str:
    return str(int(clock.now().timestamp() * 1000))


MALFORMED = {
    "nested": lambda fields: b"{" + fields + b', "x": ' + b"[" * 20000 + b"]" * 20000 + b"}",
    "huge integer": lambda fields: b"{" + fields + b', "x": 1' + b"0" * 5000 + b"}",
    "lone surrogate": lambda fields: b"{" + fields + b', "text": "\\ud800"}',
    "not UTF-8": lambda fields: b"{" + fields + b', "text": "\xff\xfe\xc3"}',
    "truncated": lambda fields: b"{" + fields + b', "text": "',
    "empty": lambda fields: b"",
    "too big": lambda fields: b"{" + fields + b', "text": "' + b"x" * 70_000 + b'"}',
}


@pytest.mark.parametrize("kind", list(MALFORMED))
@pytest.mark.parametrize("charset", ["", "; charset=x-klingon", "; charset=utf-16"])
async def test_malformed_bodies_get_a_4xx_and_no_traceback(served, app, clock, caplog, kind,
                                                           charset):
    caplog.set_level(logging.INFO)
    fields = (f'"session": "{SESSION}", "update_id": 5, "timestamp": "{stamp(clock)}", '
              '"event_name": "user_send_text"').encode()
    body = MALFORMED[kind](fields)
    content_type = {"Content-Type": f"application/json{charset}"}
    signature = "mac=" + mac(APP_ID, body, stamp(clock), OA_SECRET_KEY)
    for path, headers in [
        ("/api/chat", {}),
        ("/webhooks/telegram", {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}),
        ("/webhooks/zalo", {"X-ZEvent-Signature": signature}),
    ]:
        response = await served.post(path, data=body, headers=content_type | headers)
        if path == "/api/chat":  # the chat may answer what it could read, politely
            assert response.status < 500
        else:
            assert 400 <= response.status < 500, path
    assert tracebacks(caplog) == []
    assert await count(app, InboundUpdate) == 0


async def test_a_known_charset_other_than_utf8_is_refused_politely(served):
    body = '{"session": "web-session-0001", "text": "Xin chào"}'.encode("utf-16")
    response = await served.post("/api/chat", data=body,
                                 headers={"Content-Type": "application/json; charset=utf-16"})
    assert response.status in (200, 400)


async def raw(served, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", served.server.port)
    writer.write(request)
    async with asyncio.timeout(10):
        answer = await reader.read()
    writer.close()
    await writer.wait_closed()
    return answer


@pytest.mark.parametrize(("path", "header", "status"), [
    ("/webhooks/telegram", b"X-Telegram-Bot-Api-Secret-Token", b"403"),
    ("/webhooks/zalo", b"X-ZEvent-Signature", b"401"),
    ("/metrics", b"Authorization", b"401"),
])
async def test_headers_that_are_not_utf8_are_refused_without_a_traceback(
        served, app, caplog, path, header, status):
    caplog.set_level(logging.INFO)
    body = b'{"update_id": 1, "timestamp": "1"}'
    answer = await raw(served, b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                       + header + b": Bearer mac=\xff\xfe\xed\xa0\x80\r\n"
                       b"Content-Type: application/json\r\nConnection: close\r\n"
                       b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    if path == "/metrics":
        answer = await raw(served, b"GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: "
                           b"Bearer \xff\xfe\xed\xa0\x80\r\nConnection: close\r\n\r\n")
    assert answer.split(b" ")[1] == status
    assert tracebacks(caplog) == []
    assert await count(app, InboundUpdate) == 0


async def test_metrics_need_the_bearer_token(served):
    assert (await served.get("/metrics")).status == 401
    wrong = {"Authorization": "Bearer " + "x" * len(METRICS_TOKEN)}
    assert (await served.get("/metrics", headers=wrong)).status == 401
    assert (await served.get("/metrics", headers={"Authorization": METRICS_TOKEN})).status == 401
    right = await served.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert right.status == 200 and right.headers["Cache-Control"] == "no-store"


async def test_metrics_on_their_own_port_and_not_on_the_public_one(app):
    metrics = app.conversation.deps.metrics
    metrics.inc("pakn_events_total", "channel", "web")
    async with TestClient(TestServer(build_metrics_app(metrics, HttpOptions()),
                                     host="127.0.0.1")) as client:
        response = await client.get("/metrics")
        text = await response.text()
        assert response.status == 200 and 'pakn_events_total{channel="web"} 1' in text
        assert (await client.get("/healthz")).status == 404
    assert not serves_metrics_here("127.0.0.1", 9100, None)


@pytest.mark.parametrize(("host", "port", "token", "served_here"), [
    ("127.0.0.1", None, None, True), ("::1", None, None, True), ("localhost", None, None, True),
    ("0.0.0.0", None, None, False), ("10.0.0.5", None, None, False),
    ("0.0.0.0", None, "t" * 16, True), ("0.0.0.0", 9100, None, False),
    ("127.0.0.1", 9100, "t" * 16, False),
])
def test_metrics_without_a_port_or_token_are_served_only_on_loopback(host, port, token,
                                                                      served_here):
    assert serves_metrics_here(host, port, token) is served_here


async def test_a_health_failure_is_logged_once_per_change(app, served, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    real = app.engine

    class Down:
        def connect(self):
            raise ConnectionRefusedError("database down")

    assert (await served.get("/healthz")).status == 200
    monkeypatch.setattr(app, "engine", Down())
    for _ in range(3):
        assert (await served.get("/healthz")).status == 503
    monkeypatch.setattr(app, "engine", real)
    for _ in range(2):
        assert (await served.get("/healthz")).status == 200
    messages = [r.getMessage() for r in caplog.records if r.name == "bot.app.bootstrap"]
    assert messages == ["health check failed: the database does not answer "
                        "(ConnectionRefusedError)",
                        "health check passes again: the database answers"]
    assert not any(r.exc_info for r in caplog.records)


async def test_no_ticket_comes_from_a_forged_webhook(served, app, clock):
    update = {"update_id": 9, "message": {"message_id": 1, "date": 0, "text": "/tocao",
                                          "chat": {"id": 5, "type": "private"},
                                          "from": {"id": 5, "is_bot": False, "first_name": "A"}}}
    forged = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET[:-1] + "X"}
    assert (await served.post("/webhooks/telegram", json=update, headers=forged)).status == 403
    assert (await served.post("/webhooks/telegram", json=update)).status == 401
    assert await count(app, InboundUpdate) == 0 and await count(app, TicketRow) == 0


async def test_a_webhook_while_the_database_is_away_gets_503_and_one_log_line(
        served, caplog, monkeypatch):
    async def away(self, items):
        raise StoreUnavailable("ConnectionRefusedError")

    monkeypatch.setattr(Inbox, "store", away)
    caplog.set_level(logging.INFO)
    secret = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    for update_id in range(3):  # Telegram posts it again until it gets a 200
        response = await served.post("/webhooks/telegram", json={"update_id": update_id},
                                     headers=secret)
        assert response.status == 503
    assert tracebacks(caplog) == []
    assert [r.getMessage() for r in caplog.records if r.name == "handlers.http"] == [
        "POST /webhooks/telegram: the database is unavailable; answered 503 until it is back"]
