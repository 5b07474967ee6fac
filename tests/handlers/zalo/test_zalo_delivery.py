"""Zalo delivery: the access token refreshed (and the refresh token rotated) when Zalo refuses
it, rate limits waited out, refusals for good not retried, buttons as Zalo buttons."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest
from sqlalchemy import select

from bot.core.messages import Button, Channel, Incoming, Reply, UserRef
from bot.relay.envelope import Progress
from bot.relay.outbox import DeliveryError
from db.models import OutboxMessage
from handlers.zalo.client import ZaloApiError, ZaloClient
from handlers.zalo.messages import PAYLOAD_PREFIX, zalo_messages
from handlers.zalo.sender import ZaloSender
from handlers.zalo.tokens import ZaloTokens
from tests.fakes.envelopes import envelope
from tests.fakes.zalo_api import APP_ID, APP_SECRET

HELLO = Reply("Xin chào")


async def queue(app, zalo, user_id: str, reply: Reply) -> None:
    """Queues `reply`, its text as dedupe key (the body goes once sent)."""
    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.ZALO, user_id), reply, dedupe_key=reply.text)
        await work.commit()
    zalo.channel.outbox.wake()


async def outcome(app, text: str) -> tuple[str, int]:
    async with asyncio.timeout(10):
        while True:
            async with app.uow() as work:
                row = await work.session.scalar(select(OutboxMessage).where(
                    OutboxMessage.dedupe_key == text))
                if row is not None and row.status != "pending":
                    return row.status, row.attempts
            await asyncio.sleep(0.02)


async def test_an_expired_token_is_refreshed_and_the_message_sent(app, zalo, caplog):
    caplog.set_level(logging.INFO)
    zalo.api.expire_token()
    await queue(app, zalo, "901", Reply("Trả lời về PA-2026-00001"))
    assert await outcome(app, "Trả lời về PA-2026-00001") == ("sent", 0)
    assert [s.text for s in zalo.api.sent_to("901")] == ["Trả lời về PA-2026-00001"]
    assert zalo.api.refreshes[0] == {"refresh_token": "refresh-0", "app_id": APP_ID,
                                     "grant_type": "refresh_token"}
    rotated = zalo.api.refresh_token
    zalo.api.expire_token()  # the next refresh must use the rotated refresh token
    await queue(app, zalo, "901", Reply("Hồ sơ PA-2026-00001 đã được thụ lý"))
    assert await outcome(app, "Hồ sơ PA-2026-00001 đã được thụ lý") == ("sent", 0)
    assert [r["refresh_token"] for r in zalo.api.refreshes] == ["refresh-0", rotated]
    logged = caplog.text
    assert "access-" not in logged and "refresh-" not in logged


async def test_a_user_zalo_will_not_reach_is_not_retried(app, zalo):
    zalo.api.fail(-213)  # the user does not follow the OA
    await queue(app, zalo, "902", Reply("Trả lời hồ sơ PA-2026-00002"))
    assert await outcome(app, "Trả lời hồ sơ PA-2026-00002") == ("failed", 0)
    assert len([c for c in zalo.api.calls if c.user_id == "902"]) == 1
    await queue(app, zalo, "903", Reply("Xin chào"))
    assert await outcome(app, "Xin chào") == ("sent", 0)


async def test_an_answer_zalo_refuses_after_7_silent_days_waits_for_the_citizen(app, zalo):
    """Zalo refuses messages to a citizen silent for 7 days (-230): an officer's answer is held,
    not dropped, and goes out, before the bot's reply, the moment the citizen writes again."""
    zalo.api.fail(-230)
    answer = Reply("Trả lời về PA-2026-00004: đã sửa đèn đường.", ref="answer:4", hold=True)
    await queue(app, zalo, "907", answer)
    assert await outcome(app, answer.text) == ("held", 0)
    await asyncio.sleep(0.3)
    assert zalo.api.sent_to("907") == []  # not retried while the citizen is out of reach

    replies = await app.conversation.handle(Incoming(UserRef(Channel.ZALO, "907"), text="alo"))
    assert "chưa đến được" in replies[-1].text  # the bot says so in its next reply
    zalo.channel.outbox.wake()
    assert await outcome(app, answer.text) == ("sent", 0)
    assert answer.text in zalo.api.sent_to("907")[0].message["text"]


async def test_a_refused_message_not_meant_to_wait_is_dropped(app, zalo):
    zalo.api.fail(-230)
    await queue(app, zalo, "908", Reply("Xin chào lần nữa"))
    assert await outcome(app, "Xin chào lần nữa") == ("failed", 0)


