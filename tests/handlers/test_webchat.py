"""The web chat over real HTTP on loopback: the page, the API, bad input, server-issued
sessions, health and metrics."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import event, func, select

from bot.app.web_chat import web_chat_routes
from bot.core.messages import Channel, Reply, UserRef
from db.models import TicketRow, WebSession
from handlers.http import STATIC, build_http_app
from handlers.web_sessions import COOKIE, session_id


def http_app(app):
    return build_http_app(web_chat_routes(app.settings, app.conversation, app.uow),
                          app.healthy, app.conversation.deps.metrics)


@pytest.fixture
async def client(app):
    async with TestClient(TestServer(http_app(app), host="127.0.0.1")) as test_client:
        yield test_client


async def chat(client, **body):
    response = await client.post("/api/chat", json=body)
    assert response.status == 200
    return (await response.json())["replies"]


def token_of(client) -> str:
    return next(c.value for c in client.session.cookie_jar if c.key == COOKIE)


async def push(app, token: str, text: str) -> None:
    """An officer's answer queued for the web session of `token`."""
    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.WEB, session_id(token)), Reply(text))
        await work.commit()


async def count(app, model) -> int:
    async with app.uow() as work:
        return await work.session.scalar(select(func.count()).select_from(model))


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
    await chat(client, payload="file:consent:yes")
    await chat(client, payload="file:skip")
    await chat(client, payload="file:publish:no")
    replies = await chat(client, payload="file:confirm")
    assert "PA-2026-00001" in replies[0]["text"]
    assert await count(app, TicketRow) == 1


PLACE = {"latitude": 21.028511, "longitude": 105.852041}  # Hồ Gươm, as a browser locates it


async def begin_phan_anh(client) -> None:
    await chat(client, text="/phananh")
    await chat(client, text="Cáp viễn thông bị đứt, treo thấp ngang đường Đinh Tiên Hoàng.")


async def summary_after_field(client) -> str:
    await chat(client, payload="file:field:vien_thong")
    await chat(client, payload="file:consent:yes")
    await chat(client, payload="file:skip")
    return (await chat(client, payload="file:publish:no"))[0]["text"]


async def test_a_location_the_browser_sends_while_filing_is_the_incident_s_place(client, app):
    await begin_phan_anh(client)
    replies = await chat(client, location=PLACE, language="vi", files=False)
    assert "Đã ghi nhận vị trí sự việc: 21.02851, 105.85204" in replies[0]["text"]
    assert "Vị trí sự việc: 21.02851, 105.85204" in await summary_after_field(client)
    replies = await chat(client, payload="file:confirm")
    assert "PA-2026-00001" in replies[0]["text"]
    async with app.uow() as work:
        details = await work.session.scalar(select(TicketRow.details))
    assert details["location"] == {"lat": 21.02851, "lon": 105.85204}


@pytest.mark.parametrize(
    "location",
    [
        b'{"latitude": 91, "longitude": 105.85}',
        b'{"latitude": 21.03, "longitude": -180.5}',
        b'{"latitude": NaN, "longitude": 105.85}',
        b'{"latitude": 21.03, "longitude": 1e999}',
        b'{"latitude": 1' + b"0" * 400 + b', "longitude": 105.85}',
        b'{"latitude": "21.03", "longitude": "105.85"}',
        b'{"latitude": true, "longitude": 105.85}',
        b'{"latitude": 21.03}',
        b'{"latitude": 21.03, "longitude": 105.85, "accuracy": 12}',
        b"[21.03, 105.85]",
        b'"21.03,105.85"',
    ],
)
async def test_a_location_that_is_not_a_point_is_refused_and_not_kept(client, location):
    """Refused like any bad body (400 and a JSON `error`); the next, good point is the first
    one kept, not a replacement."""
    await begin_phan_anh(client)
    response = await client.post("/api/chat", data=b'{"location": ' + location + b"}",
                                 headers={"Content-Type": "application/json"})
    assert response.status == 400 and "error" in await response.json()
    replies = await chat(client, location=PLACE)
    assert replies[0]["text"].startswith("Đã ghi nhận vị trí sự việc: 21.02851, 105.85204")


