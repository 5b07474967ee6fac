"""Faults on Telegram's side and ours: 429 with retry_after, 5xx bursts, getUpdates failing, and
the bot killed with SIGKILL mid-flow: nothing confirmed is lost, nothing is answered twice."""

from __future__ import annotations

import itertools
import time

import pytest

from tests.e2e.test_telegram_journeys import FAQ_QUESTION
from tests.fakes.telegram_citizen import TelegramCitizen

pytestmark = pytest.mark.e2e


def test_429_waits_retry_after_then_delivers_once(bot_api, polling_bot):
    citizen = TelegramCitizen(bot_api, 7001)
    bot_api.fail("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    citizen.says("/start")
    assert time.monotonic() - started >= 1.0
    assert citizen.text.startswith("Xin chào")
    refused = [c for c in bot_api.of("sendMessage") if c.status == 429]
    assert len(refused) == 1 and refused[0].params["chat_id"] == 7001
    time.sleep(0.3)
    assert len(bot_api.sent(7001)) == 1


def test_a_5xx_burst_is_retried_with_backoff(bot_api, polling_bot):
    citizen = TelegramCitizen(bot_api, 7002)
    bot_api.fail("sendMessage", 502, count=3)
    citizen.says("/help")
    attempts = [c for c in bot_api.of("sendMessage") if c.params["chat_id"] == 7002]
    assert [c.status for c in attempts] == [502, 502, 502, 200]
    gaps = [b.at - a.at for a, b in itertools.pairwise(attempts)]
    assert gaps[0] < gaps[1] < gaps[2]  # exponential backoff
    _wait_until(lambda: polling_bot.query(
        "SELECT attempts, status FROM outbox WHERE recipient = '7002'") == [(3, "sent")])


def test_polling_survives_get_updates_errors(bot_api, polling_bot):
    bot_api.fail("getUpdates", 500, count=2)
    TelegramCitizen(bot_api, 7003).says("/start")


def test_sigkill_mid_flow_loses_no_ticket_and_answers_each_question_once(bot_api, polling_bot):
    filer = TelegramCitizen(bot_api, 7010)
    filer.says("/phananh")
    filer.says("Cột điện trước số nhà 20 đường Nguyễn Trãi bị nghiêng, có nguy cơ đổ.")
    filer.presses("Khác")
    filer.presses("Bỏ qua")
    filer.presses("Tôi đồng ý")
    filer.presses("Bỏ qua")
    filer.presses("Không công khai")
    filer.presses("Xác nhận gửi")
    code = filer.text.split("Mã tra cứu: ")[1].split()[0]
    midway = TelegramCitizen(bot_api, 7011)
    midway.says("/kiennghi")
    midway.says("Đề nghị bổ sung ngôn ngữ ký hiệu trong các video hướng dẫn dịch vụ công.")

    # Telegram refuses every send while questions arrive: answers wait in the outbox, some
    # updates are handled, some only stored, when the process dies.
    bot_api.fail("sendMessage", 500, count=10**6)
    stored = polling_bot.query("SELECT count(*) FROM inbound_updates")[0][0]
    askers = [TelegramCitizen(bot_api, 7100 + n) for n in range(8)]
    for asker in askers:
        bot_api.push({"message": asker._message(text=FAQ_QUESTION)})
    _wait_until(lambda: polling_bot.query("SELECT count(*) FROM inbound_updates")[0][0] > stored)
    polling_bot.kill()
    bot_api.clear_faults()
    polling_bot.start()

    for asker in askers:
        asker.wait(2)
        assert "(Câu hỏi:" in asker.text
    midway.presses("Khác")  # the flow goes on where it stopped
    assert "ảnh hoặc tài liệu" in midway.text
    filer.says(f"/tracuu {code}")
    assert f"{code} (" in filer.text
    time.sleep(1.0)
    for asker in askers:
        assert len(bot_api.sent(asker.user_id)) == 2, asker.user_id
    assert polling_bot.query("SELECT count(*) FROM inbound_updates WHERE status = 'pending'") == [
        (0,)]
    assert polling_bot.query("SELECT count(*) FROM outbox WHERE status != 'sent'") == [(0,)]


def _wait_until(check, seconds: float = 10) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)
