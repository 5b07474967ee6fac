"""An officer's photo or document sent with an answer reaches the citizen on their channel
(the web chat and Telegram here; Zalo within its limits), the history records its name and
size, and a file the citizen's channel cannot take is announced to both sides."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.app.scheduler import run_anonymise, run_purge
from bot.core.messages import Attachment, Channel, FileKind
from bot.core.staff.model import StaffEvent
from bot.core.staff.reply_files import StaffFile
from bot.core.tickets import NewTicket, TicketStatus, TicketType
from db.models import TicketRow
from tests.core.test_staff_desk import OFFICER, file, with_officers

PHOTO = StaffFile("photo", "tg-photo-1", "anh-u1.jpg", 180_000, "image/jpeg",
                  stored_ref="stored:" + "a" * 64 + ".jpg")
BIG_PHOTO = StaffFile("photo", "tg-photo-2", "anh-u2.jpg", 1_500_000, "image/jpeg",
                      stored_ref="stored:" + "b" * 64 + ".jpg")
NOT_FETCHED = StaffFile("document", "tg-doc-3", "cong-van-12.pdf", 25_000_000,
                        "application/pdf")


async def test_a_photo_with_its_caption_reaches_a_web_chat_citizen_and_is_recorded(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh")
    outcome = await desk.handle(StaffEvent(OFFICER, text="Ảnh hiện trường sau khi khắc phục.",
                                           ticket_id=1, files=(PHOTO,)))
    assert [r.text for r in outcome.replies] == [
        "Đã gửi trả lời kèm tệp «anh-u1.jpg» cho người dân (hồ sơ PA-2026-00001)."]
    [reply] = await app.conversation.take_pending(citizen.user)
    assert reply.text == "Trả lời về PA-2026-00001:\nẢnh hiện trường sau khi khắc phục."
    assert reply.file is not None and reply.file.kind is FileKind.PHOTO
    assert reply.file.stored_ref == PHOTO.stored_ref and reply.file.channel_ref is None
    async with app.uow() as work:
        history = await work.tickets.history(1)
    sent = [e for e in history if e.kind == "message_out"]
    assert sent[-1].text == "Ảnh hiện trường sau khi khắc phục."
    assert sent[-1].data["files"] == [{"name": "anh-u1.jpg", "kind": "photo", "size": 180_000,
                                       "stored_ref": PHOTO.stored_ref}]
    shown = await desk.handle(StaffEvent(OFFICER, payload="st:history:1"))
    assert "Ảnh hiện trường sau khi khắc phục. (kèm tệp: anh-u1.jpg)" in shown.replies[0].text


async def test_a_file_without_caption_is_introduced_and_telegram_resends_it_by_its_id(app):
    desk = await with_officers(app)
    citizen = await file(app, "/kiennghi", channel=Channel.TELEGRAM, user_id="8123")
    await desk.handle(StaffEvent(OFFICER, ticket_id=1, files=(NOT_FETCHED,)))
    [reply] = await app.conversation.take_pending(citizen.user)
    assert reply.text == ("Trả lời về KI-2026-00001:\n"
                          "Cơ quan gửi Ông/Bà văn bản đính kèm dưới đây.")
    assert reply.file is not None and reply.file.channel_ref == "tg-doc-3"


async def test_a_photo_over_zalos_limit_leaves_the_citizen_a_note_and_warns_the_officer(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh", channel=Channel.ZALO, user_id="zalo-77")
    outcome = await desk.handle(StaffEvent(OFFICER, text="Ảnh chụp biên bản.", ticket_id=1,
                                           files=(BIG_PHOTO,)))
    [reply] = await app.conversation.take_pending(citizen.user)
    assert reply.file is None
    assert reply.text.startswith("Trả lời về PA-2026-00001:\nẢnh chụp biên bản.")
    assert "tệp «anh-u2.jpg», nhưng tệp này vượt quá dung lượng" in reply.text
    assert app.conversation.deps.org.hotline in reply.text
    assert [r.text.split(":")[0] for r in outcome.replies] == [
        "Đã gửi trả lời cho người dân (hồ sơ PA-2026-00001).",
        "⚠️ Tệp «anh-u2.jpg» KHÔNG gửi được cho người dân của hồ sơ PA-2026-00001"]


async def test_a_file_not_fetched_is_not_promised_to_a_web_chat_citizen(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh")
    outcome = await desk.handle(StaffEvent(OFFICER, text="Công văn số 12.", ticket_id=1,
                                           files=(NOT_FETCHED,)))
    [reply] = await app.conversation.take_pending(citizen.user)
    assert reply.file is None and "cong-van-12.pdf" in reply.text
    assert "KHÔNG gửi được" in outcome.replies[-1].text


async def test_an_album_reaches_the_citizen_file_by_file_after_the_text(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh", channel=Channel.ZALO, user_id="zalo-78")
    outcome = await desk.handle(StaffEvent(OFFICER, text="Ảnh trước và sau khi sửa.",
                                           ticket_id=1, files=(PHOTO, BIG_PHOTO, PHOTO)))
    replies = await app.conversation.take_pending(citizen.user)
    assert [(r.text.split("\n")[1] if r.text else "", r.file and r.file.name)
            for r in replies] == [("Ảnh trước và sau khi sửa.", "anh-u1.jpg"), ("", "anh-u1.jpg")]
    assert "tệp «anh-u2.jpg», nhưng" in replies[0].text
    assert outcome.replies[-1].text.startswith("⚠️ Tệp «anh-u2.jpg» KHÔNG gửi được")


async def test_a_file_on_a_paper_request_still_asks_for_a_written_answer(app, clock):
    desk = await with_officers(app)
    async with app.uow() as work:
        await work.tickets.add(NewTicket(
            TicketType.PHAN_ANH, Channel.OFFLINE, "Đèn đường ở ngõ 5 phố Lê Lợi hỏng đã lâu.",
            clock.now(), app.conversation.deps.deadlines.first_due("phan_anh", clock.now())),
            None)
        await work.commit()
    outcome = await desk.handle(StaffEvent(OFFICER, ticket_id=1, files=(PHOTO,)))
    assert [r.text.split(":")[0] for r in outcome.replies] == [
        "Đã lưu nội dung trả lời vào hồ sơ PA-2026-00001. Hồ sơ không có kênh trực tuyến "
        "(nhận trực tiếp, qua bưu điện…) nên bot KHÔNG gửi được cho người dân"]


async def test_a_picture_sent_as_a_document_goes_to_zalo_as_a_picture(app):
    desk = await with_officers(app)
    citizen = await file(app, "/phananh", channel=Channel.ZALO, user_id="zalo-79")
    scan = StaffFile("document", "BQAC-9", "bien-ban.png", 300_000, "image/png",
                     stored_ref="stored:" + "c" * 64 + ".png")
    await desk.handle(StaffEvent(OFFICER, text="Biên bản.", ticket_id=1, files=(scan,)))
    [reply] = await app.conversation.take_pending(citizen.user)
    assert reply.file is not None and reply.file.kind is FileKind.PHOTO


@pytest.fixture
def app_settings(tmp_path):
    return {"storage_dir": tmp_path / "files", "retention_days": 30}


async def test_an_officers_file_is_kept_with_the_ticket_like_the_citizens_attachments(
        app, clock):
    """README "What is kept": a ticket's attachments live as long as the ticket, and no job
    purges them; the officer's file in the answer follows the same rule. Once the answer is
    delivered (the outbox drops its body) and the purge and anonymising jobs have run, both
    files are still in the storage and the ticket still names both copies."""
    desk = await with_officers(app)
    citizen = await file(app, "/phananh", contact=("Lê Thị Hoa", "0912345678",
                                                   "Số 9 phố Hàng Bài"))
    evidence, _ = await app.storage.save(b"\xff\xd8\xff\xe0" + b"\x01" * 500, "jpg")
    answer, _ = await app.storage.save(b"%PDF-1.7\n" + b"2" * 500, "pdf")
    async with app.uow() as work:
        await work.tickets.add_attachments(1, [Attachment("photo", evidence, 504,
                                                          "image/jpeg", "anh.jpg", evidence)])
        await work.commit()
    letter = StaffFile("document", "tg-doc-4", "cong-van-15.pdf", 509, "application/pdf",
                       stored_ref=answer)
    await desk.handle(StaffEvent(OFFICER, text="Sở gửi công văn trả lời.", ticket_id=1,
                                 files=(letter,)))
    assert len(await app.conversation.take_pending(citizen.user)) == 1
    async with app.uow() as work:
        await work.session.execute(update(TicketRow).values(
            status=str(TicketStatus.CLOSED), resolved_at=clock.now()))
        await work.commit()
    clock.moment += timedelta(days=31)
    report = await run_purge(app, clock)
    anonymised = await run_anonymise(app, clock)
    assert report is not None
    assert anonymised is not None and anonymised.contacts == 1
    async with app.uow() as work:
        ticket = await work.tickets.get(1)
        history = await work.tickets.history(1)
    assert [a.stored_ref for a in ticket.attachments] == [evidence]
    [sent] = [e for e in history if e.kind == "message_out"]
    assert [f.get("stored_ref") for f in sent.data["files"]] == [answer]
    assert await app.storage.read(evidence) and await app.storage.read(answer)