async def test_a_location_outside_a_filing_is_answered_politely(client):
    replies = await chat(client, location=PLACE)
    assert "chỉ nhận vị trí bản đồ khi Ông/Bà đang gửi phản ánh" in replies[0]["text"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"\xff\xfe\x00", 400),
        (b"[1, 2]", 400),
        (b'{"session": "web-session-0001"}', 400),
        (b'{"text": 42}', 400),
        (b'{"payload": {"a": 1}}', 400),
        (b'{"location": {"latitude": 21.03, "longitude": 105.85}, "text": "a"}', 400),
        (b'{"location": {"latitude": 21.03, "longitude": 200}}', 400),
        (b'{"text": "' + b"a" * (1024 * 1024) + b'"}', 413),
    ],
)
async def test_bad_requests_get_a_4xx_and_change_nothing(client, app, body, status):
    response = await client.post("/api/chat", data=io.BytesIO(body),
                                 headers={"Content-Type": "application/json"})
    assert response.status == status
    assert "error" in await response.json()
    assert await count(app, TicketRow) == 0 and await count(app, WebSession) == 0


async def test_control_characters_are_cleaned_not_fatal(client):
    replies = await chat(client, text="\x00\x1b\x07\u200e")
    assert "Chưa nhận được nội dung" in replies[0]["text"]  # nothing readable is an empty message
    replies = await chat(client, text="/start\x00\x1b")
    assert replies[0]["text"].startswith("Xin chào")


async def test_the_server_issues_the_session_in_an_http_only_cookie(client, app):
    response = await client.post("/api/chat", json={"text": "/start"})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and "Secure" not in cookie  # plain HTTP here
    assert "session" not in await response.json()  # the page's script never sees it
    token = token_of(client)
    assert len(token) >= 22  # 128 random bits
    second = await client.post("/api/chat", json={"text": "/help"})
    assert "Set-Cookie" not in second.headers  # the same session goes on
    assert await count(app, WebSession) == 1


async def test_pushed_messages_are_collected_once_without_the_session_in_the_url(client, app):
    await chat(client, text="/start")
    await push(app, token_of(client), "Trả lời về PA-2026-00001")
    first = await client.get("/api/chat/updates")
    assert [r["text"] for r in (await first.json())["replies"]] == ["Trả lời về PA-2026-00001"]
    second = await client.get("/api/chat/updates")
    assert (await second.json())["replies"] == []
    page = (STATIC / "chat.js").read_text(encoding="utf-8")
    assert "updates?" not in page and "localStorage.setItem" not in page


async def test_an_invented_or_stolen_id_reads_nothing_of_another_session(app, client):
    await chat(client, text="/start")
    victim = token_of(client)
    await push(app, victim, "Thư trả lời riêng của người dân")
    async with TestClient(TestServer(http_app(app), host="127.0.0.1")) as attacker:
        for query in ({"session": victim}, {"session": session_id(victim)}):
            polled = await attacker.get("/api/chat/updates", params=query)
            assert (await polled.json())["replies"] == []
        for forged in ("invented-session-01", session_id(victim)):
            attacker.session.cookie_jar.clear()
            polled = await attacker.get("/api/chat/updates", headers={"X-Chat-Session": forged})
            assert (await polled.json())["replies"] == []
            posted = await attacker.post("/api/chat", json={"session": forged, "text": "/start"})
            issued = (await posted.json())["session"]
            assert issued not in (forged, victim)  # a fresh session, not the value sent
        attacker.session.cookie_jar.clear()
        forged_cookie = await attacker.get("/api/chat/updates",
                                           headers={"Cookie": f"{COOKIE}=forged-cookie-value"})
        assert (await forged_cookie.json())["replies"] == []
    mine = await (await client.get("/api/chat/updates")).json()
    assert [r["text"] for r in mine["replies"]] == ["Thư trả lời riêng của người dân"]


async def test_an_api_client_gets_a_session_and_sends_it_back(client):
    issued = await client.post("/api/chat/session", json={})
    token = (await issued.json())["session"]
    client.session.cookie_jar.clear()
    await client.post("/api/chat", json={"session": token, "text": "/phananh"},
                      headers={"Cookie": ""})
    client.session.cookie_jar.clear()
    replies = await client.post("/api/chat", json={"session": token, "text": "huỷ"})
    body = await replies.json()
    assert body["session"] == token and "đã hủy" in body["replies"][0]["text"].lower()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "text/plain"}, 415),
        ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ({"Content-Type": "application/json", "Origin": "https://evil.example"}, 403),
        ({"Content-Type": "application/json", "Origin": "null"}, 403),
    ],
)
async def test_only_json_from_the_page_s_origin_is_taken(client, app, headers, status):
    response = await client.post("/api/chat", data=b'{"text": "/tocao"}', headers=headers)
    assert response.status == status and "error" in await response.json()
    assert await count(app, WebSession) == 0


