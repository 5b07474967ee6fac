"""`pakn calendar list|set|unset|import|check`: the working-day overrides admins keep."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from pathlib import Path

from bot.app.commands import CommandError, opened_app
from bot.app.settings import Settings
from bot.core.calendar import CalendarDataError
from bot.core.calendar_overrides import (
    DayOverride,
    bundled_overrides,
    explain,
    merged,
    parse_day,
    read_import_file,
)
from db.uow import SqlUnitOfWork
from faq.csv_cells import neutralise


def _day(text: str) -> str:
    try:
        return parse_day(text).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("calendar", help="working days: holidays and swapped days")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list the overrides (bundled and stored)")
    listing.add_argument("--year", type=int)
    setting = actions.add_parser("set", help="declare a day worked or off")
    setting.add_argument("date", type=_day, metavar="DATE")
    flag = setting.add_mutually_exclusive_group(required=True)
    flag.add_argument("--working", action="store_true", help="offices work on DATE")
    flag.add_argument("--off", action="store_true", help="offices are closed on DATE")
    # A day is confirmed only with the decision it comes from; --note is the older spelling.
    setting.add_argument("--source", "--note", dest="source", required=True,
                         help='the decision (số văn bản), e.g. "Thông báo 6150/TB-LĐTBXH"')
    unsetting = actions.add_parser("unset", help="remove a stored override")
    unsetting.add_argument("date", type=_day, metavar="DATE")
    importing = actions.add_parser("import", help="store overrides from CSV or YAML")
    importing.add_argument("path", type=Path, metavar="FILE")
    checking = actions.add_parser("check", help="is DATE a working day, and why")
    checking.add_argument("date", type=_day, metavar="DATE")
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    async with opened_app(settings, args.clock) as app, app.uow() as work:
        stored = await work.calendar.all()
        if args.action == "list":
            for day, o in sorted(merged(bundled_overrides(), stored).items()):
                if args.year is None or day.year == args.year:
                    state = "working" if o.working else "off"
                    note = neutralise(o.note or "")  # the list is often pasted into a sheet
                    print(f"{day.isoformat()}\t{state}\t{o.origin}\t{note}")
        elif args.action == "check":
            _, reason = explain(parse_day(args.date), merged(bundled_overrides(), stored))
            print(reason)
        elif args.action == "set":
            day = parse_day(args.date)
            if not args.source.strip():
                raise CommandError("--source must name the decision (số văn bản)")
            await work.calendar.put([DayOverride(day, args.working, args.source.strip())])
            await _recheck_reminders(work, [day], settings)
            print(f"{day.isoformat()} set as {'working day' if args.working else 'day off'}")
        elif args.action == "unset":
            if not await work.calendar.remove(parse_day(args.date)):
                raise CommandError(f"{args.date} has no stored override")
            await _recheck_reminders(work, [parse_day(args.date)], settings)
            print(f"{args.date} override removed")
        else:
            try:
                overrides = read_import_file(args.path)
            except (CalendarDataError, OSError) as error:
                raise CommandError(str(error)) from None
            await _recheck_reminders(work, [o.day for o in overrides], settings)
            print(f"{await work.calendar.put(overrides)} override(s) stored")
        await work.commit()
    return 0


async def _recheck_reminders(work: SqlUnitOfWork, days: list[date], settings: Settings) -> None:
    """Working days feed the reminder moments: the job recomputes the clocks an edit touches."""
    if days:
        await work.reminders.recheck(datetime.combine(min(days), time(), settings.tz))
