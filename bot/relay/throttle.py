"""Per-citizen flood control: a sliding window of recent messages, in process (DESIGN §6: spam
is throttled per user); one polite warning, then silence until the rate drops."""

from __future__ import annotations

import math
from collections import deque
from enum import StrEnum


class Verdict(StrEnum):
    ALLOW = "allow"
    WARN = "warn"  # the first message over the limit: say "slow down" once
    DROP = "drop"  # still over the limit: ignore


class SlidingWindow:
    """At most `limit` events per `window` seconds per key."""

    def __init__(self, limit: int = 20, window: float = 60.0, max_keys: int = 100_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._events: dict[str, deque[float]] = {}
        self._warned: set[str] = set()

    def hit(self, key: str, now: float) -> Verdict:
        """Counts one event of `key` at `now` (seconds) and says what to do with it."""
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self.max_keys:
                self._forget_idle(now)
            events = self._events[key] = deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) < self.limit:
            events.append(now)
            self._warned.discard(key)
            return Verdict.ALLOW
        # Dropped events are not counted, so the citizen is heard again once the window frees.
        if key in self._warned:
            return Verdict.DROP
        self._warned.add(key)
        return Verdict.WARN

    def retry_after(self, key: str, now: float) -> int:
        """Whole seconds until `key` may send again (at least 1)."""
        events = self._events.get(key)
        if not events or len(events) < self.limit:
            return 1
        return max(1, math.ceil(events[0] + self.window - now))

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]:
            del self._events[key]
            self._warned.discard(key)
