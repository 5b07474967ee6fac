"""`pakn check` against the Bot API and Zalo stand-ins: one line per check, ✗ with what to do for
the mistakes operators make, status 1 when any check failed, and never a secret printed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from bot.app.cli import main
from bot.app.organisation_file import DEFAULT_ORG_FILE
from tests.conftest import FixedClock
from tests.fakes.bot_api import ADMINISTRATOR, FakeBotApi
from tests.fakes.zalo_api import APP_ID, APP_SECRET, OA_NAME, OA_SECRET_KEY, FakeZaloApi

TOKEN = "123456:check-token-never-shown"
STAFF = -1001234567890
DATA_KEY = "a-data-key-that-is-never-shown"
MARCH = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # a day after the imported request came in
SETTINGS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE", "TELEGRAM_STAFF_CHAT_ID",
            "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "ZALO_APP_ID", "ZALO_APP_SECRET",
            "ZALO_OA_SECRET_KEY", "ZALO_ACCESS_TOKEN", "ZALO_REFRESH_TOKEN", "ZALO_API_BASE",
            "ZALO_OAUTH_BASE", "REDIS_URL", "STORAGE_URL", "STORAGE_DIR", "DATA_KEY",
            "DATA_KEY_OLD", "ORG_FILE", "FAQ_PATH")


@pytest.fixture
def env(cli_env, monkeypatch):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return cli_env


@pytest.fixture
def telegram(env, monkeypatch):
    api = FakeBotApi().start()
    api.forums.add(STAFF)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE", api.base)
    monkeypatch.setenv("TELEGRAM_STAFF_CHAT_ID", str(STAFF))
    yield api
    api.stop()


@pytest.fixture
def zalo(env, monkeypatch):
    api = FakeZaloApi().start()
    for name, value in (("ZALO_APP_ID", APP_ID), ("ZALO_APP_SECRET", APP_SECRET),
                        ("ZALO_OA_SECRET_KEY", OA_SECRET_KEY),
                        ("ZALO_ACCESS_TOKEN", api.access_token),
                        ("ZALO_REFRESH_TOKEN", api.refresh_token),
                        ("ZALO_API_BASE", api.base), ("ZALO_OAUTH_BASE", api.base)):
        monkeypatch.setenv(name, value)
    yield api
    api.stop()


@pytest.fixture
def healthy(env, telegram, zalo, monkeypatch):
    monkeypatch.setenv("ORG_FILE", str(DEFAULT_ORG_FILE))
    monkeypatch.setenv("DATA_KEY", DATA_KEY)


def check(capsys) -> tuple[int, list[str]]:
    status = main(["check"])
    return status, capsys.readouterr().out.splitlines()


def line(lines: list[str], start: str) -> str:
    found = [text for text in lines if text.startswith(start)]
    assert len(found) == 1, lines
    return found[0]


def test_a_healthy_configuration_passes_every_check(healthy, capsys):
    status, lines = check(capsys)
    assert status == 0
    assert all(text[0] in "✓–" for text in lines), lines
    assert line(lines, "✓ Telegram bot:") == "✓ Telegram bot: @pakn_test_bot"
    assert "a forum" in line(lines, "✓ staff group:")
    assert line(lines, "✓ @pakn_test_bot in the staff group:")
    assert line(lines, "✓ Telegram webhook:").endswith("pakn uses long polling")
    assert OA_NAME in line(lines, "✓ Zalo:")
    for subject in ("database", "ORG_FILE", "FAQ_PATH", "STORAGE_DIR", "DATA_KEY"):
        line(lines, f"✓ {subject}:")
    out = "\n".join(lines)
    assert not any(secret in out for secret in (TOKEN, "check-token", DATA_KEY, APP_SECRET,
                                                OA_SECRET_KEY, "access-0", "refresh-0"))


@pytest.mark.parametrize(("member", "reason", "fix"), [
    ({"status": "member"}, "not an administrator (member)",
     "make @pakn_test_bot an administrator of the group with «Manage topics»"),
    (ADMINISTRATOR | {"can_manage_topics": False}, "not allowed to manage topics",
     "allow @pakn_test_bot «Manage topics»"),
    ({"status": "left"}, "not in the group", "add @pakn_test_bot to the group"),
])
def test_a_bot_without_the_rights_it_needs_fails_with_the_fix(healthy, telegram, capsys,
                                                              member, reason, fix):
    telegram.bot_member = member
    status, lines = check(capsys)
    assert status == 1
    rights = line(lines, "✗ @pakn_test_bot in the staff group:")
    assert reason in rights and fix in rights.split(" → ")[1]


def test_a_group_that_is_not_a_forum_is_a_warning(healthy, telegram, capsys):
    telegram.forums.clear()
    status, lines = check(capsys)
    assert status == 0
    assert "turn on Topics" in line(lines, "⚠ staff group:")


def test_a_leftover_webhook_while_polling_fails(healthy, telegram, capsys):
    telegram.webhook = {"url": "https://old.example.vn/bot123456:old-token/updates"}
    status, lines = check(capsys)
    assert status == 1
    webhook = line(lines, "✗ Telegram webhook:")
    assert "https://old.example.vn" in webhook and "getUpdates" in webhook
    assert "old-token" not in webhook


def test_a_registered_webhook_shows_telegrams_last_error(healthy, telegram, monkeypatch,
                                                         capsys):
    url = "https://hoidap.example.vn/webhooks/telegram"
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", url)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "s" * 32)
    telegram.webhook = {"url": url}
    telegram.webhook_error = "Connection refused"
    status, lines = check(capsys)
    assert status == 0
    assert line(lines, "✓ Telegram webhook:")
    assert "Connection refused" in line(lines, "⚠ Telegram webhook:")


def test_a_wrong_bot_token_fails(healthy, telegram, capsys):
    telegram.fail("getMe", 401, description="Unauthorized")
    status, lines = check(capsys)
    assert status == 1
    assert "@BotFather" in line(lines, "✗ Telegram bot:")


def test_an_unmigrated_database_fails(healthy, env, monkeypatch, capsys):
    sqlite3.connect(env / "empty.db").close()
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{env}/empty.db")
    status, lines = check(capsys)
    assert status == 1
    assert "never migrated → run `pakn db upgrade`" in line(lines, "✗ database:")
    assert "correct the database first" in line(lines, "⚠ Zalo:")


def test_a_data_key_that_does_not_open_the_stored_contacts_fails(healthy, env, monkeypatch,
                                                                 capsys):
    (env / "in.csv").write_text(
        "received_at,type,channel,content,name,phone,address,field,status,accepted_at,"
        "resolved_at\n2026-03-02,phản ánh,paper,Đèn hỏng,Nguyễn Văn A,0912 345 678,"
        "5 Trần Phú,,,,\n", encoding="utf-8")
    assert main(["tickets", "import", "in.csv"], clock=FixedClock(MARCH)) == 0
    monkeypatch.setenv("DATA_KEY", "another-key-than-the-one-that-sealed")
    status, lines = check(capsys)
    assert status == 1
    assert "`pakn privacy rotate-key`" in line(lines, "✗ DATA_KEY:").split(" → ")[1]
    monkeypatch.setenv("DATA_KEY", DATA_KEY)
    assert check(capsys)[0] == 0


def test_a_spent_zalo_refresh_token_fails(healthy, zalo, monkeypatch, capsys):
    monkeypatch.delenv("ZALO_ACCESS_TOKEN")
    monkeypatch.setenv("ZALO_REFRESH_TOKEN", "refresh-spent")
    status, lines = check(capsys)
    assert status == 1
    assert "ZALO_REFRESH_TOKEN" in line(lines, "✗ Zalo:").split(" → ")[1]


def test_a_refreshed_zalo_pair_is_kept_for_pakn_run(healthy, zalo, monkeypatch, capsys):
    monkeypatch.delenv("ZALO_ACCESS_TOKEN")
    assert check(capsys)[0] == 0
    status, lines = check(capsys)
    assert status == 0 and line(lines, "✓ Zalo:")
    assert len(zalo.refreshes) == 1  # the second check used the pair the first one stored


def test_nothing_configured_passes_with_the_web_chat_defaults(env, capsys):
    status, lines = check(capsys)
    assert status == 0
    for subject in ("database", "FAQ_PATH", "STORAGE_DIR"):
        line(lines, f"✓ {subject}:")
    assert "demo agency" in line(lines, "⚠ ORG_FILE:")
    for channel in ("Telegram", "Zalo", "Redis"):
        assert "not configured" in line(lines, f"– {channel}:")
