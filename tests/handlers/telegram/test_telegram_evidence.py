"""A tố cáo's evidence: archived files go to the private chat of a leader or the assignee who
asks, never to the staff group, and every sending is in the ticket's history."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from bot.core.messages import Attachment, Channel, UserRef
from bot.core.tickets import NewTicket, TicketType
from bot.relay.outbox import OutboxDispatcher
from db.models import OutboxMessage, TicketAttachment
from handlers.file_store import FileStore
from tests.core.test_staff_desk import LEADER, OFFICER, press, with_officers
from tests.fakes.outbox import run_until
from tests.handlers.telegram.test_telegram_cards import FAST, Unpaced
from tests.relay.test_archived_forms import drafted_denunciation

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
SCAN = b"%PDF-1.7\n" + b"bien ban, anh chup " * 300


async def denunciation(app, store: FileStore) -> None:
    """A tố cáo filed on Telegram with a photo, archived; a phản ánh beside it."""
    async with app.uow() as work:
        for kind in (TicketType.TO_CAO, TicketType.PHAN_ANH):
            await work.tickets.add(NewTicket(
                kind, Channel.TELEGRAM, "Cán bộ thu tiền ngoài quy định.", NOW, None,
                attachments=(Attachment("document", f"BQAC-{kind}", name="bien-ban.pdf"),)),
                None)
        ref, digest = store.keep(SCAN, "pdf")
        await work.archive.kept(1, ref, digest, len(SCAN), NOW)
        await work.commit()


async def private_files(app, officer: int) -> list[dict]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == str(officer)))
        return [row.body["file"] for row in rows if row.body and "file" in row.body]


async def test_the_evidence_goes_to_a_leaders_private_chat_only_and_is_logged(
        app, telegram, tmp_path):
    store = FileStore(tmp_path / "files")
    desk = await with_officers(app)
    await denunciation(app, store)
    card = await desk.card_for(1)
    assert "st:evidence:1" in [b.payload for b in card.reply.buttons]
    assert "st:evidence:2" not in [b.payload for b in (await desk.card_for(2)).reply.buttons]

    refused = await press(desk, OFFICER, "st:evidence:1")  # not assigned: nothing sent
    assert "Chỉ cán bộ được phân công" in refused.alert
    assert await private_files(app, OFFICER) == []

    sent = await press(desk, LEADER, "st:evidence:1")
    assert "Đã gửi 1 tệp" in sent.alert and not sent.replies  # nothing said in the group
    [file] = await private_files(app, LEADER)
    assert file["stored_ref"].endswith(".pdf") and file["content"] == ""
    async with app.uow() as work:
        assert "evidence_sent" in [e.kind for e in await work.tickets.history(1)]

    api, sender = telegram  # delivered from the storage, as a document in the private chat
    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, Unpaced(sender.bot, store), FAST)

    async def delivered() -> bool:
        return bool(api.files(LEADER))

    await run_until(dispatcher, delivered)
    assert api.files(LEADER)[0].params["document"].content == SCAN


async def test_a_file_not_archived_yet_is_said_plainly(app, tmp_path):
    desk = await with_officers(app)
    await denunciation(app, FileStore(tmp_path / "files"))
    async with app.uow() as work:
        row = await work.session.get(TicketAttachment, 1)
        row.stored_ref = None
        await work.commit()
    assert "st:evidence:1" not in [b.payload for b in (await desk.card_for(1)).reply.buttons]
    pressed = await press(desk, LEADER, "st:evidence:1")
    assert "chưa có tệp nào trong kho" in pressed.alert


# -- the signed đơn kept apart from the evidence (Luật Tố cáo 2018 Đ47(2)) -------------------

def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def signed_upload(app, store: FileStore, *files: tuple[Attachment, bytes]) -> int:
    """A tố cáo drafted on Telegram, its signed đơn sent as `files` and archived, claimed by
    the officer; the đơn's page count as drafted."""
    desk = await with_officers(app)
    citizen = await drafted_denunciation(app, Channel.TELEGRAM, "4242")
    await citizen.presses("Gửi đơn đã ký")
    await citizen.sends_files(*(item for item, _ in files))
    async with app.uow() as work:
        rows = await work.session.scalars(select(TicketAttachment).order_by(TicketAttachment.id))
        for row, (_, content) in zip(rows, files, strict=True):
            ref, digest = store.keep(content, "pdf" if content.startswith(b"%PDF") else "jpg")
            await work.archive.kept(row.id, ref, digest, len(content), NOW)
        [drafted] = [e for e in await work.tickets.history(1) if e.kind == "drafted"]
        await work.commit()
    await press(desk, OFFICER, "st:claim:1")
    return drafted.data["form_pages"]


async def private_replies(app, officer: int) -> list:
    async with app.uow() as work:
        replies = await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(officer)))
        await work.commit()
    return [r for r in replies if r.file]


@pytest.fixture
def app_settings(tmp_path):
    return {"storage_dir": tmp_path / "files"}


async def test_the_assignee_gets_the_photos_after_the_form_and_a_leader_the_form_apart(
        app, tmp_path):
    store = FileStore(tmp_path / "files")
    page, receipt = b"\xff\xd8 trang don " * 50, b"\xff\xd8 bien lai " * 50
    pages = await signed_upload(app, store, (Attachment("photo", "AgAC-p1"), page),
                                (Attachment("photo", "AgAC-p2"), receipt))
    assert pages == 1  # the đơn drafted for this tố cáo is one page
    sent = await press(app.staff, OFFICER, "st:evidence:1")
    assert "giữ lại" in sent.alert
    [evidence] = await private_replies(app, OFFICER)
    assert store.path(evidence.file.stored_ref).read_bytes() == receipt
    await press(app.staff, LEADER, "st:evidence:1")
    form, other = await private_replies(app, LEADER)
    assert store.path(form.file.stored_ref).read_bytes() == page
    assert "nêu danh tính người tố cáo" in form.file.caption
    assert "nêu danh tính" not in other.file.caption


async def test_a_scan_reaches_the_assignee_without_the_forms_pages(app, tmp_path):
    store = FileStore(tmp_path / "files")
    pages = await signed_upload(app, store, (Attachment(
        "document", "BQAC-scan", mime="application/pdf", name="don-va-chung-cu.pdf"),
        blank_pdf(3)))
    await press(app.staff, OFFICER, "st:evidence:1")
    [evidence] = await private_replies(app, OFFICER)
    assert evidence.file.name == "chung-cu-don-va-chung-cu.pdf"
    assert len(PdfReader(io.BytesIO(evidence.file.content)).pages) == 3 - pages
    async with app.uow() as work:
        [logged] = [e for e in await work.tickets.history(1) if e.kind == "evidence_sent"]
    assert logged.data == {"files": 1, "withheld": 1}
