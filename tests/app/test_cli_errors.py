"""Every way an operator can hand `pakn` something broken ends in one `pakn:` line on stderr,
never a traceback, and never a password."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime

import pytest

from bot.app.bootstrap import StartupError, build_app
from bot.app.cli import main as pakn_main
from tests.conftest import FixedClock, make_settings

HEADER = "received_at,type,channel,content,name,phone,address\n"
ROW = "2026-03-02,Phản ánh,điện thoại,Đèn đường hỏng ở ngõ 5,,,\n"


def main(argv: list[str]) -> int:
    return pakn_main(argv, clock=FixedClock(datetime(2026, 3, 10, 2, 0, tzinfo=UTC)))


@pytest.fixture
def env(cli_env):
    return cli_env


def one_line(capsys) -> str:
    captured = capsys.readouterr()
    # Log records of a normal start (e.g. the FAQ seeded into a new database) are not errors.
    lines = [line for line in captured.err.strip().splitlines()
             if not re.match(r"\d{4}-\d\d-\d\d [\d:,]+ (INFO|WARNING) ", line)]
    assert "Traceback" not in captured.err + captured.out
    assert len(lines) == 1 and lines[0].startswith("pakn: "), captured.err
    return lines[0]


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("utf16.csv", None, None),  # UTF-16 with a BOM is read (Excel's "Unicode text")
    ("cp1252.csv", (HEADER + "2026-03-02,hoi,phone,Caf\xe9,,,\n").encode("cp1252"),
     "cp1252.csv:2: not UTF-8 text"),
    ("big.csv", (HEADER + "2026-03-02,hoi,phone," + "x" * 200_000 + ",,,\n").encode(),
     "big.csv:2: a field is longer than 100,000 characters"),
])
def test_badly_encoded_or_oversized_csv_is_one_line(env, capsys, name, content, expected):
    if content is None:
        content = (HEADER + ROW).encode("utf-16")
    (env / name).write_bytes(content)
    status = main(["tickets", "import", name])
    if expected is None:
        assert status == 0 and capsys.readouterr().out.strip() == "PA-2026-00001"
        return
    assert status == 2
    captured = capsys.readouterr()
    assert expected in captured.err and "Traceback" not in captured.err
    assert captured.err.strip().splitlines()[-1] == "pakn: 1 problem(s); nothing imported"


def test_broken_calendar_yaml_names_the_line(env, capsys):
    (env / "days.yaml").write_text("overrides:\n  - {date: 2026-01-02, working: [\n")
    assert main(["calendar", "import", "days.yaml"]) == 2
    assert one_line(capsys).startswith("pakn: days.yaml:3: ")


def test_a_calendar_csv_in_another_code_page_is_refused(env, capsys):
    (env / "days.csv").write_bytes("date,working,note\n2026-01-02,false,Quyết định\n"
                                   .encode("utf-16-le"))  # no BOM: not a text we read
    assert main(["calendar", "import", "days.csv"]) == 2
    assert "not UTF-8 text" in one_line(capsys)


def test_a_faq_csv_with_an_oversized_field_is_one_line(env, capsys):
    (env / "faq.csv").write_text("id,question,answer\nq1,Hỏi?," + "x" * 200_000 + "\n")
    assert main(["faq", "import", "faq.csv"]) == 2
    assert one_line(capsys).startswith("pakn: faq.csv:2: ")


def test_a_malformed_bot_token_is_refused_without_showing_it(env, capsys, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "not a token s3cret")
    assert main(["officer", "list"]) == 2
    line = one_line(capsys)
    assert "TELEGRAM_BOT_TOKEN" in line and "s3cret" not in line


def test_an_unreachable_database_never_shows_its_password(env, capsys, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgresql+asyncpg://pakn:s3cretpw@127.0.0.1:{port}/x")
    assert main(["officer", "list"]) == 2
    line = one_line(capsys)
    assert "cannot open the database" in line and "s3cretpw" not in line and "***" in line


def test_a_busy_http_port_is_one_line(env, capsys, monkeypatch):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        monkeypatch.setenv("HTTP_PORT", str(busy.getsockname()[1]))
        assert main(["run"]) == 2
    assert "cannot listen on 127.0.0.1:" in one_line(capsys)


def test_a_dot_env_in_another_encoding_is_one_line(env, capsys):
    (env / ".env").write_bytes("LOG_LEVEL=INFO\nORG_FILE=tổ chức.yaml\n".encode("utf-16"))
    assert main(["officer", "list"]) == 2
    assert one_line(capsys) == "pakn: invalid setting .env: not UTF-8 text (save it as UTF-8)"


async def test_an_unreachable_database_without_migrating_is_one_line_too():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = make_settings(f"postgresql+asyncpg://pakn:s3cretpw@127.0.0.1:{port}/x")
    with pytest.raises(StartupError, match="cannot open the database") as error:
        await build_app(settings, migrate=False)  # the first query is the FAQ's seeding
    assert "s3cretpw" not in str(error.value)
