"""`pakn chat`: the citizen conversation in this terminal."""

from __future__ import annotations

import argparse
import logging

from bot.app.commands import opened_app
from bot.app.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("chat", help="the citizen conversation in this terminal")
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.terminal import chat

    if settings.log_level != "DEBUG":  # the conversation, not the start-up's records
        for name in ("bot", "handlers", "db", "faq"):
            logging.getLogger(name).setLevel(logging.WARNING)
    async with opened_app(settings, args.clock) as app:
        await chat(app.conversation)
    return 0
