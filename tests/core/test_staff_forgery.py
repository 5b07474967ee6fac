"""Forged input to the staff desk (random `st:` payloads, other tickets' ids, random Unicode
text, from officers and from strangers): no exception, and no ticket changes unless the action
is a legitimate one on it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.core.staff.model import StaffEvent
from db.models import OutboxMessage
from tests.core.test_staff_desk import (
    LEADER,
    OFFICER,
    STRANGER,
    file,
    with_officers,
)


@pytest.fixture
async def desk(app):
    return await with_officers(app)


RANDOM = settings(max_examples=60, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])
WORDS = ["claim", "accept", "decline", "forward", "extend", "close", "reply", "note", "transfer",
         "history", "reveal", "faq_new", "faq_variant", "faq_add", "unit", "to", "phone", "send",
         "edit", "cancel", "pub", "pub_send", "pub_q", "pub_a", "pub_field", "pub_ok", "pub_no",
         "pub_off", "", "st", "1", "０"]
# Actions that change a ticket at once when legitimate: only forged here (no such ticket).
CHANGING = {"claim", "accept", "unit", "to", "phone"}
ids = st.one_of(st.integers(-3, 10**20).map(str), st.text(max_size=6),
                st.sampled_from(["1", "2", "3", "²", "١", "1e3", " 1", "01"]))
payloads = st.one_of(
    st.text(max_size=80).map(lambda t: "st:" + t),
    st.text(max_size=80),
    st.tuples(st.sampled_from(WORDS), ids, st.text(max_size=20)).map(
        lambda p: f"st:{p[0]}:{p[1]}:{p[2]}"),
    st.tuples(st.sampled_from(WORDS), ids).map(lambda p: f"st:{p[0]}:{p[1]}"),
)
texts = st.one_of(st.text(max_size=200), st.sampled_from(
    ["/huy", "/huydangky", "/dangky admin", "/note", "/note x", "/quahan", "/thongke 2026-13",
     "/thongke ²⁰²⁶-0١", "Nội dung trả lời", "/close 1"]))
others = st.one_of(st.none(), st.integers(-(2**40), 2**40))


async def snapshot(app) -> tuple:
    """Every ticket's state, its events, and everything queued for citizens."""
    async with app.uow() as work:
        tickets = []
        for ticket_id in (1, 2, 3):
            ticket = await work.tickets.get(ticket_id)
            tickets.append((ticket.status, ticket.assignee_id, ticket.unit, ticket.due_at,
                            ticket.extensions_used, ticket.resolved_at,
                            len(await work.tickets.history(ticket_id))))
        queued = await work.session.scalar(
            select(func.count()).select_from(OutboxMessage)
            .where(~OutboxMessage.recipient.in_(["-100500", str(LEADER), str(OFFICER)])))
        return tuple(tickets), queued, len(await work.faq.all())


async def three_tickets(app, desk):
    """Once per test (examples share the database): A, B and a sealed tố cáo, cards posted;
    the officer has a pending close on A that no stray text may complete."""
    async with app.uow() as work:
        if await work.tickets.get(1) is not None:
            return
    await file(app, "/phananh", user_id="citizen-a", contact=["Trần Văn An", "0911111111",
                                                              "Số 1 Lê Lợi, Huế"])
    await file(app, "/kiennghi", user_id="citizen-b")
    await file(app, "/tocao", user_id="citizen-c", contact=["Lê Văn Tố", "0912345678",
                                                           "Xã Đông, tỉnh Mẫu"])
    for ticket_id in (1, 2, 3):
        await desk.remember_card(ticket_id, -100500, None, 100 + ticket_id)
    await desk.handle(StaffEvent(OFFICER, payload="st:close:1"))


@RANDOM
@given(payload=st.one_of(st.none(), payloads), text=st.one_of(st.none(), texts),
       ticket_id=st.one_of(st.none(), st.sampled_from([1, 2, 3, 99])),
       reply_to=others, thread_id=others)
async def test_strangers_change_nothing_whatever_they_send(app, desk, payload, text,
                                                           ticket_id, reply_to, thread_id):
    await three_tickets(app, desk)
    before = await snapshot(app)
    outcome = await desk.handle(StaffEvent(STRANGER, text=text, payload=payload,
                                           ticket_id=ticket_id, reply_to=reply_to,
                                           thread_id=thread_id))
    assert outcome.replies == [] and outcome.card is None
    assert await snapshot(app) == before


def forged(payload: str) -> bool:
    """A payload that is no legitimate change: an immediate action only on no real ticket."""
    action, _, rest = payload.removeprefix("st:").partition(":")
    ticket, _, argument = rest.partition(":")
    real = ticket.isascii() and ticket.isdigit() and 0 < int(ticket) <= 3
    if action in ("unit", "to") and argument in ("bcvt", "thanh_tra", "vien_thong",
                                                 str(OFFICER), str(LEADER)):
        return not real
    return not (payload.startswith("st:") and action in CHANGING and real)


@RANDOM
@given(officer=st.sampled_from([OFFICER, LEADER]), payload=payloads.filter(forged),
       text=texts, reply_to=others, thread_id=others)
@example(officer=OFFICER, payload="st:claim:²", text="/huy", reply_to=None, thread_id=None)
@example(officer=LEADER, payload="st:to:1:99999999999999999999", text="", reply_to=None,
         thread_id=None)
@example(officer=OFFICER, payload="st:send:1:", text="x", reply_to=101, thread_id=None)
@example(officer=OFFICER, payload="st:reply:1", text="", reply_to=None, thread_id=None)
async def test_officers_forged_buttons_and_stray_text_change_no_ticket(
        app, desk, officer, payload, text, reply_to, thread_id):
    await three_tickets(app, desk)
    before = await snapshot(app)
    await desk.handle(StaffEvent(officer, payload=payload))
    await desk.handle(StaffEvent(officer, text=text, reply_to=reply_to, thread_id=thread_id))
    assert await snapshot(app) == before
