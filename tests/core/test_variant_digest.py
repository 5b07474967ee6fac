"""The admins' daily digest of proposed FAQ variants: one message for the day's proposals, each
with its buttons; a tap shown only once the citizen could object, an objected one never; nothing
shown twice; a busy day in several messages, each one Telegram message, up to five of them,
with a line counting the rest."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.scheduler import run_variant_digest
from bot.core import variant_review
from bot.core.faq_learning import VariantSource, VariantStatus
from bot.core.messages import Channel, UserRef
from bot.core.ports import Officer
from bot.core.variant_digest import MAX_PARTS
from db.repositories.outbox import SqlOutboxRepository
from handlers.telegram.keyboards import MAX_TEXT, pieces
from tests.core.test_faq_learning import ADMIN, ENTRY_LABEL, VAGUE
from tests.core.test_staff_desk import press, with_officers
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


def numbers(message) -> list[int]:
    """The proposal numbers a digest message lists, in order."""
    return [int(n) for n in re.findall(r"^Số (\d+)\. «", message.text, re.MULTILINE)]


def within_one_telegram_message(message) -> bool:
    return (len(message.text) <= MAX_TEXT and len(message.buttons) <= 100
            and len(pieces(message.text, message.buttons)) == 1)


async def busy_day(app, clock, count: int, question: str | None = None) -> list[int]:
    """`count` proposals, asked once each, past their objection window."""
    texts = [f"{n} {question}" if question else f"{QUESTIONS[n % 3]} ({n})" for n in range(count)]
    ids = [await propose(app, text, ENTRIES[n % 3], clock.now()) for n, text in enumerate(texts)]
    clock.moment += timedelta(minutes=11)
    return ids


async def test_a_busy_day_goes_out_whole_in_several_messages_each_within_telegrams_limits(
        app, clock):
    ids = await busy_day(app, clock, 40)
    assert await run_variant_digest(app, clock) == 40
    messages = await staff_messages(app)
    total = len(messages)
    assert 1 < total <= MAX_PARTS
    for part, message in enumerate(messages, start=1):
        assert message.text.startswith(
            "📝 Hỏi - Đáp: 40 câu hỏi được đề xuất làm cách hỏi khác, chờ duyệt "
            f"(ngày 10/03/2026), phần {part}/{total}\n")
        assert ("Quản trị viên bấm «Duyệt số …»" in message.text) is (part == 1)
        assert within_one_telegram_message(message) and "Còn " not in message.text
        assert [b.payload for b in message.buttons] == [
            f"st:{name}:{n}" for n in numbers(message) for name in ("fv_ok", "fv_no")]
    # The numbers run on from part to part: each proposal once, in the digest's order.
    assert [n for message in messages for n in numbers(message)] == ids
    assert all((await announced(app)).values())
    assert await run_variant_digest(app, clock) == 0  # run again: nothing new
    assert len(await staff_messages(app)) == total


async def test_every_button_of_every_part_decides_its_proposal(app, clock):
    desk = await with_officers(app)
    async with app.uow() as work:
        await work.officers.add(Officer(ADMIN, "Lê Quản Trị", "admin"))
        await work.commit()
    await busy_day(app, clock, 40)
    await run_variant_digest(app, clock)
    messages = await staff_messages(app)
    assert len(messages) > 1
    for message in messages:
        pairs = zip(message.buttons[::2], message.buttons[1::2], strict=True)
        for number, (approve, skip) in zip(numbers(message), pairs, strict=True):
            assert (approve.text, skip.text) == (f"Duyệt số {number}", f"Bỏ qua số {number}")
            pressed, word = (approve, "duyệt") if number % 10 == 0 else (skip, "bỏ qua")
            outcome = await press(desk, ADMIN, pressed.payload)
            assert f"Đã {word} đề xuất số {number}" in outcome.replies[0].text
    async with app.uow() as work:
        statuses = Counter(p.status for p in await work.variants.listed())
    assert statuses == {VariantStatus.APPROVED: 4, VariantStatus.REJECTED: 36}


async def test_beyond_five_messages_the_rest_waits_for_the_next_digest(app, clock):
    long = "Cho tôi hỏi về thủ tục " + "rất dài và nhiều chi tiết, " * 20
    ids = await busy_day(app, clock, 60, long)
    shown = await run_variant_digest(app, clock)
    messages = await staff_messages(app)
    assert len(messages) == MAX_PARTS and 0 < shown < 60
    assert all(within_one_telegram_message(message) for message in messages)
    assert "…»" in messages[0].text  # each question shortened; the full one on the console
    assert [n for message in messages for n in numbers(message)] == ids[:shown]
    assert all("Còn " not in message.text for message in messages[:-1])
    assert messages[-1].text.endswith(
        f"Còn {60 - shown} đề xuất khác chờ duyệt, sẽ có trong bản tin ngày làm việc sau. Xem và "
        "duyệt ngay trên máy chủ bằng lệnh: pakn faq variants review")
    assert sum((await announced(app)).values()) == shown  # the rest wait for the next digest
    clock.moment += timedelta(days=1)
    assert await app.variant_digest.run(clock.now()) == min(shown, 60 - shown)
    later = (await staff_messages(app))[MAX_PARTS:]
    assert [n for message in later for n in numbers(message)] == ids[shown:2 * shown]


async def test_a_digest_that_fails_while_queued_posts_nothing_and_whole_next_time(
        app, clock, monkeypatch):
    """The database fails on the second part: no part is queued and nothing is marked shown,
    so the next run posts every part once."""
    await busy_day(app, clock, 40)
    add, calls = SqlOutboxRepository.add, []

    async def failing_second(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OSError("database gone")
        await add(self, *args, **kwargs)

    monkeypatch.setattr(SqlOutboxRepository, "add", failing_second)
    with pytest.raises(OSError):
        await app.variant_digest.run(clock.now())
    monkeypatch.setattr(SqlOutboxRepository, "add", add)
    assert await staff_messages(app) == [] and not any((await announced(app)).values())
    assert await app.variant_digest.run(clock.now()) == 40
    assert await app.variant_digest.run(clock.now()) == 0
    messages = await staff_messages(app)
    assert len(messages) > 1
    assert sorted(n for message in messages for n in numbers(message)) == list(range(1, 41))
