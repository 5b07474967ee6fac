"""Every setting DESIGN §5 names is read, with its documented default, and is explained in
`.env.example` and in README's configuration table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.app.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
UNSET = None
# DESIGN §5, "Environment" and the second wave's settings, with the defaults it gives.
DESIGNED = {
    "DATABASE_URL": "sqlite+aiosqlite:///./data/pakn.db", "HTTP_HOST": "127.0.0.1",
    "HTTP_PORT": 8080, "TIMEZONE": "Asia/Ho_Chi_Minh", "FAQ_PATH": UNSET,
    "TELEGRAM_BOT_TOKEN": UNSET, "TELEGRAM_API_BASE": "https://api.telegram.org",
    "TELEGRAM_STAFF_CHAT_ID": UNSET, "TELEGRAM_WEBHOOK_URL": UNSET,
    "TELEGRAM_WEBHOOK_SECRET": UNSET, "ZALO_APP_ID": UNSET, "ZALO_APP_SECRET": UNSET,
    "ZALO_OA_SECRET_KEY": UNSET, "ZALO_ACCESS_TOKEN": UNSET, "ZALO_REFRESH_TOKEN": UNSET,
    "ZALO_API_BASE": "https://openapi.zalo.me", "ZALO_OAUTH_BASE": "https://oauth.zaloapp.com",
    "REDIS_URL": UNSET, "ORG_FILE": UNSET, "WEB_MAX_FILINGS_PER_HOUR": 3,
    "METRICS_TOKEN": UNSET, "STORAGE_DIR": Path("data/files"), "RETENTION_DAYS": 1825,
    "DATA_KEY": UNSET, "SIMILAR_DAYS": 30,
    # DESIGN §6's urgent tier, counted in working hours.
    "OFFICE_HOURS": "07:30-11:30,13:30-17:00", "URGENT_HOURS": 4,
    "CLAIM_HOURS": 8,
}


def configuration_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(("name", "default"), DESIGNED.items())
def test_a_designed_setting_is_read_with_its_default(monkeypatch, tmp_path, name, default):
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    for other in DESIGNED:
        monkeypatch.delenv(other, raising=False)
    assert getattr(load_settings(), name.lower()) == default


@pytest.mark.parametrize("name", DESIGNED)
def test_a_designed_setting_is_explained_to_operators(name):
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(rf"^{name}=", example, re.MULTILINE), f".env.example lacks {name}"
    assert f"`{name}`" in configuration_section(), f"README's configuration lacks {name}"
