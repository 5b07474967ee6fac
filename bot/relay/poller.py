"""A background job of the relay that runs a round when woken (something was queued) or every
`poll` seconds, whichever comes first; a failed round is logged and the next one tries again."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.core.ports import StoreUnavailable

log = logging.getLogger(__name__)


class Poller:
    name = "poller"

    def __init__(self, poll: float) -> None:
        self.poll = poll
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something is waiting: run a round now instead of at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Rounds until cancelled."""
        while True:
            self._wake.clear()  # a wake during the round runs the next one at once
            try:
                await self.round()
            except StoreUnavailable:
                log.warning("%s: the database is unavailable; trying again shortly", self.name)
            except Exception:  # a crash would stop the job for good
                log.exception("%s: a round failed; trying again shortly", self.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll)

    async def round(self) -> None:
        raise NotImplementedError
