"""`pakn check`: the settings `pakn run` reads, tried one by one (the database, the files, the
storage, DATA_KEY, Telegram, Zalo, Redis), one line each; status 1 when any failed."""

from __future__ import annotations

import argparse

from bot.app.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "check", help="try the configuration (database, files, storage, Telegram, Zalo, "
        "Redis) and say what to fix (a Zalo token due is refreshed, as `pakn run` does)")
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import checkup
    from bot.app.telegram_checks import check_telegram
    from bot.app.zalo_checks import check_zalo
    from db.engine import is_sqlite, session_factory
    from db.uow import SqlUnitOfWorkFactory

    database, engine = await checkup.check_database(settings)
    try:
        verdicts = [database, checkup.check_organisation(settings), checkup.check_faq(settings),
                    await checkup.check_storage(settings),
                    await checkup.check_data_key(settings, engine)]
        verdicts += await check_telegram(settings)
        uow = (SqlUnitOfWorkFactory(session_factory(engine), args.clock,
                                    one_writer=is_sqlite(settings.database_url))
               if engine is not None else None)
        verdicts += await check_zalo(settings, uow)
    finally:
        if engine is not None:
            await engine.dispose()
    verdicts.append(await checkup.check_redis(settings))
    for verdict in verdicts:
        print(verdict.line())
    return 1 if any(v.mark is checkup.Mark.FAIL for v in verdicts) else 0
