"""Webhook mode: the bot registers its URL and secret, refuses posts without the secret, and
answers 200 only once the update is stored; a re-posted update is handled once."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_process import BotProcess, free_port
from tests.fakes.telegram_citizen import TelegramCitizen

pytestmark = pytest.mark.e2e
SECRET = "s3cret-Token_for-tests"


@pytest.fixture(scope="module")
def bot_api():
    """A server of its own: the polling bot must not call it."""
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def webhook_bot(bot_api, tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}/webhooks/telegram"
    process = BotProcess(bot_api.base, tmp_path_factory.mktemp("hook"), TELEGRAM_WEBHOOK_URL=url,
                         TELEGRAM_WEBHOOK_SECRET=SECRET)
    process.port = port
    process.env["HTTP_PORT"] = str(port)
    yield process.start()
    assert process.stop() == 0, process.output()


def post(bot: BotProcess, update: dict, secret: str | None = SECRET) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(f"{bot.url}/webhooks/telegram",
                                     data=json.dumps(update).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_webhook_is_registered_with_its_secret(bot_api, webhook_bot):
    deadline = time.monotonic() + 10
    while not bot_api.of("setWebhook"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    params = bot_api.of("setWebhook")[-1].params
    assert params["url"] == f"{webhook_bot.url}/webhooks/telegram"
    assert params["secret_token"] == SECRET
    assert not bot_api.of("getUpdates")


def test_updates_without_the_right_secret_are_refused(bot_api, webhook_bot):
    citizen = TelegramCitizen(bot_api, 8001)
    update = {"update_id": 90001, "message": citizen._message(text="/start")}
    assert post(webhook_bot, update, secret=None) == 401
    assert post(webhook_bot, update, secret="wrong") == 403
    assert post(webhook_bot, {"no": "update_id"}) == 400
    time.sleep(0.3)
    assert bot_api.sent(8001) == []
    assert webhook_bot.query("SELECT count(*) FROM inbound_updates") == [(0,)]


def test_a_stored_update_is_answered_once_even_if_posted_twice(bot_api, webhook_bot):
    citizen = TelegramCitizen(bot_api, 8002)
    update = {"update_id": 90002, "message": citizen._message(text="/start")}
    assert post(webhook_bot, update) == 200
    assert webhook_bot.query(
        "SELECT status FROM inbound_updates WHERE update_key = '90002'") != []
    assert post(webhook_bot, update) == 200
    citizen.wait(1)
    assert citizen.text.startswith("Xin chào")
    time.sleep(0.5)
    assert len(bot_api.sent(8002)) == 1
