"""Python's cycle collector paused while a command builds a report (bot.app.commands.report)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside, as it was after. A period's records, answers and figures are
    tens of thousands of objects that live until the file is written, and the collector went
    through all of them again and again as they grew: a sixth of a month's summary (0.35-0.4 s
    of 2.1 s for 54,000 tickets). Reference counting still frees everything that holds no
    cycle; the few cycles made meanwhile wait for the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
