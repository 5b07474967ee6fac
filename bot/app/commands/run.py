"""`pakn run`: every configured channel, the scheduler and the HTTP server."""

from __future__ import annotations

import argparse

from bot.app.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "run", help="run every configured channel and the HTTP server (web chat at "
        "HTTP_HOST:HTTP_PORT); migrates the database first")
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.runtime import run

    await run(settings, args.clock)
    return 0
