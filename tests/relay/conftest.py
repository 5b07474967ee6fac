"""What the relay's tests share: the stand-in Bot API with an aiogram bot pointed at it."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_process import TOKEN


@pytest.fixture
async def bot_api():
    api = FakeBotApi().start()
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base)))
    yield api, bot
    await bot.session.close()
    api.stop()
