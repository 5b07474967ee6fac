"""Khiếu nại and tố cáo in two stages: the chat drafts the đơn (DOCX and PDF read back here),
the request waits for its signed đơn with no clock and outside the statistics, and is received
when an officer records «Đã nhận đơn» or a digitally signed PDF arrives (Luật KN Đ8, Luật TC
Đ22-23, Đ25)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document
from pypdf import PdfReader

from bot.core.messages import Attachment, Channel
from bot.core.tickets import TicketStatus
from tests.core.test_staff_desk import OFFICER, give, pushed, with_officers
from tests.transcript import Citizen


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def files(citizen: Citizen) -> dict[str, bytes]:
    return {r.file.name.rsplit(".", 1)[-1]: r.file.content for r in citizen.replies if r.file}


async def complain(app, *, channel=Channel.WEB, user="citizen-kn", round_="Lần đầu",
                   learned="05/02/2026", filer="Tôi là người bị ảnh hưởng") -> Citizen:
    citizen = Citizen(app.conversation, channel=channel, user_id=user)
    await citizen.says("/khieunai")
    await citizen.says("Sở ra quyết định xử phạt tôi 7,5 triệu đồng về bưu chính không đúng.")
    await citizen.presses(round_)
    await citizen.says("Thanh tra Sở Khoa học và Công nghệ tỉnh Mẫu")
    await citizen.says("Quyết định số 123/QĐ-XPHC ngày 02/02/2026")
    await citizen.says(learned)
    await citizen.says("Hủy quyết định xử phạt và trả lại tiền phạt")
    await citizen.presses("Chưa")
    await citizen.presses("Bưu chính")
    if channel in (Channel.TELEGRAM, Channel.ZALO):  # channels with an attachments step
        await citizen.presses("Bỏ qua")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses(filer)
    return citizen


async def finish_person(citizen: Citizen) -> None:
    await citizen.says("Nguyễn Thị Khiếu")
    await citizen.presses("Bỏ qua")  # the phone is not mandatory for a khiếu nại
    await citizen.says("Số 5 đường Lê Lợi, phường Trung tâm, tỉnh Mẫu")
    await citizen.presses("Không công khai")


async def test_khieu_nai_is_drafted_into_a_signed_form_with_no_clock(app):
    citizen = await complain(app)
    await finish_person(citizen)
    assert "Lần khiếu nại: Lần đầu" in citizen.text
    assert "Người bị khiếu nại: Thanh tra Sở" in citizen.text and "bị tố cáo" not in citizen.text
    assert "Quyết định số 123/QĐ-XPHC" in citizen.text
    assert "chờ đơn" in citizen.text
    await citizen.presses("Xác nhận gửi")
    assert "CHƯA phải là đơn khiếu nại đã nộp" in citizen.text
    assert "Hạn trả lời" not in citizen.text
    got = files(citizen)
    assert set(got) == {"docx", "pdf"}
    for text in (docx_text(got["docx"]), pdf_text(got["pdf"])):
        flat = " ".join(text.split())
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
        assert "ĐƠN KHIẾU NẠI" in flat and "(Khiếu nại lần đầu)" in flat
        assert "Kính gửi: Sở Khoa học và Công nghệ tỉnh Mẫu" in flat
        assert "Họ và tên người khiếu nại: Nguyễn Thị Khiếu" in flat
        assert "Thanh tra Sở Khoa học và Công nghệ tỉnh Mẫu" in flat
        assert "Quyết định số 123/QĐ-XPHC ngày 02/02/2026" in flat
        assert "05/02/2026" in flat
        assert "Hủy quyết định xử phạt và trả lại tiền phạt" in flat
        assert "NGƯỜI KHIẾU NẠI" in flat
    async with app.uow() as work:
        ticket = (await work.tickets.open_queue())[0]
    assert ticket.status is TicketStatus.AWAITING_FORM
    assert ticket.due_at is None and ticket.next_reminder_at is None
    assert ticket.details["respondent"].startswith("Thanh tra")


async def test_pdf_embeds_a_font_with_every_vietnamese_glyph(app):
    citizen = await complain(app)
    await finish_person(citizen)
    await citizen.presses("Xác nhận gửi")
    reader = PdfReader(io.BytesIO(files(citizen)["pdf"]))
    fonts = [f for page in reader.pages
             for f in page["/Resources"]["/Font"].values()]
    assert any("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fonts)
    assert "Độc lập - Tự do - Hạnh phúc" in pdf_text(files(citizen)["pdf"])


async def test_officer_records_the_signed_form_and_the_clock_starts(app, clock):
    desk = await with_officers(app)
    citizen = await complain(app)
    await finish_person(citizen)
    await citizen.presses("Xác nhận gửi")
    async with app.uow() as work:
        ticket = (await work.tickets.open_queue())[0]
    card = await desk.card_for(ticket.id)
    labels = [b.text for b in card.reply.buttons]
    assert "Đã nhận đơn" in labels and "Thụ lý" not in labels
    assert "Đổi loại" in labels and "Hướng dẫn" in labels
    refused = await give(desk, OFFICER, f"st:form_received:{ticket.id}", "20/03/2026")
    assert "không thể sau hôm nay" in "\n".join(r.text for r in refused.replies) + (
        refused.alert or "")
    done = await give(desk, OFFICER, f"st:form_received:{ticket.id}", "hôm nay")
    assert "Đã ghi nhận đơn có chữ ký" in "\n".join(r.text for r in done.replies)
    async with app.uow() as work:
        received = await work.tickets.get(ticket.id)
    assert received.status is TicketStatus.RECEIVED
    # Luật KN Đ27 as in force on 10/3/2026: thụ lý within 10 working days.
    assert received.due_at.astimezone(app.settings.tz).strftime("%d/%m/%Y") == "24/03/2026"
    told = await pushed(app, citizen)
    assert "đã nhận đơn khiếu nại có chữ ký" in told and "24/03/2026" in told


async def test_a_digitally_signed_pdf_receives_the_request(app):
    signed = (b"%PDF-1.7\n1 0 obj <</Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7"
              b".detached /ByteRange [0 100 200 300] /Contents <00>>> endobj\n%%EOF")
    store = {"file-signed": signed, "file-photo": b"\xff\xd8 jpeg"}

    async def read(item: Attachment) -> bytes | None:
        return store.get(item.file_ref)

    app.conversation.deps = replace(app.conversation.deps, read_file=read)
    citizen = await complain(app, channel=Channel.TELEGRAM, user="42")
    await finish_person(citizen)
    await citizen.presses("Xác nhận gửi")
    await citizen.presses("Gửi đơn đã ký")
    await citizen.sends_files(Attachment("photo", "file-photo"))
    assert "Cán bộ sẽ kiểm tra chữ ký" in citizen.text
    async with app.uow() as work:
        ticket = (await work.tickets.open_queue())[0]
    assert ticket.status is TicketStatus.AWAITING_FORM
    await citizen.sends_payload(f"form:{ticket.code}")
    await citizen.sends_files(Attachment("document", "file-signed", mime="application/pdf",
                                         name="don.pdf"))
    assert "chữ ký số" in citizen.text
    async with app.uow() as work:
        ticket = await work.tickets.get(ticket.id)
        history = [e.kind for e in await work.tickets.history(ticket.id)]
    assert ticket.status is TicketStatus.RECEIVED and ticket.due_at is not None
    assert history[:3] == ["drafted", "form_uploaded", "form_received"]
    assert len(ticket.attachments) == 2


@pytest.mark.parametrize("learned, warned", [("05/02/2026", False), ("01/12/2025", True)])
async def test_the_90_day_limit_warns_and_never_refuses(app, learned, warned):
    citizen = Citizen(app.conversation, user_id=f"c-{learned}")
    await citizen.says("/khieunai")
    await citizen.says("Sở ra quyết định xử phạt tôi 7,5 triệu đồng về bưu chính không đúng.")
    await citizen.presses("Lần đầu")
    await citizen.says("Thanh tra Sở")
    await citizen.says("Quyết định số 123/QĐ-XPHC")
    await citizen.says(learned)
    assert ("quá thời hiệu khiếu nại 90 ngày" in citizen.text) is warned
    assert "đề nghị cơ quan giải quyết" in citizen.text  # the next question all the same


async def test_an_organisation_files_with_tax_code_and_representative(app):
    citizen = await complain(app, filer="Cơ quan, tổ chức khiếu nại")
    await citizen.says("Công ty TNHH Bưu chính Minh An")
    await citizen.says("0101234")
    assert "Mã số thuế chưa đúng" in citizen.text
    await citizen.says("0101234567")
    await citizen.says("Trần Văn Đại Diện")
    await citizen.presses("Bỏ qua")
    await citizen.says("Số 9 đường Trần Phú, phường Trung tâm, tỉnh Mẫu")
    await citizen.presses("Không công khai")
    assert "Công ty TNHH Bưu chính Minh An" in citizen.text
    await citizen.presses("Xác nhận gửi")
    text = " ".join(docx_text(files(citizen)["docx"]).split())
    assert "Tên cơ quan, tổ chức khiếu nại: Công ty TNHH Bưu chính Minh An" in text
    assert "Mã số thuế: 0101234567" in text


async def test_a_representative_names_the_person_and_attaches_the_authorisation(app):
    citizen = await complain(app, channel=Channel.TELEGRAM, user="77",
                             filer="Tôi là người đại diện")
    await citizen.says("Lê Văn Đại")
    await citizen.says("0912345678")
    await citizen.says("Số 1 đường Hùng Vương, phường Trung tâm, tỉnh Mẫu")
    await citizen.says("Phạm Thị Bà")
    assert "giấy ủy quyền" in citizen.text
    await citizen.sends_files(Attachment("photo", "auth-photo"))
    await citizen.presses("Không công khai")
    assert "đại diện cho Phạm Thị Bà" in citizen.text
    await citizen.presses("Xác nhận gửi")
    text = " ".join(pdf_text(files(citizen)["pdf"]).split())
    assert "Là người đại diện cho: Phạm Thị Bà" in text
    async with app.uow() as work:
        ticket = await work.tickets.get((await work.tickets.open_queue())[0].id)
        contact = await work.tickets.contact(ticket.id)
    assert contact.details["represented"] == "Phạm Thị Bà"
    assert any(a.file_ref == "auth-photo" for a in ticket.attachments)


async def test_to_cao_is_drafted_with_its_commitment_and_stays_sealed(app):
    desk = await with_officers(app)
    citizen = Citizen(app.conversation, user_id="tc-1")
    await citizen.says("/tocao")
    assert "bí mật tuyệt đối" not in citizen.text
    await citizen.says("Cán bộ A nhận tiền của doanh nghiệp để bỏ qua vi phạm về viễn thông.")
    await citizen.says("Ông Nguyễn Văn A, chuyên viên Phòng Bưu chính - Viễn thông")
    await citizen.presses("Viễn thông")
    await citizen.presses("Tôi đồng ý")
    await citizen.says("Hoàng Minh Tố")
    await citizen.says("0987654321")
    await citizen.says("Số 3 đường Nguyễn Huệ, phường Trung tâm, tỉnh Mẫu")
    assert "Người bị tố cáo: Ông Nguyễn Văn A" in citizen.text
    assert "khiếu nại" not in citizen.text  # the summary of a tố cáo names no khiếu nại
    await citizen.presses("Xác nhận gửi")
    assert "CHƯA phải là đơn tố cáo đã nộp" in citizen.text
    assert "Mã tra cứu: TC-2026-" in citizen.text and "hồ sơ" not in citizen.text.lower()
    text = " ".join(pdf_text(files(citizen)["pdf"]).split())
    assert "ĐƠN TỐ CÁO" in text and "Họ và tên người tố cáo: Hoàng Minh Tố" in text
    assert "Số điện thoại liên hệ: 0987654321" in text
    assert "chịu trách nhiệm trước pháp luật về nội dung tố cáo" in text
    async with app.uow() as work:
        ticket = (await work.tickets.open_queue())[0]
    card = await desk.card_for(ticket.id)
    assert "Hoàng Minh Tố" not in card.reply.text and "bảo mật" in card.reply.text
    assert "Hướng dẫn" not in [b.text for b in card.reply.buttons]


async def test_waiting_requests_are_not_counted_as_received(app):
    from bot.core.statistics.figures import compute
    from bot.core.statistics.periods import parse_period

    citizen = await complain(app)
    await finish_person(citizen)
    await citizen.presses("Xác nhận gửi")
    async with app.uow() as work:
        records = await work.records.in_period(*parse_period("month", "2026-03")
                                               .bounds(app.settings.tz))
    stats = compute(records, parse_period("month", "2026-03"), app.settings.tz,
                    app.clock.now())
    assert stats.total.received == 0


async def test_max_open_tickets_slows_a_khieu_nai_and_never_refuses_it(app, clock):
    from datetime import timedelta

    for _ in range(5):
        citizen = await complain(app, user="busy")
        await finish_person(citizen)
        await citizen.presses("Xác nhận gửi")
        clock.moment += timedelta(hours=2)
    citizen = await complain(app, user="busy")
    await finish_person(citizen)
    await citizen.presses("Xác nhận gửi")
    assert "CHƯA phải là đơn khiếu nại" in citizen.text  # 2 hours after the last: let through
    again = await complain(app, user="busy")
    assert "chưa được giải quyết" not in again.text
    await finish_person(again)
    await again.presses("Xác nhận gửi")
    assert "không bị từ chối" in again.text
    clock.moment += timedelta(hours=2)
    await again.presses("Xác nhận gửi")
    assert "CHƯA phải là đơn khiếu nại" in again.text


async def test_the_signed_don_of_a_to_cao_goes_to_leaders_only(app):
    """Luật TC Đ47: the signed đơn names the denouncer; the assignee's Chứng cứ leaves it out."""
    from sqlalchemy import update

    from bot.core.messages import UserRef
    from db.models import TicketAttachment
    from tests.core.test_staff_desk import LEADER, press

    desk = await with_officers(app)
    citizen = Citizen(app.conversation, channel=Channel.TELEGRAM, user_id="55")
    await citizen.says("/tocao")
    await citizen.says("Cán bộ A nhận tiền của doanh nghiệp để bỏ qua vi phạm về viễn thông.")
    await citizen.says("Ông Nguyễn Văn A, chuyên viên Phòng Bưu chính - Viễn thông")
    await citizen.presses("Viễn thông")
    await citizen.sends_files(Attachment("photo", "evidence-1"))
    await citizen.presses("Xong")
    await citizen.presses("Tôi đồng ý")
    for value in ("Hoàng Minh Tố", "0987654321", "Số 3 đường Nguyễn Huệ, phường Trung tâm"):
        await citizen.says(value)
    await citizen.presses("Xác nhận gửi")
    await citizen.presses("Gửi đơn đã ký")
    await citizen.sends_files(Attachment("photo", "signed-1"))
    async with app.uow() as work:  # both archived (bot/relay/archive.py)
        for n, ref in enumerate(("evidence-1", "signed-1")):
            await work.session.execute(update(TicketAttachment)
                                       .where(TicketAttachment.file_ref == ref)
                                       .values(stored_ref=f"stored:{str(n) * 64}.jpg"))
        await work.commit()
    await press(desk, OFFICER, "st:claim:1")
    await press(desk, OFFICER, "st:evidence:1")
    await press(desk, LEADER, "st:evidence:1")
    async with app.uow() as work:
        to_officer = await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(OFFICER)))
        to_leader = await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(LEADER)))
    assert [r.file.stored_ref for r in to_officer if r.file] == [f"stored:{'0' * 64}.jpg"]
    assert len([r for r in to_leader if r.file]) == 2


async def test_more_information_on_a_khieu_nai_waiting_for_its_form_is_taken(app):
    citizen = await complain(app)
    await finish_person(citizen)
    await citizen.presses("Xác nhận gửi")
    # The button under an officer's message while the đơn is awaited: not "đã kết thúc".
    await citizen.sends_payload("reply:KN-2026-00001")
    assert "đã kết thúc" not in citizen.text and "Mời Ông/Bà nhập" in citizen.text
    await citizen.says("Tôi bổ sung số biên lai nộp phạt: 0001234.")
    assert "Đã gửi nội dung bổ sung" in citizen.text
