"""Telegram's files as the archive fetches them: `getFile`, then the download, refused before
it starts when Telegram says the file is bigger than the limit; a download that fails is a
failed try like any other (never an error that stops the worker's round)."""

from __future__ import annotations

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramNotFound

from bot.relay.archive import FetchError

GONE = (403, 404, 410)


class TelegramFiles:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def fetch(self, file_ref: str, limit: int) -> bytes:
        try:
            found = await self.bot.get_file(file_ref)
            if found.file_size is not None and found.file_size > limit:
                raise FetchError(f"{found.file_size} bytes, over the limit", permanent=True)
            if not found.file_path:
                raise FetchError("Telegram gives no path for this file", permanent=True)
            data = await self.bot.download_file(found.file_path)
        except (TelegramBadRequest, TelegramNotFound) as error:  # e.g. too big for bots, gone
            raise FetchError(type(error).__name__, permanent=True) from None
        except aiohttp.ClientResponseError as error:  # the download itself, outside the API
            raise FetchError(f"HTTP {error.status}", permanent=error.status in GONE) from None
        except (TelegramAPIError, aiohttp.ClientError, OSError, TimeoutError) as error:
            raise FetchError(type(error).__name__) from None
        if data is None:
            raise FetchError("empty download")
        return data.read()
