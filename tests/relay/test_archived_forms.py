"""A signed đơn sent on Telegram or Zalo is checked once the archive has fetched it: a digitally
signed PDF receives the request on the day the citizen sent it (not the day it was fetched) and
both the citizen and the officers are told; a photo of the đơn goes to the ticket's topic for an
officer to confirm, except a tố cáo's, which names the denouncer and stays out of the group."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import aiohttp
import pytest
from aiohttp import web

from bot.core.archived_form import check_archived
from bot.core.messages import Attachment, Channel, UserRef
from bot.core.tickets import TicketStatus
from bot.relay.archive import ArchivePolicy, ArchiveWorker
from handlers.file_store import FileStore
from handlers.telegram.files import TelegramFiles
from handlers.zalo.files import ZaloFiles
from tests.core.test_two_stage import complain, finish_person
from tests.transcript import Citizen

GROUP = -100777
SIGNED = (b"%PDF-1.7\n1 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter "
          b"/adbe.pkcs7.detached /ByteRange [0 120 940 80] /Contents <3082>>>\nendobj\n%%EOF")
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8
POLICY = ArchivePolicy(max_bytes=64 * 1024, poll=0.05)


@pytest.fixture
def app_settings():
    return {"telegram_staff_chat_id": GROUP}


def worker(app, channel: Channel, fetcher, tmp_path) -> ArchiveWorker:
    return ArchiveWorker(channel, app.uow, fetcher, FileStore(tmp_path / "files"), app.clock.now,
                         POLICY, partial(check_archived, app.conversation.deps))


async def send_form(app, citizen: Citizen, *files: Attachment) -> int:
    """Presses «Gửi đơn đã ký» on the drafted request and sends `files`; the ticket's id."""
    await citizen.presses("Gửi đơn đã ký")
    await citizen.sends_files(*files)
    async with app.uow() as work:
        owner = await work.citizens.find(citizen.user)
        return next(t.id for t in await work.tickets.open_queue() if t.citizen_id == owner)


async def state(app, ticket_id: int):
    async with app.uow() as work:
        return await work.tickets.get(ticket_id)


async def staff_notes(app) -> list:
    async with app.uow() as work:
        notes = await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(GROUP)))
        await work.commit()
    return notes


async def pushed(app, citizen: Citizen) -> str:
    return "\n".join(r.text for r in await app.conversation.take_pending(citizen.user))


async def drafted_complaint(app, channel: Channel, user: str) -> Citizen:
    citizen = await complain(app, channel=channel, user=user)
    await finish_person(citizen)
    await citizen.presses("Xác nhận gửi")
    return citizen


async def drafted_denunciation(app, channel: Channel, user: str) -> Citizen:
    citizen = Citizen(app.conversation, channel=channel, user_id=user)
    await citizen.says("/tocao")
    await citizen.says("Cán bộ bộ phận một cửa thu tiền ngoài quy định khi nhận hồ sơ.")
    await citizen.says("Ông Nguyễn Văn X, chuyên viên bộ phận một cửa")
    await citizen.presses("Bưu chính")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Tôi đồng ý")
    for value in ("Trần Văn Tố", "0912345678", "Số 3 đường Lê Lợi, phường Trung tâm, tỉnh Mẫu"):
        await citizen.says(value)
    await citizen.presses("Xác nhận gửi")
    return citizen


