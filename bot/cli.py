"""The `pakn` command: run the bot, chat in a terminal, manage the FAQ, officers and database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("pakn")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pakn", description="Citizen Q&A and feedback bot (Hỏi - Đáp, phản ánh, kiến nghị)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="run every configured channel and the HTTP server "
                        "(web chat at HTTP_HOST:HTTP_PORT); migrates the database first")
    commands.add_parser("chat", help="the citizen conversation in this terminal")

    faq = commands.add_parser("faq", help="the FAQ: match questions, import, export")
    faq_commands = faq.add_subparsers(dest="faq_command", required=True, metavar="ACTION")
    match = faq_commands.add_parser("match", help="questions on stdin, one JSON line each out")
    match.add_argument("--faq", metavar="PATH", help="match against this FAQ file or folder "
                       "instead of the database")
    faq_import = faq_commands.add_parser("import", help="add or update entries from a CSV/YAML")
    faq_import.add_argument("path", metavar="PATH")
    faq_export = faq_commands.add_parser("export", help="write the FAQ to a CSV or YAML file")
    faq_export.add_argument("path", metavar="PATH")

    officer = commands.add_parser("officer", help="officers who may act in the staff group")
    officer_commands = officer.add_subparsers(dest="officer_command", required=True,
                                              metavar="ACTION")
    add = officer_commands.add_parser("add", help="register an officer (or update one)")
    add.add_argument("--telegram-id", type=int, required=True, help="their Telegram user id")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=["officer", "leader", "admin"], required=True)
    add.add_argument("--unit", help="unit id from ORG_FILE")
    officer_commands.add_parser("list", help="list registered officers")
    remove = officer_commands.add_parser("remove", help="withdraw an officer's rights")
    remove.add_argument("--telegram-id", type=int, required=True)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply the migrations")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"pakn: invalid setting {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from bot import commands  # keeps `pakn --help` fast

    try:
        return asyncio.run(commands.dispatch(args, settings))
    except commands.CommandError as error:
        print(f"pakn: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Settings", "build_parser", "main"]
