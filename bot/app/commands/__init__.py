"""The `pakn` subcommands: one module per group, each with `register` and `execute`."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from types import ModuleType

from bot.app.settings import Settings


class CommandError(Exception):
    """A command that cannot be carried out; the message is shown to the operator."""


Execute = Callable[[argparse.Namespace, Settings], Awaitable[int]]


def command_modules() -> list[ModuleType]:
    """The groups in the order `pakn --help` lists them."""
    from bot.app.commands import (
        calendar,
        chat,
        db,
        faq,
        officer,
        privacy,
        remind,
        report,
        run,
        tickets,
        tiepdan,
    )

    return [run, chat, faq, officer, tickets, tiepdan, privacy, report, calendar, remind, db]
