"""The application with a staff group configured, for the reminder job's tests."""

from __future__ import annotations

import pytest

from bot.app.bootstrap import build_app
from tests.conftest import make_settings

GROUP = -1001


@pytest.fixture
async def app(database_url, clock):
    application = await build_app(make_settings(database_url, telegram_staff_chat_id=GROUP),
                                  clock=clock, migrate=False)
    yield application
    await application.close()
