"""The command menu Telegram shows citizens (setMyCommands), in Vietnamese and English."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

from bot.core.catalog import Catalog

CITIZEN_COMMANDS = ("start", "help", "hoidap", "phananh", "kiennghi", "khieunai", "tocao",
                    "thongtin",
                    "tracuu", "huy")


def bot_commands(catalog: Catalog, language: str) -> list[BotCommand]:
    """The citizens' commands with their catalog descriptions."""
    return [BotCommand(command=name, description=catalog.text(f"command.{name}", language))
            for name in CITIZEN_COMMANDS]


async def publish_commands(bot: Bot, catalog: Catalog) -> None:
    """Vietnamese by default, English for clients set to English; private chats only."""
    scope = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands(bot_commands(catalog, "vi"), scope=scope)
    await bot.set_my_commands(bot_commands(catalog, "en"), scope=scope, language_code="en")
