"""Officers in the Telegram staff group, end to end through the stand-in Bot API server: cards
for new tickets (forum and plain groups), actions by buttons, replies relayed to citizens on
Telegram and on the web chat, strangers refused, a denouncer's identity sealed."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_process import ROOT, BotProcess
from tests.fakes.telegram_citizen import TelegramCitizen
from tests.fakes.telegram_officer import TelegramOfficer

pytestmark = pytest.mark.e2e
STAFF_CHAT, OFFICER, LEADER, STRANGER = -100500, 4001, 4002, 4999
_citizens = itertools.count(8001)
# The smallest JPEG a stand-in needs: its signature, then filler.
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2000


def photo_size(file_id: str, content: bytes) -> dict:
    return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 800, "height": 600,
            "file_size": len(content)}


STREETS = ("Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Hùng Vương", "Lý Thường Kiệt", "Bà Triệu",
           "Hai Bà Trưng", "Phan Chu Trinh", "Quang Trung", "Nguyễn Du", "Hoàng Diệu",
           "Ngô Quyền", "Lê Duẩn", "Nguyễn Huệ", "Trường Chinh", "Lạc Long Quân")
_web_citizens = itertools.count()


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

    # A citizen calls the hotline with the code: /tim gives the card's link in the group.
    mark = len(bot_api.calls)
    officer.says(f"/tim@pakn_test_bot {code.lower()}")
    found = officer.wait_for(lambda c: c.method == "sendMessage"
                             and c.params.get("chat_id") == chat
                             and str(c.params.get("text")).startswith(code), after=mark)
    place = "/".join(str(part) for part in (str(chat).removeprefix("-100"),
                                             card.params.get("message_thread_id"),
                                             card.params["_message_id"]) if part)
    assert found.params["text"].endswith(f"Nguyễn Cán Bộ · https://t.me/c/{place}")

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
    mark = len(bot_api.calls)
    leader.says("/tim 0987 654 321")  # the denouncer's phone leads to nothing
    nothing = leader.wait_for(lambda c: c.method == "sendMessage"
                              and c.params.get("chat_id") == chat, after=mark)
    assert nothing.params["text"].startswith("Không tìm thấy hồ sơ nào có số điện thoại này")
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


def test_an_officer_finds_by_phone_in_a_private_chat_and_the_group_sees_nothing(bot_api,
                                                                                staff_bot):
    process, chat, _ = staff_bot
    citizen = TelegramCitizen(bot_api, next(_citizens))
    code = file_ticket(citizen, "/phananh", ("Lê Văn Gọi", "0912000111", "Thôn 3, xã Yên"))
    TelegramOfficer(bot_api, OFFICER, chat).card(code)
    mark = len(bot_api.calls)
    officer = TelegramCitizen(bot_api, OFFICER, name="Nguyễn Cán Bộ")  # their private chat
    officer._seen = len(bot_api.sent(OFFICER))
    lines = officer.says("/tim 0912 000 111")[0].params["text"].splitlines()
    assert lines[0] == "Hồ sơ có số điện thoại này (1, mới nhất trước):"
    assert lines[1].startswith(f"{code} · phản ánh · ") and len(lines) == 2
    stranger = TelegramCitizen(bot_api, STRANGER)  # a group member, not an officer
    stranger._seen = len(bot_api.sent(STRANGER))
    refused = stranger.says("/tim 0912000111")[0].params["text"]
    assert refused.startswith("Chưa hiểu lệnh «/tim»") and code not in refused
    assert not [c for c in bot_api.calls[mark:] if c.params.get("chat_id") == chat]
    assert process.query("SELECT e.actor FROM ticket_events e JOIN tickets t ON t.id = "
                         "e.ticket_id WHERE t.code = ? AND e.kind = 'found_by_phone'", code) == [
        (f"officer:{OFFICER}",)]


class WebCitizen:
    """A citizen on the web chat of the running bot, with a session the server issued."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = self._open("/api/chat/session", {})["session"]

    def _open(self, path: str, body: dict | None = None, session: str | None = None,
              raw: bool = False):
        headers = {"Content-Type": "application/json"}
        if session:
            headers["X-Chat-Session"] = session
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return (response.status, response.headers, response.read()) if raw else json.load(
                response)

    def chat(self, **body) -> list[dict]:
        return self._open("/api/chat", {"session": self.session, **body})["replies"]

    def files_a_request(self) -> str:
        self.chat(text="/phananh")
        # A place of its own: the same problem at one place would join the first report's case.
        street = STREETS[next(_web_citizens) % len(STREETS)]
        self.chat(text=f"Wifi công cộng ở công viên đường {street} không truy cập được.")
        self.chat(payload="file:field:vien_thong")
        self.chat(payload="file:consent:yes")
        self.chat(payload="file:skip")
        self.chat(payload="file:publish:no")
        return self.chat(payload="file:confirm")[0]["text"].split("Mã tra cứu: ")[1].split()[0]

    def pushed(self) -> list[dict]:
        """Messages pushed to this session (waits for the first)."""
        for _ in range(200):
            replies = self._open("/api/chat/updates", session=self.session)["replies"]
            if replies:
                return replies
            time.sleep(0.1)
        raise AssertionError("nothing was pushed to the web chat")

    def fetch(self, path: str, session: str | None):
        """(status, headers, body) of a GET with this session's (or another) token."""
        try:
            return self._open(path, session=session, raw=True)
        except urllib.error.HTTPError as error:
            return error.code, error.headers, b""


