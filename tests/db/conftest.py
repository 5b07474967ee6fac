"""The application with a staff group configured, for the reminder job's tests."""

from __future__ import annotations

import pytest

from bot.app.bootstrap import build_app
from tests.conftest import make_settings

GROUP = -1001


@pytest.fixture
def claim_hours() -> float:
    """CLAIM_HOURS: off here, where tests count the messages of the legal and urgent clocks;
    tests/db/test_take_up_reminders.py turns it on."""
    return 0


@pytest.fixture
async def app(database_url, clock, claim_hours):
    settings = make_settings(database_url, telegram_staff_chat_id=GROUP, claim_hours=claim_hours)
    application = await build_app(settings, clock=clock, migrate=False)
    yield application
    await application.close()
