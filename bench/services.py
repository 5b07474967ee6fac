"""A private PostgreSQL cluster and a private Redis server for a benchmark that stops and restarts
them: each in a temporary directory on a free port, torn down at the end, so the machine's shared
servers (which other tests use) are never touched. PostgreSQL runs as a non-root user."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.fakes.bot_process import free_port


def _pg_bin(name: str) -> str:
    """A PostgreSQL program: the distribution's newest, else one on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name) or name


def missing() -> list[str]:
    """The programs these servers need that this machine lacks."""
    needed = {"initdb": _pg_bin("initdb"), "pg_ctl": _pg_bin("pg_ctl"),
              "redis-server": "redis-server", "redis-cli": "redis-cli"}
    return [name for name, path in needed.items()
            if not (os.path.exists(path) or shutil.which(path))]


class PrivatePostgres:
    """`with PrivatePostgres() as pg:` a cluster with trust auth at `pg.url`; `restart()`,
    `stop()` and `start()` as an operator would."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="pakn-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        # PostgreSQL refuses to run as root: run it as `postgres` when we are root.
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=120)

    def __enter__(self) -> PrivatePostgres:
        if self._as:
            shutil.chown(self.dir, "postgres")
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "--no-sync")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.dir}'\nfsync = off\n"
                       "max_connections = 100\n")
        self.start()
        return self

    def _ctl(self, *args: str) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"),
                  "-w", *args)

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def __exit__(self, *_: object) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already down
            self._ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """`with PrivateRedis() as redis:` a server without persistence at `redis.url`; `stop()`
    ends it, `start()` brings it back, empty, on the same port."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="pakn-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> PrivateRedis:
        self.start()
        return self

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(["redis-cli", "-p", str(self.port), "ping"],
                                  capture_output=True, text=True, check=False)
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def __exit__(self, *_: object) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
