"""`pakn run` as an operator starts it: nothing configured, web chat on loopback, stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds}s")


@pytest.mark.e2e
def test_run_serves_the_web_chat_with_nothing_configured(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env.update(HTTP_PORT=str(port), DATABASE_URL="", PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "-m", "bot.app.cli", "run"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            health = json.load(response)
        assert health["status"] == "ok" and health["staff_channel"].startswith("missing")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/chat",
            data=json.dumps({"session": "operator-check", "text": "/start"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            replies = json.load(response)["replies"]
        assert replies[0]["text"].startswith("Xin chào")
        assert (tmp_path / "data" / "pakn.db").exists()  # the embedded default
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert f"web chat at http://127.0.0.1:{port}" in output
    assert "NO STAFF CHANNEL" in output and "pakn tickets list" in output
