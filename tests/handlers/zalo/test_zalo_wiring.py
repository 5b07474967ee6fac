"""`pakn run` with Zalo configured: the webhook is served and answers through the Zalo API; a
configuration that cannot check signatures does not start Zalo at all."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.app.channels import zalo_channel
from tests.conftest import make_settings
from tests.fakes.bot_process import ROOT, free_port
from tests.fakes.zalo_api import APP_ID, APP_SECRET, OA_SECRET_KEY, FakeZaloApi
from tests.handlers.zalo.conftest import event, signed


async def test_zalo_needs_the_app_id_and_oa_secret_key(app, caplog):
    settings = make_settings("sqlite://", zalo_access_token="token", zalo_app_id=APP_ID)
    assert zalo_channel(settings, app) is None
    assert "ZALO_OA_SECRET_KEY must be set" in caplog.text
    assert "token" not in caplog.text.replace("ZALO_", "")


async def test_a_refresh_token_alone_needs_the_app_secret(app, caplog):
    settings = make_settings("sqlite://", zalo_refresh_token="r", zalo_app_id=APP_ID,
                             zalo_oa_secret_key=OA_SECRET_KEY)
    with caplog.at_level(logging.ERROR):
        assert zalo_channel(settings, app) is None
    assert "ZALO_APP_SECRET" in caplog.text


@pytest.mark.e2e
def test_pakn_run_answers_a_zalo_citizen(tmp_path):
    api = FakeZaloApi().start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env.update(HTTP_PORT=str(port), DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}",
               PYTHONUNBUFFERED="1", ZALO_APP_ID=APP_ID, ZALO_APP_SECRET=APP_SECRET,
               ZALO_OA_SECRET_KEY=OA_SECRET_KEY, ZALO_REFRESH_TOKEN=api.refresh_token,
               ZALO_API_BASE=api.base, ZALO_OAUTH_BASE=api.base)
    process = subprocess.Popen([sys.executable, "-m", "bot.app.cli", "run"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        payload = event("user_send_text", "9001", text="/start")
        body = json.dumps(payload).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/webhooks/zalo", data=body,
            headers={"Content-Type": "application/json",
                     "X-ZEvent-Signature": signed(body, payload["timestamp"])})
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.2)
        while not api.sent_to("9001"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert api.sent_to("9001")[0].text.startswith("Xin chào")
        assert api.refreshes  # only a refresh token was configured
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        api.stop()
    assert process.returncode == 0, output
    assert "Zalo: webhook at /webhooks/zalo" in output
    assert api.refresh_token not in output and "refresh-0" not in output
    with sqlite3.connect(tmp_path / "p.db") as database:  # the next start carries on with it
        rows = database.execute("SELECT channel, refresh_token FROM channel_tokens").fetchall()
    assert rows == [("zalo", api.refresh_token)]
