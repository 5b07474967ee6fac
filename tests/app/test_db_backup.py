"""`pakn db backup --out FILE` as an operator (or the nightly timer) runs it: a SQLite copy that
holds the requests, opens and passes PRAGMA integrity_check, taken while another connection is
writing; an existing FILE kept unless --force; for PostgreSQL the pg_dump line to run, without
the password, and status 2; reminders of the files and DATA_KEY, no secret printed."""

from __future__ import annotations

import shlex
import sqlite3
import stat
from datetime import UTC, datetime

import pytest

from bot.app.cli import main as pakn_main
from tests.conftest import FixedClock

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
REQUEST = "Đèn đường hỏng ở ngõ 5"
CSV = ("received_at,type,channel,content,name,phone,address,field,status,accepted_at,resolved_at\n"
       f"2026-11-20,Phản ánh,điện thoại,{REQUEST},Nguyễn Văn A,0912 345 678,,,,,\n")
DATA_KEY = "a-data-key-that-is-never-printed"


def main(argv: list[str]) -> int:
    return pakn_main(argv, clock=FixedClock(NOW))


@pytest.fixture
def env(cli_env, monkeypatch):
    for name in ("DATA_KEY", "DATA_KEY_OLD", "STORAGE_DIR", "STORAGE_URL"):
        monkeypatch.delenv(name, raising=False)
    (cli_env / "in.csv").write_text(CSV, encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    return cli_env


def contents(path) -> list[str]:
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [row[0] for row in copy.execute("SELECT content FROM tickets")]


def test_the_copy_holds_the_requests_and_passes_the_integrity_check(env, monkeypatch, capsys):
    monkeypatch.setenv("DATA_KEY", DATA_KEY)
    capsys.readouterr()
    assert main(["db", "backup", "--out", "pakn-20261126.sqlite3"]) == 0
    out = env / "pakn-20261126.sqlite3"
    assert contents(out) == [REQUEST]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # contacts and content: the owner only
    assert not list(env.glob("*.partial")) and not (env / f"{out.name}-wal").exists()
    wrote, files, key = capsys.readouterr().out.splitlines()
    assert wrote == f"wrote {out} ({out.stat().st_size:,} bytes; integrity_check: ok)"
    assert str(env / "data" / "files") in files and "STORAGE_DIR" in files
    assert key.startswith("DATA_KEY: not in this copy") and DATA_KEY not in key


def test_without_data_key_the_operator_is_told_the_key_is_inside_the_copy(env, capsys):
    assert main(["db", "backup", "--out", "copy.sqlite3"]) == 0
    assert "DATA_KEY: not set, so the key sealing the contacts is inside this copy" in \
        capsys.readouterr().out


def test_a_copy_taken_during_a_write_holds_what_was_committed(env, capsys):
    writer = sqlite3.connect(env / "cli.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # the bot in the middle of a turn
        writer.execute("UPDATE tickets SET content = 'not committed yet'")
        assert main(["db", "backup", "--out", "copy.sqlite3"]) == 0
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert contents(env / "copy.sqlite3") == [REQUEST]


def test_an_existing_file_is_kept_unless_force(env, capsys):
    existing = env / "copy.sqlite3"
    existing.write_bytes(b"yesterday's copy")
    assert main(["db", "backup", "--out", str(existing)]) == 2
    assert capsys.readouterr().err == (f"pakn: {existing} exists; choose another name or add "
                                       "--force to replace it\n")
    assert existing.read_bytes() == b"yesterday's copy"
    assert main(["db", "backup", "--out", str(existing), "--force"]) == 0
    assert contents(existing) == [REQUEST]


def test_a_missing_database_or_folder_is_said_plainly(cli_env, monkeypatch, capsys):
    assert main(["db", "backup", "--out", "nowhere/copy.sqlite3"]) == 2
    assert "no folder" in capsys.readouterr().err
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{cli_env}/gone.db")
    assert main(["db", "backup", "--out", "copy.sqlite3"]) == 2
    assert capsys.readouterr().err == f"pakn: no database at {cli_env}/gone.db (DATABASE_URL)\n"
    assert not (cli_env / "gone.db").exists() and not (cli_env / "copy.sqlite3").exists()


def test_a_file_that_is_not_a_database_fails_in_one_line(cli_env, monkeypatch, capsys):
    (cli_env / "notes.db").write_text("not a database " * 100, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{cli_env}/notes.db")
    assert main(["db", "backup", "--out", "copy.sqlite3"]) == 2
    assert capsys.readouterr().err == "pakn: the copy failed: file is not a database\n"
    assert sorted(p.name for p in cli_env.iterdir()) == ["cli.db", "notes.db"]


def test_postgresql_gets_the_pg_dump_line_without_the_password(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL",
                       "postgresql+asyncpg://pakn:s3cr%40t-pw@db.internal:5433/pakn?ssl=require")
    assert main(["db", "backup", "--out", "/var/backups/pakn/pakn 1.dump"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0].startswith("pakn: PostgreSQL is backed up with pg_dump, not by pakn.")
    assert shlex.split(lines[1]) == [
        "pg_dump", "--format=custom", "--file", "/var/backups/pakn/pakn 1.dump",
        "postgresql://pakn@db.internal:5433/pakn?sslmode=require"]
    assert lines[2].startswith("files: ") and lines[3].startswith("DATA_KEY: ")
    assert "s3cr" not in captured.err + captured.out
    assert not (tmp_path / "data").exists()  # nothing made, nothing connected to
