"""What the staff desk queues for the outbox: the card of a new ticket (once), the card's edit
with the action that changed it, and a notice to the group when a message to the citizen was
refused for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from db.models import OutboxMessage
from tests.core.test_staff_desk import OFFICER, file, press, say, with_officers

STAFF = -100500


@pytest.fixture
async def desk(app):
    return await with_officers(app)


async def to_group(app) -> list[SimpleNamespace]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == str(STAFF)).order_by(OutboxMessage.id))
        return [SimpleNamespace(dedupe_key=r.dedupe_key, body=r.body) for r in rows]


async def test_a_new_tickets_card_is_queued_once(app, desk):
    await file(app, "/phananh")
    assert await desk.queue_cards(STAFF) == 1
    assert await desk.queue_cards(STAFF) == 0  # queued already: not again
    [row] = await to_group(app)
    assert row.dedupe_key == "card:1" and row.body["card"]["topic"].startswith("PA-2026-00001")
    assert "Nhận xử lý" in [b["text"] for b in row.body["buttons"]]


async def test_an_action_queues_the_cards_edit_with_it(app, desk):
    await file(app, "/phananh")
    await desk.remember_card(1, STAFF, 77, 101)
    await press(desk, OFFICER, "st:claim:1")
    [edit] = await to_group(app)
    assert edit.body["card"]["edit_of"] == 101 and "Nguyễn Cán Bộ" in edit.body["text"]


async def test_a_notice_the_platform_refuses_for_good_is_told_to_the_group(app, desk):
    citizen = await file(app, "/phananh")
    await desk.remember_card(1, STAFF, 77, 101)
    await app.conversation.take_pending(citizen.user)
    await press(desk, OFFICER, "st:claim:1")
    await app.conversation.take_pending(citizen.user)  # the answer deadline
    await say(desk, OFFICER, "Cán bộ đã tiếp nhận và đang xác minh.", ticket_id=1)
    [notice] = await app.conversation.take_pending(citizen.user)
    assert notice.ref == "answer:1"
    await desk.on_receipt(notice.ref, None, False)  # e.g. Zalo -230, Telegram 403
    told = (await to_group(app))[-1]
    assert "không đến được người dân" in told.body["text"] and "PA-2026-00001" in told.body["text"]
    assert told.body["thread_id"] == 77
    async with app.uow() as work:
        assert "citizen_unreached" in [e.kind for e in await work.tickets.history(1)]


async def test_an_officer_who_told_the_citizen_by_phone_drops_the_held_answer(app, desk):
    citizen = await file(app, "/phananh")
    await desk.remember_card(1, STAFF, 77, 101)
    await app.conversation.take_pending(citizen.user)
    await press(desk, OFFICER, "st:claim:1")
    await app.conversation.take_pending(citizen.user)  # the answer deadline
    await say(desk, OFFICER, "Đèn đường đã được thay.", ticket_id=1)
    async with app.uow() as work:  # the platform refused it for now: held (bot/relay/outbox.py)
        # (the outbox stamps rows with the real time, whatever the test's clock says)
        [queued] = await work.outbox.claim(str(citizen.user.channel),
                                           datetime.now(UTC) + timedelta(minutes=1),
                                           timedelta(seconds=15))
        assert queued.reply.hold and queued.reply.ref == "answer:1"
        await work.outbox.hold(queued.id, "-230")
        await work.commit()
    await desk.on_receipt("answer:1", None, False)
    told = (await to_group(app))[-1]
    assert "nhắn lại" in told.body["text"]
    assert [b["payload"] for b in told.body["buttons"]] == ["st:handed:1"]

    done = await press(desk, OFFICER, "st:handed:1")
    assert "1 tin nhắn đang giữ sẽ không gửi nữa" in done.replies[0].text
    async with app.uow() as work:
        assert await work.outbox.release_held(citizen.user) == 0  # nothing left to send late
        assert "handed_over" in [e.kind for e in await work.tickets.history(1)]
    again = await press(desk, OFFICER, "st:handed:1")
    assert "không còn tin nhắn nào" in again.replies[0].text