async def test_a_passing_failure_is_retried_until_sent(app, zalo):
    zalo.api.fail(-200, -200)
    await queue(app, zalo, "904", Reply("Trả lời hồ sơ PA-2026-00003"))
    assert await outcome(app, "Trả lời hồ sơ PA-2026-00003") == ("sent", 2)


@pytest.fixture
async def sender(zalo_api):
    async with aiohttp.ClientSession() as session:
        tokens = ZaloTokens(session, zalo_api.base, APP_ID, APP_SECRET,
                            zalo_api.access_token, zalo_api.refresh_token)
        yield ZaloSender(ZaloClient(session, zalo_api.base, tokens))


@pytest.mark.parametrize(("code", "retry_after", "permanent"),
                         [(-32, 60.0, False), (-213, None, True), (-230, None, True),
                          (-244, None, True), (-200, None, False), (-224, None, False)])
async def test_sender_says_what_a_zalo_error_means(zalo_api, sender, code, retry_after,
                                                   permanent):
    zalo_api.fail(code)
    with pytest.raises(DeliveryError) as raised:
        await sender.send(envelope("905", HELLO, channel=Channel.ZALO))
    assert (raised.value.retry_after, raised.value.permanent) == (retry_after, permanent)


async def test_a_spent_refresh_token_waits_for_the_operator(zalo_api, sender):
    zalo_api.expire_token()
    zalo_api.refresh_token = "already-used-elsewhere"
    with pytest.raises(DeliveryError) as raised:
        await sender.send(envelope("906", HELLO, channel=Channel.ZALO))
    assert not raised.value.permanent and "refresh" in str(raised.value)
    assert "refresh-0" not in str(raised.value)


async def test_buttons_are_zalo_buttons_that_send_their_payload_back(zalo_api, sender):
    reply = Reply("Bạn có đồng ý?",
                  (Button("Tôi đồng ý", "file:c:y"), Button("Không", "file:c:n")))
    await sender.send(envelope("907", reply, channel=Channel.ZALO))
    [sent] = zalo_api.sent_to("907")
    assert sent.text == "Bạn có đồng ý?"
    assert sent.buttons == [
        {"title": "Tôi đồng ý", "type": "oa.query.hide", "payload": PAYLOAD_PREFIX + "file:c:y"},
        {"title": "Không", "type": "oa.query.hide", "payload": PAYLOAD_PREFIX + "file:c:n"}]


def test_many_buttons_and_long_texts_are_split_into_several_messages():
    buttons = [Button(f"Lựa chọn {n}", f"cmd:{n}") for n in range(7)]
    first, second = zalo_messages("Mời bạn chọn:", buttons)
    assert first["text"] == "Mời bạn chọn:" and second["text"] == "…"
    assert len(first["attachment"]["payload"]["buttons"]) == 5
    assert [b["title"] for b in second["attachment"]["payload"]["buttons"]] == [
        "Lựa chọn 5", "Lựa chọn 6"]
    long = zalo_messages("Câu trả lời dài. " * 300, buttons[:1])
    assert len(long) == 3 and all(len(m["text"]) <= 2000 for m in long)
    assert "attachment" in long[-1] and "attachment" not in long[0]


async def test_a_split_message_resumes_after_the_pieces_already_sent(zalo_api, sender):
    reply = Reply("Câu trả lời dài. " * 300)
    zalo_api.fail(0, -200)  # the first piece goes, the second fails
    with pytest.raises(DeliveryError) as raised:
        await sender.send(envelope("908", reply, channel=Channel.ZALO))
    assert raised.value.progress == Progress(parts_sent=1)
    await sender.send(envelope("908", reply, progress=Progress(parts_sent=1),
                               channel=Channel.ZALO))
    assert len(zalo_api.sent_to("908")) == 3


async def test_what_the_codec_sends_stays_within_zalos_limits(zalo_api, sender):
    titles = ["Cung cấp thông tin về một vụ việc " * 5, *(f"Lựa chọn {n}" for n in range(11))]
    reply = Reply("Nội dung rất dài. " * 400, tuple(Button(t, f"cmd:{n}")
                                                  for n, t in enumerate(titles)))
    await sender.send(envelope("909", reply, channel=Channel.ZALO))
    assert [c.error for c in zalo_api.calls] == [0] * len(zalo_api.calls)
    assert sum(len(s.buttons) for s in zalo_api.sent_to("909")) == 12
    with pytest.raises(ZaloApiError) as raised:  # the stand-in refuses as Zalo does
        await sender.client.send_message("909", {"text": "x" * 2001})
    assert raised.value.code == -210
