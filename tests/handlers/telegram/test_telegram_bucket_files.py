"""Files kept in an S3-compatible bucket reach the staff group as files kept on disk do: beneath
the ticket's card, uploaded by the bot; one missing from the bucket is skipped."""

from __future__ import annotations

from bot.core.messages import CardPost
from tests.fakes.s3_server import FakeS3
from tests.handlers.s3.conftest import s3_store
from tests.handlers.telegram.test_telegram_cards import GROUP, Unpaced, deliver, queue_card


async def test_a_file_in_the_bucket_goes_beneath_the_card(app, telegram):
    api, sender = telegram
    server = FakeS3().start()
    store = s3_store(server)
    try:
        photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8
        ref, _ = await store.save(photo, "jpg")
        missing = "stored:" + "0" * 64 + ".pdf"
        await queue_card(app, CardPost(8, topic=None, files=(("photo", ref),
                                                             ("document", missing))))
        await deliver(app, Unpaced(sender.bot, store), lambda r: r)
    finally:
        await store.close()
        server.stop()
    [upload] = api.files(GROUP)
    assert upload.method == "sendPhoto" and upload.params["photo"].content == photo
    assert len(api.sent(GROUP)) == 1
