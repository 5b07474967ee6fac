"""Running an outbox dispatcher in a test until a condition holds, then stopping it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


async def run_until(dispatcher, done: Callable[[], Awaitable[bool]], seconds: float = 10) -> None:
    """Runs `dispatcher` until `await done()` is true (TimeoutError after `seconds`)."""
    task = asyncio.create_task(dispatcher.run())
    try:
        async with asyncio.timeout(seconds):
            while not await done():
                await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
