"""Property-based: whatever a stranger sends on any channel (any Unicode, huge or empty texts,
forged buttons naming other people's tickets, odd languages and files), a turn never fails, and
a ticket the sender does not own is never changed and never shown to them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.core.messages import Attachment, Channel, Incoming, UserRef
from tests.core.requests import answer_elements, choose_filer
from tests.transcript import Citizen

CONTENT = "Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay."
NAME, PHONE = "Nguyễn Văn Chủ", "0912 345 678"
OPEN_CODE, CLOSED_CODE = "KN-2026-00001", "PA-2026-00001"
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

codes = st.sampled_from([OPEN_CODE, CLOSED_CODE, "kn 2026 1", "pa-2026-1", "PA2026000001",
                         "TC-2026-00001", "1", "2"])
forged = st.one_of(
    st.builds(lambda p, c: f"{p}{c}", st.sampled_from(
        ["track:", "reply:", "rate:", "file:", "faq:", "ask:", "cmd:", "st:reveal:",
         "st:close:", "file:field:", ""]), st.one_of(codes, st.text(max_size=30))),
    st.builds(lambda c, n: f"rate:{c}:{n}", codes, st.integers(-2, 9)),
    st.sampled_from(["file:confirm", "file:consent:yes", "file:publish:yes", "file:done",
                     "file:skip", "ask:send", "ask:staff", "faq:wrong", "cmd:huy",
                     "cmd:tocao", "cmd:tracuu", "cmd:khieunai", "cmd:english"]),
)
texts = st.one_of(
    st.text(max_size=300),
    st.just(""),
    st.integers(3990, 6000).map(lambda n: "đ" * n),
    st.builds(lambda cmd, c: f"{cmd} {c}", st.sampled_from(
        ["/tracuu", "/hoidap", "/start", "/huy", "/tocao", "/note", "/"]), codes),
    st.sampled_from(["hủy", "/phananh", "/khieunai", CONTENT, NAME, PHONE]),
)
files = st.lists(st.builds(Attachment, st.sampled_from(["photo", "document", "video", "x"]),
                           st.text(max_size=40), st.one_of(st.none(), st.integers(-1, 10**9)),
                           st.one_of(st.none(), st.text(max_size=20)),
                           st.one_of(st.none(), st.text(max_size=40))), max_size=3)
languages = st.one_of(st.none(), st.sampled_from(["vi", "en", "fr", ""]), st.text(max_size=5))
anything = st.builds(
    lambda text, payload, attachments, language, name: dict(
        text=text, payload=payload, attachments=tuple(attachments), language=language,
        display_name=name),
    st.one_of(st.none(), texts), st.one_of(st.none(), forged), files, languages,
    st.one_of(st.none(), st.text(max_size=60)))
# Aimed at the owner's tickets: a command or a button naming one of them, alone.
aimed = st.one_of(
    st.builds(lambda cmd, code, language: dict(text=f"{cmd} {code}", language=language),
              st.sampled_from(["/tracuu", "/hoidap"]), codes, languages),
    st.builds(lambda prefix, code, language: dict(payload=f"{prefix}{code}", language=language),
              st.sampled_from(["track:", "reply:", "rate:"]), codes, languages),
    st.builds(lambda code, n: dict(payload=f"rate:{code}:{n}"), codes, st.integers(0, 6)),
    st.builds(lambda code: dict(text=code), codes),  # after /tracuu, or in a reply
)
events = st.one_of(aimed, anything)
senders = st.tuples(st.sampled_from([Channel.WEB, Channel.TELEGRAM, Channel.ZALO]),
                    st.sampled_from(["owner-0001", "stranger-1", "42", "", "x" * 200]))


async def file_khieu_nai(owner: Citizen) -> None:
    await owner.says("/khieunai")
    await owner.says(CONTENT)
    await answer_elements(owner, "/khieunai")
    await owner.presses("Khác")
    await owner.presses("Tôi đồng ý")
    await choose_filer(owner, "/khieunai")
    for value in (NAME, PHONE, "Số 5 đường Hùng Vương, phường Trung tâm"):
        await owner.says(value)
    await owner.presses("Không công khai")
    await owner.presses("Xác nhận gửi")


async def snapshot(app, code: str) -> tuple:
    """Everything stored about one ticket: the row, its contact and its history."""
    async with app.uow() as work:
        ticket = await work.tickets.by_code(code)
        contact = await work.tickets.contact(ticket.id)
        events_ = await work.tickets.history(ticket.id)
        history = [(e.kind, e.actor, e.text, e.data) for e in events_]
        return asdict(ticket), contact, history


@pytest.fixture
async def owned(app):
    """Citizen A's two tickets: a closed phản ánh and an open khiếu nại with contact details;
    what A sees when tracking each, which nobody else may see."""
    owner = Citizen(app.conversation, user_id="owner-0001")
    await owner.says("/phananh")
    await owner.says(CONTENT)
    await owner.presses("Viễn thông")
    await owner.presses("Tôi đồng ý")
    await owner.presses("Bỏ qua")
    await owner.presses("Không công khai")
    await owner.presses("Xác nhận gửi")
    await file_khieu_nai(owner)
    async with app.uow() as work:
        closed = await work.tickets.by_code(CLOSED_CODE)
        await work.tickets.update(closed.id, status="closed", resolved_at=closed.received_at)
        await work.commit()
    seen = {}
    for code in (OPEN_CODE, CLOSED_CODE):
        await owner.says(f"/tracuu {code}")
        seen[code] = owner.text
    return {code: await snapshot(app, code) for code in seen}, seen


@PROPERTY
@given(sender=senders, sequence=st.lists(events, min_size=1, max_size=5))
async def test_strangers_never_break_a_turn_nor_touch_others_tickets(app, owned, sender,
                                                                      sequence):
    channel, external_id = sender
    assume(not (channel is Channel.WEB and external_id == "owner-0001"))
    before, seen = owned
    user = UserRef(channel, external_id)
    for event in sequence:
        replies = await app.conversation.handle(Incoming(user, **event))
        assert replies and all(isinstance(r.text, str) and r.text for r in replies)
        said = "\n".join(r.text for r in replies)
        assert CONTENT not in said and NAME not in said
        assert all(view not in said for view in seen.values())
    assert "pakn_turn_errors_total{" not in app.conversation.deps.metrics.render()
    for code, stored in before.items():
        assert await snapshot(app, code) == stored


@PROPERTY
@given(sequence=st.lists(st.tuples(events, st.sampled_from([0, 0, 0, 1, 23, 24, 25, 72])),
                         min_size=1, max_size=6))
async def test_any_sequence_with_drafts_expiring_between_never_fails(app, clock, sequence):
    """The owner too, with hours passing between messages (drafts expire mid-flow)."""
    start = clock.moment
    owner = UserRef(Channel.TELEGRAM, "owner-0001")
    try:
        for event, hours in sequence:
            clock.moment += timedelta(hours=hours)
            replies = await app.conversation.handle(Incoming(owner, **event))
            assert replies and all(isinstance(r.text, str) and r.text for r in replies)
        assert "pakn_turn_errors_total{" not in app.conversation.deps.metrics.render()
    finally:
        clock.moment = start
