"""Following and chat-now events: an unfollow is recorded (the answers to a request still go,
the request for a rating does not) and a new follow clears it; opening the chat ("Nhắn tin")
is greeted once with the welcome, without creating anything for the officers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.core.messages import Channel, UserRef
from bot.core.ports import Officer
from db.models import TicketRow
from tests.core.test_staff_desk import give
from tests.handlers.zalo.conftest import ZaloCitizen, config_for, event, served
from tests.handlers.zalo.test_zalo_journey import file_request

OFFICER = 4201


async def unfollowed(app, user_id: str, expected: bool) -> bool:
    """Whether the citizen is recorded as no longer following, once it reads `expected`."""
    async with asyncio.timeout(10):
        while True:
            async with app.uow() as work:
                found = await work.citizens.unfollowed(UserRef(Channel.ZALO, user_id))
            if found == expected:
                return found
            await asyncio.sleep(0.02)


async def test_after_an_unfollow_the_answer_goes_but_no_rating_is_asked(app, zalo):
    citizen = ZaloCitizen(zalo, "811")
    code = await file_request(citizen)
    assert await zalo.post(event("unfollow", "811")) == 200
    assert await unfollowed(app, "811", True)
    async with app.uow() as work:
        await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer"))
        ticket = await work.tickets.by_code(code)
        await work.commit()
    result = "Điện lực đã thay bóng đèn ngày 02/12."
    await give(app.staff, OFFICER, f"st:close:{ticket.id}", result)
    await citizen.wait()
    assert code in citizen.text and "Điện lực đã thay bóng đèn" in citizen.text
    assert "đánh giá thế nào" not in citizen.text


async def test_a_citizen_who_follows_again_is_welcomed_and_no_longer_marked(app, zalo):
    citizen = ZaloCitizen(zalo, "813")
    await citizen.says("Xin chào")
    assert await zalo.post(event("unfollow", "813")) == 200
    assert await unfollowed(app, "813", True)
    await citizen.sends(event("follow", "813"))
    assert "Xin chào" in citizen.text and "Hỏi - Đáp" in citizen.text
    assert not await unfollowed(app, "813", False)


async def test_opening_the_chat_is_greeted_once_and_creates_nothing(app, zalo):
    citizen = ZaloCitizen(zalo, "812")
    await citizen.sends(event("user_click_chatnow", "812"))
    assert "Xin chào" in citizen.text and "Hỏi - Đáp" in citizen.text
    assert await zalo.post(event("user_click_chatnow", "812")) == 200  # Zalo sends it again
    await asyncio.sleep(0.5)
    sent = zalo.api.sent_to("812")
    assert len(sent) == len(citizen.replies) and sum("Xin chào" in s.text for s in sent) == 1
    async with app.uow() as work:
        assert await work.session.scalar(select(func.count()).select_from(TicketRow)) == 0


async def test_the_chat_now_welcome_is_once_a_day_in_hanoi_not_in_utc(app, clock, zalo_api):
    """Hà Nội is UTC+7: 23:30 and 00:30 there are two days; 00:30 and 07:30 are one."""
    async with served(app, zalo_api, config_for(zalo_api), clock=clock) as zalo:
        citizen = ZaloCitizen(zalo, "814")

        async def opens_chat_at(utc: datetime) -> int:
            clock.moment = utc  # the webhook takes events of its clock's minutes only
            stamp = str(int(utc.timestamp() * 1000))
            return await zalo.post(event("user_click_chatnow", "814") | {"timestamp": stamp})

        assert await opens_chat_at(datetime(2026, 3, 10, 16, 30, tzinfo=UTC)) == 200  # 23:30
        assert "Xin chào" in (await citizen.wait())[0].text
        assert await opens_chat_at(datetime(2026, 3, 10, 17, 30, tzinfo=UTC)) == 200  # 00:30
        assert "Xin chào" in (await citizen.wait())[0].text  # a new day in Hà Nội
        assert await opens_chat_at(datetime(2026, 3, 11, 0, 30, tzinfo=UTC)) == 200  # 07:30
        await asyncio.sleep(0.5)
        assert sum("Xin chào" in s.text for s in zalo.api.sent_to("814")) == 2
