"""The archive of citizens' files: what Telegram and Zalo hold only by their own reference is
downloaded into the agency's storage under its SHA-256; a file too big or gone is given up with
the reason recorded; a passing failure is tried again later, not at once."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select

from bot.core.messages import Attachment, Channel
from bot.core.tickets import NewTicket, TicketType
from bot.relay.archive import ArchivePolicy, ArchiveWorker
from db.models import TicketAttachment
from handlers.file_store import FileStore
from handlers.telegram.files import TelegramFiles
from handlers.zalo.files import ZaloFiles

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20  # a JPEG's start and 5 KB
SIGNED = b"%PDF-1.7\n" + b"don khieu nai co chu ky " * 200
POLICY = ArchivePolicy(max_bytes=8 * 1024, poll=0.05)


async def filed(app, channel: Channel, *files: Attachment) -> int:
    async with app.uow() as work:
        ticket = await work.tickets.add(NewTicket(
            TicketType.PHAN_ANH, channel, "Cống thoát nước tràn ra đường.", NOW, None,
            attachments=files), None)
        await work.commit()
    return ticket.id


async def archived(app) -> dict[str, tuple]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(TicketAttachment).order_by(TicketAttachment.id))
        return {r.file_ref: (r.stored_ref, r.sha256, r.archive_failed, r.archive_error,
                             r.archive_attempts) for r in rows}


async def test_telegram_files_are_kept_under_their_hash_and_the_too_big_given_up(
        app, bot_api, tmp_path):
    api, bot = bot_api
    api.hosted |= {"AgAC-photo": PHOTO, "BQAC-scan": SIGNED, "BQAC-video": b"v" * 9000}
    await filed(app, Channel.TELEGRAM, Attachment("photo", "AgAC-photo", mime=None),
                Attachment("document", "BQAC-scan", mime="application/pdf", name="don.pdf"),
                Attachment("video", "BQAC-video"))
    store = FileStore(tmp_path / "files")
    worker = ArchiveWorker(Channel.TELEGRAM, app.uow, TelegramFiles(bot), store, lambda: NOW,
                           POLICY)
    assert await worker.archive_due() == 3
    found = await archived(app)
    photo_ref, photo_hash, *_ = found["AgAC-photo"]
    assert photo_hash == hashlib.sha256(PHOTO).hexdigest() and photo_ref.endswith(".jpg")
    assert store.path(photo_ref).read_bytes() == PHOTO
    scan_ref, scan_hash, *_ = found["BQAC-scan"]
    assert scan_hash == hashlib.sha256(SIGNED).hexdigest()
    assert scan_ref.endswith(".pdf") and store.path(scan_ref).read_bytes() == SIGNED
    # Telegram says how big the video is: refused before a byte is downloaded.
    assert found["BQAC-video"][:3] == (None, None, True) and "limit" in found["BQAC-video"][3]
    assert "BQAC-video" not in api.downloads
    assert await worker.archive_due() == 0  # nothing left to try


async def test_a_passing_failure_is_tried_again_later_and_a_web_upload_is_left_alone(
        app, bot_api, tmp_path):
    api, bot = bot_api
    await filed(app, Channel.TELEGRAM, Attachment("photo", "AgAC-late"))
    await filed(app, Channel.WEB, Attachment("photo", "stored:" + "a" * 64 + ".jpg"))
    api.fail("getFile", 502)
    moments = iter([NOW, NOW, NOW + timedelta(minutes=1), NOW + timedelta(minutes=3)] * 2)
    worker = ArchiveWorker(Channel.TELEGRAM, app.uow, TelegramFiles(bot),
                           FileStore(tmp_path / "files"), lambda: next(moments), POLICY)
    assert await worker.archive_due() == 1
    assert (await archived(app))["AgAC-late"][2:] == (False, "TelegramServerError", 1)
    assert await worker.archive_due() == 0  # a minute later: not due yet (2 minutes)
    api.hosted["AgAC-late"] = PHOTO
    assert await worker.archive_due() == 1
    assert (await archived(app))["AgAC-late"][1] == hashlib.sha256(PHOTO).hexdigest()


async def test_a_download_refused_is_a_failed_try_and_the_next_file_is_still_kept(
        app, bot_api, tmp_path):
    api, bot = bot_api  # getFile answers for "BQAC-gone", its download is a 404
    api.hosted["AgAC-next"] = PHOTO
    await filed(app, Channel.TELEGRAM, Attachment("document", "BQAC-gone"),
                Attachment("photo", "AgAC-next"))
    worker = ArchiveWorker(Channel.TELEGRAM, app.uow, TelegramFiles(bot),
                           FileStore(tmp_path / "files"), lambda: NOW, POLICY)
    assert await worker.archive_due() == 2
    found = await archived(app)
    assert found["BQAC-gone"][2:4] == (True, "HTTP 404")
    assert found["AgAC-next"][1] == hashlib.sha256(PHOTO).hexdigest()


async def test_a_file_is_kept_even_when_the_look_at_it_fails(app, bot_api, tmp_path, caplog):
    api, bot = bot_api
    api.hosted["AgAC-ok"] = PHOTO

    async def broken(work, ticket_id, file_ref, stored_ref, content) -> bool:
        await work.tickets.record_event(ticket_id, "half_done", "test")  # rolled back
        raise RuntimeError("the check failed")

    ticket_id = await filed(app, Channel.TELEGRAM, Attachment("photo", "AgAC-ok"))
    worker = ArchiveWorker(Channel.TELEGRAM, app.uow, TelegramFiles(bot),
                           FileStore(tmp_path / "files"), lambda: NOW, POLICY, broken)
    assert await worker.archive_due() == 1
    assert (await archived(app))["AgAC-ok"][1] == hashlib.sha256(PHOTO).hexdigest()
    async with app.uow() as work:
        assert "half_done" not in [e.kind for e in await work.tickets.history(ticket_id)]
    assert "its check failed" in caplog.text
    assert await worker.archive_due() == 0


@pytest.fixture
async def zalo_cdn():
    """Zalo's file links: one photo, one gone, one that streams on past the limit."""
    async def photo(_request):
        return web.Response(body=PHOTO, content_type="image/jpeg")

    async def endless(request):
        response = web.StreamResponse()
        await response.prepare(request)
        for _ in range(20):
            await response.write(b"x" * 1024)
        return response

    app = web.Application()
    app.router.add_get("/photo.jpg", photo)
    app.router.add_get("/endless", endless)
    server = web.AppRunner(app)
    await server.setup()
    site = web.TCPSite(server, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    await server.cleanup()


async def test_zalo_links_are_archived_and_an_endless_one_cut_at_the_limit(
        app, zalo_cdn, tmp_path):
    files = [Attachment("photo", f"{zalo_cdn}/photo.jpg", mime="image/jpeg"),
             Attachment("document", f"{zalo_cdn}/gone.pdf"),
             Attachment("document", f"{zalo_cdn}/endless")]
    await filed(app, Channel.ZALO, *files)
    async with aiohttp.ClientSession() as session:
        worker = ArchiveWorker(Channel.ZALO, app.uow, ZaloFiles(session),
                               FileStore(tmp_path / "files"), lambda: NOW, POLICY)
        assert await worker.archive_due() == 3
    found = await archived(app)
    assert found[files[0].file_ref][1] == hashlib.sha256(PHOTO).hexdigest()
    assert found[files[1].file_ref][2:4] == (True, "HTTP 404")
    assert found[files[2].file_ref][2:4] == (True, "over the size limit")
