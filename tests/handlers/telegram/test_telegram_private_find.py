"""`/tim` in a private chat with the bot: an active officer's is answered there, and nothing goes
to the staff group; anyone else's (a citizen, a withdrawn officer) is a citizen's text like any
other, told nothing of the command or of tickets."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from bot.core.ports import Officer
from bot.core.tickets import TicketType
from db.models import InboundUpdate, OutboxMessage
from tests.core.test_staff_find import PHONE, add
from tests.handlers.telegram.through_channel import channel_handles

STAFF_CHAT, OFFICER, FORMER, CITIZEN = -100777, 1001, 1002, 42


def private(update_id: int, user_id: int, text: str) -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": "An", "language_code": "vi"}
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "from": user, "text": text,
        "chat": {"id": user_id, "type": "private", "first_name": "An"}}}


async def handled(app, *updates: dict) -> list[tuple[str, str]]:
    """Runs the updates through the Telegram channel; (recipient, text) of what it queued."""
    await channel_handles(app, *updates, staff=STAFF_CHAT)
    async with app.uow() as work:
        return [(m.recipient, m.body.get("text", "")) for m in await work.session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id))]


async def statuses(app) -> dict[str, str]:
    async with app.uow() as work:
        return {u.update_key: u.status for u in await work.session.scalars(select(InboundUpdate))}


async def found_by_phone(app, ticket_id: int) -> list[str]:
    async with app.uow() as work:
        return [e.actor for e in await work.tickets.history(ticket_id)
                if e.kind == "found_by_phone"]


@pytest.fixture
async def tickets(app) -> tuple[str, str]:
    """A phản ánh and a tố cáo with the same phone; an officer, and one withdrawn."""
    async with app.uow() as work:
        await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer"))
        await work.officers.add(Officer(FORMER, "Lê Đã Nghỉ", "officer"))
        assert await work.officers.remove(FORMER)
        await work.commit()
    return await add(app, TicketType.PHAN_ANH, days_ago=2), await add(app, TicketType.TO_CAO)


async def test_an_officers_private_tim_is_answered_in_the_private_chat_only(app, tickets):
    pa, tc = tickets
    queued = await handled(app, private(1, OFFICER, f"/tim {PHONE}"),
                           private(2, OFFICER, f"/tim@pakn_test_bot {PHONE[:4]} {PHONE[4:]}"))
    assert [recipient for recipient, _ in queued] == [str(OFFICER)] * 2
    for _, text in queued:
        lines = text.splitlines()
        assert lines[0] == "Hồ sơ có số điện thoại này (1, mới nhất trước):"
        assert lines[1].startswith(f"{pa} · phản ánh · ") and len(lines) == 2  # no group hint
        assert tc not in text  # a tố cáo is never found by phone, in private neither
    assert await statuses(app) == {"1": "staff", "2": "staff"}
    assert await found_by_phone(app, 1) == [f"officer:{OFFICER}"] * 2
    assert await found_by_phone(app, 2) == []


@pytest.mark.parametrize("who", [CITIZEN, FORMER])
async def test_anyone_elses_private_tim_is_a_citizens_text(app, tickets, who):
    pa, tc = tickets
    queued = await handled(app, private(1, who, f"/tim {PHONE}"), private(2, who, "/tim"))
    assert queued and {recipient for recipient, _ in queued} == {str(who)}
    texts = " ".join(text for _, text in queued)
    assert pa not in texts and tc not in texts and "số điện thoại này" not in texts
    assert "Cú pháp: /tim" not in texts
    assert await statuses(app) == {"1": "handled", "2": "handled"}  # the citizen conversation
    assert await found_by_phone(app, 1) == []


async def test_an_officers_other_private_messages_stay_with_the_citizen_conversation(app,
                                                                                   tickets):
    queued = await handled(app, private(1, OFFICER, f"/timkiem {PHONE}"),
                           private(2, OFFICER, "/quahan"))
    assert await statuses(app) == {"1": "handled", "2": "handled"}
    assert "Hồ sơ quá hạn" not in " ".join(text for _, text in queued)
    assert await found_by_phone(app, 1) == []


async def test_in_the_group_the_answer_by_phone_ends_with_the_hint(app, tickets):
    group = private(1, OFFICER, f"/tim {PHONE}")
    group["message"]["chat"] = {"id": STAFF_CHAT, "type": "supergroup", "title": "Cán bộ"}
    [(recipient, text)] = await handled(app, group)
    assert recipient == str(STAFF_CHAT)
    assert text.endswith("số điện thoại không hiện trong nhóm.") and "chat riêng" in text
