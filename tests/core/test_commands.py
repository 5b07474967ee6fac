"""Commands, bad input and languages in the conversation."""

from __future__ import annotations

from tests.transcript import Citizen


async def test_start_greets_with_the_menu(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/start")
    assert "Xin chào" in citizen.text and "Sở Khoa học và Công nghệ" in citizen.text
    assert {"Gửi phản ánh", "Tra cứu kết quả", "Gửi tố cáo"} <= set(citizen.buttons())


async def test_help_names_the_commands_and_hotline(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/help@pakn_bot")
    assert "/tracuu" in citizen.text and "0200 3 800 800" in citizen.text


async def test_unknown_command_and_stale_button_are_explained(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/xoadulieu")
    assert "hưa hiểu lệnh «/xoadulieu»" in citizen.text
    await citizen.sends_payload("nonsense:42")
    assert "không còn dùng được" in citizen.text


async def test_overlong_and_empty_messages_get_a_polite_answer(app):
    citizen = Citizen(app.conversation)
    await citizen.says("a" * 4001)
    assert "dài quá 4000 ký tự" in citizen.text
    for empty in ("", "   ", "\x00\x07"):
        await citizen.says(empty)
        assert "Chưa nhận được nội dung" in citizen.text, empty
        assert "chưa đọc được" not in citizen.text and "Gửi phản ánh" in citizen.buttons()


async def test_english_speakers_get_english(app):
    citizen = Citizen(app.conversation, language="en-US")
    await citizen.says("/start")
    assert "Hello" in citizen.text and "Send feedback" in citizen.buttons()


async def test_tracking_without_a_code_asks_for_one(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/tracuu")
    assert "chưa gửi yêu cầu nào" in citizen.text
    await citizen.says("PA-2026")
    assert "chưa đúng dạng" in citizen.text


async def test_a_prompt_for_a_code_lets_go_of_other_messages(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/tracuu")
    await citizen.says("khong nho ma")  # no code: their requests, or how to get one
    assert "chưa gửi yêu cầu nào" in citizen.text
    await citizen.says("/help")
    await citizen.says("Giờ làm việc của Sở thế nào?")
    assert "chưa đúng dạng" not in citizen.text and "7h30 - 11h30" in citizen.text
    await citizen.says("/tracuu")
    await citizen.says("Tôi muốn gửi phản ánh về đèn đường bị hỏng")
    assert "chưa đúng dạng" not in citizen.text
    assert "phản ánh về việc gì" in citizen.text  # the phản ánh flow has started


async def test_files_outside_a_flow_are_explained(app):
    from bot.core.messages import Attachment

    citizen = Citizen(app.conversation)
    await citizen.sends_files(Attachment("photo", "abc", 1000))
    assert "chỉ được lưu khi" in citizen.text


async def test_vietnamese_by_default_and_english_on_request(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/start")
    assert citizen.text.startswith("Xin chào") and "English" in citizen.buttons()
    await citizen.presses("English")
    assert citizen.text.startswith("Hello") and "Tiếng Việt" in citizen.buttons()
    await citizen.says("/phananh")
    assert "What is your feedback about?" in citizen.text  # the choice is remembered
    await citizen.says("/tiengviet")  # mid-filing: the same draft goes on in Vietnamese
    assert citizen.text.startswith("Ông/Bà muốn phản ánh về việc gì?")
    await citizen.says("/start")
    assert "Xin chào" in citizen.text


async def test_a_waiting_prompt_lets_go_after_half_an_hour(app, clock):
    from datetime import timedelta

    citizen = Citizen(app.conversation)
    await citizen.says("/tracuu")
    clock.moment += timedelta(minutes=31)
    await citizen.says("PA 2026")  # would have been a malformed code a while ago
    assert "chưa đúng dạng" not in citizen.text
    await citizen.says("/tracuu")
    clock.moment += timedelta(minutes=10)
    await citizen.says("PA 2026")
    assert "chưa đúng dạng" in citizen.text


async def test_english_texts_say_the_answers_are_in_vietnamese(app):
    citizen = Citizen(app.conversation)
    await citizen.says("/english")
    assert "Vietnamese or English" not in citizen.text
    await citizen.says("/hoidap")
    assert "in Vietnamese" in citizen.text and "staff" in citizen.text
    await citizen.says("How do I renew a postal licence for my company please?")
    assert "in Vietnamese" in citizen.text and "Send my question to staff" in citizen.buttons()
