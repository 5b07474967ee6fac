"""Flooding the staff through the web chat: filings limited per client address (across all its
sessions) and per day, counted in the database; refused drafts are kept, not half-filed."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.app.web_chat import web_chat_routes
from bot.core.messages import Channel
from db.models import FilingLogEntry, OutboxMessage, TicketEvent, TicketRow
from handlers.http import build_http_app

STAFF_CHAT = -1001234567890
CODE = re.compile(r"TC-2026-\d{5}")
BEHIND_PROXY = {
    "web_trusted_proxy_header": "X-Forwarded-For",
    "web_trusted_proxies": "127.0.0.1, 10.0.0.0/8",  # the proxy chain: 10.9.9.9, then us
    "web_max_messages_per_minute": 10_000,  # this test is about filings, not message rate
    "telegram_staff_chat_id": STAFF_CHAT,
}


@pytest.fixture
async def server(app):
    http = build_http_app(web_chat_routes(app.settings, app.conversation, app.uow),
                          app.healthy, app.conversation.deps.metrics)
    async with TestServer(http, host="127.0.0.1") as test_server:
        yield test_server


class Browser:
    """One session (its own cookie jar) from one client address, behind the trusted proxy."""

    def __init__(self, server: TestServer, address: str) -> None:
        self.server, self.address = server, address
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def send(self, **body: str) -> str:
        response = await self.http.post(self.server.make_url("/api/chat"), json=body,
                                        headers={"X-Forwarded-For": f"{self.address}, 10.9.9.9"})
        assert response.status == 200
        return "\n".join(r["text"] for r in (await response.json())["replies"])

    async def draft_to_cao(self) -> None:
        """A complete tố cáo, up to its summary."""
        await self.send(text="/tocao")
        await self.send(text="Cán bộ xã nhận tiền của người dân khi làm thủ tục đất đai.")
        await self.send(payload="file:field:vien_thong")
        await self.send(payload="file:consent:yes")
        await self.send(text="Nguyễn Văn An")
        await self.send(text="0912345678")
        summary = await self.send(text="Số 12 đường Trần Phú, phường Hà Đông")
        assert "Cán bộ xã nhận tiền" in summary

    async def close(self) -> None:
        await self.http.close()


async def scalar(app, query):
    async with app.uow() as work:
        return await work.session.scalar(query)


async def browsers(server, addresses):
    opened = [Browser(server, address) for address in addresses]
    for browser in opened:
        await browser.draft_to_cao()
    return opened


@pytest.mark.parametrize("app_settings", [BEHIND_PROXY])
async def test_twenty_sessions_of_one_address_file_three_to_cao(app, server, clock, caplog):
    for name in ("bot", "handlers", "db"):
        caplog.set_level(logging.DEBUG, logger=name)
    flood = await browsers(server, ["203.0.113.7"] * 20)
    try:
        answers = await asyncio.gather(*(b.send(payload="file:confirm") for b in flood))
        filed = [a for a in answers if CODE.search(a)]
        refused = [a for a in answers if not CODE.search(a)]
        assert len(filed) == 3 and len(refused) == 17
        assert all("Ông/Bà" in a and "từ 10:00 ngày 10/03/2026" in a and "0200 3 800 800" in a
                   for a in refused)
        assert await scalar(app, select(func.count()).select_from(TicketRow)) == 3
        assert await scalar(app, select(func.count()).select_from(TicketEvent)) == 3
        assert await scalar(app, select(func.count()).select_from(OutboxMessage)) == 0
        metrics = app.conversation.deps.metrics.render()
        assert 'pakn_filings_refused_total{limit="hour"} 17' in metrics
        # The refused drafts are kept: an hour later, one press sends one.
        late = next(b for b, a in zip(flood, answers, strict=True) if not CODE.search(a))
        clock.moment += timedelta(hours=1)
        assert CODE.search(await late.send(payload="file:confirm"))
        assert await scalar(app, select(func.count()).select_from(TicketRow)) == 4
        # Another address is not held back by this one.
        other = (await browsers(server, ["198.51.100.20"]))[0]
        flood.append(other)
        assert CODE.search(await other.send(payload="file:confirm"))
    finally:
        await asyncio.gather(*(b.close() for b in flood))
    async with app.uow() as work:
        origins = list(await work.session.scalars(select(FilingLogEntry.origin)))
    assert len(origins) == 5 and len(set(origins)) == 2  # keyed hashes, never the address
    assert all(re.fullmatch(r"[0-9a-f]{32}", origin) for origin in origins)
    assert "203.0.113" not in caplog.text and "198.51.100" not in caplog.text


@pytest.mark.parametrize("app_settings", [{**BEHIND_PROXY, "web_max_filings_per_day": 2}])
async def test_the_daily_cap_refuses_politely_and_tells_the_staff_once(app, server, clock):
    people = await browsers(server, [f"203.0.113.{n}" for n in range(1, 6)])
    try:
        answers = [await b.send(payload="file:confirm") for b in people]
        assert [bool(CODE.search(a)) for a in answers] == [True, True, False, False, False]
        assert all("hôm nay Cổng trực tuyến đã tiếp nhận đủ" in a
                   and "từ 00:00 ngày 11/03/2026" in a for a in answers[2:])
        alerts = await scalar(app, select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.channel == str(Channel.TELEGRAM),
            OutboxMessage.recipient == str(STAFF_CHAT)))
        assert alerts == 1
        async with app.uow() as work:
            body = await work.session.scalar(select(OutboxMessage.body))
        assert "đã nhận đủ 2 yêu cầu trong ngày 10/03/2026" in body["text"]
        # The next day (01:00 on 11/3, within the draft's 24 hours) the kept draft goes through.
        clock.moment = clock.moment.replace(hour=18)
        assert CODE.search(await people[2].send(payload="file:confirm"))
    finally:
        await asyncio.gather(*(b.close() for b in people))


@pytest.mark.parametrize("app_settings", [{**BEHIND_PROXY, "web_max_messages_per_minute": 3}])
async def test_messages_are_limited_per_address_across_sessions(server):
    one = [Browser(server, "203.0.113.9") for _ in range(5)]
    other = Browser(server, "198.51.100.9")
    try:
        for browser in one[:3]:
            assert "Xin chào" in await browser.send(text="/start")
        assert re.search(r"nhanh quá.*đợi \d+ giây", await one[3].send(text="/start"))
        response = await one[4].http.post(server.make_url("/api/chat"), json={"text": "/start"},
                                          headers={"X-Forwarded-For": "203.0.113.9, 10.9.9.9"})
        assert response.status == 429
        assert "Xin chào" in await other.send(text="/start")
    finally:
        await asyncio.gather(*(b.close() for b in [*one, other]))
