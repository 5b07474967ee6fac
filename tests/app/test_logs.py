"""Logs at LOG_LEVEL=DEBUG, set up exactly as `pakn` sets them up: a tố cáo filed on a real
database and a Zalo token refresh leave no name, phone, address, content or token in them."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import aiohttp
import pytest

from bot.app import logs
from bot.app.cli import secrets_of, setup_logging
from handlers.zalo.tokens import ZaloTokens
from tests.conftest import make_settings
from tests.fakes.zalo_api import APP_ID, APP_SECRET, FakeZaloApi
from tests.transcript import Citizen

NAME, PHONE, ADDRESS = "Trần Thị Bình", "0987654321", "Thôn 3, xã Đông Sơn, tỉnh Mẫu"
CONTENT = "Cán bộ X nhận tiền để cấp phép sai quy định tại bộ phận một cửa."


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Puts the root handlers and every level back as the test found them."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


async def file_to_cao(app) -> str:
    citizen = Citizen(app.conversation, user_id="denouncer-0001")
    await citizen.says("/tocao")
    await citizen.says(CONTENT)
    await citizen.presses("Thủ tục")
    await citizen.presses("Tôi đồng ý")
    await citizen.says(NAME)
    await citizen.says(PHONE)
    await citizen.says(ADDRESS)
    await citizen.presses("Xác nhận gửi")
    return citizen.text


def leaks(output: str) -> list[str]:
    return [secret for secret in (NAME, PHONE, ADDRESS, CONTENT, "Cán bộ X nhận tiền")
            if secret in output]


async def test_a_denunciation_filed_at_debug_leaves_nothing_personal_in_the_log(
        app, database_url, restored_logging):
    # The control: with every logger at DEBUG (what LOG_LEVEL=DEBUG used to do), the database
    # driver prints the denouncer's details, so the check below can see a leak.
    naive = io.StringIO()
    for name in list(logging.root.manager.loggerDict):
        logging.getLogger(name).setLevel(logging.NOTSET)
    logging.getLogger().addHandler(logging.StreamHandler(naive))
    logging.getLogger().setLevel(logging.DEBUG)
    assert "TC-2026-00001" in await file_to_cao(app)
    assert leaks(naive.getvalue())

    captured = io.StringIO()
    for handler in list(logging.getLogger().handlers):  # the control's and pytest's own
        logging.getLogger().removeHandler(handler)
    setup_logging(make_settings(database_url, log_level="DEBUG"), stream=captured)
    logging.getLogger("bot.core.conversation").debug("pakn's own DEBUG lines are kept")
    assert "TC-2026-00002" in await file_to_cao(app)
    output = captured.getvalue()
    assert "pakn's own DEBUG lines are kept" in output
    assert leaks(output) == []


async def test_a_zalo_token_refresh_at_debug_leaves_no_token_in_the_log(restored_logging):
    api = FakeZaloApi().start()
    captured = io.StringIO()
    settings = make_settings("sqlite+aiosqlite:///:memory:", log_level="DEBUG",
                             zalo_refresh_token=api.refresh_token, zalo_app_secret=APP_SECRET)
    setup_logging(settings, stream=captured)
    try:
        async with aiohttp.ClientSession() as session:
            tokens = ZaloTokens(session, api.base, APP_ID, APP_SECRET, None, api.refresh_token)
            assert await tokens.current() == "access-1"
    finally:
        api.stop()
    output = captured.getvalue()
    assert "Zalo access token refreshed" in output
    for token in ("access-1", "refresh-1", "refresh-0", APP_SECRET):
        assert token not in output


def test_secrets_are_masked_and_exception_messages_withheld(restored_logging):
    settings = make_settings("postgresql+asyncpg://pakn:db-password-42@db/pakn",
                             telegram_bot_token="123456789:AAH" + "x" * 32)
    assert "db-password-42" in set(secrets_of(settings))
    captured = io.StringIO()
    logs.configure("INFO", secrets=secrets_of(settings), stream=captured)
    log = logging.getLogger("handlers.example")
    log.warning("calling https://api.telegram.org/bot%s/getMe", "987654321:BBH" + "y" * 32)
    log.warning("connecting with %s", "db-password-42")
    try:
        raise ValueError(f"bad phone {PHONE}")
    except ValueError:
        log.exception("turn failed")
    output = captured.getvalue()
    assert "y" * 32 not in output and "db-password-42" not in output
    assert output.count(logs.MASK) == 2
    assert "builtins.ValueError (message withheld)" in output and PHONE not in output
    assert 'raise ValueError(f"bad phone {PHONE}")' in output  # the frames are kept


def test_a_library_quoting_an_exception_shows_its_type_only(restored_logging):
    captured = io.StringIO()
    logs.configure("DEBUG", stream=captured)
    error = ValueError(f"input_value='{NAME}'")
    logging.getLogger("aiogram.event").error("Cause exception while process update id=%d: %s",
                                             7, error)
    logging.getLogger("bot.relay.outbox").warning("message 3 failed: %s", error)
    output = captured.getvalue()
    assert "update id=7: ValueError (message withheld)" in output
    assert output.count(NAME) == 1  # pakn's own line says what it chose to say
