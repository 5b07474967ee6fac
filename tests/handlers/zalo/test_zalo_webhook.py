"""The Zalo webhook: only signed events are taken, each message is answered once, and what a
citizen sends (text, a pressed button, a photo, a sticker, a follow) gets a fitting answer."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import func, select

from db.models import InboundUpdate
from tests.handlers.zalo.conftest import ZaloCitizen, event, signed

FAQ_QUESTION = "Bộ phận Một cửa của Sở tiếp nhận hồ sơ vào những ngày, giờ nào?"


async def stored(app) -> int:
    async with app.uow() as work:
        return await work.session.scalar(select(func.count()).select_from(InboundUpdate))


async def test_unsigned_or_wrongly_signed_events_are_refused_and_never_handled(app, zalo):
    payload = event("user_send_text", "701", text="/start")
    assert await zalo.post(payload, signature=None) == 401
    assert await zalo.post(payload, signature="mac=" + "0" * 64) == 401
    assert await zalo.post(payload, signature=signed(b"{}", payload["timestamp"])) == 401
    wrong_key = signed(b"x", payload["timestamp"], secret="not-the-oa-secret")
    assert await zalo.post(payload, signature=wrong_key) == 401
    response = await zalo.http.post("/webhooks/zalo", data=b"not json",
                                    headers={"X-ZEvent-Signature": "mac=00"})
    assert response.status == 401 and await response.text() == "unauthorized"
    await asyncio.sleep(0.3)
    assert zalo.api.calls == [] and await stored(app) == 0


async def test_a_question_gets_the_faq_answer_on_zalo(zalo):
    citizen = ZaloCitizen(zalo, "702")
    await citizen.says(FAQ_QUESTION)
    assert "giờ hành chính các ngày làm việc" in citizen.text
    assert "(Câu hỏi:" in citizen.text


async def test_an_event_posted_twice_is_answered_once(app, zalo):
    citizen = ZaloCitizen(zalo, "703")
    payload = event("user_send_text", "703", text="/start")
    assert await zalo.post(payload) == 200
    assert await zalo.post(payload) == 200
    await citizen.wait()
    assert citizen.text.startswith("Xin chào")
    await asyncio.sleep(0.3)
    assert len([s for s in zalo.api.sent_to("703") if s.text.startswith("Xin chào")]) == 1
    assert await stored(app) == 1


async def test_a_follow_is_welcomed_and_a_menu_button_works(zalo):
    citizen = ZaloCitizen(zalo, "704")
    await citizen.sends(event("follow", "704"))
    assert citizen.text.startswith("Xin chào")
    await citizen.presses("Tra cứu kết quả")
    assert citizen.replies and "Xin chào" not in citizen.text


async def test_photos_outside_a_request_and_stickers_get_a_polite_answer(zalo):
    citizen = ZaloCitizen(zalo, "705")
    photo = {"type": "image", "payload": {"thumbnail": "https://f.zalo.me/t.jpg",
                                          "url": "https://f.zalo.me/p.jpg"}}
    await citizen.sends(event("user_send_image", "705", attachments=[photo]))
    assert "tệp chỉ được lưu khi Ông/Bà gửi phản ánh" in citizen.text
    await citizen.sends(event("user_send_sticker", "705", attachments=[
        {"type": "sticker", "payload": {"id": "1", "url": "https://f.zalo.me/s.png"}}]))
    assert "chỉ đọc được chữ" in citizen.text


async def test_a_text_with_a_link_is_read_as_the_citizens_text(zalo):
    citizen = ZaloCitizen(zalo, "708")
    await citizen.says("/phananh")
    link = {"type": "link", "payload": {"url": "https://lua-dao.vn", "description": "Ưu đãi",
                                        "thumbnail": "https://f.zalo.me/t.jpg"}}
    text = "Trang https://lua-dao.vn mạo danh Sở để lừa người dân nộp tiền gia hạn giấy phép."
    await citizen.sends(event("user_send_link", "708", text=text, attachments=[link]))
    assert "thuộc lĩnh vực nào" in citizen.text


async def test_other_events_are_acknowledged_and_ignored(app, zalo):
    seen = event("user_seen_message", "706")
    assert await zalo.post(seen) == 200
    echo = event("oa_send_text", "706", text="an echo of our own message")
    assert await zalo.post(echo) == 200
    await asyncio.sleep(0.3)
    assert zalo.api.calls == [] and await stored(app) == 0


async def test_a_replayed_or_future_event_is_refused_even_when_signed(app, clock, monkeypatch):
    """Zalo posts an event at once; a signed event ten minutes old is a captured one sent
    again, and one from the future is forged against a wrong clock."""
    from aiohttp.test_utils import TestClient, TestServer

    from tests.handlers.endpoints import endpoints

    built = endpoints(app, clock)
    now_ms = int(clock.now().timestamp() * 1000)
    async with TestClient(TestServer(built.http, host="127.0.0.1")) as client:

        async def post(age_seconds: float) -> int:
            payload = event("user_send_text", "709", text="/start")
            payload["timestamp"] = str(now_ms - int(age_seconds * 1000))
            body = json.dumps(payload).encode()
            response = await client.post("/webhooks/zalo", data=body, headers={
                "X-ZEvent-Signature": signed(body, payload["timestamp"])})
            return response.status

        assert await post(10 * 60 + 1) == 401
        assert await post(-4 * 60) == 401
        assert await post(9 * 60) == 200
        assert await post(-2 * 60) == 200
    await built.close()
    assert await stored(app) == 2


async def test_an_unsigned_body_is_never_parsed(app, zalo, monkeypatch):
    from handlers.zalo import webhook

    parsed: list[bytes] = []
    real = webhook.parse_json
    monkeypatch.setattr(webhook, "parse_json", lambda body: parsed.append(body) or real(body))
    payload = event("user_send_text", "710", text="/start")
    assert await zalo.post(payload, signature="mac=" + "1" * 64) == 401
    assert await zalo.post({"event_name": "follow"}, signature=None) == 401
    assert parsed == []
    assert await zalo.post(payload) == 200 and len(parsed) == 1
