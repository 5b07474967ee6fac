"""`pakn db upgrade`: apply the database migrations."""

from __future__ import annotations

import argparse

from bot.settings import Settings
from db.migrate import upgrade_async


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("upgrade", help="apply the migrations").set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    await upgrade_async(settings.database_url)
    print("database is up to date")
    return 0
