"""`pakn remind --once [--digest]`: the reminder and escalation job (or the digest), now."""

from __future__ import annotations

import argparse

from bot.app.commands import CommandError, opened_app
from bot.app.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("remind", help="queue due reminders and escalations now")
    parser.add_argument("--once", action="store_true", required=True,
                        help="run the job once and exit")
    parser.add_argument("--digest", action="store_true",
                        help="queue today's daily digest instead")
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.scheduler import run_digest, run_reminders  # with the application: when run

    async with opened_app(settings, args.clock) as app:
        if args.digest:
            sent = await run_digest(app, app.clock)
            if sent is None:
                raise CommandError("another instance is running the digest")
            print(f"{sent} digest message(s) queued")
            return 0
        report = await run_reminders(app, app.clock)
    if report is None:
        raise CommandError("another instance is running the reminders")
    if report.quiet:
        print("0 reminders queued (quiet hours, 20:00-07:00)")
        return 0
    print(f"{report.reminders} reminder(s) queued ({report.messages} message(s), "
          f"{report.unaddressed} without recipient); {report.unclaimed} request(s) named as "
          "waiting unclaimed")
    return 0
