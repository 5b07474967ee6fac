"""What citizens type where the form expects otherwise: a button's label typed instead of
pressed is the button pressed; a button from an earlier step pressed again is said to be
outdated, and the step's question comes back; a date is written the way people write it."""

from __future__ import annotations

import pytest

from bot.core.messages import Channel
from tests.transcript import Citizen

CONTENT = "Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay."


async def at_consent(citizen: Citizen, field: str = "khác") -> None:
    await citizen.says("/phananh")
    await citizen.says(CONTENT)
    await citizen.says(field)


@pytest.mark.parametrize("field", ["Khác", "khac", "viễn thông", "Vien thong, Internet"])
async def test_a_field_typed_is_chosen(app, field):
    citizen = Citizen(app.conversation)
    await at_consent(citizen, field)
    assert "Luật Bảo vệ dữ liệu cá nhân" in citizen.text


@pytest.mark.parametrize("answer", ["đồng ý", "Tôi đồng ý ạ", "dong y"])
async def test_consent_typed_with_the_buttons_words_is_given(app, answer):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.says(answer)
    assert "họ và tên" in citizen.text


async def test_a_single_word_that_only_begins_a_label_is_not_a_choice(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.says("không")  # «Không đồng ý» is not read from half of it
    assert "Luật Bảo vệ dữ liệu cá nhân" in citizen.text


@pytest.mark.parametrize("typed", ["bỏ qua", "Xong", "bo qua a"])
async def test_files_step_goes_on_when_skip_or_done_is_typed(app, typed):
    citizen = Citizen(app.conversation, channel=Channel.TELEGRAM, user_id="42")
    await citizen.says("/phananh")
    await citizen.says(CONTENT)
    await citizen.presses("Khác")
    assert "tài liệu kèm theo" in citizen.text
    await citizen.says(typed)
    assert "Luật Bảo vệ dữ liệu cá nhân" in citizen.text


async def test_the_round_of_a_complaint_typed_is_recorded(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/khieunai")
    await citizen.says("Quyết định xử phạt của Thanh tra Sở không đúng quy định.")
    await citizen.says("lần đầu")
    assert "cơ quan, tổ chức hay cá nhân nào" in citizen.text


async def test_confirmation_typed_sends_the_request(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.says("không công khai")
    assert "kiểm tra lại" in citizen.text and "Tệp đính kèm: không có" in citizen.text
    await citizen.says("xác nhận")
    assert "PA-2026-00001" in citizen.text


async def test_an_earlier_steps_button_is_outdated_and_the_question_is_asked_again(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.presses("Tôi đồng ý")
    await citizen.sends_payload("file:field:khac")  # the field, chosen two messages ago
    assert "không còn dùng được" in citizen.text
    assert "họ và tên" in citizen.text and "Bỏ qua" in citizen.buttons()
    await citizen.sends_payload("file:consent:yes")
    assert "không còn dùng được" in citizen.text and "Nội dung còn ngắn" not in citizen.text


@pytest.mark.parametrize("typed", ["5/3", "ngày 5 tháng 3 năm 2026", "05/03/26"])
async def test_the_day_a_decision_was_learned_of_is_read_as_people_write_it(app, typed):
    citizen = Citizen(app.conversation)
    await citizen.says("/khieunai")
    await citizen.says("Quyết định xử phạt của Thanh tra Sở không đúng quy định.")
    await citizen.presses("Lần đầu")
    await citizen.says("Thanh tra Sở Khoa học và Công nghệ")
    await citizen.says("Quyết định số 12/QĐ-XPHC")
    await citizen.says(typed)
    assert "đề nghị cơ quan giải quyết những gì" in citizen.text


async def test_a_phone_typed_with_words_around_it_is_taken(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.presses("Tôi đồng ý")
    await citizen.says("Nguyễn Văn An")
    await citizen.says("sđt của e: 0912.345.678 ạ")
    assert "địa chỉ liên hệ" in citizen.text


async def test_a_menu_button_of_an_earlier_message_keeps_the_draft(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.presses("Tôi đồng ý")
    await citizen.sends_payload("cmd:kiennghi")  # the menu shown before the filing began
    assert "đang soạn dở phản ánh" in citizen.text and "họ và tên" in citizen.text
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert CONTENT in citizen.text  # nothing typed was lost


async def test_english_from_an_earlier_menu_switches_language_and_keeps_the_draft(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.sends_payload("cmd:english")
    assert "Do you agree" in citizen.text or "agree" in citizen.text
    await citizen.presses("I agree")
    await citizen.presses("Skip")
    await citizen.presses("Do not publish")
    assert CONTENT in citizen.text


async def test_the_cancel_button_still_cancels_the_draft(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.presses("Hủy")
    assert "Đã hủy" in citizen.text


@pytest.mark.parametrize(("command", "then"), [
    ("/tracuu", "mã tra cứu"), ("/hoidap", "gõ câu hỏi"), ("/start", "chọn một việc")])
async def test_a_command_typed_mid_filing_is_carried_out_and_the_draft_said_cancelled(
        app, command, then):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.says(command)
    assert "phản ánh Ông/Bà đang soạn dở" in citizen.text and "đã được hủy" in citizen.text
    assert then in citizen.text and "họ và tên" not in citizen.text


async def test_english_typed_mid_filing_switches_language_and_keeps_the_draft(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.says("/english")
    assert "agree" in citizen.text and "cancelled" not in citizen.text


async def test_cancel_typed_mid_filing_still_cancels(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.says("/huy")
    assert "Đã hủy" in citizen.text and "đang soạn dở" not in citizen.text


@pytest.mark.parametrize("again", ["xác nhận gửi", "Xác nhận", "gửi", "xac nhan gui!"])
async def test_confirming_again_after_sending_says_the_request_went(app, again):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    await citizen.says(again)
    assert "đã được gửi" in citizen.text and "PA-2026-00001" in citizen.text
    assert "chưa có câu trả lời" not in citizen.text and "Tra cứu" in citizen.buttons()
    await citizen.says(again)  # once told, the word is a message like any other
    assert "PA-2026-00001" not in citizen.text


async def test_confirming_again_after_anonymous_information_says_it_was_recorded(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/thongtin")
    await citizen.says(CONTENT)
    await citizen.presses("Khác")
    await citizen.presses("Xác nhận gửi")
    await citizen.says("xác nhận gửi")
    assert "đã được ghi nhận" in citizen.text and "chưa có câu trả lời" not in citizen.text


async def test_help_typed_mid_filing_keeps_the_draft(app):
    citizen = Citizen(app.conversation)
    await at_consent(citizen)
    await citizen.says("/help")
    assert "/huy" in citizen.text and "Luật Bảo vệ dữ liệu cá nhân" in citizen.text
    assert "đã được hủy" not in citizen.text


async def at_publication(citizen: Citizen) -> None:
    await at_consent(citizen)
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    assert "công khai" in citizen.text


@pytest.mark.parametrize(("typed", "shown"), [("không", "không"), ("ko ạ", "không"),
                                              ("có", "có"), ("đồng ý", "có")])
async def test_yes_or_no_typed_answers_the_publication_question(app, typed, shown):
    citizen = Citizen(app.conversation)
    await at_publication(citizen)
    await citizen.says(typed)
    assert f"Công khai câu trả lời: {shown}" in citizen.text


async def test_anything_else_at_the_publication_question_says_what_is_expected(app):
    citizen = Citizen(app.conversation)
    await at_publication(citizen)
    await citizen.says("để tôi nghĩ đã")
    assert "vui lòng bấm «Đồng ý công khai» hoặc «Không công khai»" in citizen.text
    assert "Đồng ý công khai" in citizen.buttons()
