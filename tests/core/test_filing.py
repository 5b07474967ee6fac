"""Filing requests through the conversation, as a citizen would, on a real database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core.messages import Attachment, Channel
from db.models import TicketAttachment, TicketContact, TicketRow
from db.uow import SqlUnitOfWork
from tests.core.requests import answer_elements, choose_filer
from tests.transcript import Citizen


async def count(app, model) -> int:
    async with app.uow() as work:
        return await work.session.scalar(select(func.count()).select_from(model))


async def draft(citizen: Citizen, command: str = "/phananh") -> None:
    """Walks a request without contact details up to its summary, ready to confirm."""
    await citizen.says(command)
    await citizen.says("Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay.")
    await citizen.presses("Viễn thông")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")


async def file_phan_anh(citizen: Citizen) -> str:
    await draft(citizen)
    await citizen.presses("Xác nhận gửi")
    return citizen.text


async def test_phan_anh_is_filed_and_tracked_by_its_owner_only(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/phananh")
    assert "phản ánh về việc gì" in citizen.text
    await citizen.says("Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay.")
    assert "lĩnh vực" in citizen.text
    await citizen.presses("Viễn thông")
    # The web chat takes no files: the notice and the choice come before any personal detail.
    assert "Luật Bảo vệ dữ liệu cá nhân" in citizen.text
    assert "Im lặng không được coi là đồng ý" in citizen.text
    assert "Gửi không kèm liên hệ" in citizen.buttons()
    await citizen.presses("Tôi đồng ý")
    assert "thông tin liên hệ" in citizen.text and "Bỏ qua" in citizen.buttons()
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "Đèn tín hiệu" in citizen.text and "không để lại" in citizen.text
    await citizen.presses("Xác nhận gửi")
    # Received Tuesday 10/3/2026: ten working days, the day of receipt not counted.
    assert "PA-2026-00001" in citizen.text and "24/03/2026" in citizen.text
    assert await count(app, TicketRow) == 1

    await citizen.says("/tracuu pa-2026-1")
    assert "PA-2026-00001" in citizen.text and "Đã tiếp nhận" in citizen.text
    stranger = Citizen(app.conversation, user_id="someone-else-99")
    await stranger.says("/tracuu PA-2026-00001")
    assert "Không tìm thấy" in stranger.text and "Đèn tín hiệu" not in stranger.text


async def test_codes_count_up_per_type(app):
    first, second = Citizen(app.conversation, user_id="first-0001"), Citizen(
        app.conversation, user_id="second-0002")
    assert "PA-2026-00001" in await file_phan_anh(first)
    assert "PA-2026-00002" in await file_phan_anh(second)


async def test_khieu_nai_requires_contact_and_checks_the_phone(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/khieunai")
    assert "đơn khiếu nại" in citizen.text  # the signed đơn is explained up front
    await citizen.says("Tôi khiếu nại quyết định xử phạt số 12/QĐ-XPHC vì xử phạt sai đối tượng.")
    await answer_elements(citizen, "/khieunai")
    await citizen.presses("Khác")
    assert "Gửi không kèm liên hệ" not in citizen.buttons()  # a khiếu nại names its author
    await citizen.presses("Tôi đồng ý")
    await choose_filer(citizen, "/khieunai")
    assert "bắt buộc" in citizen.text and "Bỏ qua" not in citizen.buttons()
    await citizen.says("Nguyễn Văn An")
    await citizen.says("12345")
    # Luật KN Đ8(2) asks for name and address only: the phone may be skipped, never mistyped.
    assert "Số điện thoại chưa đúng" in citizen.text and "Bỏ qua" in citizen.buttons()
    await citizen.says("+84 912 345 678")
    await citizen.says("Số 5 đường Hùng Vương, phường Trung tâm")
    await citizen.presses("Đồng ý công khai")
    assert "0912***678" in citizen.text and "Nguyễn Văn An" in citizen.text
    await citizen.presses("Xác nhận gửi")
    assert "KN-2026-00001" in citizen.text
    async with app.uow() as work:
        contact = await work.tickets.contact(1)
    assert (contact.name, contact.phone) == ("Nguyễn Văn An", "0912345678")


async def test_to_cao_seals_the_identity_and_is_never_published(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/tocao")
    await citizen.says("Cán bộ X nhận tiền để cấp phép sai quy định tại bộ phận một cửa.")
    await answer_elements(citizen, "/tocao")
    await citizen.presses("Thủ tục")
    assert "giữ bí mật" in citizen.text
    await citizen.presses("Tôi đồng ý")
    await citizen.says("Trần Thị Bình")
    await citizen.says("0987654321")
    await citizen.says("Thôn 3, xã Đông Sơn, tỉnh Mẫu")
    assert "công khai" not in citizen.buttons()  # no publication step for tố cáo
    await citizen.presses("Xác nhận gửi")
    assert "TC-2026-00001" in citizen.text
    async with app.uow() as work:
        sealed = await work.session.scalar(select(TicketContact.sealed))
        published = await work.session.scalar(select(TicketRow.publish_allowed))
    assert sealed and not published


async def test_refusing_consent_keeps_nothing(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/kiennghi")
    await citizen.says("Đề nghị mở rộng giờ tiếp nhận hồ sơ vào sáng thứ Bảy.")
    await citizen.presses("Thủ tục")
    await citizen.says("ok")  # silence or a vague word is not consent
    assert "Tôi đồng ý" in citizen.buttons()
    await citizen.presses("Không đồng ý")
    # A kiến nghị may still go without contact details; cancelling keeps nothing.
    assert "không kèm họ tên" in citizen.text and "Gửi không kèm liên hệ" in citizen.buttons()
    await citizen.presses("Hủy")
    assert "không được lưu" in citizen.text
    assert await count(app, TicketRow) == 0 and await count(app, TicketContact) == 0
    await citizen.sends_payload("file:confirm")
    assert "không còn dùng được" in citizen.text


@pytest.mark.parametrize("cancel", ["/huy", "hủy", "Huy"])
async def test_cancel_anywhere_discards_the_draft(app, cancel):
    citizen = Citizen(app.conversation)
    await citizen.says("/phananh")
    await citizen.says("Mạng Internet khu phố tôi chập chờn cả tuần.")
    await citizen.says(cancel)
    assert "Đã hủy" in citizen.text
    await citizen.says("/huy")
    assert "không có thao tác nào" in citizen.text
    assert await count(app, TicketRow) == 0


async def test_short_content_and_a_field_not_listed_are_asked_again(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/phananh")
    await citizen.says("hỏng")
    assert "còn ngắn" in citizen.text
    await citizen.says("Trạm phát sóng gần nhà tôi phát tiếng ồn cả đêm.")
    await citizen.says("môi trường")  # no field of the agency's (a listed one typed is taken)
    assert "chọn một lĩnh vực" in citizen.text and "Khác" in citizen.buttons()


async def test_telegram_citizens_attach_files_within_limits(app):
    citizen = Citizen(app.conversation, channel=Channel.TELEGRAM, user_id="5551234")
    await citizen.says("/phananh")
    await citizen.says("Điểm thu gom bưu phẩm đóng cửa sớm hơn giờ niêm yết.")
    await citizen.presses("Bưu chính")
    assert "ảnh hoặc tài liệu" in citizen.text
    await citizen.sends_files(Attachment("photo", "file-a", 200_000, "image/jpeg"),
                              caption="Ảnh chụp cửa điểm thu gom lúc 15 giờ")
    assert "1/5" in citizen.text and "thêm vào nội dung" in citizen.text
    await citizen.sends_files(Attachment("document", "file-b", 50 * 1024 * 1024, None, "x.pdf"))
    assert "x.pdf" in citizen.text and "20 MB" in citizen.text
    await citizen.says("đây là ảnh")
    assert "Xong" in citizen.buttons()
    await citizen.presses("Xong")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "Tệp đính kèm: 1" in citizen.text
    assert "giờ niêm yết.\nẢnh chụp cửa điểm thu gom lúc 15 giờ" in citizen.text
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00001" in citizen.text
    async with app.uow() as work:
        refs = list(await work.session.scalars(select(TicketAttachment.file_ref)))
    assert refs == ["file-a"]


@pytest.mark.parametrize("app_settings", [{"max_open_tickets": 1}])
async def test_open_ticket_cap_stops_a_new_flow(app):
    citizen = Citizen(app.conversation)
    await file_phan_anh(citizen)
    await citizen.says("/kiennghi")
    assert "1 yêu cầu chưa được giải quyết" in citizen.text


async def test_a_failed_commit_shows_no_code_and_stores_nothing(app, monkeypatch):
    citizen = Citizen(app.conversation)
    await draft(citizen)

    async def broken_commit(self):
        raise ConnectionError("database went away")

    monkeypatch.setattr(SqlUnitOfWork, "commit", broken_commit)
    await citizen.presses("Xác nhận gửi")
    assert "sự cố" in citizen.text and "PA-" not in citizen.text
    monkeypatch.undo()
    assert await count(app, TicketRow) == 0
    # The draft survives the failure: confirming again files it.
    await citizen.sends_payload("file:confirm")
    assert "PA-2026-00001" in citizen.text


async def test_one_citizens_events_are_handled_one_at_a_time(app):
    """Twenty impatient presses of «Xác nhận gửi» at once file exactly one ticket."""
    import asyncio

    from bot.core.messages import Incoming

    citizen = Citizen(app.conversation)
    await draft(citizen)
    press = Incoming(citizen.user, payload="file:confirm")
    results = await asyncio.gather(*(app.conversation.handle(press) for _ in range(20)))
    codes = [r.text for replies in results for r in replies if "PA-2026-" in r.text]
    assert len(codes) == 1 and await count(app, TicketRow) == 1


async def test_many_citizens_at_once_each_get_their_own_code(app):
    """Thirty citizens confirm at the same moment: thirty tickets, thirty distinct codes."""
    import asyncio

    citizens = [Citizen(app.conversation, user_id=f"crowd-{n:04d}") for n in range(30)]
    for citizen in citizens:
        await draft(citizen, "/kiennghi")
    texts = await asyncio.gather(*(c.presses("Xác nhận gửi") for c in citizens))
    codes = {r.text.split("Mã tra cứu: ")[1].split()[0] for replies in texts for r in replies
             if "Mã tra cứu" in r.text}
    assert len(codes) == 30 and await count(app, TicketRow) == 30


async def test_filings_without_an_origin_have_no_per_origin_limit(app):
    # Telegram and Zalo know their citizens: the web chat's per-address limit is not theirs.
    assert app.conversation.deps.limits.filings_per_origin_hour == 3
    citizen = Citizen(app.conversation, Channel.TELEGRAM, "7001")
    for number in range(1, 5):
        await citizen.says("/phananh")
        await citizen.says("Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay.")
        await citizen.presses("Viễn thông")
        await citizen.presses("Bỏ qua")  # files
        await citizen.presses("Tôi đồng ý")
        await citizen.presses("Bỏ qua")  # contact
        await citizen.presses("Không công khai")
        await citizen.presses("Xác nhận gửi")
        assert f"PA-2026-0000{number}" in citizen.text
    assert await count(app, TicketRow) == 4


async def test_without_contact_details_a_phan_anh_is_answered_in_the_chat(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/phananh")
    await citizen.says("Cột ăng-ten trên mái nhà số 8 ngõ 12 bị nghiêng sau cơn bão.")
    await citizen.presses("Viễn thông")
    await citizen.presses("Gửi không kèm liên hệ")
    assert "họ và tên" not in citizen.text  # nothing personal is asked
    await citizen.presses("Không công khai")
    assert "không để lại" in citizen.text
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00001" in citizen.text
    assert {"Tra cứu", "Gửi thêm thông tin", "Về menu"} <= set(citizen.buttons())
    assert await count(app, TicketContact) == 0


async def test_a_wrong_phone_keeps_the_way_out_of_an_optional_detail(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/kiennghi")
    await citizen.says("Đề nghị mở rộng giờ tiếp nhận vào sáng thứ Bảy hằng tuần.")
    await citizen.presses("Thủ tục")
    await citizen.presses("Tôi đồng ý")
    await citizen.says("Lê Văn Cường")
    await citizen.says("09012")
    assert "Số điện thoại chưa đúng" in citizen.text and "Bỏ qua" in citizen.buttons()
    await citizen.says("bo qua")  # typed instead of pressed
    assert "địa chỉ" in citizen.text.lower()
    await citizen.says("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "Lê Văn Cường" in citizen.text and "09012" not in citizen.text


async def test_the_summary_edits_content_field_and_contact_and_quay_lai_goes_back(app):
    citizen = Citizen(app.conversation)
    await draft(citizen)
    assert {"Sửa nội dung", "Sửa lĩnh vực", "Sửa liên hệ"} <= set(citizen.buttons())
    await citizen.presses("Sửa nội dung")
    await citizen.says("Đèn tín hiệu ở ngã tư Lê Lợi - Trần Phú tắt hẳn từ tối qua.")
    assert "Xin Ông/Bà kiểm tra lại" in citizen.text and "tắt hẳn" in citizen.text
    await citizen.presses("Sửa lĩnh vực")
    await citizen.presses("Khác")
    assert "Lĩnh vực: Khác" in citizen.text
    await citizen.presses("Sửa liên hệ")
    await citizen.presses("Tôi đồng ý")
    await citizen.says("Phạm Thị Hoa")
    await citizen.says("0912345678")
    await citizen.says("Số 3 đường Lê Lợi, phường Trung tâm")
    assert "Phạm Thị Hoa" in citizen.text and "Xác nhận gửi" in citizen.buttons()
    await citizen.says("quay lại")
    assert "công khai" in citizen.text.lower()  # back to the step before the summary
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00001" in citizen.text
    async with app.uow() as work:
        ticket = await work.tickets.by_code("PA-2026-00001")
    assert ticket is not None and "tắt hẳn" in ticket.content and ticket.field == "khac"
