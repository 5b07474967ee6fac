"""Hỏi - Đáp in the conversation: answers, suggestions as buttons, and the hand-over to staff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import TicketRow
from tests.transcript import Citizen


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Tôi bị lừa chuyển tiền qua mạng thì phải làm gì?", "Bị lừa đảo chuyển tiền qua mạng"),
        ("muon dang ky chu ky so ca nhan thi lam the nao", "chữ ký số cá nhân"),
        ("ad oi e bi mat gp buu chinh, xin cap lai the nao a", "Giấy phép bưu chính bị mất"),
        ("quên mật khẩu mail công vụ", "Quên mật khẩu"),
    ],
)
async def test_a_clear_question_is_answered_at_once(app, question, expected):
    citizen = Citizen(app.conversation)
    await citizen.says(question)
    assert expected in citizen.text
    assert "Không đúng câu hỏi của tôi" in citizen.buttons()


async def test_a_vague_question_gets_suggestions_as_buttons(app):
    citizen = Citizen(app.conversation)
    await citizen.says("chữ ký số")
    assert "Có phải Ông/Bà muốn hỏi" in citizen.text
    assert any("chữ ký số cá nhân" in label for label in citizen.buttons())
    await citizen.presses("chữ ký số cá nhân")
    assert "(Câu hỏi: Người dân muốn có chữ ký số cá nhân" in citizen.text


async def test_an_unrelated_question_is_handed_over_with_consent(app):
    citizen = Citizen(app.conversation)
    await citizen.says("Cho hỏi hôm nay trời có mưa không?")
    assert "chưa có câu trả lời sẵn" in citizen.text
    await citizen.presses("Gửi câu hỏi cho cán bộ")
    assert "Luật Bảo vệ dữ liệu cá nhân" in citizen.text and "trời có mưa" in citizen.text
    await citizen.presses("Đồng ý, gửi câu hỏi")
    assert "HD-2026-00001" in citizen.text and "17/03/2026" in citizen.text  # 5 working days
    async with app.uow() as work:
        content, kind = (await work.session.execute(
            select(TicketRow.content, TicketRow.type))).one()
    assert (content, kind) == ("Cho hỏi hôm nay trời có mưa không?", "hoi")


async def test_not_my_question_offers_other_entries_then_staff(app):
    citizen = Citizen(app.conversation)
    await citizen.says("Tôi bị lừa chuyển tiền qua mạng thì phải làm gì?")
    await citizen.presses("Không đúng câu hỏi của tôi")
    assert "Có phải Ông/Bà muốn hỏi" in citizen.text
    assert not any("Bị lừa đảo chuyển tiền" in label for label in citizen.buttons())
    await citizen.presses("Không đúng câu hỏi của tôi")
    assert "Gửi câu hỏi cho cán bộ" in citizen.buttons()


@pytest.mark.parametrize("typed", ["không đúng", "ko dung", "sai rồi ạ"])
async def test_not_my_question_typed_is_the_button_and_hands_over_the_question(app, typed):
    citizen = Citizen(app.conversation)
    await citizen.says("Tôi bị lừa chuyển tiền qua mạng thì phải làm gì?")
    await citizen.says(typed)
    assert "Có phải Ông/Bà muốn hỏi" in citizen.text
    await citizen.says(typed)
    await citizen.presses("Gửi câu hỏi cho cán bộ")
    assert "«Tôi bị lừa chuyển tiền qua mạng thì phải làm gì?»" in citizen.text


async def test_not_my_question_typed_before_any_question_asks_for_one(app):
    citizen = Citizen(app.conversation)
    await citizen.says("không đúng")
    assert "Mời Ông/Bà gõ câu hỏi" in citizen.text


@pytest.mark.parametrize("typed", ["ok", "vâng ạ", "dạ", "hiểu rồi"])
async def test_an_acknowledgement_after_an_answer_is_not_a_question(app, typed):
    citizen = Citizen(app.conversation)
    await citizen.says("Tôi bị lừa chuyển tiền qua mạng thì phải làm gì?")
    await citizen.says(typed)
    assert "viết rõ hơn" not in citizen.text and "chưa có câu trả lời" not in citizen.text
    assert "Hỏi - Đáp" in citizen.buttons()


@pytest.mark.parametrize("typed", ["có", "vâng", "ok ạ", "được"])
async def test_yes_typed_to_the_offer_of_staff_shows_the_notice(app, typed):
    citizen = Citizen(app.conversation)
    await citizen.says("Cho hỏi hôm nay trời có mưa không?")
    await citizen.says(typed)
    assert "«Cho hỏi hôm nay trời có mưa không?»" in citizen.text
    assert "Đồng ý, gửi câu hỏi" in citizen.buttons()


async def test_cancelling_the_hand_over_files_nothing(app):
    citizen = Citizen(app.conversation)
    await citizen.says("Cho hỏi hôm nay trời có mưa không?")
    await citizen.presses("Gửi câu hỏi cho cán bộ")
    await citizen.presses("Hủy")
    assert "Đã hủy" in citizen.text
    await citizen.sends_payload("ask:send")
    assert "hưa có câu hỏi nào" in citizen.text
    async with app.uow() as work:
        assert await work.session.scalar(select(TicketRow.id)) is None


async def test_a_too_short_question_asks_for_more(app):
    citizen = Citizen(app.conversation)
    await citizen.says("?? ...")
    assert "viết rõ hơn" in citizen.text


async def test_what_the_agency_does_not_handle_is_pointed_to_the_right_place(app):
    citizen = Citizen(app.conversation)
    await citizen.says("nha hang xom bi trom mat xe may toi qua thi bao o dau")
    assert "Công an" in citizen.text and "113" in citizen.text
    assert "Gửi câu hỏi cho cán bộ" in citizen.buttons()  # still possible, not pushed
    await citizen.says("Tôi mua phải hàng giả trên mạng thì khiếu nại ở đâu?")
    assert "1800 6838" in citizen.text
