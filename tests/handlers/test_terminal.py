"""`pakn chat` at a real terminal (a pseudo-terminal): a quiet start, line editing through
readline, and Ctrl-C leaving at once instead of waiting for Enter."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def read_until(fd: int, needle: bytes, seconds: float = 60) -> bytes:
    seen, deadline = b"", time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen


@pytest.mark.e2e
def test_chat_at_a_terminal_starts_quietly_and_ctrl_c_leaves_at_once(tmp_path, sqlite_template):
    shutil.copy(sqlite_template, tmp_path / "chat.db")
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/chat.db",
           "PYTHONPATH": str(ROOT)}
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "bot.app.cli", "chat"],
                               cwd=tmp_path, env=env,
                               stdin=terminal, stdout=terminal, stderr=terminal,
                               start_new_session=True)
    os.close(terminal)
    try:
        start = read_until(controller, b"> ")
        assert "Xin chào".encode() in start and b" INFO " not in start  # no log lines
        os.write(controller, b"xin chao\r")
        assert "Gửi phản ánh".encode() in read_until(controller, b"> ")
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
        assert process.wait(timeout=15) == 130
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
