"""The web chat over real HTTP on loopback: the page, the API, bad input, health and metrics."""

from __future__ import annotations

import io

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from db.models import TicketRow
from handlers import webchat
from handlers.http import build_http_app

SESSION = "web-session-0001"


@pytest.fixture
async def client(app):
    http = build_http_app(webchat.routes(app.conversation), app.healthy,
                          app.conversation.deps.metrics)
    async with TestClient(TestServer(http, host="127.0.0.1")) as test_client:
        yield test_client


async def chat(client, **body):
    response = await client.post("/api/chat", json={"session": SESSION, **body})
    assert response.status == 200
    return (await response.json())["replies"]


async def test_page_is_served_in_vietnamese(client):
    response = await client.get("/")
    page = await response.text()
    assert response.status == 200 and 'lang="vi"' in page and "/api/chat" in page


async def test_start_payload_returns_menu_buttons(client):
    replies = await chat(client, payload="cmd:start")
    payloads = [b["payload"] for r in replies for b in r["buttons"]]
    assert "cmd:phananh" in payloads and replies[0]["text"].startswith("Xin chào")


async def test_a_request_filed_over_http_is_stored(client, app):
    await chat(client, text="/phananh")
    await chat(client, text="Wifi miễn phí ở công viên trung tâm không truy cập được.")
    await chat(client, payload="file:field:vien_thong")
    await chat(client, payload="file:skip")
    await chat(client, payload="file:consent:yes")
    await chat(client, payload="file:publish:no")
    replies = await chat(client, payload="file:confirm")
    assert "PA-2026-00001" in replies[0]["text"]
    async with app.uow() as work:
        assert await work.session.scalar(select(func.count()).select_from(TicketRow)) == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"\xff\xfe\x00", 400),
        (b"[1, 2]", 400),
        (b'{"text": "xin chao"}', 400),
        (b'{"session": "short", "text": "xin chao"}', 400),
        (b'{"session": "web-session-0001"}', 400),
        (b'{"session": "web-session-0001", "text": 42}', 400),
        (b'{"session": "web-session-0001", "payload": {"a": 1}}', 400),
        (b'{"session": "web-session-0001", "text": "' + b"a" * (1024 * 1024) + b'"}', 413),
    ],
)
async def test_bad_requests_get_a_4xx_and_change_nothing(client, app, body, status):
    response = await client.post("/api/chat", data=io.BytesIO(body),
                                 headers={"Content-Type": "application/json"})
    assert response.status == status
    assert "error" in await response.json()
    async with app.uow() as work:
        assert await work.session.scalar(select(func.count()).select_from(TicketRow)) == 0


async def test_control_characters_are_cleaned_not_fatal(client):
    replies = await chat(client, text="\x00\x1b\x07\u200e")
    assert "chưa đọc được" in replies[0]["text"]
    replies = await chat(client, text="/start\x00\x1b")
    assert replies[0]["text"].startswith("Xin chào")


async def test_pushed_messages_are_collected_once(client, app):
    from bot.core.messages import Channel, Reply, UserRef

    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.WEB, SESSION), Reply("Trả lời về PA-2026-00001"))
        await work.commit()
    first = await client.get("/api/chat/updates", params={"session": SESSION})
    assert [r["text"] for r in (await first.json())["replies"]] == ["Trả lời về PA-2026-00001"]
    second = await client.get("/api/chat/updates", params={"session": SESSION})
    assert (await second.json())["replies"] == []


async def test_health_and_metrics(client):
    await chat(client, text="/start")
    health = await client.get("/healthz")
    assert health.status == 200 and (await health.json())["status"] == "ok"
    metrics = await (await client.get("/metrics")).text()
    assert 'pakn_events_total{channel="web"} 1' in metrics


async def test_unknown_path_is_a_json_404(client):
    response = await client.get("/wp-admin")
    assert response.status == 404 and "error" in await response.json()


async def test_a_flooding_session_is_told_once_then_refused(app):
    from handlers.throttle import SlidingWindow

    http = build_http_app(webchat.routes(app.conversation, SlidingWindow(limit=3)),
                          app.healthy, app.conversation.deps.metrics)
    async with TestClient(TestServer(http, host="127.0.0.1")) as flood:
        for _ in range(3):
            assert (await flood.post("/api/chat", json={"session": SESSION, "text": "/help"})
                    ).status == 200
        warned = await flood.post("/api/chat", json={"session": SESSION, "text": "/help"})
        assert "gửi tin nhắn hơi nhanh" in (await warned.json())["replies"][0]["text"]
        dropped = await flood.post("/api/chat", json={"session": SESSION, "text": "/help"})
        assert dropped.status == 429
        other = await flood.post("/api/chat", json={"session": "another-session", "text": "/help"})
        assert other.status == 200
