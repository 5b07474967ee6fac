"""Channels without files show a file's caption after the text: the web chat's JSON keeps its
shape for a picture (`{"text", "buttons"}`, no bytes; a document such as a drafted đơn also
comes as a download, tests/handlers/test_webchat.py), the terminal prints the caption."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.app.web_chat import web_chat_routes
from bot.core.messages import Button, Channel, FileKind, OutgoingFile, Reply, UserRef
from handlers.http import build_http_app
from handlers.rendering import numbered_text
from handlers.web_sessions import session_id

CHART = OutgoingFile("bieu-do.png", b"\x89PNG\r\n\x1a\n", FileKind.PHOTO, "Biểu đồ tháng 03/2026")


async def test_the_web_chat_shows_the_caption_and_keeps_its_json(app):
    http = build_http_app(web_chat_routes(app.settings, app.conversation, app.uow), app.healthy,
                          app.conversation.deps.metrics)
    async with TestClient(TestServer(http, host="127.0.0.1")) as client:
        token = (await (await client.post("/api/chat/session", json={})).json())["session"]
        citizen = UserRef(Channel.WEB, session_id(token))
        async with app.uow() as work:
            await work.outbox.add(citizen,
                                  Reply("Thống kê", (Button("Về menu", "cmd:start"),), CHART))
            await work.outbox.add(citizen, Reply("", file=CHART))
            await work.commit()
        response = await client.get("/api/chat/updates")
        assert response.status == 200
        assert await response.json() == {"replies": [
            {"text": "Thống kê\n\nBiểu đồ tháng 03/2026",
             "buttons": [{"text": "Về menu", "payload": "cmd:start"}]},
            {"text": "Biểu đồ tháng 03/2026", "buttons": []},
        ]}


def test_the_terminal_shows_the_caption():
    assert numbered_text(Reply("Thống kê", (Button("Về menu", "cmd:start"),), CHART)) == (
        "Thống kê\n\nBiểu đồ tháng 03/2026\n  1. Về menu")
    assert numbered_text(Reply("", file=CHART)) == "Biểu đồ tháng 03/2026"
