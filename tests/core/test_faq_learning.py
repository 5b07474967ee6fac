"""The FAQ learns from use: a tapped suggestion is proposed as a variant, an objection
withdraws it, an admin's «Duyệt» makes the same question answered outright next time; an
officer answering a handed-over question with an entry proposes it too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.faq_learning import VariantSource, VariantStatus
from bot.core.messages import Channel, UserRef
from bot.core.ports import Officer
from tests.core.test_staff_desk import OFFICER, button, press, with_officers
from tests.transcript import Citizen

ADMIN = 3003
STAFF_CHAT = -100123
VAGUE = "chữ ký số"  # suggestions, not an answer
ENTRY_LABEL = "chữ ký số cá nhân"


@pytest.fixture
def app_settings():
    return {"telegram_staff_chat_id": STAFF_CHAT}


@pytest.fixture
async def desk(app):
    staff = await with_officers(app)
    async with app.uow() as work:
        await work.officers.add(Officer(ADMIN, "Lê Quản Trị", "admin"))
        await work.commit()
    return staff


async def proposals(app, status=None):
    async with app.uow() as work:
        return await work.variants.listed(status)


async def staff_messages(app) -> list:
    async with app.uow() as work:
        return await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(STAFF_CHAT)))


async def digest(app, clock, minutes: int = 11) -> list:
    """The admins' digest once the objection window (10 minutes) has closed."""
    clock.moment += timedelta(minutes=minutes)
    await app.variant_digest.run(clock.now())
    return await staff_messages(app)


async def tapped(app, user_id: str = "citizen-0001") -> Citizen:
    citizen = Citizen(app.conversation, user_id=user_id)
    await citizen.says(VAGUE)
    assert "Có phải Ông/Bà muốn hỏi" in citizen.text
    await citizen.presses(ENTRY_LABEL)
    return citizen


async def test_a_tapped_suggestion_is_proposed_to_the_admins_in_the_digest(app, desk, clock):
    await tapped(app)
    [proposal] = await proposals(app)
    assert (proposal.question, proposal.source, proposal.status, proposal.count) == (
        VAGUE, VariantSource.TAP, VariantStatus.PROPOSED, 1)
    assert await staff_messages(app) == []  # not posted at once
    [message] = await digest(app, clock)
    assert "cách hỏi khác, chờ duyệt" in message.text and f"Số 1. «{VAGUE}»" in message.text
    assert [b.text for b in message.buttons] == ["Duyệt số 1", "Bỏ qua số 1"]
    assert "Gần với:" in message.text and "công vụ" in message.text


async def test_the_same_question_from_another_citizen_is_counted(app, desk, clock):
    await tapped(app)
    await tapped(app, user_id="citizen-0002")
    [proposal] = await proposals(app)
    assert proposal.count == 2
    [message] = await digest(app, clock)
    assert "gặp 2 lần" in message.text
    await tapped(app, user_id="citizen-0003")
    assert len(await digest(app, clock)) == 1  # shown once, counted after


async def test_not_my_question_after_the_tap_withdraws_the_proposal(app, desk):
    citizen = await tapped(app)
    await citizen.presses("Không đúng câu hỏi của tôi")
    [proposal] = await proposals(app)
    assert proposal.status is VariantStatus.WITHDRAWN
    outcome = await press(desk, ADMIN, f"st:fv_ok:{proposal.id}")
    assert outcome.alert == "Đề xuất này không còn chờ duyệt."


async def test_approval_answers_the_same_question_outright_next_time(app, desk, clock):
    await tapped(app)
    [message] = await digest(app, clock)
    clock.moment += timedelta(minutes=30)
    [approve] = [b.payload for b in message.buttons if b.text == "Duyệt số 1"]
    outcome = await press(desk, ADMIN, approve)
    assert "Đã duyệt đề xuất số 1" in outcome.replies[0].text
    [proposal] = await proposals(app)
    assert (proposal.status, proposal.decided_by, proposal.decided_at) == (
        VariantStatus.APPROVED, f"officer:{ADMIN}", clock.moment)
    citizen = Citizen(app.conversation, user_id="citizen-0003")
    await citizen.says(VAGUE)
    assert "Có phải Ông/Bà muốn hỏi" not in citizen.text
    assert f"(Câu hỏi: Người dân muốn có {ENTRY_LABEL}" in citizen.text


async def test_only_an_admin_decides(app, desk):
    await tapped(app)
    outcome = await press(desk, OFFICER, "st:fv_ok:1")
    assert outcome.alert == "Chỉ quản trị viên được duyệt cách hỏi khác cho Hỏi - Đáp."
    [proposal] = await proposals(app)
    assert proposal.status is VariantStatus.PROPOSED


async def test_a_skipped_question_is_not_proposed_again(app, desk, clock):
    await tapped(app)
    assert len(await digest(app, clock)) == 1
    outcome = await press(desk, ADMIN, "st:fv_no:1")
    assert "Đã bỏ qua đề xuất số 1" in outcome.replies[0].text
    await tapped(app, user_id="citizen-0002")
    [proposal] = await proposals(app)
    assert proposal.status is VariantStatus.REJECTED and proposal.count == 2
    assert len(await digest(app, clock)) == 1


async def test_a_question_full_of_personal_data_is_never_proposed(app, desk):
    citizen = Citizen(app.conversation)
    await citizen.says("Tôi là Nguyễn Văn An, số 0912 345 678, hỏi về chữ ký số")
    await citizen.presses(ENTRY_LABEL)
    assert "Cá nhân đăng ký chữ ký số" in citizen.text  # answered all the same
    assert await proposals(app) == []


async def test_a_lightly_flagged_question_is_proposed_with_the_data_shown_removed(app, desk):
    citizen = Citizen(app.conversation)
    await citizen.says("Tôi là Nguyễn Văn An, xin hỏi về việc có chữ ký số và dùng chữ ký số")
    await citizen.presses(ENTRY_LABEL)
    [proposal] = await proposals(app)
    assert "Nguyễn Văn An" not in proposal.question
    assert "[đã xóa: họ tên]" in proposal.question


async def test_an_officer_answering_with_an_entry_proposes_the_question(app, desk, clock):
    citizen = Citizen(app.conversation)
    await citizen.says("Cho hỏi muốn làm chữ ký số cho cá nhân thì tôi đến đâu?")
    await citizen.presses("Không đúng câu hỏi của tôi")  # answered: the other entries
    await citizen.presses("Không đúng câu hỏi của tôi")  # suggested: the hand-over
    await citizen.presses("Gửi câu hỏi cho cán bộ")
    await citizen.presses("Đồng ý, gửi câu hỏi")
    card = await desk.card_for(1)
    assert "Trả lời bằng Hỏi - Đáp" in [b.text for b in card.reply.buttons]
    choices = await press(desk, OFFICER, "st:faq_answer:1")
    chosen = await press(desk, OFFICER, button(choices, ENTRY_LABEL))
    told = await app.conversation.take_pending(citizen.user)
    assert any("Cá nhân đăng ký chữ ký số" in reply.text for reply in told)
    [proposal] = await proposals(app)
    assert (proposal.source, proposal.ticket_id) == (VariantSource.OFFICER, 1)
    assert any(b.text == "Duyệt" for r in chosen.replies for b in r.buttons)
    assert await digest(app, clock) == []  # shown to the officer with its buttons: not again

