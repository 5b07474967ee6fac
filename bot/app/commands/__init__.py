"""The `pakn` subcommands: one module per group, each with `register` and `execute`."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from types import ModuleType
from typing import TYPE_CHECKING

from bot.app.settings import Settings
from bot.core.ports import Clock

if TYPE_CHECKING:
    from bot.app.bootstrap import App


class CommandError(Exception):
    """A command that cannot be carried out; the message is shown to the operator."""


Execute = Callable[[argparse.Namespace, Settings], Awaitable[int]]


def command_modules() -> list[ModuleType]:
    """The groups in the order `pakn --help` lists them."""
    from bot.app.commands import (
        calendar,
        chat,
        check,
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

    return [run, check, chat, faq, officer, tickets, tiepdan, privacy, report, calendar,
            remind, db]


def opened_app(settings: Settings, clock: Clock | None = None) -> AbstractAsyncContextManager[App]:
    """bot.app.bootstrap.opened_app, loaded only by a command that runs the application: the
    commands that only read the database (bot.app.database) start without it."""
    from bot.app.bootstrap import opened_app as opened

    return opened(settings, clock)
