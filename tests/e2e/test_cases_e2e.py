"""One vụ việc, three channels, end to end (issue 17): the real `pakn run` process with the
stand-in Bot API (citizen and staff group), the stand-in Zalo OA API (signed webhooks in, sent
messages recorded) and the web chat over HTTP. Three citizens report the same fallen cable;
the officer answers once on the case's card, and each citizen reads it with their own code.
And the whole way of one Zalo request: its card in the staff group (a forum), the officer takes
it up and writes in its topic, and the Zalo citizen reads the answer."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

import pytest

from handlers.zalo.signature import HEADER, mac
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_process import ROOT, BotProcess
from tests.fakes.telegram_citizen import TelegramCitizen
from tests.fakes.telegram_officer import TelegramOfficer
from tests.fakes.zalo_api import APP_ID, APP_SECRET, OA_SECRET_KEY, FakeZaloApi, Sent

pytestmark = pytest.mark.e2e
STAFF_CHAT, OFFICER = -100700, 4101


@pytest.fixture(scope="module")
def apis():
    telegram, zalo = FakeBotApi().start(), FakeZaloApi().start()
    telegram.forums.add(STAFF_CHAT)  # a topic per request
    yield telegram, zalo
    telegram.stop()
    zalo.stop()


@pytest.fixture(scope="module")
def bot(apis, tmp_path_factory):
    """`pakn run` with Telegram (and its staff group), Zalo and the web chat."""
    telegram, zalo = apis
    process = BotProcess(
        telegram.base, tmp_path_factory.mktemp("cases"), TELEGRAM_STAFF_CHAT_ID=str(STAFF_CHAT),
        ZALO_APP_ID=APP_ID, ZALO_APP_SECRET=APP_SECRET, ZALO_OA_SECRET_KEY=OA_SECRET_KEY,
        ZALO_ACCESS_TOKEN=zalo.access_token, ZALO_REFRESH_TOKEN=zalo.refresh_token,
        ZALO_API_BASE=zalo.base, ZALO_OAUTH_BASE=zalo.base)
    for command in (["db", "upgrade"], ["officer", "add", "--telegram-id", str(OFFICER),
                                        "--name", "Nguyễn Cán Bộ", "--role", "officer"]):
        subprocess.run([sys.executable, "-m", "bot.app.cli", *command], cwd=ROOT,
                       env=process.env, check=True, capture_output=True, timeout=60)
    process.start()
    yield process
    assert process.stop() == 0, process.output()


class ZaloUser:
    """A citizen on Zalo: signed webhook events to the process, replies read from the
    stand-in API (a button's payload comes back as text, as Zalo does)."""

    def __init__(self, process: BotProcess, api: FakeZaloApi, user_id: str) -> None:
        self.process, self.api, self.user_id = process, api, user_id
        self.replies: list[Sent] = []
        self._seen, self._n = 0, 0

    def says(self, text: str) -> None:
        self._n += 1
        stamp = str(int(time.time() * 1000))
        body = json.dumps({
            "app_id": APP_ID, "user_id_by_app": f"app-{self.user_id}",
            "event_name": "user_send_text", "timestamp": stamp,
            "sender": {"id": self.user_id}, "recipient": {"id": "oa-1"},
            "message": {"msg_id": f"cases-{self.user_id}-{self._n}", "text": text}},
            ensure_ascii=False).encode()
        request = urllib.request.Request(
            f"{self.process.url}/webhooks/zalo", data=body,
            headers={"Content-Type": "application/json",
                     HEADER: "mac=" + mac(APP_ID, body, stamp, OA_SECRET_KEY)})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        self.wait()

    def presses(self, label: str) -> None:
        for sent in reversed(self.replies):
            for button in sent.buttons:
                if label in button["title"]:
                    self.says(button["payload"])
                    return
        raise AssertionError(f"no button {label!r}")

    def wait(self, seconds: float = 20.0) -> list[Sent]:
        """New messages to this citizen, once they stop coming for a moment."""
        deadline = time.monotonic() + seconds
        while len(self.api.sent_to(self.user_id)) <= self._seen:
            assert time.monotonic() < deadline, "Zalo got nothing for the citizen in time"
            time.sleep(0.02)
        count = -1
        while count != len(self.api.sent_to(self.user_id)):
            count = len(self.api.sent_to(self.user_id))
            time.sleep(0.3)
        sent = self.api.sent_to(self.user_id)
        self.replies, self._seen = sent[self._seen:], len(sent)
        return self.replies

    @property
    def text(self) -> str:
        return "\n".join(sent.text for sent in self.replies)


class WebUser:
    def __init__(self, process: BotProcess) -> None:
        self.url = process.url
        issue = urllib.request.Request(f"{self.url}/api/chat/session", data=b"{}",
                                       headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(issue, timeout=10) as response:
            self.session = json.load(response)["session"]

    def send(self, **body: str) -> str:
        request = urllib.request.Request(
            f"{self.url}/api/chat", data=json.dumps({"session": self.session, **body}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return "\n".join(r["text"] for r in json.load(response)["replies"])

    def pushed(self, seconds: float = 20.0) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            poll = urllib.request.Request(f"{self.url}/api/chat/updates",
                                          headers={"X-Chat-Session": self.session})
            with urllib.request.urlopen(poll, timeout=10) as response:
                replies = json.load(response)["replies"]
            if replies:
                return "\n".join(r["text"] for r in replies)
            time.sleep(0.1)
        raise AssertionError("nothing was pushed to the web chat in time")


def code_in(text: str) -> str:
    return text.split("Mã tra cứu: ")[1].split()[0]


def test_a_case_answer_reaches_every_member_on_telegram_zalo_and_the_web(apis, bot):
    telegram, zalo = apis
    anh = TelegramCitizen(telegram, 9101)
    anh.says("/phananh")
    anh.says("Dây cáp viễn thông bị đứt rơi xuống lòng đường Lê Lợi, phường 3, rất nguy hiểm.")
    anh.presses("Viễn thông")
    anh.presses("Bỏ qua")  # no photo
    anh.presses("Tôi đồng ý")
    anh.presses("Bỏ qua")  # no contact
    anh.presses("Không công khai")
    anh.presses("Xác nhận gửi")
    first = code_in(anh.text)
    officer = TelegramOfficer(telegram, OFFICER, STAFF_CHAT)
    card = officer.card(first)

    binh = ZaloUser(bot, zalo, "9202")
    binh.says("/phananh")
    binh.says("day cap vien thong dut roi xuong duong le loi p3, xe may di qua rat nguy hiem")
    for label in ("Viễn thông", "Bỏ qua", "Tôi đồng ý", "Bỏ qua", "Không công khai",
                  "Xác nhận gửi"):
        binh.presses(label)
    second = code_in(binh.text)
    assert "cùng những người đã phản ánh" in binh.text and first not in binh.text

    web = WebUser(bot)
    web.send(text="/phananh")
    web.send(text="Cáp mạng đứt lủng lẳng trên đường Lê Lợi, phường 3, xe đi qua suýt vướng.")
    web.send(payload="file:field:vien_thong")
    web.send(payload="file:skip")  # no photo
    web.send(payload="file:consent:yes")
    web.send(payload="file:skip")
    web.send(payload="file:publish:no")
    filed = web.send(payload="file:confirm")
    third = code_in(filed)
    assert "cùng những người đã phản ánh" in filed and first not in filed
    officer.wait_for(lambda c: c.params.get("chat_id") == STAFF_CHAT
                     and third in str(c.params.get("text")) and "cùng phản ánh" in str(
                         c.params.get("text")))
    assert bot.query("SELECT count(DISTINCT case_id), count(*) FROM tickets WHERE code IN "
                     "(?, ?, ?)", first, second, third) == [(1, 3)]

    answer = "Doanh nghiệp viễn thông đã cử đội kỹ thuật thu gom và treo lại cáp."
    officer.replies_to(card, answer)
    on_telegram = anh.wait(1)[0].params["text"]
    assert f"Trả lời về {first}" in on_telegram and answer in on_telegram
    on_zalo = binh.wait()[0].text
    assert f"Trả lời về {second}" in on_zalo and answer in on_zalo
    on_web = web.pushed()
    assert f"Trả lời về {third}" in on_web and answer in on_web
    for text, own in ((on_telegram, first), (on_zalo, second), (on_web, third)):
        assert all(code not in text for code in (first, second, third) if code != own)
    events = bot.query("SELECT t.code, count(*) FROM ticket_events e JOIN tickets t ON t.id = "
                       "e.ticket_id WHERE e.kind = 'message_out' GROUP BY t.code")
    assert sorted(events) == sorted([(first, 1), (second, 1), (third, 1)])


def test_an_officers_answer_in_the_topic_reaches_the_zalo_citizen(apis, bot):
    telegram, zalo = apis
    citizen = ZaloUser(bot, zalo, "9303")
    citizen.says("/phananh")
    citizen.says("Bưu cục phường 5 đã ba lần giao nhầm bưu phẩm của gia đình tôi sang nhà khác.")
    for label in ("Bưu chính", "Bỏ qua", "Tôi đồng ý", "Bỏ qua", "Không công khai",
                  "Xác nhận gửi"):
        citizen.presses(label)
    code = code_in(citizen.text)
    officer = TelegramOfficer(telegram, OFFICER, STAFF_CHAT)
    card = officer.card(code)
    assert "giao nhầm bưu phẩm" in card.params["text"]
    topic = card.params["message_thread_id"]

    mark = len(telegram.calls)
    officer.presses(card, "Nhận xử lý")
    officer.wait_for(lambda c: c.method == "editMessageText"
                     and "Đang xử lý" in str(c.params.get("text")), after=mark)
    assert "Hạn trả lời" in citizen.wait()[0].text  # taken up: the answer clock started
    answer = "Bưu điện tỉnh đã nhắc nhở bưu tá và sẽ giao đúng địa chỉ từ nay."
    officer.says(answer, message_thread_id=topic, is_topic_message=True)
    [relayed] = citizen.wait()
    assert f"Trả lời về {code}" in relayed.text and answer in relayed.text
    assert (relayed.user_id, relayed.conversation_id) == ("9303", None)  # to the follower
    assert "Nguyễn Cán Bộ" not in relayed.text
