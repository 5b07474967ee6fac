"""An officer's button that ranks FAQ entries for a ticket's question («Thêm làm cách hỏi
khác», «Trả lời bằng Hỏi - Đáp», choosing the entry to answer with) ranks them before the
action's transaction: on SQLite, whose one writer takes turns, citizens' turns commit while the
sentence model works; the officer is offered the entries the action alone offers."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from bot.core import variant_review
from bot.core.faq_index import FaqIndex
from bot.core.messages import Channel, Incoming, UserRef
from bot.core.staff.desk import StaffDesk
from bot.core.staff.model import StaffEvent
from bot.relay.inbox import Inbox
from tests.core.test_faq_index import _entries, _until
from tests.core.test_staff_desk import OFFICER, give, say, with_officers
from tests.faq.fake_embedder import FakeEmbedder, GatedEmbedder
from tests.relay.test_question_before_turn import _relay, _texts
from tests.transcript import Citizen

STAFF_CHAT = -100123
QUESTION = "Sở có hỗ trợ doanh nghiệp khởi nghiệp sáng tạo đăng ký sáng chế không?"


async def _handed_over(app, closed: bool = False) -> None:
    """Ticket 1: the question a citizen handed to the officers, answered and closed or not."""
    citizen = Citizen(app.conversation)
    await citizen.says(QUESTION)
    await citizen.presses("Gửi câu hỏi cho cán bộ")
    await citizen.presses("Đồng ý, gửi câu hỏi")
    if closed:
        await say(app.staff, OFFICER, "Có, Sở hướng dẫn hồ sơ miễn phí.", ticket_id=1)
        await give(app.staff, OFFICER, "st:close:1", "Đã trả lời người dân qua kênh chat.")


def _desk(app, entries, embedder) -> StaffDesk:
    return StaffDesk(app.uow, replace(app.staff.deps, faq=FaqIndex(entries, embedder=embedder)))


async def _pressed_while_a_citizen_starts(app, entries, pressed: StaffEvent):
    """The officer's button pressed through the relay with the sentence model held; meanwhile a
    citizen sends /start, then the model is let go. The officer's outcome, the citizen's
    replies, the updates still pending while the model was held, and the embedder."""
    embedder = GatedEmbedder(timeout=5)
    desk = _desk(app, entries, embedder)
    inbox = Inbox("telegram", app.uow, app.conversation, desk=desk)
    await inbox.store([("staff-1", {"data": pressed.payload})])
    embedder.gate_queries = True
    acting = asyncio.create_task(inbox.turn(["staff-1"]).staff(desk, pressed, STAFF_CHAT, None))
    await _until(embedder.waiting)
    other = UserRef(Channel.TELEGRAM, "1002")
    welcome = await _relay(inbox, "citizen-1", Incoming(other, text="/start"))
    pending = [key for key, _ in await inbox.pending()]
    embedder.gate.set()
    return await acting, welcome, pending, embedder


@pytest.mark.parametrize(("action", "closed"), [("faq_answer", False), ("faq_variant", True)])
async def test_a_citizen_is_answered_while_an_officers_button_ranks_the_faq(app, action, closed):
    await with_officers(app)
    await _handed_over(app, closed)
    entries = await _entries(app)
    pressed = StaffEvent(OFFICER, payload=f"st:{action}:1")
    outcome, welcome, pending, embedder = await _pressed_while_a_citizen_starts(app, entries,
                                                                               pressed)

    # The ticket's question was in the sentence model; a citizen's /start was handled and
    # committed meanwhile (the gate opened only then).
    assert pending == ["staff-1"]
    assert embedder.opened == [True]  # False: the citizen waited for the officer's action
    assert len(embedder.queries) == 1  # ranked before the transaction, not again inside
    assert "Xin chào" in _texts(welcome)
    alone = await _desk(app, entries, FakeEmbedder()).handle(pressed)
    offered = [(b.text, b.payload) for r in outcome.replies for b in r.buttons]
    assert offered == [(b.text, b.payload) for r in alone.replies for b in r.buttons]
    assert len(offered) == 5 and outcome.alert is None


async def test_choosing_the_entry_ranks_the_proposed_variants_neighbours_before_the_action(app):
    """The handed-over question, proposed as the chosen entry's variant, is shown to the staff
    group with the other entries close to it: those are ranked before the transaction too."""
    await with_officers(app)
    await _handed_over(app)
    entries = await _entries(app)
    pressed = StaffEvent(OFFICER, payload=f"st:faq_reply:1:{entries[0].id}")
    outcome, welcome, _pending, embedder = await _pressed_while_a_citizen_starts(app, entries,
                                                                                pressed)

    assert embedder.opened == [True]  # False: the citizen waited for the officer's action
    assert len(embedder.queries) == 1  # ranked before the transaction, not again inside
    assert "Xin chào" in _texts(welcome)
    async with app.uow() as uow:
        [proposal] = await uow.variants.listed()
    alone = FaqIndex(entries, embedder=FakeEmbedder())
    close = await variant_review.neighbours(alone, app.staff.deps.catalog, proposal)
    shown = "\n".join(r.text for r in outcome.replies)
    assert len(close) == 2 and all(f"«{e.question}»" in shown for e in close)
