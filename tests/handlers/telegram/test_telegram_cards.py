"""Ticket cards go through the outbox: posted in a topic of their own in a forum group, posted
without a topic once getChat has failed with backoff, never posted twice when a later step is
retried, and edited in place."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.core.messages import Button, CardPlace, CardPost, Channel, Reply, UserRef
from bot.relay.envelope import Progress
from bot.relay.outbox import OutboxDispatcher, Policy
from handlers.file_store import FileStore
from handlers.telegram.cards import FORUM_CHECKS
from handlers.telegram.sender import TelegramSender
from tests.fakes.envelopes import envelope
from tests.fakes.outbox import run_until

FAST = Policy(base_delay=0.01, max_delay=0.05, poll=0.02, max_attempts=6,
              lease=timedelta(seconds=5))
GROUP = -100800
CARD = Reply("PA-2026-00007 · Cột điện nghiêng\nNội dung: …", (Button("Nhận xử lý", "st:take:7"),),
             ref="card:7")


class Unpaced(TelegramSender):
    """The real sender without the group's 20 a minute, so that tests run quickly."""

    def pace(self, recipient: str) -> tuple[float, float]:
        return (100.0, 1000.0)


async def queue_card(app, post: CardPost, reply: Reply = CARD) -> None:
    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.TELEGRAM, str(GROUP)), reply, card=post)
        await work.commit()


async def deliver(app, sender, until) -> list[tuple[str, object, bool]]:
    receipts: list[tuple[str, object, bool]] = []

    async def on_receipt(ref, sent, delivered):
        receipts.append((ref, sent, delivered))

    unpaced = sender if isinstance(sender, Unpaced) else Unpaced(sender.bot)
    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, unpaced, FAST)
    dispatcher.on_receipt = on_receipt

    async def done() -> bool:
        return until(receipts)

    await run_until(dispatcher, done)
    return receipts


async def test_a_card_gets_a_topic_in_a_forum_and_its_files_beneath(app, telegram):
    api, sender = telegram
    api.forums.add(GROUP)
    await queue_card(app, CardPost(7, topic="PA-2026-00007 · Cột điện nghiêng",
                                   files=(("photo", "ph-1"), ("document", "doc-1"))))
    receipts = await deliver(app, sender, lambda r: r)
    topic = api.of("createForumTopic")[0].params["_thread_id"]
    card = api.sent(GROUP)[0]
    assert card.params["message_thread_id"] == topic
    assert receipts == [("card:7", CardPlace(GROUP, topic, card.params["_message_id"]), True)]
    copies = api.files(GROUP)
    assert [c.params["reply_parameters"]["message_id"] for c in copies] == [
        card.params["_message_id"]] * 2


async def test_a_failing_getchat_is_retried_then_the_card_goes_without_a_topic(
        app, telegram, caplog):
    api, sender = telegram
    api.forums.add(GROUP)
    api.fail("getChat", 500, count=100)
    with caplog.at_level(logging.WARNING):
        await queue_card(app, CardPost(7, topic="PA-2026-00007"))
        await queue_card(app, CardPost(8, topic="PA-2026-00008"), Reply("PA-2026-00008",
                                                                       ref="card:8"))
        receipts = await deliver(app, sender, lambda r: len(r) == 2)
    assert len(api.of("getChat")) == FORUM_CHECKS * 2
    assert [r[2] for r in receipts] == [True, True] and not api.of("createForumTopic")
    assert all("message_thread_id" not in c.params for c in api.sent(GROUP))
    assert len([r for r in caplog.records if "without a forum topic" in r.getMessage()]) == 1


async def test_a_retry_after_the_card_is_posted_does_not_post_it_again(app, telegram):
    api, sender = telegram
    api.fail("sendPhoto", 429, retry_after=1)
    await queue_card(app, CardPost(7, topic=None, files=(("photo", "ph-1"),)))
    receipts = await deliver(app, sender, lambda r: r)
    assert len(api.sent(GROUP)) == 1 and len(api.files(GROUP)) == 1
    assert receipts[0][2] is True


async def test_an_edit_changes_the_posted_card_in_place(app, telegram):
    api, sender = telegram
    await queue_card(app, CardPost(7, edit_of=1234), Reply("PA-2026-00007 · Đang xử lý"))
    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.TELEGRAM, str(GROUP)), Reply("after"))
        await work.commit()
    await deliver(app, sender, lambda r: len(api.sent(GROUP)) == 1)
    edit = api.of("editMessageText")[0].params
    assert (edit["message_id"], edit["text"]) == (1234, "PA-2026-00007 · Đang xử lý")


async def test_a_card_is_paced_by_the_calls_it_still_takes(telegram):
    _, sender = telegram
    card = CardPost(7, topic="PA", files=(("photo", "a"), ("photo", "b")))
    assert sender.cost(envelope(GROUP, Reply("PA"), card=card)) == 4  # topic, card, two files
    posted = Progress(topic=5, card_message_id=9, files_done=1)
    assert sender.cost(envelope(GROUP, Reply("PA"), card=card, progress=posted)) == 1
    edit = CardPost(7, edit_of=9)
    assert sender.cost(envelope(GROUP, Reply("PA"), card=edit)) == 1


async def test_a_web_upload_goes_beneath_the_card_from_the_agencys_storage(app, telegram,
                                                                          tmp_path):
    api, sender = telegram
    store = FileStore(tmp_path / "files")
    photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8
    ref, _ = store.keep(photo, "jpg")
    missing = "stored:" + "0" * 64 + ".pdf"
    await queue_card(app, CardPost(8, topic=None, files=(("photo", ref), ("document", missing))))
    await deliver(app, Unpaced(sender.bot, store), lambda r: r)
    [upload] = api.files(GROUP)  # the missing file is skipped, the card still posted
    assert upload.params["photo"].content == photo
    assert len(api.sent(GROUP)) == 1


async def test_a_stored_iphone_photo_goes_beneath_the_card_as_a_file(app, telegram, tmp_path):
    api, sender = telegram
    store = FileStore(tmp_path / "files")
    ref, _ = store.keep(b"\x00\x00\x00\x18ftypheic an iPhone photo", "heic")
    await queue_card(app, CardPost(8, topic=None, files=(("photo", ref),)))
    await deliver(app, Unpaced(sender.bot, store), lambda r: r)
    [upload] = api.files(GROUP)  # Telegram shows JPEG and PNG as photos, not HEIC
    assert upload.method == "sendDocument" and upload.params["document"].filename.endswith(
        ".heic")
