"""Officers in the Telegram staff group, end to end through the stand-in Bot API server: cards
for new tickets (forum and plain groups), actions by buttons, replies relayed to citizens on
Telegram and on the web chat, strangers refused, a denouncer's identity sealed."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_process import ROOT, BotProcess
from tests.fakes.telegram_citizen import TelegramCitizen
from tests.fakes.telegram_officer import TelegramOfficer

pytestmark = pytest.mark.e2e
STAFF_CHAT, OFFICER, LEADER, STRANGER = -100500, 4001, 4002, 4999
_citizens = itertools.count(8001)
STREETS = ("Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Hùng Vương", "Lý Thường Kiệt", "Bà Triệu",
           "Hai Bà Trưng")


@pytest.fixture(scope="module", params=["forum", "group"])
def bot_api(request):
    """A stand-in server of this module's own: no other bot process polls its updates."""
    api = FakeBotApi().start()
    api.kind = request.param
    yield api
    api.stop()


@pytest.fixture(scope="module")
def staff_bot(bot_api, tmp_path_factory):
    """`pakn run` with a staff group (a forum, or a plain supergroup) and two officers."""
    kind = bot_api.kind
    chat = STAFF_CHAT - (1 if kind == "group" else 0)
    if kind == "forum":
        bot_api.forums.add(chat)
    process = BotProcess(bot_api.base, tmp_path_factory.mktemp(kind),
                         TELEGRAM_STAFF_CHAT_ID=str(chat))
    subprocess.run([sys.executable, "-m", "bot.app.cli", "db", "upgrade"], cwd=ROOT,
                   env=process.env, check=True, capture_output=True, timeout=60)
    for telegram_id, name, role in ((OFFICER, "Nguyễn Cán Bộ", "officer"),
                                    (LEADER, "Trần Lãnh Đạo", "leader")):
        subprocess.run([sys.executable, "-m", "bot.app.cli", "officer", "add", "--telegram-id",
                        str(telegram_id), "--name", name, "--role", role], cwd=ROOT,
                       env=process.env, check=True, capture_output=True, timeout=60)
    process.start()
    yield process, chat, kind
    assert process.stop() == 0, process.output()


def file_ticket(citizen: TelegramCitizen, command: str, contact: tuple[str, ...] = ()) -> str:
    citizen.says(command)
    # Each citizen's pole is on a street of its own: the same problem at one place would join
    # the first report's vụ việc (issue 17) and get no card of its own.
    street = STREETS[citizen.user_id % len(STREETS)]
    citizen.says(f"Cột điện viễn thông trước nhà số 8 đường {street} bị nghiêng, sắp đổ.")
    if command == "/tocao":
        citizen.says("Ông Trần Văn Hai, cán bộ Phòng Bưu chính - Viễn thông")
    citizen.presses("Viễn thông")
    citizen.presses("Bỏ qua")  # no attachments
    citizen.presses("Tôi đồng ý")
    if contact:
        for value in contact:
            citizen.says(value)
    else:
        citizen.presses("Bỏ qua")
    if command != "/tocao":
        citizen.presses("Không công khai")
    citizen.presses("Xác nhận gửi")
    return citizen.text.split("Mã tra cứu: ")[1].split()[0]


def prompt_known(process: BotProcess, officer: int, prompt) -> None:
    """Waits until the bot has recorded the prompt's message id (reported once it was sent)."""
    for _ in range(500):
        rows = process.query("SELECT data FROM conversations WHERE external_id = ?",
                             f"staff:{officer}")
        if rows and f'"prompt": {prompt.params["_message_id"]}' in str(rows[0][0]):
            return
        time.sleep(0.01)
    raise AssertionError("the prompt's message id was not recorded")


