"""The admins' daily digest of proposed FAQ variants: one message for the day's proposals, each
with its buttons; a tap shown only once the citizen could object, an objected one never; nothing
shown twice; a long list cut to one Telegram message with a line counting the rest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app.scheduler import run_variant_digest
from bot.core import variant_review
from bot.core.faq_learning import VariantSource
from bot.core.messages import Channel, UserRef
from handlers.telegram.keyboards import MAX_TEXT, pieces
from tests.core.test_faq_learning import ENTRY_LABEL, VAGUE
from tests.transcript import Citizen

STAFF_CHAT = -100123
ENTRIES = ("mot-cua-gio-lam-viec", "dvc-nop-truc-tuyen", "dvc-tra-cuu-ho-so")
QUESTIONS = ("Một cửa mở cửa thứ bảy không", "nộp hồ sơ qua mạng thế nào",
             "hồ sơ của tôi đến đâu rồi")


@pytest.fixture
def app_settings():
    return {"telegram_staff_chat_id": STAFF_CHAT}


async def propose(app, question: str, entry_id: str, at: datetime,
                  source: VariantSource = VariantSource.TAP) -> int:
    async with app.uow() as work:
        proposal = await variant_review.propose(work, app.conversation.deps.catalog, question,
                                                entry_id, source, at)
        await work.commit()
    assert proposal is not None
    return proposal.id


async def staff_messages(app) -> list:
    async with app.uow() as work:
        return await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(STAFF_CHAT)))


async def announced(app) -> dict[int, bool]:
    async with app.uow() as work:
        return {p.id: p.announced_at is not None for p in await work.variants.listed()}


async def test_the_days_proposals_go_out_as_one_message_with_buttons_for_each(app, clock):
    for question, entry_id in zip(QUESTIONS, ENTRIES, strict=True):
        await propose(app, question, entry_id, clock.now())
    clock.moment += timedelta(minutes=11)
    assert await run_variant_digest(app, clock) == 3
    [message] = await staff_messages(app)
    assert "3 câu hỏi được đề xuất làm cách hỏi khác, chờ duyệt (ngày 10/03/2026)" in message.text
    for number, question in enumerate(QUESTIONS, start=1):
        assert f"Số {number}. «{question}»" in message.text
    assert "→ mục dvc-nop-truc-tuyen («Làm thế nào để nộp hồ sơ" in message.text
    assert [(b.text, b.payload) for b in message.buttons[:2]] == [
        ("Duyệt số 1", "st:fv_ok:1"), ("Bỏ qua số 1", "st:fv_no:1")]
    assert len(message.buttons) == 6 and "Còn " not in message.text
    assert len(pieces(message.text, message.buttons)) == 1  # one Telegram message


async def test_a_tap_waits_for_its_objection_window_to_close(app, clock):
    await propose(app, QUESTIONS[0], ENTRIES[0], clock.now())
    clock.moment += timedelta(minutes=9)
    assert await app.variant_digest.run(clock.now()) == 0
    assert await staff_messages(app) == []
    clock.moment += timedelta(minutes=2)
    assert await app.variant_digest.run(clock.now()) == 1


async def test_an_officers_proposal_needs_no_window(app, clock):
    await propose(app, QUESTIONS[0], ENTRIES[0], clock.now(), VariantSource.OFFICER)
    assert await app.variant_digest.run(clock.now()) == 1


async def test_a_question_the_citizen_objected_to_is_never_shown(app, clock):
    citizen = Citizen(app.conversation)
    await citizen.says(VAGUE)
    await citizen.presses(ENTRY_LABEL)
    clock.moment += timedelta(minutes=2)
    assert await app.variant_digest.run(clock.now()) == 0  # the citizen may still object
    clock.moment += timedelta(minutes=1)
    await citizen.presses("Không đúng câu hỏi của tôi")
    await propose(app, QUESTIONS[1], ENTRIES[1], clock.now())
    clock.moment += timedelta(minutes=11)
    assert await app.variant_digest.run(clock.now()) == 1
    [message] = await staff_messages(app)
    assert QUESTIONS[1] in message.text and VAGUE not in message.text
    clock.moment += timedelta(days=1)
    assert await app.variant_digest.run(clock.now()) == 0  # withdrawn: not later either


async def test_nothing_is_shown_twice(app, clock):
    await propose(app, QUESTIONS[0], ENTRIES[0], clock.now())
    clock.moment += timedelta(minutes=11)
    assert await app.variant_digest.run(clock.now()) == 1
    assert await app.variant_digest.run(clock.now()) == 0  # a second run the same day
    await propose(app, QUESTIONS[0], ENTRIES[0], clock.now())  # asked again: counted only
    await propose(app, QUESTIONS[1], ENTRIES[1], clock.now())
    clock.moment += timedelta(days=1)
    assert await app.variant_digest.run(clock.now()) == 1
    first, second = await staff_messages(app)
    assert QUESTIONS[0] in first.text and QUESTIONS[0] not in second.text
    assert "Số 2." in second.text and [b.payload for b in second.buttons] == [
        "st:fv_ok:2", "st:fv_no:2"]


async def test_a_proposal_decided_before_the_digest_is_not_shown(app, clock):
    proposal_id = await propose(app, QUESTIONS[0], ENTRIES[0], clock.now())
    async with app.uow() as work:
        await variant_review.reject(work, proposal_id, "cli", clock.now())
        await work.commit()
    clock.moment += timedelta(minutes=11)
    assert await app.variant_digest.run(clock.now()) == 0
    assert await staff_messages(app) == []


async def test_no_proposal_waiting_posts_nothing(app, clock):
    assert await app.variant_digest.run(clock.now()) == 0
    assert await staff_messages(app) == []


async def test_a_day_off_posts_nothing_and_the_next_working_day_shows_it(app, clock):
    sunday = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)  # 16:30 in Hà Nội
    await propose(app, QUESTIONS[0], ENTRIES[0], sunday - timedelta(hours=2))
    assert await app.variant_digest.run(sunday) == 0
    assert await app.variant_digest.run(sunday + timedelta(days=1)) == 1


async def test_a_long_list_is_cut_to_one_message_with_a_line_counting_the_rest(app, clock):
    long = "Cho tôi hỏi về thủ tục " + "rất dài và nhiều chi tiết, " * 20
    for number in range(40):
        await propose(app, f"{number} {long}", ENTRIES[number % 3], clock.now())
    clock.moment += timedelta(minutes=11)
    shown = await app.variant_digest.run(clock.now())
    [message] = await staff_messages(app)
    assert 0 < shown < 40 and len(message.buttons) == 2 * shown
    assert len(message.text) <= MAX_TEXT and len(pieces(message.text, message.buttons)) == 1
    assert message.text.endswith(f"Còn {40 - shown} đề xuất khác chờ duyệt, sẽ có trong bản tin "
                                 "ngày làm việc sau. Xem và duyệt ngay trên máy chủ bằng lệnh: "
                                 "pakn faq variants review")
    assert "…»" in message.text  # each question shortened; the full one on the console
    assert sum((await announced(app)).values()) == shown  # the rest wait for the next digest
    clock.moment += timedelta(days=1)
    assert await app.variant_digest.run(clock.now()) == min(shown, 40 - shown)
