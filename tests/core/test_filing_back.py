"""Coming back to a step already answered («Quay lại», «Sửa»): what was typed there is shown
and «Giữ nguyên» keeps it, as if typed again; new text replaces it."""

from __future__ import annotations

import logging

import pytest

from bot.core.messages import Attachment, Channel
from tests.core.requests import answer_elements
from tests.identity_scan import Identity, places_holding
from tests.transcript import Citizen

CONTENT = "Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay."
# A long content: its start is shown when coming back, its end only in the draft.
LONG = ("Đoạn đường từ cầu Sông Mẫu đến ngã ba Đông Sơn bị sụt lún nhiều chỗ, " * 6
        + "cuối cùng xin đề nghị sửa chữa trước mùa mưa.")


async def at_phone(citizen: Citizen, name: str = "Lê Văn Cường") -> None:
    await citizen.says("/kiennghi")
    await citizen.says(CONTENT)
    await citizen.presses("Thủ tục")
    await citizen.presses("Tôi đồng ý")
    await citizen.says(name)
    assert "số điện thoại" in citizen.text


async def to_summary(citizen: Citizen) -> None:
    """From the phone step: no phone, no address, not published."""
    await citizen.presses("Bỏ qua")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "kiểm tra lại" in citizen.text


async def test_back_shows_the_name_and_giu_nguyen_keeps_it(app):
    citizen = Citizen(app.conversation)
    await at_phone(citizen)
    await citizen.says("quay lại")
    assert "họ và tên" in citizen.text and "Ông/Bà đã nhập: «Lê Văn Cường»" in citizen.text
    assert citizen.buttons()[0] == "Giữ nguyên" and "Bỏ qua" in citizen.buttons()
    await citizen.presses("Giữ nguyên")
    assert "số điện thoại" in citizen.text and "đã nhập" not in citizen.text
    await to_summary(citizen)
    assert "Lê Văn Cường" in citizen.text


@pytest.mark.parametrize("typed", ["giữ nguyên", "Giu nguyen"])
async def test_giu_nguyen_typed_keeps_the_name(app, typed):
    citizen = Citizen(app.conversation)
    await at_phone(citizen)
    await citizen.says("quay lại")
    await citizen.says(typed)
    assert "số điện thoại" in citizen.text
    await to_summary(citizen)
    assert "Lê Văn Cường" in citizen.text and typed not in citizen.text


async def test_new_text_replaces_what_was_typed(app):
    citizen = Citizen(app.conversation)
    await at_phone(citizen, "Lê Văn Cường")
    await citizen.says("quay lại")
    await citizen.says("Lê Thị Dung")
    assert "số điện thoại" in citizen.text
    await to_summary(citizen)
    assert "Lê Thị Dung" in citizen.text and "Cường" not in citizen.text


