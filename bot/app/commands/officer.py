"""`pakn officer add|list|remove`: who may act on tickets in the staff group."""

from __future__ import annotations

import argparse

from bot.app.commands import CommandError, opened_app
from bot.app.organisation_file import load_organisation
from bot.app.settings import Settings
from bot.core.ports import Officer


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("officer", help="officers who may act in the staff group")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="register an officer (or update one)")
    add.add_argument("--telegram-id", type=int, required=True, help="their Telegram user id")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=["officer", "leader", "admin"], required=True)
    add.add_argument("--unit", help="unit id from ORG_FILE")
    actions.add_parser("list", help="list registered officers")
    remove = actions.add_parser("remove", help="withdraw an officer's rights")
    remove.add_argument("--telegram-id", type=int, required=True)
    parser.set_defaults(execute=execute)


def _check_unit(unit: str | None, settings: Settings) -> None:
    """A typo would attach the officer to no unit: transfers to theirs would not reach them."""
    units = [u.id for u in load_organisation(settings.org_file).units]
    if unit is not None and unit not in units:
        raise CommandError(f"unknown unit {unit!r}; ORG_FILE has: {', '.join(units)}")


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "add":
        _check_unit(args.unit, settings)
    async with opened_app(settings, args.clock) as app, app.uow() as work:
        if args.action == "add":
            await work.officers.add(Officer(args.telegram_id, args.name, args.role, args.unit))
            print(f"officer {args.telegram_id} registered as {args.role}")
        elif args.action == "remove":
            if not await work.officers.remove(args.telegram_id):
                raise CommandError(f"no active officer with Telegram id {args.telegram_id}")
            print(f"officer {args.telegram_id} removed")
        else:
            for officer in await work.officers.all():
                fields = (officer.telegram_id, officer.role, officer.unit or "-", officer.name)
                print("\t".join(map(str, fields)))
        await work.commit()
    return 0