def test_a_card_appears_and_officers_act_on_it(bot_api, staff_bot):
    process, chat, kind = staff_bot
    citizen = TelegramCitizen(bot_api, next(_citizens))
    code = file_ticket(citizen, "/phananh")
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card = officer.card(code)
    assert "Cột điện viễn thông" in card.params["text"] and "chưa phân công" in card.params["text"]
    if kind == "forum":
        topic = bot_api.of("createForumTopic")[-1]
        assert topic.params["name"].startswith(code)
        assert card.params["message_thread_id"] == topic.params["_thread_id"]
    else:
        assert not card.params.get("message_thread_id")

    mark = len(bot_api.calls)
    officer.presses(card, "Nhận xử lý")
    edit = officer.wait_for(lambda c: c.method == "editMessageText", after=mark)
    assert "Nguyễn Cán Bộ" in edit.params["text"] and "Đang xử lý" in edit.params["text"]

    # A phản ánh is received and answered, never "thụ lý" (Luật Tiếp công dân 2013 Đ28).
    assert "Thụ lý" not in str(edit.params.get("reply_markup"))
    # Taken up: the answer clock starts and the citizen reads its deadline.
    assert "Hạn trả lời" in citizen.wait(1)[0].params["text"]

    officer.replies_to(card, "Chúng tôi đã đề nghị doanh nghiệp viễn thông xử lý trong tuần.")
    relayed = citizen.wait(1)[0]
    assert f"Trả lời về {code}" in relayed.params["text"]
    assert "Nguyễn Cán Bộ" not in relayed.params["text"]
    citizen.presses("Trả lời cán bộ")
    citizen.says("Cảm ơn, nhờ cán bộ báo tôi khi xử lý xong.")
    assert "Đã gửi nội dung bổ sung" in citizen.text
    officer.wait_for(lambda c: c.method == "sendMessage" and c.params.get("chat_id") == chat
                     and "Người dân bổ sung" in str(c.params.get("text")))

    mark = len(bot_api.calls)
    officer.replies_to(card, "/note đã gọi cho doanh nghiệp")
    officer.wait_for(lambda c: "ghi chú nội bộ" in str(c.params.get("text")), after=mark)

    mark = len(bot_api.calls)
    officer.presses(card, "Đóng")
    prompt = officer.wait_for(lambda c: c.method == "sendMessage"
                              and "Nhập kết quả" in str(c.params.get("text")), after=mark)
    prompt_known(process, OFFICER, prompt)
    officer.says("Tin nhắn chung, không trả lời thẻ hay lời nhắc nào.")
    officer.replies_to(prompt, "Doanh nghiệp đã dựng lại cột điện ngày 12/3.")
    preview = officer.wait_for(lambda c: c.method == "sendMessage"
                               and "Vui lòng xem lại" in str(c.params.get("text")), after=mark)
    assert f"{code} đã được giải quyết. Kết quả: Doanh nghiệp đã dựng lại cột điện" in (
        preview.params["text"])
    assert process.query("SELECT status FROM tickets WHERE code = ?", code) == [("in_progress",)]
    officer.presses(preview, "Gửi")
    closed, rating = (call.params["text"] for call in citizen.wait(2))
    assert "đã được giải quyết" in closed and "dựng lại cột" in closed
    assert "Ông/Bà đánh giá thế nào" in rating
    assert "gọi cho doanh nghiệp" not in closed  # notes stay internal
    citizen.presses("5 ★")
    assert "Cảm ơn Ông/Bà đã đánh giá" in citizen.text
    events = process.query("SELECT e.kind FROM ticket_events e JOIN tickets t ON t.id = "
                           "e.ticket_id WHERE t.code = ? ORDER BY e.id", code)
    assert [e for (e,) in events] == ["created", "claimed", "message_out",
                                      "message_in", "note", "closed", "rated"]


