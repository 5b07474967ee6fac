"""The Hỏi - Đáp column end to end: a citizen files a phản ánh on Telegram agreeing to its
publication; an officer closes it, proposes it, rewrites the question in a reply to the bot's
prompt; a leader approves it in the staff group; the real process serves it on GET /hoi-dap."""

from __future__ import annotations

import itertools
import urllib.request

import pytest

from tests.e2e.test_telegram_staff import (  # noqa: F401 (fixtures)
    LEADER,
    OFFICER,
    bot_api,
    prompt_known,
    staff_bot,
)
from tests.fakes.telegram_citizen import TelegramCitizen
from tests.fakes.telegram_officer import TelegramOfficer

pytestmark = pytest.mark.e2e
_citizens = itertools.count(8501)
QUESTION = "Cột viễn thông trước nhà bị nghiêng thì báo cơ quan nào xử lý?"


def file_public(citizen: TelegramCitizen) -> str:
    citizen.says("/phananh")
    citizen.says("Tôi là Lê Thị Hoa, cột viễn thông trước nhà số 8 đường Lê Lợi bị nghiêng.")
    citizen.presses("Viễn thông")
    citizen.presses("Bỏ qua")  # no attachments
    citizen.presses("Tôi đồng ý")
    for value in ("Lê Thị Hoa", "0913 222 333", "Số 8 đường Lê Lợi, phường Trung tâm"):
        citizen.says(value)
    citizen.presses("Đồng ý công khai")
    citizen.presses("Xác nhận gửi")
    return citizen.text.split("Mã tra cứu: ")[1].split()[0]


def sent(officer: TelegramOfficer, words: str, mark: int):
    """The bot's latest message in the staff group saying `words`."""
    return officer.wait_for(lambda c: c.method == "sendMessage"
                            and c.params.get("chat_id") == officer.chat_id
                            and words in str(c.params.get("text")), after=mark)


def edited_card(officer: TelegramOfficer, words: str, mark: int):
    return officer.wait_for(lambda c: c.method == "editMessageText"
                            and words in str(c.params.get("text")), after=mark)


def test_proposed_edited_approved_and_served(bot_api, staff_bot):  # noqa: F811
    process, chat, _kind = staff_bot
    code = file_public(TelegramCitizen(bot_api, next(_citizens)))
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    leader = TelegramOfficer(bot_api, LEADER, chat, name="Lãnh Đạo")
    card = officer.card(code)
    mark = len(bot_api.calls)
    officer.presses(card, "Nhận xử lý")
    edited_card(officer, "Nguyễn Cán Bộ", mark)
    mark = len(bot_api.calls)
    officer.presses(card, "Đóng")
    prompt = sent(officer, "Nhập kết quả", mark)
    prompt_known(process, OFFICER, prompt)
    officer.replies_to(prompt, "Doanh nghiệp đã dựng lại cột ngày 12/3; gọi 0913 222 333 nếu "
                               "còn vướng.")
    officer.presses(sent(officer, "Vui lòng xem lại", mark), "Gửi")
    sent(officer, "«Đề xuất công khai»", mark)  # the officer is reminded of the button
    edited_card(officer, "Đã giải quyết", mark)

    mark = len(bot_api.calls)
    officer.presses(card, "Đề xuất công khai")
    draft = sent(officer, "Bản nháp", mark)
    assert "[đã xóa: họ tên]" in draft.params["text"] and "Lê Thị Hoa" not in draft.params["text"]
    assert "0913" not in draft.params["text"]
    mark = len(bot_api.calls)
    officer.presses(draft, "Sửa câu hỏi")
    prompt = sent(officer, "Nhập câu hỏi đã biên tập", mark)
    prompt_known(process, OFFICER, prompt)
    officer.replies_to(prompt, QUESTION)
    edited = sent(officer, QUESTION, mark)
    mark = len(bot_api.calls)
    officer.presses(edited, "Gửi lãnh đạo duyệt")
    proposed = sent(officer, "chờ lãnh đạo duyệt", mark)
    officer.wait_for(lambda c: c.params.get("chat_id") == LEADER and code in
                     str(c.params.get("text")), after=mark)  # told in private

    mark = len(bot_api.calls)
    leader.presses(proposed, "Duyệt công khai")
    sent(officer, "đã duyệt công khai", mark)
    with urllib.request.urlopen(f"{process.url}/hoi-dap", timeout=10) as response:
        page = response.read().decode()
    assert QUESTION in page and "dựng lại cột" in page
    assert "Lê Thị Hoa" not in page and "0913" not in page and code not in page