async def test_the_page_s_own_origin_and_non_browser_clients_are_taken(client):
    own = f"http://{client.server.host}:{client.server.port}"
    for headers in ({"Origin": own}, {}):
        response = await client.post("/api/chat", json={"text": "/start"}, headers=headers)
        assert response.status == 200


@pytest.mark.parametrize("app_settings", [{"web_allowed_origins": "https://dichvucong.example.vn"}])
async def test_configured_origins_are_the_only_ones_taken(client):
    allowed = {"Origin": "https://dichvucong.example.vn"}
    assert (await client.post("/api/chat", json={"text": "/start"}, headers=allowed)).status == 200
    own = {"Origin": f"http://{client.server.host}:{client.server.port}"}
    assert (await client.post("/api/chat", json={"text": "/start"}, headers=own)).status == 403


async def test_polling_with_nothing_pending_takes_no_write_lock(client, app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the one-writer lock is SQLite's")
    await chat(client, text="/start")
    begins: list[str] = []
    listener = lambda _c, _cur, statement, *_: begins.append(statement)  # noqa: E731
    event.listen(app.engine.sync_engine, "before_cursor_execute", listener)
    try:
        for _ in range(3):
            assert (await (await client.get("/api/chat/updates")).json())["replies"] == []
    finally:
        event.remove(app.engine.sync_engine, "before_cursor_execute", listener)
    assert "BEGIN IMMEDIATE" not in begins and "BEGIN" in begins


async def test_health_and_metrics(client):
    await chat(client, text="/start")
    health = await client.get("/healthz")
    assert health.status == 200 and (await health.json())["status"] == "ok"
    metrics = await (await client.get("/metrics")).text()
    assert 'pakn_events_total{channel="web"} 1' in metrics


async def test_unknown_path_is_a_json_404(client):
    response = await client.get("/wp-admin")
    assert response.status == 404 and "error" in await response.json()


async def test_polling_is_limited_per_address(app):
    from bot.app.web_chat import StoredSessions
    from bot.relay.throttle import SlidingWindow
    from handlers import webchat

    config = webchat.WebChatConfig(polls=SlidingWindow(limit=2))
    routes = webchat.routes(app.conversation, StoredSessions(app.uow), config)
    http = build_http_app(routes, app.healthy, app.conversation.deps.metrics)
    async with TestClient(TestServer(http, host="127.0.0.1")) as poller:
        statuses = [(await poller.get("/api/chat/updates")).status for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("app_settings", [{"web_trusted_proxy_header": "X-Forwarded-For",
                                           "web_trusted_proxies": "127.0.0.1"}])
async def test_the_cookie_is_secure_behind_an_https_proxy(client):
    response = await client.post("/api/chat", json={"text": "/start"},
                                 headers={"X-Forwarded-Proto": "https",
                                          "X-Forwarded-For": "203.0.113.5"})
    assert "Secure" in response.headers["Set-Cookie"]


async def test_a_flood_is_told_how_long_to_wait_and_the_page_keeps_the_text(client):
    answers = [await client.post("/api/chat", json={"text": f"câu hỏi số {n}"})
               for n in range(40)]
    refused = [a for a in answers if a.status == 429]
    assert refused, "the per-address window refuses past its limit"
    body = await refused[0].json()
    assert body["retry_after"] >= 1 and refused[0].headers["Retry-After"] == str(
        body["retry_after"])
    assert f"đợi {body['retry_after']} giây" in body["replies"][0]["text"]
    page = (STATIC / "chat.js").read_text(encoding="utf-8")
    assert "function keep(text)" in page and "keep(echo)" in page


async def test_a_drafted_don_comes_as_files_the_page_offers_to_download(client):
    """The đơn of a khiếu nại reaches the web chat as DOCX and PDF (base64) beside its caption;
    chat.js turns them into download links."""
    import base64

    from docx import Document

    steps = [{"text": "/khieunai"},
             {"text": "Sở ra quyết định xử phạt tôi không đúng quy định về bưu chính."},
             {"payload": "file:el:1"}, {"text": "Thanh tra Sở Khoa học và Công nghệ"},
             {"text": "Quyết định số 9/QĐ-XPHC ngày 02/03/2026"}, {"text": "05/03/2026"},
             {"text": "Hủy quyết định xử phạt"}, {"payload": "file:el:no"},
             {"payload": "file:field:buu_chinh"}, {"payload": "file:consent:yes"},
             {"payload": "file:filer:person"}, {"text": "Nguyễn Văn Web"},
             {"payload": "file:skip"},
             {"text": "Số 2 đường Lê Lợi, phường Trung tâm"}, {"payload": "file:publish:no"}]
    for body in steps:
        await chat(client, **body)
    data = await chat(client, payload="file:confirm")
    files = {r["file"]["name"].rsplit(".", 1)[1]: r["file"] for r in data
             if "file" in r}
    assert set(files) == {"docx", "pdf"}
    assert files["pdf"]["mime"] == "application/pdf"
    document = Document(io.BytesIO(base64.b64decode(files["docx"]["data"])))
    assert any("Nguyễn Văn Web" in p.text for p in document.paragraphs)
    assert "download" in (STATIC / "chat.js").read_text(encoding="utf-8")


SIGNED_PDF = (b"%PDF-1.7\n1 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter "
              b"/adbe.pkcs7.detached /ByteRange [0 120 940 80] /Contents <3082>>>\nendobj\n"
              b"trailer <</Root 1 0 R>>\n%%EOF\n")


@pytest.mark.parametrize("app_settings", [
    {"storage_dir": Path(tempfile.gettempdir()) / "pakn-test-signed-don"}])
async def test_a_digitally_signed_pdf_uploaded_on_the_web_receives_the_khieu_nai(app, client):
    """Luật KN Đ8 with a digital signature: the upload, kept in STORAGE_DIR, is read back and
    its signature found, so the request is received at once and its clock runs."""
    from aiohttp import FormData

    steps = [{"text": "/khieunai"},
             {"text": "Sở ra quyết định xử phạt tôi không đúng quy định về bưu chính."},
             {"payload": "file:el:1"}, {"text": "Thanh tra Sở Khoa học và Công nghệ"},
             {"text": "Quyết định số 9/QĐ-XPHC ngày 02/03/2026"}, {"text": "05/03/2026"},
             {"text": "Hủy quyết định xử phạt"}, {"payload": "file:el:no"},
             {"payload": "file:field:buu_chinh"}, {"payload": "file:consent:yes"},
             {"payload": "file:filer:person"}, {"text": "Nguyễn Văn Ký"},
             {"payload": "file:skip"}, {"text": "Số 2 đường Lê Lợi, phường Trung tâm"},
             {"payload": "file:publish:no"}, {"payload": "file:confirm"},
             {"payload": "form:KN-2026-00001"}]
    for body in steps:
        await chat(client, **body)
    form = FormData()
    form.add_field("file", SIGNED_PDF, filename="don-da-ky.pdf",
                   content_type="application/pdf")
    response = await client.post("/api/chat/upload", data=form)
    text = "\n".join(r["text"] for r in (await response.json())["replies"])
    assert "chữ ký số" in text and "24/03/2026" in text
    async with app.uow() as work:
        ticket = await work.tickets.by_code("KN-2026-00001")
    assert ticket.status.value == "received" and ticket.due_at is not None


async def test_the_reply_that_asks_for_the_place_says_so_until_the_step_is_left(client):
    await chat(client, text="/phananh", language="vi", files=True)  # the page uploads
    await chat(client, text="Cột đèn trước số 12 phố Huế bị đổ ra lòng đường.")
    replies = await chat(client, text="Khác")
    assert [r.get("asks_location") for r in replies] == [True]
    replies = await chat(client, location=PLACE)  # taken, and asked again
    assert replies[-1].get("asks_location") and "ends_location_ask" not in replies[0]
    replies = await chat(client, text="Bỏ qua")
    assert replies[0].get("ends_location_ask") and not any(
        r.get("asks_location") for r in replies)