def test_a_reply_to_another_card_never_completes_a_pending_close(bot_api, staff_bot):
    """The attack of issue 10: Đóng on A, then a reply to B's card went to A's citizen."""
    process, chat, _ = staff_bot
    anna, binh = (TelegramCitizen(bot_api, next(_citizens)) for _ in range(2))
    code_a, code_b = file_ticket(anna, "/phananh"), file_ticket(binh, "/kiennghi")
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card_a, card_b = officer.card(code_a), officer.card(code_b)
    mark = len(bot_api.calls)
    officer.presses(card_a, "Nhận xử lý")
    officer.wait_for(lambda c: c.method == "editMessageText" and "Đang xử lý" in str(
        c.params.get("text")), after=mark)
    assert "Hạn trả lời" in anna.wait(1)[0].params["text"]  # the answer clock started
    officer.presses(card_a, "Đóng")
    prompt = officer.wait_for(lambda c: code_a in str(c.params.get("text"))
                              and "Nhập kết quả" in str(c.params.get("text")), after=mark)
    prompt_known(process, OFFICER, prompt)
    officer.replies_to(card_b, "Kiến nghị của Ông/Bà đã được chuyển phòng chuyên môn.")
    to_binh = binh.wait(1)[0].params["text"]
    assert f"Trả lời về {code_b}" in to_binh and "phòng chuyên môn" in to_binh
    officer.replies_to(prompt, "Sở đã kiểm tra và xử lý xong.")
    preview = officer.wait_for(lambda c: "Vui lòng xem lại" in str(c.params.get("text")),
                               after=mark)
    assert code_a in preview.params["text"] and "phòng chuyên môn" not in preview.params["text"]
    assert process.query("SELECT status FROM tickets WHERE code = ?", code_a) == [
        ("in_progress",)]
    assert len(bot_api.sent(anna.user_id)) == anna._seen  # nothing reached A's citizen yet
    officer.presses(preview, "Gửi")
    closed = anna.wait(2)[0].params["text"]
    assert code_a in closed and "xử lý xong" in closed and "phòng chuyên môn" not in closed
    assert process.query("SELECT status FROM tickets WHERE code = ?", code_b) == [("received",)]


def test_strangers_are_refused(bot_api, staff_bot):
    process, chat, _ = staff_bot
    code = file_ticket(TelegramCitizen(bot_api, next(_citizens)), "/kiennghi")
    stranger = TelegramOfficer(bot_api, STRANGER, chat)
    card = stranger.card(code)
    mark = len(bot_api.calls)
    stranger.presses(card, "Nhận xử lý")
    answer = stranger.wait_for(lambda c: c.method == "answerCallbackQuery", after=mark)
    assert "chưa được đăng ký" in answer.params["text"] and answer.params["show_alert"]
    stranger.replies_to(card, "Tôi trả lời giùm nhé")
    stranger.says("/quahan")
    assert process.query("SELECT status, assignee_id FROM tickets WHERE code = ?", code) == [
        ("received", None)]
    assert process.query("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = "
                         "e.ticket_id WHERE t.code = ?", code) == [(1,)]


