"""The `pakn` command: parses the command line, loads settings, runs the chosen subcommand."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import gc
import logging
import sys
from collections.abc import Iterator, Sequence
from typing import IO
from urllib.parse import urlsplit

from pydantic import SecretStr

from bot.app import logs
from bot.app.settings import Settings, SettingsError, load_settings
from bot.core.clock import SystemClock
from bot.core.ports import Clock


def build_parser() -> argparse.ArgumentParser:
    from bot.app.commands import command_modules

    parser = argparse.ArgumentParser(
        prog="pakn", description="Citizen Q&A and feedback bot (Hỏi - Đáp, phản ánh, kiến nghị)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in command_modules():
        module.register(commands)
    return parser


def setup_logging(settings: Settings, stream: IO[str] | None = None) -> None:
    """Logging as every `pakn` command has it (to stderr unless `stream`)."""
    logs.configure(settings.log_level, secrets=secrets_of(settings), stream=stream)


def secrets_of(settings: Settings) -> Iterator[str]:
    """Every secret setting's value and the passwords in DATABASE_URL and REDIS_URL, for the
    log formatter to mask wherever they would appear."""
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            yield value.get_secret_value()
    for url in (settings.database_url, settings.redis_url):
        try:
            password = urlsplit(url).password if url else None
        except ValueError:
            password = None
        if password:
            yield password


def main(argv: Sequence[str] | None = None, clock: Clock | None = None) -> int:
    """Entry point of the console script; returns the exit status. Commands read the time
    from `clock` (the system clock unless a test fixes it), through `App.clock`."""
    from bot.app.commands import CommandError
    from bot.app.database import StartupError

    # At exit the interpreter collects three times over every object the libraries made (0.1 s
    # and more once SQLAlchemy is loaded) only to free memory the process gives back anyway;
    # frozen, they are skipped. Modules are still cleared: their files are flushed and closed.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    args = build_parser().parse_args(argv)
    args.clock = clock or SystemClock()
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"pakn: invalid setting {error}", file=sys.stderr)
        return 2
    setup_logging(settings)
    try:
        return asyncio.run(args.execute(args, settings))
    except (CommandError, StartupError) as error:
        print(f"pakn: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line for the operator, the traceback in the log
        logging.getLogger("bot.app.cli").debug("pakn %s failed", args.command, exc_info=True)
        print(f"pakn: unexpected error ({type(error).__name__}); run again with "
              f"LOG_LEVEL=DEBUG for details", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
