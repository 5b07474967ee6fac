"""The personal-data recogniser: what it removes from free Vietnamese text, and what it leaves."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.personal_data import redact

KNOWN = ("Phạm Thị Tố", "0987654321", "Thôn 2, xã Yên")

CASES = [
    # phones, in the ways people write them
    ("Gọi 0912 345 678 giúp tôi", "Gọi [phone] giúp tôi", ("phone",)),
    ("Số +84 912.345.678 nhé", "Số [phone] nhé", ("phone",)),
    ("SĐT: 0912-345-678.", "SĐT: [phone].", ("phone",)),
    ("liên hệ 0912345678", "liên hệ [phone]", ("phone",)),
    ("máy bàn (028) 3822 1234", "máy bàn [phone]", ("phone",)),
    ("số cố định 024.3825.1234", "số cố định [phone]", ("phone",)),
    ("84912345678 là số của tôi", "[phone] là số của tôi", ("phone",)),
    # e-mail and identity papers
    ("Thư: an.nguyen+pakn@gmail.com.vn", "Thư: [email]", ("email",)),
    ("CCCD 001099012345 cấp năm 2021", "CCCD [id] cấp năm 2021", ("id",)),
    ("CMND số 123456789", "CMND số [id]", ("id",)),
    ("CCCD 001 099 012 345", "CCCD [id]", ("id",)),
    # addresses
    ("Nhà ở số 12 ngõ 5 phố Huế bị mất nước", "Nhà ở [address] bị mất nước", ("address",)),
    ("Cột điện trước 12 Lý Thường Kiệt bị nghiêng", "Cột điện trước [address] bị nghiêng",
     ("address",)),
    ("Tôi ở thôn 3, xã Đông, tỉnh Mẫu. Xin hỏi", "Tôi ở [address]. Xin hỏi", ("address",)),
    ("xóm Chùa có đèn hỏng", "[address] có đèn hỏng", ("address",)),
    ("ấp Tân Lập, xã Tân Hòa", "[address]", ("address",)),
    ("Tổ dân phố Đồng Tâm, phường Quang Trung", "[address]", ("address",)),
    ("Hẻm 45/12 Nguyễn Trãi, Quận 1", "[address]", ("address",)),
    ("Gửi về số 12 Lý Thường Kiệt", "Gửi về [address]", ("address",)),
    ("tổ 5, phường Quang Trung mất điện", "[address] mất điện", ("address",)),
    ("nha o so 7 ngo 3 pho Hue", "nha o [address]", ("address",)),
    # names: self-introductions, honorifics, the ticket's own contact
    ("Tôi là Nguyễn Văn An, muốn hỏi", "Tôi là [name], muốn hỏi", ("name",)),
    ("Tên tôi là Lê Thị Hoa.", "Tên tôi là [name].", ("name",)),
    ("tôi tên Trần Bình, ở Hà Nội", "tôi tên [name], ở Hà Nội", ("name",)),
    ("toi ten la Nguyen Van Binh", "toi ten la [name]", ("name",)),
    ("Họ và tên: Đỗ Minh Châu", "Họ và tên: [name]", ("name",)),
    ("nhờ ông Hoàng Văn Cường giúp", "nhờ ông [name] giúp", ("name",)),
    ("Bà Pham Thi To hỏi", "Bà [name] hỏi", ("name",)),
    ("phạm thị tố gửi", "[name] gửi", ("name",)),
    ("gọi 0987.654.321", "gọi [phone]", ("phone",)),
    ("ở Thôn 2, xã Yên ạ", "ở [address] ạ", ("address",)),
    # several kinds, each listed once, in order of appearance
    ("Tôi là Nguyễn An, 0912345678, an@x.vn, 0912345678",
     "Tôi là [name], [phone], [email], [phone]", ("name", "phone", "email")),
]

KEPT = [
    "Theo Điều 8 Luật Tố cáo 2018, thời hạn giải quyết là 30 ngày.",
    "Phó Giám đốc Sở trả lời ngày 12/3/2026, lệ phí 1.500.000 đồng.",
    "Tôi là người dân xã Đông, muốn hỏi về wifi công cộng.",
    "Đèn đường ở đường Lê Lợi bị hỏng từ tuần trước.",
    "Sở có hỗ trợ doanh nghiệp khởi nghiệp đăng ký sáng chế không?",
    "Năm 2025 có 120 hồ sơ, tăng 15% so với năm 2024.",
    "Mã hồ sơ PA-2026-00001 đã quá hạn 3 ngày làm việc.",
    "Trạm BTS số 2 của Viettel đặt trên nóc nhà.",
    "Ông Chủ tịch UBND huyện đã chỉ đạo.",
]


@pytest.mark.parametrize(("text", "expected", "kinds"), CASES)
def test_personal_data_is_removed_and_named(text, expected, kinds):
    result = redact(text, KNOWN)
    assert (result.text, result.removed) == (expected, kinds)


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_text_is_left_alone(text):
    assert redact(text, KNOWN).text == text


def test_markers_come_from_the_caller():
    result = redact("Gọi 0912 345 678", marker=lambda kind: f"[đã xóa: {kind}]")
    assert result.text == "Gọi [đã xóa: phone]"


@given(st.text(max_size=300), st.lists(st.text(max_size=40), max_size=3))
def test_any_text_is_handled(text, known):
    result = redact(text, known)
    assert isinstance(result.text, str) and set(result.removed) <= {
        "email", "phone", "id", "name", "address"}


@given(st.lists(st.sampled_from(["Xin hỏi", "thủ tục", "cấp phép", ",", "ạ", "Sở", "năm 2026"]),
                max_size=8),
       st.from_regex(r"0[35789]\d{8}", fullmatch=True),
       st.sampled_from([" ", ".", "-", ""]))
def test_a_phone_among_words_never_survives(words, phone, separator):
    written = separator.join((phone[:4], phone[4:7], phone[7:]))
    text = " ".join([*words[:4], written, *words[4:]])
    assert phone not in "".join(ch for ch in redact(text).text if ch.isdigit())