def test_a_denouncers_identity_never_reaches_the_group(bot_api, staff_bot):
    process, chat, _ = staff_bot
    citizen = TelegramCitizen(bot_api, next(_citizens))
    identity = ("Phạm Thị Tố", "0987654321", "Thôn 2, xã Yên, tỉnh Mẫu")
    code = file_ticket(citizen, "/tocao", identity)
    leader = TelegramOfficer(bot_api, LEADER, chat)
    card = leader.card(code)
    group_texts = [str(c.params.get("text")) for c in bot_api.calls
                   if c.params.get("chat_id") == chat]
    assert not any("Phạm Thị Tố" in t or "0987654321" in t for t in group_texts)
    for attempt, delivered in enumerate((False, True)):
        if not delivered:  # the leader never opened a private chat with the bot
            bot_api.fail("sendMessage", 403, chat_id=LEADER,
                         description="Forbidden: bot can't initiate conversation with a user")
        mark = len(bot_api.calls)
        leader.presses(card, "Xem danh tính")
        prompt = leader.wait_for(lambda c: "Nhập lý do xem danh tính" in str(
            c.params.get("text")), after=mark)
        prompt_known(process, LEADER, prompt)
        leader.replies_to(prompt, f"Xác minh người tố cáo, lần {attempt + 1}")
        told = "đã được gửi tới chat riêng" if delivered else "Không gửi được danh tính"
        leader.wait_for(lambda c, told=told: c.params.get("chat_id") == chat
                        and told in str(c.params.get("text")), after=mark)
    private = [c for c in bot_api.sent(LEADER) if code in str(c.params.get("text"))]
    assert len(private) == 1 and "Phạm Thị Tố" in private[0].params["text"]
    assert "0987654321" in private[0].params["text"]
    assert process.query("SELECT e.kind, e.actor, e.text FROM ticket_events e JOIN tickets t ON "
                         "t.id = e.ticket_id WHERE t.code = ? AND e.kind LIKE 'identity%' "
                         "ORDER BY e.id", code) == [
        ("identity_revealed", f"officer:{LEADER}", "Xác minh người tố cáo, lần 1"),
        ("identity_undelivered", "system", None),
        ("identity_revealed", f"officer:{LEADER}", "Xác minh người tố cáo, lần 2"),
        ("identity_delivered", "system", None)]


def test_an_officers_reply_reaches_a_web_chat_citizen(bot_api, staff_bot):
    process, chat, _ = staff_bot
    issue = urllib.request.Request(f"{process.url}/api/chat/session", data=b"{}",
                                   headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(issue, timeout=10) as response:
        session = json.load(response)["session"]  # issued by the server

    def chat_api(**body):
        request = urllib.request.Request(
            f"{process.url}/api/chat", data=json.dumps({"session": session, **body}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)["replies"]

    chat_api(text="/phananh")
    chat_api(text="Wifi công cộng ở quảng trường trung tâm không truy cập được.")
    chat_api(payload="file:field:vien_thong")
    chat_api(payload="file:consent:yes")
    chat_api(payload="file:skip")
    chat_api(payload="file:publish:no")
    code = chat_api(payload="file:confirm")[0]["text"].split("Mã tra cứu: ")[1].split()[0]
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card = officer.card(code)
    officer.replies_to(card, "Sở đã yêu cầu đơn vị cung cấp khắc phục trong hôm nay.")
    for _ in range(100):
        poll = urllib.request.Request(f"{process.url}/api/chat/updates",
                                      headers={"X-Chat-Session": session})
        with urllib.request.urlopen(poll, timeout=10) as response:
            replies = json.load(response)["replies"]
        if replies:
            break
        __import__("time").sleep(0.1)
    assert code in replies[0]["text"] and "khắc phục trong hôm nay" in replies[0]["text"]


def test_an_officer_replying_with_a_scan_is_told_it_does_not_reach_the_citizen(bot_api,
                                                                              staff_bot):
    _, chat, _ = staff_bot
    citizen = TelegramCitizen(bot_api, next(_citizens))
    code = file_ticket(citizen, "/kiennghi")
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card = officer.card(code)
    scan = {"file_id": "cv-12", "file_unique_id": "cv-12", "mime_type": "application/pdf",
            "file_name": "cong-van-12.pdf", "file_size": 80_000}
    mark = len(bot_api.calls)
    officer.replies_to(card, None, document=scan)
    officer.wait_for(lambda c: c.params.get("chat_id") == chat and "KHÔNG được chuyển cho"
                     f" người dân của hồ sơ {code}" in str(c.params.get("text")), after=mark)
    officer.replies_to(card, None, document=scan, caption="Sở gửi kèm công văn số 12.")
    assert "công văn số 12" in citizen.wait(1)[0].params["text"]
    officer.wait_for(lambda c: c.params.get("chat_id") == chat
                     and "Chỉ phần chú thích" in str(c.params.get("text")), after=mark)
    assert not bot_api.files(citizen.user_id)  # nothing pretends the scan went through
