"""Files in the outbox: a reply with a file survives the round trip through the database (base64
in the JSON body), an oversized file is left out with a log line (its caption goes instead), and
the Telegram sender uploads photos and documents (multipart) after the text, with the same
retry and resume as text, through the dispatcher too."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import select

from bot.core.messages import (
    MAX_FILE_BYTES,
    Button,
    Channel,
    FileKind,
    OutgoingFile,
    Reply,
    UserRef,
)
from bot.relay.envelope import Progress
from bot.relay.outbox import DeliveryError, OutboxDispatcher
from bot.relay.outbox_body import decode, encode
from db.models import OutboxMessage
from handlers.telegram.sender import MAX_CAPTION
from tests.fakes.bot_api import Upload
from tests.fakes.envelopes import envelope
from tests.handlers.telegram.test_telegram_delivery import FAST

CHART = OutgoingFile("thongke-2026-03.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
                     FileKind.PHOTO, "📊 Tiếp nhận và xử lý tháng 03/2026")
REPORT = OutgoingFile("bao-cao-pakn-2026-02.xlsx", b"PK\x03\x04" + b"\x00\xff" * 5000,
                      FileKind.DOCUMENT, "📑 Báo cáo tháng 02/2026")
LEADER, GROUP = 2002, -100777


async def queue(app, recipient: str, reply: Reply, **values) -> None:
    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.TELEGRAM, recipient), reply, **values)
        await work.commit()


async def bodies(app) -> list[dict]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [row.body for row in rows]


@pytest.mark.parametrize("reply", [
    Reply("", file=CHART),
    Reply("Thống kê tháng 03/2026", (Button("Về menu", "cmd:start"),), REPORT),
    Reply("Không có tệp"),
])
async def test_a_reply_with_a_file_survives_the_outbox(app, reply):
    web = UserRef(Channel.WEB, "web-session-0001")  # the channel whose replies are taken back
    async with app.uow() as work:
        await work.outbox.add(web, reply, dedupe_key="k")
        await work.outbox.add(web, reply, dedupe_key="k")  # once only, as for text
        await work.commit()
    async with app.uow() as work:
        assert await work.outbox.for_recipient(web) == [reply]
        await work.commit()
    assert decode(1, "telegram", "7", encode(reply, thread_id=7)).reply == reply


async def test_a_file_too_big_is_left_out_with_a_log_line(app, caplog):
    big = OutgoingFile("big.xlsx", b"x" * (MAX_FILE_BYTES + 1), FileKind.DOCUMENT, "Báo cáo")
    with caplog.at_level(logging.ERROR):
        await queue(app, str(LEADER), Reply("Tháng 02/2026", file=big))
    assert "big.xlsx left out" in caplog.text
    assert await bodies(app) == [{"text": "Tháng 02/2026\n\nBáo cáo", "buttons": []}]


async def test_a_photo_goes_with_sendphoto_into_the_topic(telegram):
    api, sender = telegram
    await sender.send(envelope(GROUP, Reply("", file=CHART), thread_id=55))
    (call,) = api.files(GROUP)
    assert call.method == "sendPhoto" and api.sent() == []
    assert call.params["photo"] == Upload(CHART.name, "application/octet-stream", CHART.content)
    assert call.params["caption"] == CHART.caption and call.params["message_thread_id"] == 55


async def test_a_document_comes_after_the_text_with_the_buttons(telegram):
    api, sender = telegram
    reply = Reply("Báo cáo tháng 02/2026", (Button("Về menu", "cmd:start"),), REPORT)
    await sender.send(envelope(LEADER, reply))
    assert [c.method for c in api.calls] == ["sendMessage", "sendDocument"]
    text, (document,) = api.sent(LEADER)[0], api.files(LEADER)
    assert text.params["text"] == reply.text and "reply_markup" not in text.params
    assert document.params["document"].filename == REPORT.name
    assert document.params["document"].content == REPORT.content
    assert document.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
        "cmd:start")


async def test_a_long_caption_is_cut_to_telegrams_limit(telegram):
    api, sender = telegram
    long = OutgoingFile("a.png", b"png", FileKind.PHOTO, "Chú thích " * 200)
    await sender.send(envelope(LEADER, Reply("", file=long)))
    caption = api.files(LEADER)[0].params["caption"]
    assert len(caption) == MAX_CAPTION and caption.endswith("…")


@pytest.mark.parametrize(("status", "retry_after", "permanent"),
                         [(429, 7, False), (502, None, False), (403, None, True)])
async def test_a_failed_upload_says_what_to_do_and_resumes_after_the_text(
        telegram, status, retry_after, permanent):
    api, sender = telegram
    reply = Reply("Báo cáo tháng 02/2026", file=REPORT)
    api.fail("sendDocument", status, retry_after=retry_after)
    with pytest.raises(DeliveryError) as raised:
        await sender.send(envelope(LEADER, reply))
    error = raised.value
    assert (error.retry_after, error.permanent, error.progress) == (
        retry_after, permanent, Progress(parts_sent=1))
    api.calls.clear()
    await sender.send(envelope(LEADER, reply, progress=error.progress))
    assert [c.method for c in api.calls] == ["sendDocument"]  # the text is not sent again


async def test_the_dispatcher_delivers_a_file_after_a_429(app, telegram):
    api, sender = telegram
    api.fail("sendPhoto", 429, retry_after=1)
    await queue(app, str(GROUP), Reply("Thống kê", file=CHART))
    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, sender, FAST)
    task = asyncio.create_task(dispatcher.run())
    try:
        async with asyncio.timeout(10):
            while not api.files(GROUP):
                await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert [c.method for c in api.calls if c.status == 200] == ["sendMessage", "sendPhoto"]
    assert len(api.of("sendPhoto")) == 2 and len(api.sent(GROUP)) == 1
