"""Fixtures of the Telegram adapter tests: a sender talking to the stand-in Bot API."""

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from handlers.telegram.sender import TelegramSender
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_process import TOKEN


@pytest.fixture
async def telegram():
    """(stand-in Bot API, a TelegramSender using it)."""
    api = FakeBotApi().start()
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base)))
    yield api, TelegramSender(bot)
    await bot.session.close()
    api.stop()
