"""The outbox dispatcher and the Telegram sender: order per chat, retries on 429 and 5xx with
backoff, no retry on a refusal for good, split messages resumed where they stopped."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.messages import Button, Channel, Reply, UserRef
from bot.relay.envelope import Envelope, Progress
from bot.relay.outbox import DeliveryError, OutboxDispatcher, Policy
from db.models import OutboxMessage
from handlers.telegram.keyboards import pieces
from tests.fakes.envelopes import envelope

FAST = Policy(base_delay=0.01, max_delay=0.05, poll=0.02, max_attempts=4,
              lease=timedelta(seconds=5))


class ScriptedSender:
    """Fails as scripted (a list of errors per text), then records the delivery."""

    def __init__(self, script: dict[str, list[DeliveryError]] | None = None) -> None:
        self.script = script or {}
        self.sent: list[tuple[str, str]] = []
        self.tries: list[str] = []
        self.at: dict[str, list[float]] = {}  # when each text was tried (the loop's clock)

    def pace(self, recipient: str) -> tuple[float, float]:
        return (100.0, 1000.0)

    def cost(self, envelope: Envelope) -> int:
        return 1

    async def send(self, envelope: Envelope) -> None:
        text = envelope.reply.text
        self.tries.append(text)
        self.at.setdefault(text, []).append(asyncio.get_running_loop().time())
        errors = self.script.get(text, [])
        if errors:
            raise errors.pop(0)
        self.sent.append((envelope.recipient, text))


async def queue(app, recipient: str, *texts: str) -> None:
    """Queues one message per text, each text its dedupe key (bodies go once sent)."""
    async with app.uow() as work:
        for text in texts:
            await work.outbox.add(UserRef(Channel.TELEGRAM, recipient), Reply(text),
                                  dedupe_key=text)
        await work.commit()


async def deliver(app, sender, until, seconds: float = 5.0) -> None:
    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, sender, FAST)
    task = asyncio.create_task(dispatcher.run())
    try:
        async with asyncio.timeout(seconds):
            while not await until():
                await asyncio.sleep(0.01)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def statuses(app) -> dict[str, tuple[str, int]]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return {row.dedupe_key: (row.status, row.attempts) for row in rows}


async def test_messages_go_out_in_order_per_chat_and_are_marked_sent(app):
    await queue(app, "1", "a1", "a2", "a3")
    await queue(app, "2", "b1")
    sender = ScriptedSender({"a1": [DeliveryError("502")]})

    async def done():
        return all(s == "sent" for s, _ in (await statuses(app)).values())

    await deliver(app, sender, done)
    assert [t for r, t in sender.sent if r == "1"] == ["a1", "a2", "a3"]
    assert (await statuses(app))["a1"] == ("sent", 1)


async def test_retry_after_is_waited_and_not_counted_as_a_failure(app):
    await queue(app, "1", "x")
    sender = ScriptedSender({"x": [DeliveryError("429", retry_after=0.3)]})
    started = asyncio.get_running_loop().time()

    async def done():
        return bool(sender.sent)

    await deliver(app, sender, done)
    assert asyncio.get_running_loop().time() - started >= 0.3
    assert sender.tries == ["x", "x"]


async def test_refused_for_good_or_too_often_is_marked_failed(app):
    await queue(app, "1", "blocked", "flaky", "after")
    sender = ScriptedSender({"blocked": [DeliveryError("403", permanent=True)],
                             "flaky": [DeliveryError("500") for _ in range(10)]})

    async def done():
        return ("after", ) in [(t,) for _, t in sender.sent]

    await deliver(app, sender, done)
    result = await statuses(app)
    assert result["blocked"][0] == "failed" and result["flaky"][0] == "failed"
    assert sender.tries.count("blocked") == 1 and sender.tries.count("flaky") == FAST.max_attempts


@pytest.mark.parametrize(("status", "retry_after", "permanent", "unreachable"),
                         [(429, 7, False, False), (500, None, False, False),
                          (502, None, False, False), (403, None, True, True),
                          (400, None, True, False)])
async def test_sender_says_what_a_failure_means(telegram, status, retry_after, permanent,
                                                unreachable):
    api, sender = telegram
    api.fail("sendMessage", status, retry_after=retry_after)
    with pytest.raises(DeliveryError) as raised:
        await sender.send(envelope(42, Reply("Xin chào")))
    assert (raised.value.retry_after, raised.value.permanent) == (retry_after, permanent)
    assert raised.value.unreachable is unreachable  # a blocked bot: the message waits


async def test_a_split_message_resumes_after_the_pieces_already_sent(telegram):
    api, sender = telegram
    reply = Reply(("Câu trả lời dài. " * 250 + "\n\n") * 3, (Button("Về menu", "cmd:start"),))
    await sender.send(envelope(42, reply))
    total = len(pieces(reply.text, []))
    assert total >= 3 and len(api.sent(42)) == total
    assert api.sent(42)[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
        "cmd:start")
    api.fail("sendMessage", 500, count=1)
    api.calls.clear()
    with pytest.raises(DeliveryError) as raised:
        await sender.send(envelope(42, reply, progress=Progress(parts_sent=1)))
    assert raised.value.progress == Progress(parts_sent=1)
    await sender.send(envelope(42, reply, progress=raised.value.progress))
    assert len(api.sent(42)) == total - 1  # the first piece is not sent again


async def test_pacing_keeps_under_telegrams_limits_in_any_window(telegram):
    _, sender = telegram
    burst, rate = sender.pace("-100123")  # at most burst + rate x seconds in any window
    assert burst + rate * 60 < 20 and rate >= 12 / 60  # a group: 20 a minute
    burst, rate = sender.pace("42")
    assert rate <= 1.0 and burst <= 3  # a private chat: about one a second, short bursts
    policy = Policy()
    assert policy.burst + policy.per_second < 30 and policy.per_second >= 0.85 * 30  # the bot


async def test_a_deleted_forum_topic_still_gets_the_message_in_the_main_thread(telegram):
    api, sender = telegram
    api.fail("sendMessage", 400, description="Bad Request: message thread not found")
    await sender.send(envelope(-100500, Reply("Người dân bổ sung cho hồ sơ PA-2026-00001"),
                               thread_id=77))
    delivered = api.sent(-100500)
    assert len(delivered) == 1 and "message_thread_id" not in delivered[0].params
    assert "PA-2026-00001" in delivered[0].params["text"]


async def test_marked_messages_are_reported_sent_or_failed(app):
    async with app.uow() as work:
        for text, ref in (("prompt", "prompt:1:ab"), ("identity", "reveal:1:2"), ("plain", None)):
            await work.outbox.add(UserRef(Channel.TELEGRAM, "7"), Reply(text, ref=ref),
                                  dedupe_key=text)
        await work.commit()
    sender = ScriptedSender({"identity": [DeliveryError("403 Forbidden", permanent=True)]})
    reports: list[tuple[str, object, bool]] = []

    async def on_receipt(ref, sent, delivered):
        reports.append((ref, sent, delivered))

    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, sender, FAST)
    dispatcher.on_receipt = on_receipt
    task = asyncio.create_task(dispatcher.run())
    try:
        async with asyncio.timeout(5):
            while len(reports) < 2 or (await statuses(app))["plain"][0] != "sent":
                await asyncio.sleep(0.01)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert sorted(reports) == [("prompt:1:ab", None, True), ("reveal:1:2", None, False)]


async def test_the_sender_gives_back_the_message_id(telegram):
    api, sender = telegram
    message_id = await sender.send(envelope(-100500, Reply("Nhập kết quả")))
    assert message_id == api.sent(-100500)[-1].params["_message_id"]


async def test_a_429_pauses_every_chat_of_the_bot_for_retry_after(app, telegram):
    api, sender = telegram
    await queue(app, "1", "flooded")
    for chat in range(2, 12):
        await queue(app, str(chat), f"to {chat}")
    api.fail("sendMessage", 429, retry_after=2, chat_id=1)
    spread = Policy(per_second=20.0, burst=1.0, poll=0.02, lease=timedelta(seconds=5))
    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, sender, spread)
    task = asyncio.create_task(dispatcher.run())
    try:
        async with asyncio.timeout(15):
            while len(api.sent()) < 11:
                await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    flood = api.refused()[0].at
    # A send already on the wire when the 429 came back may land just after it; none later.
    during = [c for c in api.sent() if flood + 0.1 < c.at < flood + 2]
    assert during == [] and len(api.sent()) == 11
    assert [c.params["text"] for c in api.sent(1)] == ["flooded"]


async def test_a_flood_wait_of_one_chat_only_holds_that_chat(app):
    await queue(app, "1", "a1")
    await queue(app, "2", "b1")
    sender = ScriptedSender({"a1": [DeliveryError("slow mode", retry_after=0.5, chat_only=True)]})

    async def done():
        return len(sender.sent) == 2

    await deliver(app, sender, done)
    assert sender.sent == [("2", "b1"), ("1", "a1")]


async def test_a_bot_wide_flood_wait_holds_the_other_chats_too(app):
    await queue(app, "1", "a1")
    await queue(app, "2", "b1")
    sender = ScriptedSender({"a1": [DeliveryError("429", retry_after=0.5)]})

    async def done():
        return len(sender.sent) == 2

    await deliver(app, sender, done)
    assert sender.tries[0] == "a1" and len(sender.sent) == 2
    assert sender.at["b1"][0] >= sender.at["a1"][0] + 0.5
