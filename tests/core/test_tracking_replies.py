"""Replies about requests already sent: a status without a deadline ends with its last line,
and a button of a finished step gives the menu it points to."""

from __future__ import annotations

from tests.core.test_filing import file_phan_anh
from tests.core.test_two_stage import complain, finish_person
from tests.transcript import Citizen


async def test_a_request_awaiting_its_form_shows_no_empty_last_line(app):
    citizen = await complain(app)
    await finish_person(citizen)
    await citizen.presses("Xác nhận gửi")
    await citizen.says("/tracuu KN-2026-00001")
    assert "Chờ đơn" in citizen.text
    assert citizen.text == citizen.text.rstrip()


async def test_a_button_of_a_request_already_sent_shows_the_menu(app):
    citizen = Citizen(app.conversation)
    await file_phan_anh(citizen)
    await citizen.sends_payload("file:confirm")  # pressed again on the summary
    assert "không còn dùng được" in citizen.text and "chọn lại trong menu" in citizen.text
    assert "Gửi phản ánh" in citizen.buttons() and "Tra cứu kết quả" in citizen.buttons()