async def test_a_signed_pdf_on_telegram_is_received_on_the_day_it_was_sent(
        app, bot_api, tmp_path):
    api, bot = bot_api
    citizen = await drafted_complaint(app, Channel.TELEGRAM, "42")
    ticket_id = await send_form(app, citizen, Attachment(
        "document", "BQAC-don", mime="application/pdf", name="don-ky-so.pdf"))
    assert "Nếu tệp PDF có chữ ký số" in citizen.text  # not readable yet: on Telegram's servers
    assert (await state(app, ticket_id)).status is TicketStatus.AWAITING_FORM
    await staff_notes(app)  # the note of the upload itself

    api.hosted["BQAC-don"] = SIGNED
    app.clock.moment += timedelta(days=2)  # Telegram kept it two days (an outage)
    assert await worker(app, Channel.TELEGRAM, TelegramFiles(bot), tmp_path).archive_due() == 1

    ticket = await state(app, ticket_id)
    assert ticket.status is TicketStatus.RECEIVED
    # Received on 10/3, the day it was sent: Luật KN Đ27, 10 working days to thụ lý.
    assert ticket.received_at.astimezone(app.settings.tz).strftime("%d/%m/%Y") == "10/03/2026"
    assert ticket.due_at.astimezone(app.settings.tz).strftime("%d/%m/%Y") == "24/03/2026"
    told = await pushed(app, citizen)
    assert "chữ ký số" in told and "10/03/2026" in told and "24/03/2026" in told
    [note] = await staff_notes(app)
    assert "ngày 10/03/2026 có chữ ký số" in note.text
    async with app.uow() as work:
        kinds = [e.kind for e in await work.tickets.history(ticket_id)]
    assert kinds[-2:] == ["form_uploaded", "form_received"]


async def test_a_photo_of_the_form_goes_to_the_topic_for_an_officer_to_confirm(
        app, bot_api, tmp_path):
    api, bot = bot_api
    citizen = await drafted_complaint(app, Channel.TELEGRAM, "43")
    ticket_id = await send_form(app, citizen, Attachment("photo", "AgAC-don"))
    assert "Cán bộ sẽ kiểm tra chữ ký" in citizen.text
    await staff_notes(app)
    api.hosted["AgAC-don"] = PHOTO
    assert await worker(app, Channel.TELEGRAM, TelegramFiles(bot), tmp_path).archive_due() == 1
    assert (await state(app, ticket_id)).status is TicketStatus.AWAITING_FORM
    [note] = await staff_notes(app)
    assert note.file.stored_ref.endswith(".jpg") and note.file.content == b""
    assert "«Đã nhận đơn»" in note.file.caption and "10/03/2026" in note.file.caption
    assert await pushed(app, citizen) == ""  # nothing new for the citizen until then


@pytest.fixture
async def zalo_cdn():
    """Zalo's file links: a signed PDF and a photo."""
    files = {"/don-ky-so.pdf": SIGNED, "/don.jpg": PHOTO}

    async def serve(request):
        return web.Response(body=files[request.path])

    server_app = web.Application()
    for path in files:
        server_app.router.add_get(path, serve)
    runner = web.AppRunner(server_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    await runner.cleanup()


async def test_on_zalo_a_signed_pdf_is_received_and_a_denunciation_photo_stays_private(
        app, zalo_cdn, tmp_path):
    complainant = await drafted_complaint(app, Channel.ZALO, "801")
    complaint = await send_form(app, complainant, Attachment(
        "document", f"{zalo_cdn}/don-ky-so.pdf", name="don-ky-so.pdf"))
    denouncer = await drafted_denunciation(app, Channel.ZALO, "802")
    await denouncer.presses("Gửi đơn đã ký")
    await denouncer.sends_files(Attachment("photo", f"{zalo_cdn}/don.jpg", mime="image/jpeg"))
    await staff_notes(app)
    async with aiohttp.ClientSession() as session:
        archive = worker(app, Channel.ZALO, ZaloFiles(session), tmp_path)
        assert await archive.archive_due() == 2
    assert (await state(app, complaint)).status is TicketStatus.RECEIVED
    assert "chữ ký số" in await pushed(app, complainant)
    notes = await staff_notes(app)
    sealed = next(n for n in notes if "tố cáo" in n.text)
    assert sealed.file is None and "không đăng vào nhóm" in sealed.text
    assert all(n.file is None for n in notes)  # the denouncer's đơn is never posted
