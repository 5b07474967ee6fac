"""A picture queued for a Zalo citizen other than an officer's photo (e.g. a chart) is never
uploaded: the text and the file's caption go as Zalo text messages, with the buttons as usual
(officers' photos: test_zalo_officer_files.py)."""

from __future__ import annotations

import asyncio

from bot.core.messages import Button, Channel, FileKind, OutgoingFile, Reply, UserRef

PHOTO = OutgoingFile("bieu-do.png", b"\x89PNG\r\n\x1a\n" * 100, FileKind.PHOTO,
                     "Biểu đồ kết quả xử lý hồ sơ PA-2026-00001")


async def test_a_zalo_citizen_gets_the_caption_instead_of_the_file(app, zalo):
    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.ZALO, "931"), Reply(
            "Hồ sơ PA-2026-00001 đã được giải quyết.", (Button("Về menu", "cmd:start"),),
            PHOTO))
        await work.outbox.add(UserRef(Channel.ZALO, "931"), Reply("", file=PHOTO))
        await work.commit()
    zalo.channel.outbox.wake()
    async with asyncio.timeout(10):
        while len(zalo.api.sent_to("931")) < 2:
            await asyncio.sleep(0.02)
    first, second = zalo.api.sent_to("931")
    assert first.text == "Hồ sơ PA-2026-00001 đã được giải quyết.\n\n" + PHOTO.caption
    assert [b["title"] for b in first.buttons] == ["Về menu"]
    assert second.message == {"text": PHOTO.caption}
    assert all("file" not in str(sent.message) and "PNG" not in str(sent.message)
               for sent in (first, second))
