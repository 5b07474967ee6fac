"""An officer's photo or document reaches a Zalo citizen as Zalo takes them: the picture
uploaded (upload/image) and sent as a media template with its attachment id, a PDF uploaded
(upload/file) and sent as a file with its token; over Zalo's limits, the text with a note."""

from __future__ import annotations

import pytest

from bot.core.ports import Officer
from bot.core.staff.model import StaffEvent
from bot.core.staff.reply_files import StaffFile
from handlers.file_store import FileStore
from handlers.zalo.client import ZaloApiError
from tests.handlers.zalo.conftest import ZaloCitizen, config_for, served
from tests.handlers.zalo.test_zalo_journey import OFFICER, file_request

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 3000
PDF = b"%PDF-1.7\n" + b"0" * 5000


@pytest.fixture
async def store(tmp_path):
    return FileStore(tmp_path / "files")


@pytest.fixture
async def zalo(app, zalo_api, store):
    """The Zalo channel sending from the agency's storage, as `pakn run` builds it."""
    async with served(app, zalo_api, config_for(zalo_api), keeper=store) as running:
        yield running


def _with_attachment(sent: list) -> bool:
    """Whether an image (media template) or a file has come; buttons ride in templates too."""
    for message in sent:
        attachment = message.message.get("attachment") or {}
        template = (attachment.get("payload") or {}).get("template_type")
        if attachment.get("type") == "file" or template == "media":
            return True
    return False


async def answered(app, citizen: ZaloCitizen, caption: str, file: StaffFile,
                   uploaded: bool = True):
    """The citizen's request, answered by an officer with `file` (`uploaded`: wait for it to
    reach the citizen after its text); the desk's outcome."""
    code = await file_request(citizen)
    async with app.uow() as work:
        await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer"))
        ticket = await work.tickets.by_code(code)
        await work.commit()
    outcome = await app.staff.handle(StaffEvent(OFFICER, text=caption, ticket_id=ticket.id,
                                                files=(file,)))
    await citizen.wait(until=_with_attachment if uploaded else None)
    return code, outcome


async def kept(store: FileStore, content: bytes, extension: str) -> str:
    return (await store.save(content, extension))[0]


async def test_an_officers_photo_is_uploaded_then_sent_as_an_image(app, zalo, zalo_api, store):
    photo = StaffFile("photo", "AgAC-1", "anh-u1.jpg", len(JPEG), "image/jpeg",
                      await kept(store, JPEG, "jpg"))
    citizen = ZaloCitizen(zalo, "811")
    code, outcome = await answered(app, citizen, "Ảnh hiện trường sau khi khắc phục.", photo)
    assert code in citizen.text and "Ảnh hiện trường sau khi khắc phục." in citizen.text
    [(attachment_id, (_, content))] = zalo_api.images.items()
    assert content == JPEG
    media = citizen.replies[-1].message["attachment"]
    assert media == {"type": "template", "payload": {"template_type": "media", "elements": [
        {"media_type": "image", "attachment_id": attachment_id}]}}
    assert "kèm tệp «anh-u1.jpg»" in outcome.replies[0].text


async def test_an_officers_pdf_is_uploaded_then_sent_as_a_file(app, zalo, zalo_api, store):
    scan = StaffFile("document", "BQAC-2", "cong-van-12.pdf", len(PDF), "application/pdf",
                     await kept(store, PDF, "pdf"))
    citizen = ZaloCitizen(zalo, "812")
    await answered(app, citizen, "Sở gửi kèm công văn số 12.", scan)
    [(token, (name, content))] = zalo_api.uploads.items()
    assert (name, content) == ("cong-van-12.pdf", PDF)
    assert citizen.replies[-1].message["attachment"] == {"type": "file",
                                                         "payload": {"token": token}}


async def test_a_photo_over_one_megabyte_reaches_the_citizen_as_text_and_a_note(app, zalo,
                                                                                zalo_api,
                                                                                store):
    big = JPEG + b"\x00" * 1_100_000
    photo = StaffFile("photo", "AgAC-3", "anh-u3.jpg", len(big), "image/jpeg",
                      await kept(store, big, "jpg"))
    citizen = ZaloCitizen(zalo, "813")
    code, outcome = await answered(app, citizen, "Ảnh chụp biên bản.", photo, uploaded=False)
    assert "Ảnh chụp biên bản." in citizen.text
    assert "tệp «anh-u3.jpg», nhưng tệp này vượt quá dung lượng" in citizen.text
    assert not zalo_api.images and not zalo_api.refused_uploads  # nothing tried in vain
    assert f"⚠️ Tệp «anh-u3.jpg» KHÔNG gửi được cho người dân của hồ sơ {code}" in (
        outcome.replies[-1].text)


async def test_the_stand_in_refuses_what_zalo_refuses(zalo):
    client = zalo.channel.client
    with pytest.raises(ZaloApiError) as too_big:
        await client.upload_image("anh.jpg", JPEG + b"\x00" * 1_000_000)
    with pytest.raises(ZaloApiError) as not_an_image:
        await client.upload_image("anh.jpg", PDF)
    with pytest.raises(ZaloApiError) as not_a_document:
        await client.upload_file("anh.jpg", JPEG)
    assert (too_big.value.code, not_an_image.value.code, not_a_document.value.code) == (
        -210, -201, -201)
