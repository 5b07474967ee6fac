"""The outbox row's body, said once (bot/relay/outbox_body.py): what is queued comes back as the
same typed envelope, what went out is remembered, and a body written before envelopes existed
reads as it was meant."""

from __future__ import annotations

import base64

import pytest

from bot.core.messages import (
    MAX_FILE_BYTES,
    Button,
    CardPost,
    Channel,
    FileKind,
    OutgoingFile,
    Reply,
    Share,
    ShareKind,
    UserRef,
)
from bot.relay.envelope import Envelope, Progress
from bot.relay.outbox_body import decode, encode, encode_progress
from bot.relay.real_time import real_time
from db.models import OutboxMessage

CHART = OutgoingFile("thongke-2026-03.png", b"\x89PNG\r\n\x1a\n\x00\xff", FileKind.PHOTO,
                     "📊 Tiếp nhận và xử lý tháng 03/2026")
STORED = OutgoingFile("don.pdf", b"", FileKind.DOCUMENT, "Đơn tố cáo", stored_ref="stored:ab.pdf")
# An officer's photo relayed to a citizen: its storage reference, Telegram's id and its type.
RELAYED = OutgoingFile("anh-u1.jpg", b"", FileKind.PHOTO, stored_ref="stored:cd.jpg",
                       channel_ref="AgAC-1", mime="image/jpeg")
CARD = CardPost(7, "PA-2026-00007 · Cột điện nghiêng", (("photo", "ph-1"), ("document", "d-2")))


@pytest.mark.parametrize(("reply", "thread_id", "card"), [
    (Reply("Xin chào Ông/Bà"), None, None),
    (Reply("Chọn:", (Button("Về menu", "cmd:start"),), CHART, ref="prompt:1:ab", hold=True),
     77, None),
    (Reply("", file=STORED), None, None),
    (Reply("Trả lời về PA-2026-00007:\nẢnh hiện trường.", file=RELAYED, ref="answer:7",
           hold=True), None, None),
    (Reply("PA-2026-00007", (Button("Nhận xử lý", "st:take:7"),), ref="card:7"), None, CARD),
    (Reply("PA-2026-00007 · Đang xử lý"), 55, CardPost(7, edit_of=1234)),
    (Reply("Số điện thoại?", (Button("Bỏ qua", "file:skip"),),
           share=Share(ShareKind.PHONE, "📱 Gửi số điện thoại")), None, None),
    (Reply("Ảnh?", share=Share(ShareKind.LOCATION, "📍 Gửi vị trí"), ends_share=True), None,
     None),
    (Reply("Lĩnh vực nào?", (Button("Bưu chính", "file:field:buu_chinh"),), ends_share=True,
           buttons_line="Ông/Bà có thể bấm nút bên dưới."), None, None),
])
def test_what_is_queued_comes_back_as_the_same_envelope(reply, thread_id, card):
    envelope = decode(3, "telegram", "-100800", encode(reply, thread_id, card), attempts=2)
    assert envelope == Envelope(3, Channel.TELEGRAM, "-100800", reply, thread_id, card,
                                Progress(), 2)


def test_what_went_out_is_remembered_and_a_new_topic_becomes_the_thread():
    body = encode(Reply("PA-2026-00007"), card=CARD)
    went_out = Progress(topic=55, card_message_id=901, files_done=1, forum_checks=2)
    envelope = decode(1, "telegram", "-100800", {**body, **encode_progress(went_out)})
    assert envelope.thread == 55 and envelope.card == CARD
    assert envelope.progress == Progress(card_message_id=901, files_done=1, forum_checks=2)
    assert encode_progress(Progress()) == {}  # nothing went out: nothing to write


def test_a_file_too_big_goes_as_its_caption():
    big = OutgoingFile("big.xlsx", b"x" * (MAX_FILE_BYTES + 1), FileKind.DOCUMENT, "Báo cáo")
    assert decode(1, "zalo", "9", encode(Reply("Tháng 02/2026", file=big))).reply == Reply(
        "Tháng 02/2026\n\nBáo cáo")


# Bodies exactly as the code before envelopes wrote them (reply_to_body, note_progress).
OLD_SPLIT = {"text": "Câu trả lời dài.", "buttons": [{"text": "Về menu", "payload": "cmd:start"}],
             "thread_id": 77, "ref": "prompt:1:ab", "parts_sent": 1}
OLD_CARD = {"text": "PA-2026-00007 · Cột điện nghiêng",
            "buttons": [{"text": "Nhận xử lý", "payload": "st:take:7"}],
            "card": {"ticket_id": 7, "topic": "PA-2026-00007 · Cột điện nghiêng",
                     "files": [["photo", "ph-1"], ["document", "d-2"]], "edit_of": None},
            "ref": "card:7", "thread_id": 55, "card_message_id": 901, "files_done": 1}
OLD_FILE = {"text": "", "buttons": [], "hold": True,
            "file": {"name": "thongke-2026-03.png", "kind": "photo",
                     "caption": "📊 Tiếp nhận và xử lý tháng 03/2026",
                     "content": base64.b64encode(CHART.content).decode("ascii")}}


def test_a_body_written_before_envelopes_reads_as_it_was_meant():
    split = decode(1, "telegram", "-100800", OLD_SPLIT)
    assert split.reply == Reply("Câu trả lời dài.", (Button("Về menu", "cmd:start"),),
                                ref="prompt:1:ab")
    assert (split.thread, split.progress) == (77, Progress(parts_sent=1))
    card = decode(2, "telegram", "-100800", OLD_CARD)
    assert card.card == CARD and card.thread == 55
    assert card.progress == Progress(card_message_id=901, files_done=1)
    assert decode(3, "zalo", "9", OLD_FILE).reply == Reply("", file=CHART, hold=True)
    assert decode(4, "telegram", "1", {"text": ""}).reply == Reply("")  # 0004's downgrade


async def test_the_web_chat_takes_back_a_body_written_before_envelopes(app):
    web = UserRef(Channel.WEB, "web-session-0001")
    async with app.uow() as work:
        now = real_time()
        work.session.add(OutboxMessage(channel="web", recipient=web.external_id, body=OLD_FILE,
                                       status="pending", attempts=0, next_attempt_at=now,
                                       created_at=now))
        await work.commit()
    async with app.uow() as work:
        assert await work.outbox.for_recipient(web) == [Reply("", file=CHART, hold=True)]
        await work.commit()
