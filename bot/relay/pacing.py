"""Pacing within rate limits: token buckets in this process's memory, a channel-wide pause after
the platform says "too many requests", and the `Limiter` port that bot/relay/rate_limits.py
implements with Redis to share both between instances."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


class TokenBucket:
    """`rate` events per second on average, up to `burst` at once."""

    def __init__(self, burst: float, rate: float, clock: Callable[[], float]) -> None:
        self.burst, self.rate, self._clock = burst, rate, clock
        self._tokens, self._at = burst, clock()

    def delay(self) -> float:
        """Takes a token; returns how long to wait before using it."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def full(self) -> bool:
        """True when it has refilled: forgetting it then changes nothing."""
        return self._tokens + (self._clock() - self._at) * self.rate >= self.burst


@dataclass(frozen=True)
class Bucket:
    """One limit to respect: `key` names it within the channel (`global`, `chat:<id>`)."""

    key: str
    burst: float
    rate: float


class Limiter(Protocol):
    """Token buckets per channel, and a pause of the whole channel (every chat of one bot)."""

    async def delay(self, channel: str, buckets: Sequence[Bucket]) -> float:
        """Takes a token from each bucket; returns how long to wait before using them."""
        ...

    async def pause(self, channel: str, seconds: float) -> None:
        """No send on `channel` for `seconds` (a pause already longer stays as it is)."""
        ...

    async def held(self, channel: str) -> float:
        """How long the channel's pause still lasts; 0 when it may send."""
        ...


class LocalLimiter:
    """Token buckets in this process's memory: each instance keeps its own limits."""

    def __init__(self, clock: Callable[[], float], keep: int = 10_000) -> None:
        self._clock, self._keep = clock, keep
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._paused_until: dict[str, float] = {}

    async def delay(self, channel: str, buckets: Sequence[Bucket]) -> float:
        if len(self._buckets) > self._keep:  # forget idle chats now and then
            self._buckets = {key: t for key, t in self._buckets.items() if not t.full()}
        return max((self._bucket(channel, bucket).delay() for bucket in buckets), default=0.0)

    async def pause(self, channel: str, seconds: float) -> None:
        until = self._clock() + seconds
        self._paused_until[channel] = max(until, self._paused_until.get(channel, until))

    async def held(self, channel: str) -> float:
        return max(0.0, self._paused_until.get(channel, 0.0) - self._clock())

    def _bucket(self, channel: str, bucket: Bucket) -> TokenBucket:
        token = self._buckets.get((channel, bucket.key))
        if token is None or (token.burst, token.rate) != (bucket.burst, bucket.rate):
            token = self._buckets[channel, bucket.key] = TokenBucket(bucket.burst, bucket.rate,
                                                                     self._clock)
        return token
