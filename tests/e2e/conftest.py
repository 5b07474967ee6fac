"""The stand-in Bot API server and the real bot process in polling mode, started once and shared
(process start-up is mostly aiogram's import, several seconds)."""

from __future__ import annotations

import pytest

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_process import BotProcess


@pytest.fixture(scope="session")
def bot_api():
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def polling_bot(bot_api, tmp_path_factory):
    """`pakn run` in long-polling mode against `bot_api`."""
    process = BotProcess(bot_api.base, tmp_path_factory.mktemp("bot")).start()
    yield process
    assert process.stop() == 0, process.output()
