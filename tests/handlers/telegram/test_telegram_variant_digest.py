"""The admins' digest of proposed FAQ variants through the Telegram sender to the stand-in Bot
API, which refuses what Telegram refuses (over 4,096 characters, over 100 buttons): the day's
proposals arrive as one message with their buttons, a busy day as several, each accepted, one
that fails sent again alone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.messages import Button, Reply
from bot.core.variant_digest import MAX_PARTS
from bot.relay.outbox import DeliveryError
from tests.core.test_variant_digest import ENTRIES, QUESTIONS, STAFF_CHAT, propose
from tests.fakes.envelopes import envelope
from tests.handlers.telegram.test_telegram_delivery import deliver, statuses

LONG = "Cho tôi hỏi về thủ tục " + "rất dài và nhiều chi tiết, " * 20


@pytest.fixture
def app_settings():
    return {"telegram_staff_chat_id": STAFF_CHAT}


async def delivered(app, telegram) -> list:
    api, sender = telegram

    async def done() -> bool:
        return all(status in ("sent", "failed") for status, _ in (await statuses(app)).values())

    await deliver(app, sender, done)
    return api.of("sendMessage")


def buttons(call) -> list[str]:
    return [b["callback_data"] for row in call.params["reply_markup"]["inline_keyboard"]
            for b in row]


async def test_the_days_proposals_arrive_as_one_message_with_their_buttons(app, clock, telegram):
    for question, entry_id in zip(QUESTIONS, ENTRIES, strict=True):
        await propose(app, question, entry_id, clock.now())
    clock.moment += timedelta(minutes=11)
    assert await app.variant_digest.run(clock.now()) == 3
    [call] = await delivered(app, telegram)
    assert (call.status, call.params["chat_id"]) == (200, STAFF_CHAT)
    assert all(question in call.params["text"] for question in QUESTIONS)
    assert buttons(call) == [f"st:{name}:{n}" for n in (1, 2, 3) for name in ("fv_ok", "fv_no")]


async def test_a_busy_day_arrives_as_several_messages_telegram_accepts(app, clock, telegram):
    for number in range(60):
        await propose(app, f"{number} {LONG}", ENTRIES[number % 3], clock.now())
    clock.moment += timedelta(minutes=11)
    shown = await app.variant_digest.run(clock.now())
    calls = await delivered(app, telegram)
    assert len(calls) == MAX_PARTS and all(call.status == 200 for call in calls)
    assert [f"phần {part}/{MAX_PARTS}" in call.params["text"].split("\n")[0]
            for part, call in enumerate(calls, start=1)] == [True] * MAX_PARTS
    pressed = [payload for call in calls for payload in buttons(call)]
    assert pressed == [f"st:{name}:{n}" for n in range(1, shown + 1)
                       for name in ("fv_ok", "fv_no")]
    assert f"Còn {60 - shown} đề xuất khác chờ duyệt" in calls[-1].params["text"]


async def test_a_part_telegram_fails_is_sent_again_alone(app, clock, telegram):
    """Part 2 meets a 502: the outbox retries it; part 1 is not sent twice, nor queued again."""
    api, _ = telegram
    for number in range(40):
        await propose(app, f"{QUESTIONS[number % 3]} ({number})", ENTRIES[number % 3],
                      clock.now())
    clock.moment += timedelta(minutes=11)
    api.fail("sendMessage", 502, after=1)
    assert await app.variant_digest.run(clock.now()) == 40
    calls = await delivered(app, telegram)
    assert [call.status for call in calls[:3]] == [200, 502, 200]
    sent = [call for call in calls if call.status == 200]
    total = len(sent)
    assert [call.params["text"].split("\n")[0][-3:] for call in sent] == [
        f"{part}/{total}" for part in range(1, total + 1)]
    assert sorted(int(p.rsplit(":", 1)[1]) for call in sent for p in buttons(call)
                  if ":fv_ok:" in p) == list(range(1, 41))
    assert await app.variant_digest.run(clock.now()) == 0
    assert len(await delivered(app, telegram)) == len(calls)


async def test_the_stand_in_refuses_a_keyboard_telegram_would(telegram):
    api, sender = telegram
    many = tuple(Button(f"Duyệt số {n}", f"st:fv_ok:{n}") for n in range(101))
    with pytest.raises(DeliveryError):
        await sender.send(envelope(STAFF_CHAT, Reply("Đề xuất", many)))
    [call] = api.of("sendMessage")
    assert call.status == 400
