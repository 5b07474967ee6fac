"""Files sent in the web chat and the follow page, over real HTTP on loopback: a photo is told
by its bytes, kept once under its SHA-256 in STORAGE_DIR and counted in the summary; what is
not a photo or PDF, or too big, is refused politely and leaves nothing on disk; look-ups
answer in JSON with the status only."""

from __future__ import annotations

import hashlib
import io

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app.web_chat import web_chat_routes
from db.models import TicketAttachment
from handlers.http import build_http_app

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 20


@pytest.fixture
def app_settings(tmp_path) -> dict[str, object]:
    return {"storage_dir": tmp_path / "files"}


@pytest.fixture
async def client(app):
    http = build_http_app(web_chat_routes(app.settings, app.conversation, app.uow), app.healthy,
                          app.conversation.deps.metrics)
    async with TestClient(TestServer(http, host="127.0.0.1")) as test_client:
        yield test_client


async def chat(client, **body):
    response = await client.post("/api/chat", json={**body, "files": True})
    assert response.status == 200
    return (await response.json())["replies"]


async def upload(client, content: bytes, name: str, **headers: str):
    form = aiohttp.FormData(quote_fields=False)  # as browsers send names
    form.add_field("language", "vi")
    form.add_field("file", io.BytesIO(content), filename=name, content_type="image/png")
    response = await client.post("/api/chat/upload", data=form, headers=headers)
    return response.status, await response.json()


async def up_to_the_files(client) -> None:
    await chat(client, text="/phananh")
    await chat(client, text="Wifi miễn phí ở công viên trung tâm không truy cập được.")
    replies = await chat(client, payload="file:field:vien_thong")
    assert "ảnh hoặc tài liệu" in replies[0]["text"]


def stored(app) -> list:
    return sorted(p for p in app.settings.storage_dir.rglob("*") if p.is_file())


async def test_a_photo_and_a_pdf_are_stored_by_hash_and_counted_in_the_summary(client, app):
    await up_to_the_files(client)
    status, body = await upload(client, PNG, "den-hong.png")
    assert status == 200 and "Đã nhận 1/5 tệp" in body["replies"][0]["text"]
    status, body = await upload(client, PDF, "C:\\Users\\An\\don.pdf")
    assert "Đã nhận 2/5 tệp" in body["replies"][0]["text"]
    digest = hashlib.sha256(PNG).hexdigest()
    files = stored(app)
    assert [p.relative_to(app.settings.storage_dir).as_posix() for p in files] == sorted(
        [f"{digest[:2]}/{digest}.png", f"{hashlib.sha256(PDF).hexdigest()[:2]}/"
         f"{hashlib.sha256(PDF).hexdigest()}.pdf"])
    await chat(client, payload="file:done")
    await chat(client, payload="file:consent:nocontact")
    summary = (await chat(client, payload="file:publish:no"))[0]["text"]
    assert "Tệp đính kèm: 2" in summary
    await chat(client, payload="file:confirm")
    async with app.uow() as work:
        rows = (await work.session.execute(select(
            TicketAttachment.kind, TicketAttachment.file_ref, TicketAttachment.name,
            TicketAttachment.mime).order_by(TicketAttachment.id))).all()
    assert [tuple(row) for row in rows] == [
        ("photo", f"stored:{digest}.png", "den-hong.png", "image/png"),
        ("document", f"stored:{hashlib.sha256(PDF).hexdigest()}.pdf", "don.pdf",
         "application/pdf")]


async def test_what_is_not_a_photo_or_pdf_is_refused_by_its_bytes(client, app):
    await up_to_the_files(client)
    status, body = await upload(client, b"MZ\x90\x00 this is a program", "anh-chup.png")
    assert status == 200
    assert "không phải ảnh" in body["replies"][0]["text"] and "anh-chup.png" in \
        body["replies"][0]["text"]
    assert stored(app) == []


async def test_a_file_over_the_limit_is_refused_politely_and_not_kept(client, app):
    await up_to_the_files(client)
    too_big = PNG + b"\x00" * (app.conversation.deps.limits.max_attachment_mb * 1024 * 1024)
    status, body = await upload(client, too_big, "anh-lon.png")
    assert status == 200 and "lớn hơn 20 MB" in body["replies"][0]["text"]
    assert stored(app) == []


async def test_a_file_outside_a_filing_is_not_kept(client, app):
    await chat(client, text="/start")
    status, body = await upload(client, PNG, "anh.png")
    assert status == 200 and "chỉ được lưu khi Ông/Bà gửi phản ánh" in body["replies"][0]["text"]
    assert stored(app) == []


async def test_uploads_from_another_site_or_not_multipart_are_refused(client):
    status, _ = await upload(client, PNG, "a.png", Origin="https://evil.example")
    assert status == 403
    response = await client.post("/api/chat/upload", json={"file": "x"})
    assert response.status == 415


async def test_the_follow_page_and_its_json(client, app):
    page = await client.get("/tra-cuu")
    assert page.status == 200 and "4 chữ số cuối" in await page.text()
    response = await client.post("/api/follow", json={"code": "PA-2026-00001",
                                                      "digits": "5678"})
    assert response.status == 404
    body = await response.json()
    assert body["outcome"] == "not_found" and "PA-2026-00001" in body["message"]
    response = await client.post("/api/follow", json={"token": "not-a-real-link-token-123"})
    assert response.status == 404 and "không còn hiệu lực" in (await response.json())["message"]
    refused = await client.post("/api/follow", data="code=PA-2026-00001&digits=5678",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert refused.status == 415


async def test_an_over_long_text_is_answered_politely(client):
    replies = await chat(client, text="a" * 5000)
    assert "dài quá 4000 ký tự" in replies[0]["text"]
