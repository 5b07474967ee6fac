"""The real `pakn run` process pointed at the stand-in Bot API server, on a temporary SQLite."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuv"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BotProcess:
    def __init__(self, api_base: str, workdir: Path, **env: str) -> None:
        self.workdir = workdir
        self.db_path = workdir / "pakn.db"
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("TELEGRAM_", "ZALO_"))}
        # A short lease: a restart after SIGKILL takes over the dead process's updates in
        # seconds (a test or benchmark may pass its own).
        self.env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE=api_base,
                        DATABASE_URL=f"sqlite+aiosqlite:///{self.db_path}",
                        HTTP_PORT=str(self.port), PYTHONUNBUFFERED="1",
                        INBOUND_LEASE_SECONDS="4", INBOUND_SWEEP_SECONDS="0.5",
                        STORAGE_DIR=str(workdir / "files"))  # not the checkout's ./data
        self.env.update(env)
        self.process: subprocess.Popen[bytes] | None = None
        self.logs: list[Path] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> BotProcess:
        log = self.workdir / f"run-{len(self.logs)}.log"
        self.logs.append(log)
        with log.open("w") as out:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen([sys.executable, "-m", "bot.app.cli", "run"], cwd=ROOT,
                                            env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"bot exited early:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"bot did not start:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL: no cleanup at all, as in a crash or an OOM kill."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode

    def output(self) -> str:
        return "\n".join(log.read_text() for log in self.logs if log.exists())

    def query(self, sql: str, *args: object) -> list[tuple]:
        """Reads the bot's database directly (what an auditor would see)."""
        with sqlite3.connect(self.db_path, timeout=30) as connection:
            return connection.execute(sql, args).fetchall()