async def test_a_long_content_is_shown_shortened_and_kept_whole(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/phananh")
    await citizen.says(LONG)
    await citizen.says("quay lại")
    assert "trích phần đầu" in citizen.text and "Đoạn đường từ cầu Sông Mẫu" in citizen.text
    assert "trước mùa mưa" not in citizen.text and "…" in citizen.text
    await citizen.presses("Giữ nguyên")
    assert "lĩnh vực" in citizen.text
    await citizen.presses("Khác")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    async with app.uow() as work:
        ticket = await work.tickets.by_code("PA-2026-00001")
    assert ticket is not None and ticket.content == LONG


async def test_a_stale_giu_nguyen_keeps_the_draft_and_asks_the_current_question(app):
    citizen = Citizen(app.conversation)
    await at_phone(citizen)
    await citizen.says("0912345678")
    await citizen.says("quay lại")  # the phone, shown as the summary shows it
    assert "Ông/Bà đã nhập: «0912***678»" in citizen.text
    await citizen.says("quay lại")
    await citizen.presses("Giữ nguyên")  # the name kept; the phone asked, with its own
    assert "số điện thoại" in citizen.text and "0912***678" in citizen.text
    await citizen.sends_payload("file:keep:name")  # the name's «Giữ nguyên», pressed again
    assert "không còn dùng được" in citizen.text
    assert "số điện thoại" in citizen.text and "0912***678" in citizen.text
    await citizen.presses("Giữ nguyên")
    assert "địa chỉ" in citizen.text.lower()
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "Lê Văn Cường, 0912***678" in citizen.text


async def test_back_at_the_first_step_is_unchanged(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/phananh")
    await citizen.says("quay lại")
    assert "Đây là bước đầu tiên" in citizen.text and "phản ánh về việc gì" in citizen.text
    assert "Giữ nguyên" not in citizen.buttons() and "đã nhập" not in citizen.text


async def test_editing_the_content_from_the_summary_offers_to_keep_it(app):
    citizen = Citizen(app.conversation)
    await at_phone(citizen)
    await to_summary(citizen)
    await citizen.presses("Sửa nội dung")
    assert f"Ông/Bà đã nhập: «{CONTENT}»" in citizen.text
    await citizen.presses("Giữ nguyên")
    assert "kiểm tra lại" in citizen.text and CONTENT in citizen.text


async def test_a_complaints_date_is_shown_as_written_and_kept(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/khieunai")
    await citizen.says("Tôi khiếu nại quyết định xử phạt số 12/QĐ-XPHC vì xử phạt sai đối tượng.")
    await answer_elements(citizen, "/khieunai")
    assert "lĩnh vực" in citizen.text
    await citizen.says("quay lại")  # the court: a choice, its answer marked
    assert "Tòa án" in citizen.text and "Giữ nguyên" not in citizen.buttons()
    assert "✓ Chưa" in citizen.buttons()
    await citizen.says("quay lại")
    assert "Ông/Bà đã nhập: «Hủy quyết định xử phạt»" in citizen.text
    await citizen.says("quay lại")
    assert "Ông/Bà đã nhập: «05/03/2026»" in citizen.text
    await citizen.presses("Giữ nguyên")
    assert "đề nghị cơ quan giải quyết những gì" in citizen.text
    await citizen.presses("Giữ nguyên")
    await citizen.presses("Chưa")
    await citizen.presses("Khác")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Tôi là người bị ảnh hưởng")
    await citizen.says("Nguyễn Văn An")
    await citizen.presses("Bỏ qua")
    await citizen.says("Số 5 đường Hùng Vương, phường Trung tâm")
    await citizen.presses("Không công khai")
    assert "05/03/2026" in citizen.text and "Hủy quyết định xử phạt" in citizen.text


async def test_a_choice_made_before_is_marked_and_the_consent_never_is(app):
    citizen = Citizen(app.conversation)
    await at_phone(citizen)
    await citizen.says("quay lại")
    await citizen.says("quay lại")  # the consent: given again by the citizen, never marked
    assert "Tôi đồng ý" in citizen.buttons()
    assert not any(label.startswith("✓") for label in citizen.buttons())
    await citizen.says("quay lại")
    assert "✓ Thủ tục" in " ".join(citizen.buttons())
    await citizen.says("khác")  # typed: the other field replaces it
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Giữ nguyên")
    await to_summary(citizen)
    assert "Lĩnh vực: Khác" in citizen.text
    await citizen.says("quay lại")
    assert "✓ Không công khai" in citizen.buttons() and "Đồng ý công khai" in citizen.buttons()


async def test_back_to_the_files_says_those_sent_are_kept(app):
    citizen = Citizen(app.conversation, channel=Channel.TELEGRAM, user_id="5551234")
    await citizen.says("/phananh")
    await citizen.says(CONTENT)
    await citizen.presses("Khác")
    await citizen.sends_files(Attachment("photo", "file-a", 200_000, "image/jpeg"))
    await citizen.presses("Xong")
    await citizen.says("quay lại")
    assert "đã gửi 1/5 tệp" in citizen.text and "vẫn được giữ" in citizen.text
    await citizen.presses("Xong")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "Tệp đính kèm: 1" in citizen.text


async def test_a_denouncers_identity_is_shown_back_to_them_only(app, caplog):
    for ours in ("bot", "db", "handlers", "faq"):
        caplog.set_level(logging.DEBUG, logger=ours)
    denouncer = Identity("Trần Thị Bình", "0912 468 135", "Thôn 3, xã Đông Sơn")
    citizen = Citizen(app.conversation, user_id="denouncer-0001")
    await citizen.says("/tocao")
    await citizen.says("Cán bộ X nhận tiền để cấp phép sai quy định tại bộ phận một cửa.")
    await answer_elements(citizen, "/tocao")
    await citizen.presses("Thủ tục")
    await citizen.presses("Tôi đồng ý")
    await citizen.says(denouncer.name)
    await citizen.says(denouncer.phone)
    await citizen.says("quay lại")
    assert "0912***135" in citizen.text and "468" not in citizen.text
    await citizen.says("quay lại")
    assert f"Ông/Bà đã nhập: «{denouncer.name}»" in citizen.text
    await citizen.presses("Giữ nguyên")
    await citizen.presses("Giữ nguyên")
    await citizen.says(denouncer.address)
    await citizen.presses("Xác nhận gửi")
    assert "TC-2026-00001" in citizen.text
    assert await places_holding(app.engine, denouncer) == set()  # sealed, encrypted at rest
    async with app.uow() as work:
        contact = await work.tickets.contact(1)
    assert contact is not None and (contact.name, contact.phone) == (denouncer.name,
                                                                     "0912468135")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not denouncer.found_in(logged)


async def test_in_english_keep_typed_keeps_the_name(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/english")
    await citizen.says("/kiennghi")
    await citizen.says(CONTENT)
    await citizen.says("khác")
    await citizen.presses("I agree")
    await citizen.says("Lê Văn Cường")
    await citizen.says("back")
    assert "You entered: «Lê Văn Cường»" in citizen.text and "Keep" in citizen.buttons()
    await citizen.says("keep")
    assert "phone" in citizen.text.lower() and "You entered" not in citizen.text
