"""`pakn db upgrade`: apply the database migrations; `pakn db purge`: the retention purge, now
(expired filing drafts, payloads of handled updates, bodies of delivered messages), and the
anonymising of contacts of tickets closed more than RETENTION_DAYS ago; `pakn db backup`
(bot.app.commands.db_backup)."""

from __future__ import annotations

import argparse

from bot.app.commands import CommandError, db_backup, opened_app
from bot.app.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("upgrade", help="apply the migrations").set_defaults(execute=execute)
    actions.add_parser("purge", help="delete expired drafts and used payloads now"
                       ).set_defaults(execute=purge)
    db_backup.register(actions)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    from db.migrate import upgrade_async  # Alembic: only for this command

    await upgrade_async(settings.database_url)
    print("database is up to date")
    return 0


async def purge(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.scheduler import run_anonymise, run_purge  # with the application: when run

    async with opened_app(settings, args.clock) as app:
        report = await run_purge(app, app.clock)
        anonymised = await run_anonymise(app, app.clock)
    if report is None or anonymised is None:
        raise CommandError("another instance is running the purge")
    print(report)
    print(anonymised)
    return 0