def test_an_officers_reply_reaches_a_web_chat_citizen(bot_api, staff_bot):
    process, chat, _ = staff_bot
    web = WebCitizen(process.url)
    code = web.files_a_request()
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card = officer.card(code)
    officer.replies_to(card, "Sở đã yêu cầu đơn vị cung cấp khắc phục trong hôm nay.")
    replies = web.pushed()
    assert code in replies[0]["text"] and "khắc phục trong hôm nay" in replies[0]["text"]


def test_an_officers_photo_with_its_caption_reaches_a_telegram_citizen(bot_api, staff_bot):
    process, chat, _ = staff_bot
    citizen = TelegramCitizen(bot_api, next(_citizens))
    code = file_ticket(citizen, "/kiennghi")
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card = officer.card(code)
    bot_api.hosted["AgAC-hien-truong"] = JPEG
    mark = len(bot_api.calls)
    officer.replies_to(card, None, photo=[photo_size("AgAC-hien-truong", JPEG)],
                       caption="Ảnh hiện trường sau khi khắc phục.")
    assert "Ảnh hiện trường sau khi khắc phục." in citizen.wait(1)[0].params["text"]
    sent = officer.wait_for(lambda c: c.method == "sendPhoto"
                            and c.params.get("chat_id") == citizen.user_id, after=mark)
    assert sent.params["photo"] == "AgAC-hien-truong"  # the same bot sends it again by its id
    officer.wait_for(lambda c: c.params.get("chat_id") == chat and "kèm tệp «anh-" in str(
        c.params.get("text")), after=mark)
    assert "AgAC-hien-truong" in bot_api.downloads  # the agency keeps its copy, via the API
    [(data,)] = process.query("SELECT e.data FROM ticket_events e JOIN tickets t ON "
                              "t.id = e.ticket_id WHERE t.code = ? AND e.kind = 'message_out'",
                              code)
    assert f'"size": {len(JPEG)}' in str(data) and '"kind": "photo"' in str(data)


def test_an_officers_album_reaches_a_telegram_citizen_whole(bot_api, staff_bot):
    _, chat, _ = staff_bot
    citizen = TelegramCitizen(bot_api, next(_citizens))
    code = file_ticket(citizen, "/phananh")
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card = officer.card(code)
    bot_api.hosted |= {"AgAC-truoc": JPEG, "AgAC-sau": JPEG + b"\x01"}
    mark = len(bot_api.calls)
    officer.replies_to(card, None, photo=[photo_size("AgAC-truoc", JPEG)],
                       caption="Trước và sau khi sửa.", media_group_id="album-1")
    officer.replies_to(card, None, photo=[photo_size("AgAC-sau", JPEG)],
                       media_group_id="album-1")
    assert "Trước và sau khi sửa." in citizen.wait(1)[0].params["text"]
    officer.wait_for(lambda c: c.method == "sendPhoto" and c.params.get("photo") == "AgAC-sau",
                     after=mark)
    assert [c.params["photo"] for c in bot_api.files(citizen.user_id)] == [
        "AgAC-truoc", "AgAC-sau"]


def test_an_officers_photo_reaches_only_the_web_chat_session_it_answers(bot_api, staff_bot):
    process, chat, _ = staff_bot
    web, other = WebCitizen(process.url), WebCitizen(process.url)
    code = web.files_a_request()
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card = officer.card(code)
    bot_api.hosted["AgAC-bien-ban"] = JPEG
    officer.replies_to(card, None, photo=[photo_size("AgAC-bien-ban", JPEG)],
                       caption="Biên bản kiểm tra.")
    [reply] = web.pushed()
    assert code in reply["text"] and "Biên bản kiểm tra." in reply["text"]
    link = reply["file"]["url"]
    assert reply["file"]["mime"] == "image/jpeg" and web.session not in link
    status, headers, body = web.fetch(link, web.session)
    assert (status, headers["Content-Type"], body) == (200, "image/jpeg", JPEG)
    assert web.fetch(link, other.session)[0] == 404
    assert web.fetch(link, None)[0] == 403


def test_an_officers_video_is_told_it_does_not_reach_the_citizen(bot_api, staff_bot):
    _, chat, _ = staff_bot
    citizen = TelegramCitizen(bot_api, next(_citizens))
    code = file_ticket(citizen, "/kiennghi")
    officer = TelegramOfficer(bot_api, OFFICER, chat)
    card = officer.card(code)
    video = {"file_id": "vid-12", "file_unique_id": "vid-12", "width": 640, "height": 360,
             "duration": 12, "mime_type": "video/mp4", "file_size": 800_000}
    mark = len(bot_api.calls)
    officer.replies_to(card, None, video=video)
    officer.wait_for(lambda c: c.params.get("chat_id") == chat and "KHÔNG được chuyển cho"
                     f" người dân của hồ sơ {code}" in str(c.params.get("text")), after=mark)
    assert not bot_api.files(citizen.user_id)  # nothing pretends the video went through
