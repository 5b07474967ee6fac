"""Following a request from another device: the code and the phone's last four digits, or
the personal link from the chat; only the status is shown; guesses are cut off per address
and per code; a wrong code and wrong digits read the same."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app.organisation_file import load_organisation
from bot.core.following import PER_ADDRESS, PER_CODE, Follower
from tests.core.requests import answer_elements, choose_filer
from tests.transcript import Citizen

ADDRESS = "address-hash-0001"
PUBLIC = "https://hoidap.example.gov.vn"


async def file_with_phone(app, command: str = "/phananh", urgent: bool = False) -> str:
    """A request with a contact (phone 0912 345 678), filed on the web chat; its code."""
    citizen = Citizen(app.conversation)
    await citizen.says(command)
    await citizen.says("Cán bộ X nhận tiền để cấp phép sai quy định tại bộ phận một cửa.")
    await answer_elements(citizen, command)
    await citizen.presses("Thủ tục")
    await citizen.presses("Tôi đồng ý")
    await choose_filer(citizen, command)
    await citizen.says("Trần Thị Bình")
    await citizen.says("0912 345 678")
    await citizen.says("12 đường Hoa Sữa, phường Trung tâm")
    if command != "/tocao":
        await citizen.presses("Không công khai")
    if urgent:
        await citizen.presses("Báo khẩn cấp")
    await citizen.presses("Xác nhận gửi")
    return next(word for word in citizen.text.replace(".", " ").split() if "-2026-" in word)


@pytest.fixture
def follower(app) -> Follower:
    return Follower(app.uow, app.conversation.deps)


async def test_the_code_and_the_last_four_digits_show_the_status_only(app, follower):
    code = await file_with_phone(app)
    answer = await follower.by_code(code.lower(), "5678", ADDRESS, None)
    assert answer.outcome == "found"
    shown = dict(answer.status)
    assert shown["Mã tra cứu"] == code and shown["Tình trạng"].startswith("Đã tiếp nhận")
    assert shown["Hạn xử lý"] == "24/03/2026"
    everything = answer.message + str(answer.status)
    for personal in ("Bình", "0912", "Hoa Sữa", "nhận tiền"):
        assert personal not in everything


async def test_an_urgent_request_shows_the_hour_its_first_answer_is_due(app, follower):
    ordinary = await file_with_phone(app)
    urgent = await file_with_phone(app, urgent=True)
    shown = dict((await follower.by_code(urgent, "5678", ADDRESS, None)).status)
    assert shown["Xử lý khẩn cấp"] == "Trả lời Ông/Bà trước 15:00 10/03/2026"
    assert shown["Hạn xử lý"] == "24/03/2026"  # the legal deadline stays
    english = dict((await follower.by_code(urgent, "5678", ADDRESS, "en")).status)
    assert english["Urgent"] == "Answered by 15:00 10/03/2026"
    assert "Xử lý khẩn cấp" not in dict(
        (await follower.by_code(ordinary, "5678", ADDRESS, None)).status)


async def test_a_wrong_code_and_wrong_digits_get_the_same_answer(app, follower):
    code = await file_with_phone(app)
    wrong_digits = await follower.by_code(code, "1234", ADDRESS, None)
    unknown = await follower.by_code("PA-2026-00999", "5678", ADDRESS, None)
    assert wrong_digits.outcome == unknown.outcome == "not_found"
    assert wrong_digits.message.replace(code, "X") == unknown.message.replace("PA-2026-00999",
                                                                              "X")
    assert wrong_digits.status == ()
    malformed = await follower.by_code(code, "56", ADDRESS, "en")
    assert malformed.outcome == "invalid" and "4 digits" in malformed.message


async def test_a_tocao_is_locked_after_ten_wrong_guesses_even_with_the_right_digits(app,
                                                                                    follower):
    code = await file_with_phone(app, "/tocao")
    for number in range(PER_CODE):
        address = f"guesser-{number}"  # a new address each time: the code's own limit holds
        assert (await follower.by_code(code, f"{number:04d}", address, None)).outcome \
            == "not_found"
    locked = await follower.by_code(code, "5678", "the-real-denouncer", None)
    assert locked.outcome == "limited" and "đường dây nóng" in locked.message
    assert "5678" not in locked.message and locked.status == ()


@pytest.mark.parametrize("app_settings", [{}, {"web_public_url": PUBLIC}])
async def test_the_locked_answer_mentions_a_follow_link_only_when_the_chat_gives_one(
        app, follower):
    code = await file_with_phone(app, "/tocao")
    for number in range(PER_CODE):
        await follower.by_code(code, f"{number:04d}", f"guesser-{number}", None)
    locked = await follower.by_code(code, "5678", "the-real-denouncer", None)
    english = await follower.by_code(code, "5678", "another-address", "en")
    assert locked.outcome == english.outcome == "limited"
    citizen = Citizen(app.conversation)
    await citizen.says(f"/tracuu {code}")
    links = bool(app.settings.web_public_url)
    assert ("liên kết" in locked.message) is links
    assert ("link" in english.message) is links
    assert ("Theo dõi trên thiết bị khác" in citizen.buttons()) is links


async def test_one_address_is_slowed_down_after_many_look_ups(app, follower, clock):
    code = await file_with_phone(app)
    for _ in range(PER_ADDRESS):
        await follower.by_code(code, "5678", ADDRESS, None)
    refused = await follower.by_code(code, "5678", ADDRESS, None)
    assert refused.outcome == "limited" and refused.retry_after == 3600
    assert "60 phút" in refused.message
    assert (await follower.by_code(code, "5678", "another-address", None)).outcome == "found"
    clock.moment += timedelta(hours=1)
    assert (await follower.by_code(code, "5678", ADDRESS, None)).outcome == "found"


@pytest.mark.parametrize("app_settings", [{"web_public_url": PUBLIC}])
async def test_the_chat_gives_a_link_that_a_new_link_replaces_and_time_ends(app, follower,
                                                                           clock):
    citizen = Citizen(app.conversation)
    await citizen.says("/phananh")
    await citizen.says("Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay.")
    await citizen.presses("Viễn thông")
    await citizen.presses("Gửi không kèm liên hệ")
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    await citizen.presses("Theo dõi trên thiết bị khác")
    first = next(w for w in citizen.text.split() if w.startswith(f"{PUBLIC}/tra-cuu#"))
    token = first.partition("#")[2]
    found = await follower.by_link(token, ADDRESS, None)
    assert found.outcome == "found" and dict(found.status)["Mã tra cứu"] == "PA-2026-00001"

    stranger = Citizen(app.conversation, user_id="someone-else-99")
    await stranger.sends_payload("follow:PA-2026-00001")  # a forged button makes no link
    assert PUBLIC not in stranger.text

    await citizen.says("/tracuu PA-2026-00001")
    await citizen.presses("Theo dõi trên thiết bị khác")
    second = next(w for w in citizen.text.split() if w.startswith(f"{PUBLIC}/tra-cuu#"))
    assert (await follower.by_link(token, ADDRESS, None)).outcome == "not_found"
    newer = second.partition("#")[2]
    assert (await follower.by_link(newer, ADDRESS, None)).outcome == "found"
    clock.moment += timedelta(days=181)
    expired = await follower.by_link(newer, ADDRESS, None)
    assert expired.outcome == "not_found" and "không còn hiệu lực" in expired.message


@pytest.mark.parametrize("app_settings", [{}, {"web_public_url": PUBLIC}])
async def test_a_code_from_another_account_is_pointed_to_the_page_or_the_hotline(app):
    code = await file_with_phone(app)
    stranger = Citizen(app.conversation, user_id="someone-else")
    await stranger.says(f"/tracuu {code}")
    assert f"Không tìm thấy yêu cầu {code}" in stranger.text
    assert "Trần Thị Bình" not in stranger.text and "Hoa Sữa" not in stranger.text
    if app.settings.web_public_url:
        assert f"{PUBLIC}/tra-cuu" in stranger.text and "4 chữ số cuối" in stranger.text
    else:
        assert f"đường dây nóng {load_organisation(None).hotline}" in stranger.text
    await stranger.says("/tracuu PA-2026-09999")  # no such request: the same answer
    assert "Không tìm thấy yêu cầu PA-2026-09999" in stranger.text
