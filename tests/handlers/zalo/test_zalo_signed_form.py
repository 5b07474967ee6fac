"""A khiếu nại drafted on Zalo and its digitally signed PDF sent back as a Zalo file, end to end:
the webhook stores the event, the archive fetches the file from Zalo's link into the agency's
storage, finds the signature and the request is received; the citizen hears it on Zalo."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from bot.core.tickets import TicketStatus
from bot.relay.archive import ArchivePolicy
from handlers.file_store import FileStore
from tests.handlers.zalo.conftest import ZaloCitizen, config_for, event, served

SIGNED = (b"%PDF-1.7\n1 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter "
          b"/adbe.pkcs7.detached /ByteRange [0 120 940 80] /Contents <3082>>>\nendobj\n%%EOF")


@pytest.fixture
def app_settings(tmp_path):
    return {"storage_dir": tmp_path / "files"}


@pytest.fixture
async def zalo_cdn():
    """Where Zalo's file links point."""
    async def serve(_request):
        return web.Response(body=SIGNED, content_type="application/pdf")

    cdn = web.Application()
    cdn.router.add_get("/don-ky-so.pdf", serve)
    runner = web.AppRunner(cdn)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    await runner.cleanup()


@pytest.fixture
async def archiving_zalo(app, zalo_api, tmp_path):
    """The Zalo channel with its archive, as `pakn run` builds it."""
    config = config_for(zalo_api, archive=ArchivePolicy(poll=0.05))
    async with served(app, zalo_api, config, keeper=FileStore(tmp_path / "files")) as running:
        yield running


def everything(citizen: ZaloCitizen) -> str:
    return "\n".join(sent.text for sent in citizen.zalo.api.sent_to(citizen.user_id))


def button(citizen: ZaloCitizen, label: str) -> str:
    """The hidden payload of a button sent to the citizen at any time."""
    return next(b["payload"] for sent in citizen.zalo.api.sent_to(citizen.user_id)
                for b in sent.buttons if label in b["title"])


async def said(citizen: ZaloCitizen, phrase: str) -> None:
    """Waits until Zalo was asked to send `phrase` to the citizen."""
    async with asyncio.timeout(10):
        while phrase not in everything(citizen):
            await asyncio.sleep(0.02)


async def test_a_signed_pdf_sent_on_zalo_receives_the_khieu_nai(app, archiving_zalo, zalo_cdn):
    citizen = ZaloCitizen(archiving_zalo, "901")
    await citizen.says("/khieunai")
    await citizen.says("Sở ra quyết định xử phạt tôi 7,5 triệu đồng về bưu chính không đúng.")
    await citizen.presses("Lần đầu")
    for answer in ("Thanh tra Sở Khoa học và Công nghệ tỉnh Mẫu",
                   "Quyết định số 123/QĐ-XPHC ngày 02/02/2026", "05/02/2026",
                   "Hủy quyết định xử phạt và trả lại tiền phạt"):
        await citizen.says(answer)
    for label in ("Chưa", "Bưu chính", "Bỏ qua", "Tôi đồng ý", "Tôi là người bị ảnh hưởng"):
        await citizen.presses(label)
    await citizen.says("Nguyễn Thị Khiếu")
    await citizen.presses("Bỏ qua")
    await citizen.says("Số 5 đường Lê Lợi, phường Trung tâm, tỉnh Mẫu")
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    await said(citizen, "(bản PDF để in, ký)")  # the đơn's two files come after the text
    assert "CHƯA phải là đơn khiếu nại đã nộp" in everything(citizen)
    await citizen.says(button(citizen, "Gửi đơn đã ký"))
    signed = {"type": "file", "payload": {"url": f"{zalo_cdn}/don-ky-so.pdf",
                                          "name": "don-ky-so.pdf", "size": str(len(SIGNED))}}
    await citizen.sends(event("user_send_file", citizen.user_id, attachments=[signed]))
    await said(citizen, "Nếu tệp PDF có chữ ký số")  # Zalo's link: not read yet
    await said(citizen, "Đã nhận tệp PDF có chữ ký số")  # the archive's notice
    assert "10/03/2026" in everything(citizen).rsplit("Đã nhận tệp PDF", 1)[1]
    async with app.uow() as work:
        [ticket] = await work.tickets.open_queue()
    assert ticket.status is TicketStatus.RECEIVED
    assert all(a.stored_ref for a in ticket.attachments)  # kept by the agency, not only Zalo
