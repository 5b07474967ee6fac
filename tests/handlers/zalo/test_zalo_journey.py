"""A request filed on Zalo end to end, with its code, and an officer's answer reaching the
citizen on Zalo."""

from __future__ import annotations

from bot.core.ports import Officer
from bot.core.staff.model import StaffEvent
from tests.handlers.zalo.conftest import ZaloCitizen, event

OFFICER = 4001


async def file_request(citizen: ZaloCitizen) -> str:
    await citizen.says("/phananh")
    assert "phản ánh về việc gì" in citizen.text
    await citizen.says("Đèn đường ở ngõ 12 phố Trần Phú bị hỏng ba tuần nay, rất tối.")
    await citizen.presses("Khác")
    photo = {"type": "image", "payload": {"url": "https://f.zalo.me/den-duong.jpg"}}
    await citizen.sends(event("user_send_image", citizen.user_id, attachments=[photo]))
    assert "Đã nhận 1/5 tệp" in citizen.text
    await citizen.presses("Xong")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "Tệp đính kèm: 1" in citizen.text
    await citizen.presses("Xác nhận gửi")
    return citizen.text.split("Mã tra cứu: ")[1].split()[0]


async def test_a_request_filed_on_zalo_gets_its_code_and_the_officers_answer(app, zalo):
    citizen = ZaloCitizen(zalo, "801")
    code = await file_request(citizen)
    assert code.startswith("PA-")
    await citizen.says(f"/tracuu {code}")
    assert f"{code} (" in citizen.text

    async with app.uow() as work:
        await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer"))
        ticket = await work.tickets.by_code(code)
        await work.commit()
    answer = "Đã báo Điện lực thay bóng đèn, dự kiến xong trong tuần này."
    await app.staff.handle(StaffEvent(OFFICER, text=answer, ticket_id=ticket.id))
    await citizen.wait()
    assert code in citizen.text and answer in citizen.text


async def test_more_photos_than_allowed_in_one_message_leave_the_done_button_at_hand(zalo):
    citizen = ZaloCitizen(zalo, "802")
    await citizen.says("/phananh")
    await citizen.says("Cột điện nghiêng ở đầu ngõ 5 đường Lê Lợi, nguy hiểm cho người đi đường.")
    await citizen.presses("Khác")
    photos = [{"type": "image", "payload": {"url": f"https://f.zalo.me/{n}.jpg"}}
              for n in range(7)]
    await citizen.sends(event("user_send_image", citizen.user_id, attachments=photos))
    assert "đủ 5 tệp" in citizen.text and "bấm «Xong»" in citizen.text
    await citizen.presses("Xong")
    assert "Thông báo xử lý dữ liệu cá nhân" in citizen.text


async def test_photos_sent_before_or_with_the_description_are_kept(zalo):
    citizen = ZaloCitizen(zalo, "803")
    await citizen.says("/phananh")
    photo = {"type": "image", "payload": {"url": "https://f.zalo.me/cot-dien.jpg"}}
    await citizen.sends(event("user_send_image", citizen.user_id, attachments=[photo]))
    assert "Nội dung còn ngắn" in citizen.text  # a photo alone does not describe
    await citizen.sends(event("user_send_image", citizen.user_id, attachments=[photo],
                              text="Cột điện nghiêng ở đầu ngõ 5 đường Lê Lợi, rất nguy hiểm."))
    await citizen.presses("Khác")
    await citizen.presses("Xong")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "Nội dung: Cột điện nghiêng" in citizen.text and "Tệp đính kèm: 2" in citizen.text


async def test_a_file_too_big_and_without_a_name_is_named_in_words(zalo):
    citizen = ZaloCitizen(zalo, "804")
    await citizen.says("/phananh")
    await citizen.says("Cột điện nghiêng ở đầu ngõ 5 đường Lê Lợi, nguy hiểm cho người đi đường.")
    await citizen.presses("Khác")
    big = {"type": "file", "payload": {"url": "https://f.zalo.me/v.mp4", "size": "31457280"}}
    await citizen.sends(event("user_send_file", citizen.user_id, attachments=[big]))
    assert "Tệp «tài liệu» lớn hơn 20 MB" in citizen.text


async def test_back_on_zalo_shows_the_long_content_shortened_with_giu_nguyen(zalo):
    citizen = ZaloCitizen(zalo, "806")
    content = "Đường ống nước sạch ở khu tập thể số 3 bị vỡ, nước tràn ra đường. " * 25
    await citizen.says("/phananh")
    await citizen.says(content)
    await citizen.presses("Khác")
    await citizen.says("quay lại")
    await citizen.says("quay lại")
    assert "trích phần đầu" in citizen.text and len(citizen.text) < 1000
    assert citizen.buttons() == ["Giữ nguyên", "Hủy"]
    await citizen.presses("Giữ nguyên")  # Zalo took the message: its button came back
    assert "lĩnh vực" in citizen.text and "✓ Khác" in citizen.buttons()
    assert not [call for call in zalo.api.calls if call.error]
