"""Someone chatting with the OA without following it (Zalo's anonymous events): asks the FAQ
and files a request like a follower, and is answered in their conversation, even days later;
a conversation Zalo has ended holds the answer and tells the officers."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.core.ports import Officer
from bot.core.staff.model import StaffEvent
from db.models import OutboxMessage
from tests.handlers.zalo.conftest import AnonymousCitizen, anonymous_event, config_for, served

OFFICER = 4101
QUESTION = "Bộ phận Một cửa của Sở tiếp nhận hồ sơ vào những ngày, giờ nào?"


@pytest.fixture
async def zalo(app, zalo_api):
    """The channel, its refusals told to the staff desk as in production."""
    async with served(app, zalo_api, config_for(zalo_api),
                      on_receipt=app.staff.on_receipt) as running:
        yield running


async def test_an_anonymous_question_is_answered_from_the_faq_in_its_conversation(zalo):
    citizen = AnonymousCitizen(zalo, "anon-7f3a", "conv-1")
    await citizen.says(QUESTION)
    assert "tiếp nhận hồ sơ trong giờ hành chính" in citizen.text
    assert {sent.conversation_id for sent in citizen.replies} == {"conv-1"}
    assert zalo.api.sent_to("anon:anon-7f3a") == []  # never as if it were a follower's id


async def test_an_anonymous_sticker_gets_the_polite_answer_in_its_conversation(zalo):
    citizen = AnonymousCitizen(zalo, "anon-2b7e", "conv-5")  # a sticker as the first message
    sticker = {"type": "sticker", "payload": {"id": "1", "url": "https://f.zalo.me/s.png"}}
    await citizen.sends(anonymous_event("anonymous_send_sticker", citizen.user_id,
                                        citizen.conversation, attachments=[sticker]))
    assert "chỉ đọc được chữ" in citizen.text
    assert {sent.conversation_id for sent in citizen.replies} == {"conv-5"}


async def file_request(citizen: AnonymousCitizen) -> str:
    await citizen.says("/phananh")
    await citizen.says("Đèn đường ở ngõ 12 phố Trần Phú bị hỏng ba tuần nay, rất tối.")
    await citizen.presses("Khác")
    photo = {"type": "image", "payload": {"url": "https://f.zalo.me/den-duong.jpg"}}
    await citizen.sends(anonymous_event("anonymous_send_image", citizen.user_id,
                                        citizen.conversation, attachments=[photo]))
    assert "Đã nhận 1/5 tệp" in citizen.text
    await citizen.presses("Xong")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    return citizen.text.split("Mã tra cứu: ")[1].split()[0]


async def answer(app, code: str, text: str) -> int:
    async with app.uow() as work:
        if await work.officers.get(OFFICER) is None:
            await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer"))
        ticket = await work.tickets.by_code(code)
        await work.commit()
    await app.staff.handle(StaffEvent(OFFICER, text=text, ticket_id=ticket.id))
    return ticket.id


async def test_an_anonymous_request_gets_its_code_and_later_the_officers_answer(app, zalo):
    citizen = AnonymousCitizen(zalo, "anon-91c2", "conv-2")
    code = await file_request(citizen)
    assert code.startswith("PA-")
    reply = "Đã báo Điện lực thay bóng đèn, dự kiến xong trong tuần này."
    await answer(app, code, reply)
    await citizen.wait()
    assert code in citizen.text and reply in citizen.text
    assert {sent.conversation_id for sent in citizen.replies} == {"conv-2"}


async def unreached(app, ticket_id: int) -> bool:
    """Whether the ticket's history says a message did not reach the citizen (waits a bit)."""
    async with asyncio.timeout(10):
        while True:
            async with app.uow() as work:
                if "citizen_unreached" in [e.kind for e in await work.tickets.history(ticket_id)]:
                    return True
            await asyncio.sleep(0.05)


async def test_an_ended_conversation_holds_the_answer_until_the_citizen_writes_again(app, zalo):
    citizen = AnonymousCitizen(zalo, "anon-5d10", "conv-3")
    code = await file_request(citizen)
    zalo.api.end_conversation("conv-3")
    reply = "Đèn đã được thay ngày hôm qua."
    ticket_id = await answer(app, code, reply)
    assert await unreached(app, ticket_id)  # refused once, not retried: the officers told
    async with app.uow() as work:
        held = await work.session.scalar(select(OutboxMessage.status).where(
            OutboxMessage.recipient == "anon:anon-5d10").order_by(OutboxMessage.id.desc()))
    assert held == "held"
    refused = [c for c in zalo.api.calls if c.conversation_id == "conv-3" and c.error]
    assert len(refused) == 1

    citizen.conversation = "conv-4"  # Zalo opened a new conversation when they came back
    await citizen.says("Xin chào")
    assert reply in citizen.text


async def test_a_sticker_from_a_returning_citizen_also_brings_the_held_answer(app, zalo):
    citizen = AnonymousCitizen(zalo, "anon-6e21", "conv-6")
    code = await file_request(citizen)
    zalo.api.end_conversation("conv-6")
    reply = "Cống đã được nạo vét xong."
    assert await unreached(app, await answer(app, code, reply))
    citizen.conversation = "conv-7"
    sticker = {"type": "sticker", "payload": {"id": "2", "url": "https://f.zalo.me/s.png"}}
    await citizen.sends(anonymous_event("anonymous_send_sticker", citizen.user_id,
                                        citizen.conversation, attachments=[sticker]))
    texts = [sent.text for sent in citizen.replies]
    while not any("vừa gửi lại" in text for text in texts):  # paced: the rest comes later
        await citizen.wait()
        texts += [sent.text for sent in citizen.replies]
    # The held answer first, then the sticker's answer and the word that it was sent again.
    assert reply in texts[0] and "chỉ đọc được chữ" in texts[1] and "vừa gửi lại" in texts[2]
