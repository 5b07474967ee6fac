"""What each `pakn` subcommand does, given parsed arguments and settings."""

from __future__ import annotations

import argparse
import sys

from bot.bootstrap import build_app
from bot.core.ports import Officer
from bot.settings import Settings
from db.migrate import upgrade_async
from faq.loader import FaqFormatError, load_faq, write_faq


class CommandError(Exception):
    """A command that cannot be carried out; the message is shown to the operator."""


async def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "run":
        from bot.runtime import run

        await run(settings)
        return 0
    if args.command == "db":
        await upgrade_async(settings.database_url)
        print("database is up to date")
        return 0
    if args.command == "faq" and args.faq_command == "match" and args.faq:
        return _match_file(args.faq)
    app = await build_app(settings)
    try:
        if args.command == "chat":
            from handlers.terminal import chat

            await chat(app.conversation)
        elif args.command == "faq":
            await _faq(args, app)
        elif args.command == "officer":
            await _officer(args, app)
        return 0
    finally:
        await app.close()


def _match_file(path: str) -> int:
    from faq.commands import match_lines
    from faq.matcher import FaqMatcher

    try:
        matcher = FaqMatcher(load_faq(path))
    except (FaqFormatError, OSError) as error:
        raise CommandError(str(error)) from None
    match_lines(matcher, sys.stdin, sys.stdout)
    return 0


async def _faq(args: argparse.Namespace, app) -> None:  # type: ignore[no-untyped-def]
    if args.faq_command == "match":
        from faq.commands import match_lines
        from faq.matcher import FaqMatcher

        async with app.uow() as work:
            entries = await work.faq.all()
        match_lines(FaqMatcher(entries), sys.stdin, sys.stdout)
    elif args.faq_command == "import":
        try:
            entries = load_faq(args.path)
        except (FaqFormatError, OSError) as error:
            raise CommandError(str(error)) from None
        async with app.uow() as work:
            written = await work.faq.upsert(entries)
            await work.commit()
        print(f"{len(entries)} entries read, {written} added or updated")
    elif args.faq_command == "export":
        async with app.uow() as work:
            entries = await work.faq.all()
        try:
            write_faq(entries, args.path)
        except (FaqFormatError, OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        print(f"{len(entries)} entries written to {args.path}")


async def _officer(args: argparse.Namespace, app) -> None:  # type: ignore[no-untyped-def]
    async with app.uow() as work:
        if args.officer_command == "add":
            await work.officers.add(Officer(args.telegram_id, args.name, args.role, args.unit))
            print(f"officer {args.telegram_id} registered as {args.role}")
        elif args.officer_command == "remove":
            if not await work.officers.remove(args.telegram_id):
                raise CommandError(f"no active officer with Telegram id {args.telegram_id}")
            print(f"officer {args.telegram_id} removed")
        else:
            for officer in await work.officers.all():
                fields = (officer.telegram_id, officer.role, officer.unit or "-", officer.name)
                print("\t".join(map(str, fields)))
        await work.commit()
