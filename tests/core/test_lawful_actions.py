"""Anonymous information, «Đổi loại», «Hướng dẫn» and what a closed khiếu nại or tố cáo points
to, as a citizen and an officer see them (Luật TC Đ9, Đ25, Đ47; Luật KN Đ33, Đ42; Luật Tiếp
công dân Đ28(1)(b))."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core.tickets import TicketStatus, TicketType
from db.models import TicketContact, TicketRow
from tests.core.requests import receive_signed_forms
from tests.core.test_staff_desk import (
    OFFICER,
    button,
    file,
    give,
    press,
    pushed,
    with_officers,
)
from tests.transcript import Citizen

CONTENT = "Ông Nguyễn Văn X ở bộ phận một cửa nhận tiền của doanh nghiệp để cấp phép nhanh."
IDENTITY = ["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"]


@pytest.fixture
async def desk(app):
    return await with_officers(app)


async def stored(app, ticket_id: int):
    async with app.uow() as work:
        return await work.tickets.get(ticket_id)


async def test_anonymous_information_is_its_own_choice_with_no_clock_and_no_author(app, desk):
    citizen = Citizen(app.conversation, user_id="anon-1")
    await citizen.says("/start")
    await citizen.presses("Cung cấp thông tin (không nêu danh tính)")
    assert "không được xử lý như một tố cáo" in citizen.text
    await citizen.says(CONTENT)
    await citizen.presses("Thủ tục")
    assert "Tôi đồng ý" not in citizen.buttons()  # nothing personal is asked
    assert "Điều 25" in citizen.text and "vu khống" in citizen.text  # Đ25(2), Đ9 warning
    assert "Sửa liên hệ" not in citizen.buttons()
    await citizen.presses("Xác nhận gửi")
    assert "cơ quan sẽ không trả lời" in citizen.text
    assert "TT-2026" not in citizen.text  # no code to follow: no answer will come
    async with app.uow() as work:
        row = await work.session.scalar(select(TicketRow))
        contacts = await work.session.scalar(select(func.count()).select_from(TicketContact))
        kept = (row.id, row.type, row.citizen_id, row.due_at, contacts)
    assert kept == (1, "thong_tin", None, None, 0)
    card = await desk.card_for(1)
    labels = [b.text for b in card.reply.buttons]
    assert "không nêu danh tính" in card.reply.text
    assert not {"Thụ lý", "Chuyển cơ quan khác", "Gia hạn"} & set(labels)
    await citizen.says("/tracuu")
    assert "chưa gửi yêu cầu nào" in citizen.text


async def test_a_denouncer_who_will_not_give_identity_is_offered_the_anonymous_path(app):
    citizen = Citizen(app.conversation, user_id="anon-2")
    await citizen.says("/tocao")
    await citizen.says(CONTENT)
    await citizen.says("Ông Nguyễn Văn X, chuyên viên bộ phận một cửa")
    await citizen.presses("Thủ tục")
    await citizen.presses("Không đồng ý")
    assert "Điều 25" in citizen.text and "Điều 47" in citizen.text
    await citizen.presses("Cung cấp thông tin (không nêu danh tính)")
    assert "thông tin không nêu danh tính" in citizen.text
    await citizen.presses("Xác nhận gửi")
    async with app.uow() as work:
        row = await work.session.scalar(select(TicketRow))
        kept = (row.type, row.citizen_id, row.details)
    assert kept == ("thong_tin", None,
                    {"respondent": "Ông Nguyễn Văn X, chuyên viên bộ phận một cửa"})


async def test_the_to_cao_introduction_offers_the_anonymous_choice_it_mentions(app):
    citizen = Citizen(app.conversation, user_id="anon-3")
    await citizen.says("/tocao")
    assert "«Cung cấp thông tin (không nêu danh tính)»" in citizen.text
    assert citizen.buttons() == ["Cung cấp thông tin (không nêu danh tính)", "Hủy"]
    await citizen.presses("Cung cấp thông tin (không nêu danh tính)")
    assert "Ông/Bà không cần cho biết họ tên" in citizen.text  # asked as information
    await citizen.says(CONTENT)
    await citizen.presses("Thủ tục")
    assert "Tôi đồng ý" not in citizen.buttons()  # nothing personal is asked
    await citizen.presses("Xác nhận gửi")
    assert "cơ quan sẽ không trả lời" in citizen.text
    async with app.uow() as work:
        row = await work.session.scalar(select(TicketRow))
        assert (row.type, row.citizen_id) == ("thong_tin", None)


async def march_with_anonymous_information(app, user_id: str):
    """The statistics of March 2026 after one piece of anonymous information was given."""
    from bot.core.statistics.figures import compute
    from bot.core.statistics.periods import parse_period

    citizen = Citizen(app.conversation, user_id=user_id)
    await citizen.says("/thongtin")
    await citizen.says(CONTENT)
    await citizen.presses("Thủ tục")
    await citizen.presses("Xác nhận gửi")
    period = parse_period("month", "2026-03")
    async with app.uow() as work:
        records = await work.records.in_period(*period.bounds(app.settings.tz))
    return compute(records, period, app.settings.tz, app.clock.now())


async def test_anonymous_information_is_counted_apart(app):
    stats = await march_with_anonymous_information(app, "anon-3")
    assert stats.information.received == 1
    assert stats.total.received == 0 and stats.by_type[TicketType.TO_CAO].received == 0


async def test_a_phan_anh_reclassified_as_to_cao_is_sealed_and_waits_for_its_don(app, desk):
    citizen = await file(app, "/phananh", contact=IDENTITY)
    card = await desk.card_for(1)
    assert "Lê Văn Tố" in card.reply.text
    menu = await press(desk, OFFICER, "st:retype:1")
    assert "Đổi loại hồ sơ PA-2026-00001" in menu.replies[0].text
    done = await press(desk, OFFICER, button(menu, "tố cáo"))
    assert "từ phản ánh sang tố cáo" in done.replies[0].text
    ticket = await stored(app, 1)
    assert (ticket.type, ticket.status, ticket.due_at) == (
        TicketType.TO_CAO, TicketStatus.AWAITING_FORM, None)
    assert "Lê Văn Tố" not in done.card.reply.text and "bảo mật" in done.card.reply.text
    assert "Xem danh tính (lãnh đạo)" in [b.text for b in done.card.reply.buttons]
    async with app.uow() as work:
        assert (await work.tickets.contact(1)).sealed
        history = [(e.kind, e.actor, e.data) for e in await work.tickets.history(1)]
    assert ("retyped", f"officer:{OFFICER}", {"old": "phan_anh", "new": "to_cao"}) in history
    replies = await app.conversation.take_pending(citizen.user)
    assert "đơn có chữ ký" in "\n".join(r.text for r in replies)
    assert "Gửi đơn đã ký" in [b.text for r in replies for b in r.buttons]
    assert sorted(r.file.name.rsplit(".", 1)[1] for r in replies if r.file) == ["docx", "pdf"]
    # And back to a phản ánh: the identity stays sealed for good.
    menu = await press(desk, OFFICER, "st:retype:1")
    back = await press(desk, OFFICER, button(menu, "phản ánh"))
    assert "Lê Văn Tố" not in back.card.reply.text
    assert (await stored(app, 1)).status is TicketStatus.RECEIVED


async def test_anonymous_information_cannot_become_a_khieu_nai(app, desk):
    citizen = Citizen(app.conversation, user_id="anon-4")
    await citizen.says("/thongtin")
    await citizen.says(CONTENT)
    await citizen.presses("Thủ tục")
    await citizen.presses("Xác nhận gửi")
    menu = await press(desk, OFFICER, "st:retype:1")
    assert [b.text for r in menu.replies for b in r.buttons] == ["phản ánh", "kiến nghị"]
    refused = await press(desk, OFFICER, "st:retype_to:1:khieu_nai")
    assert refused.alert and (await stored(app, 1)).type is TicketType.THONG_TIN


async def test_huong_dan_names_the_competent_body_and_ends_the_khieu_nai(app, desk):
    citizen = await file(app, "/khieunai", contact=IDENTITY)
    menu = await press(desk, OFFICER, "st:guide_menu:1")
    assert "Bảo hiểm xã hội, bảo hiểm y tế" in [b.text for r in menu.replies for b in r.buttons]
    preview = await press(desk, OFFICER, button(menu, "Bảo hiểm xã hội"))
    assert "Bảo hiểm xã hội tỉnh hoặc tổng đài 1900 9068" in preview.replies[0].text
    sent = await press(desk, OFFICER, button(preview, "Gửi"))
    assert "hướng dẫn" in sent.replies[0].text.lower()
    ticket = await stored(app, 1)
    assert ticket.status is TicketStatus.GUIDED and ticket.resolved_at is not None
    told = await pushed(app, citizen)
    assert "không thuộc thẩm quyền" in told and "Bảo hiểm xã hội tỉnh" in told
    async with app.uow() as work:
        guided = [e for e in await work.tickets.history(1) if e.kind == "guided"]
    assert guided and guided[0].actor == f"officer:{OFFICER}"


async def test_huong_dan_is_for_complaints_only(app, desk):
    await file(app, "/tocao", contact=IDENTITY)
    refused = await press(desk, OFFICER, "st:guide:1")
    assert refused.alert and "Chuyển cơ quan khác" in refused.alert
    assert "Hướng dẫn" not in [b.text for b in (await desk.card_for(1)).reply.buttons]


async def test_a_closed_khieu_nai_points_to_the_second_round_or_the_court(app, desk):
    citizen = await file(app, "/khieunai", contact=IDENTITY)
    await press(desk, OFFICER, "st:accept:1")
    await give(desk, OFFICER, "st:close:1:sai", "Giữ nguyên quyết định xử phạt.")
    told = await pushed(app, citizen)
    assert "khiếu nại lần hai" in told and "Tòa án" in told and "phản ánh mới" not in told
    await citizen.sends_payload("reply:KN-2026-00001")
    assert "khiếu nại lần hai" in citizen.text and "Gửi khiếu nại" in citizen.buttons()


async def test_a_closed_to_cao_points_to_to_cao_tiep(app, desk):
    citizen = await file(app, "/tocao", contact=IDENTITY)
    await press(desk, OFFICER, "st:accept:1")
    await give(desk, OFFICER, "st:close:1:dung_mot_phan",
               "Kết luận nội dung tố cáo đúng một phần.")
    told = await pushed(app, citizen)
    assert "tố cáo tiếp" in told and "phản ánh mới" not in told


async def test_the_form_receipt_date_is_checked(app, desk):
    await file(app, "/phananh")  # a phản ánh has no đơn to receive
    refused = await press(desk, OFFICER, "st:form_received:1")
    assert refused.alert
    await receive_signed_forms(app)  # nothing waiting: nothing changes
    assert (await stored(app, 1)).status is TicketStatus.RECEIVED


async def test_the_report_sheet_lists_anonymous_information_apart(app, tmp_path):
    from openpyxl import load_workbook

    from bot.reports.workbook import write_xlsx

    stats = await march_with_anonymous_information(app, "anon-5")
    out = tmp_path / "bao-cao.xlsx"
    write_xlsx(stats, app.conversation.deps.org, app.conversation.deps.catalog,
               app.settings.tz, out)
    sheet = load_workbook(out).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(values_only=True) if len(row) > 1]
    assert any(str(n).startswith("Thông tin không nêu danh tính") for n in names)
