"""A denouncer's identity ends up in the sealed contacts table and nowhere else: not in drafts,
raw updates, sent messages, citizens, events, logs or metrics (Luật Tố cáo 2018 Đ8(3), Đ47)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app.scheduler import run_purge
from bot.core.messages import Channel
from bot.core.ports import Officer
from bot.core.staff.model import StaffEvent
from bot.relay.envelope import Envelope
from bot.relay.outbox import OutboxDispatcher, Policy
from db.models import OutboxMessage
from tests.core.requests import answer_elements, receive_signed_forms
from tests.core.test_staff_desk import answer_prompt
from tests.fakes.outbox import run_until
from tests.identity_scan import Identity, places_holding
from tests.transcript import Citizen

LEADER = 2002
DENOUNCER = Identity("Trần Thị Bình", "0912 468 135", "Thôn 3, xã Đông Sơn")
DRAFTER = Identity("Phạm Văn Dũng", "+84 903 111 222", "Số 7 ngõ Chùa, phường Bắc")
FAST = Policy(base_delay=0.01, max_delay=0.05, poll=0.02, max_attempts=3,
              lease=timedelta(seconds=5))


class RecordingSender:
    """Takes every message as delivered and keeps what it was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def pace(self, recipient: str) -> tuple[float, float]:
        return (100.0, 1000.0)

    def cost(self, envelope: Envelope) -> int:
        return 1

    async def send(self, envelope: Envelope) -> None:
        self.sent.append((envelope.recipient, envelope.reply.text))


async def pending_count(app) -> int:
    async with app.uow() as work:
        return await work.session.scalar(
            select(func.count()).select_from(OutboxMessage)
            .where(OutboxMessage.status == "pending", OutboxMessage.channel == "telegram"))


async def deliver_telegram(app) -> RecordingSender:
    """Runs the Telegram outbox until nothing is pending."""
    sender = RecordingSender()

    async def drained() -> bool:
        return not await pending_count(app)

    await run_until(OutboxDispatcher(Channel.TELEGRAM, app.uow, sender, FAST), drained)
    return sender


async def tell(citizen: Citizen, identity: Identity) -> None:
    await citizen.says("/tocao")
    await citizen.says("Cán bộ X nhận tiền để cấp phép sai quy định tại bộ phận một cửa.")
    await answer_elements(citizen, "/tocao")
    await citizen.presses("Thủ tục")
    assert "giữ bí mật" in citizen.text  # the notice comes before any personal detail
    await citizen.presses("Tôi đồng ý")
    await citizen.says(identity.name)
    await citizen.says(identity.phone)
    await citizen.says(identity.address)


@pytest.fixture
async def leader(app):
    async with app.uow() as work:
        await work.officers.add(Officer(LEADER, "Trần Lãnh Đạo", "leader"))
        await work.commit()


async def test_a_denouncer_is_found_only_in_the_sealed_contacts(app, clock, leader, caplog):
    for ours in ("bot", "db", "handlers", "faq"):
        caplog.set_level(logging.DEBUG, logger=ours)
    denouncer = Citizen(app.conversation, user_id="denouncer-0001")
    await tell(denouncer, DENOUNCER)
    await denouncer.presses("Xác nhận gửi")
    assert "TC-2026-00001" in denouncer.text
    await receive_signed_forms(app)
    drafter = Citizen(app.conversation, user_id="drafter-0002")
    await tell(drafter, DRAFTER)  # and walks away before confirming

    asked = await app.staff.handle(StaffEvent(LEADER, payload="st:reveal:1"))
    revealed = await answer_prompt(app.staff, LEADER, asked, "Cần xác minh người tố cáo")
    assert "TC-2026-00001" in revealed.replies[0].text
    await app.staff.handle(StaffEvent(LEADER, payload="st:claim:1"))
    await app.staff.handle(StaffEvent(LEADER, text="Đã tiếp nhận, đang xác minh.", ticket_id=1))
    # The scan sees what is still in use: a reveal waiting to be sent, a draft being written.
    assert await places_holding(app.engine, DENOUNCER) == {"outbox.body"}
    assert await places_holding(app.engine, DRAFTER) == {"conversations.data"}

    sent = await deliver_telegram(app)
    assert any(DENOUNCER.name in text for _, text in sent.sent)  # the leader did get the identity
    assert "xác minh" in "\n".join(r.text for r in await app.conversation.take_pending(
        denouncer.user))
    clock.moment += app.conversation.deps.draft_ttl
    report = await run_purge(app, clock)
    assert report is not None and report.drafts == 1

    # The sealed contact is encrypted at rest: the identity is in no column in clear, and
    # only the repository, holding the key, reads it back.
    assert await places_holding(app.engine, DENOUNCER) == set()
    assert await places_holding(app.engine, DRAFTER) == set()
    async with app.uow() as work:
        contact = await work.tickets.contact(1)
    assert contact is not None and contact.name == DENOUNCER.name
    logged = "\n".join(record.getMessage() for record in caplog.records)
    metrics = app.conversation.deps.metrics.render()
    for identity in (DENOUNCER, DRAFTER):
        assert not identity.found_in(logged) and not identity.found_in(metrics)


async def test_an_expired_draft_is_started_again_with_a_note(app, clock):
    drafter = Citizen(app.conversation, user_id="drafter-0002")
    await tell(drafter, DRAFTER)
    clock.moment += timedelta(hours=23, minutes=59)
    await drafter.says("gửi")  # within the day: the draft is still there
    assert "Xác nhận gửi" in drafter.buttons()
    clock.moment += timedelta(hours=24)
    await run_purge(app, clock)
    await drafter.presses("Xác nhận gửi")  # the summary's button, a day later
    assert "quá 24 giờ" in drafter.text and "bắt đầu lại" in drafter.text
    assert "Gửi tố cáo" in drafter.buttons()
    await drafter.says("/tocao")  # and may start again
    assert "quá 24 giờ" not in drafter.text and "tố cáo" in drafter.text
    assert await places_holding(app.engine, DRAFTER) == set()


async def test_a_stale_draft_expires_even_before_the_job_runs(app, clock):
    drafter = Citizen(app.conversation, user_id="drafter-0002")
    await tell(drafter, DRAFTER)
    clock.moment += timedelta(days=2)
    await drafter.says("/tracuu TC-2026-00001")  # a command still runs, after the note
    assert "quá 24 giờ" in drafter.text and "Không tìm thấy" in drafter.text
    assert await places_holding(app.engine, DRAFTER) == set()


async def test_a_question_kept_for_officers_is_forgotten_after_a_day(app, clock):
    asker = Citizen(app.conversation, user_id="asker-0003")
    await asker.says(f"Tôi là {DRAFTER.name}, số {DRAFTER.phone}: sân bóng xã có mở cửa không?")
    assert "Gửi câu hỏi cho cán bộ" in asker.buttons()
    assert await places_holding(app.engine, DRAFTER) == {"conversations.data"}
    clock.moment += timedelta(hours=24)
    await run_purge(app, clock)
    assert await places_holding(app.engine, DRAFTER) == set()
    await asker.presses("Gửi câu hỏi cho cán bộ")
    assert "hưa có câu hỏi nào" in asker.text
