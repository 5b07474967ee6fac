"""Logging as `pakn` sets it up: LOG_LEVEL governs pakn's own loggers only; libraries (database
drivers, aiohttp, aiogram) stay at WARNING whatever it says, because at DEBUG they print SQL
parameters, request bodies and tokens. Tracebacks keep their frames but not exception messages
(a driver's or a validator's message may quote what a citizen sent), and known secrets are
masked in every line."""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import IO

OWN_LOGGERS = ("bot", "handlers", "db", "faq")
LIBRARY_LEVEL = logging.WARNING
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "[secret]"
# A Telegram bot token (digits, a colon, 35 URL-safe characters), wherever it appears.
BOT_TOKEN = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class PrivateFormatter(logging.Formatter):
    """Formats as usual, then withholds exception messages and masks secrets."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__(FORMAT)
        # Longest first, so a secret containing another is masked whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def formatException(self, ei: ExcInfo) -> str:
        return without_messages(ei[1])

    def format(self, record: logging.LogRecord) -> str:
        # A copy: another handler may have cached the traceback with its message (exc_text).
        record = logging.makeLogRecord(record.__dict__)
        record.exc_text = None
        if record.name.partition(".")[0] not in OWN_LOGGERS and isinstance(record.args, tuple):
            # A library's line that quotes an exception (aiogram: "Cause exception while
            # process update ...: %s") gets its type only; pakn's own lines choose their words.
            record.args = tuple(_kind(arg) if isinstance(arg, BaseException) else arg
                                for arg in record.args)
        return self.mask(super().format(record))

    def mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return BOT_TOKEN.sub(MASK, text)


def _kind(error: BaseException) -> str:
    return f"{type(error).__qualname__} (message withheld)"


def without_messages(error: BaseException) -> str:
    """The traceback of `error` and of its causes, each ending with the exception's type only."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        kind = type(current)
        parts.append(f"Traceback (most recent call last):\n{frames}"
                     f"{kind.__module__}.{kind.__qualname__} (message withheld)")
        current = current.__cause__ or current.__context__
    return "\nwhich was caused by:\n".join(parts)


class PaknHandler(logging.StreamHandler):
    """pakn's one handler: to `stream`, else to whatever sys.stderr is when a line is written
    (as logging's last resort does), so a replaced stderr is never written to once closed."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        logging.Handler.__init__(self)
        self._fixed = stream

    @property
    def stream(self) -> IO[str]:  # type: ignore[override]
        return self._fixed or sys.stderr


def configure(level: str, secrets: Iterable[str] = (),
              stream: IO[str] | None = None) -> logging.Handler:
    """Sets up pakn's root handler (stderr unless `stream`; one set up before is replaced) and
    the levels; returns the handler."""
    handler = PaknHandler(stream)
    handler.setFormatter(PrivateFormatter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        if isinstance(old, PaknHandler):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(LIBRARY_LEVEL)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level)
    # Some libraries set their own loggers' levels (SQLAlchemy's echo, aiogram's dispatcher):
    # pin the noisy ones, so none of them can go below WARNING.
    for name in ("sqlalchemy", "aiosqlite", "asyncpg", "aiohttp", "aiogram", "apscheduler",
                 "asyncio", "redis", "alembic", "hypothesis"):
        logging.getLogger(name).setLevel(max(LIBRARY_LEVEL, logging.getLevelName(level)))
    return handler
