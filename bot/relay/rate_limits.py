"""Rate limits shared between instances through Redis (REDIS_URL): each bucket of
bot/relay/pacing.py kept in Redis and taken atomically by one Lua script, a channel's pause as
a key that expires when the pause ends, and this process's own buckets and pauses while Redis
does not answer, each limit divided by the number of instances last seen sharing it."""

from __future__ import annotations

import hashlib
import logging
import math
import time
import uuid
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import NoScriptError, RedisError

from bot.relay.pacing import Bucket, LocalLimiter

log = logging.getLogger(__name__)

# GCRA: the token bucket of bot/relay/pacing.py as one number per key, `tat`, the moment (µs)
# at which the bucket is full again (tokens = burst - (tat - now) * rate). A message moves it to
# max(tat, now) + 1/rate and waits until tat - burst/rate. The key expires at tat, when a
# missing key (a full bucket) means the same. ARGV[1] is now in µs, or "" for the server's
# clock, one clock for every instance; then burst and 1/rate (µs) per key. Returns µs to wait.
TAKE = """
local now = tonumber(ARGV[1])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000000 + tonumber(time[2])
end
local wait = 0
for i, key in ipairs(KEYS) do
  local burst, interval = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local tat = math.max(tonumber(redis.call('GET', key)) or now, now) + interval
  wait = math.max(wait, tat - now - burst * interval)
  redis.call('SET', key, string.format('%.17g', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
end
return math.ceil(wait)
"""
TAKE_SHA = hashlib.sha1(TAKE.encode()).hexdigest()
# A pause only ever grows: a second 429 with a shorter retry_after does not shorten it.
PAUSE = """
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
"""
# The instances pacing through this Redis: each one's name scored by when it last sent (ms,
# the server's clock); those silent for ARGV[2] ms are dropped. Returns how many remain.
PEERS = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])
"""
PEERS_EVERY = 1.0  # seconds between counts of the instances sharing the limits
PEERS_TTL = 15.0  # an instance that has not sent for this long no longer counts
PROBE_AFTER = 5.0  # seconds on local buckets before asking an unreachable Redis again
TIMEOUT = 1.0  # a send waits at most about this long for Redis before pacing locally


def redacted(url: str) -> str:
    """The URL without its user and password, fit for logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    where = f"{host}:{parts.port}" if parts.port else host
    return f"{parts.scheme}://{where}{parts.path}"


class RedisLimiter:
    """A `Limiter` shared by every instance on the same Redis: keys `<prefix>:{channel}:<bucket>`
    (one cluster slot per channel) that expire once their bucket has refilled."""

    def __init__(self, client: Redis, *, prefix: str = "pakn:pace", where: str = "Redis",
                 clock: Callable[[], float] = time.monotonic,
                 server_time: Callable[[], int] | None = None) -> None:
        self.client, self.prefix, self._where, self._clock = client, prefix, where, clock
        self._server_time = server_time  # µs; tests fix it, else Redis's own clock
        self._local = LocalLimiter(clock)
        self._probe_at: float | None = None  # set while Redis does not answer
        self._name = uuid.uuid4().hex
        self.peers = 1  # instances seen sending through Redis, this one included
        self._peers_at = clock()
        self._sharing_until = float("-inf")  # after an outage: the shared and the local share

    async def delay(self, channel: str, buckets: Sequence[Bucket]) -> float:
        """Takes a token from each bucket in Redis, or locally while Redis is unreachable."""
        if self._probe_at is not None and self._clock() < self._probe_at:
            return await self._local.delay(channel, self._own_share(buckets))
        try:
            wait = await self._take(channel, buckets)
            if self._clock() >= self._peers_at:
                self._peers_at = self._clock() + PEERS_EVERY
                counted = max(1, int(await self.client.eval(
                    PEERS, 1, f"{self.prefix}:instances", self._name,
                    int(PEERS_TTL * 1000))))
                returning = self._probe_at is not None or self._clock() < self._sharing_until
                # A Redis back from a restart has forgotten the others: keep the count meanwhile.
                self.peers = max(counted, self.peers) if returning else counted
        except (RedisError, OSError) as error:
            self._unreachable(error)
            return await self._local.delay(channel, self._own_share(buckets))
        if self._probe_at is not None:
            log.info("rate limits: %s answers again; shared between instances", self._where)
            self._probe_at = None
            # The others may pace alone until their own next probe: keep to this one's share too.
            self._sharing_until = self._clock() + PROBE_AFTER
        if self._clock() < self._sharing_until:
            wait = max(wait, await self._local.delay(channel, self._own_share(buckets)))
        return wait

    async def pause(self, channel: str, seconds: float) -> None:
        """Pauses the channel for every instance; locally too, so this one stops at once."""
        await self._local.pause(channel, seconds)
        if self._probe_at is not None and self._clock() < self._probe_at:
            return
        try:
            await self.client.eval(PAUSE, 1, self._pause_key(channel),
                                   max(1, math.ceil(seconds * 1000)))
        except (RedisError, OSError) as error:
            self._unreachable(error)

    async def held(self, channel: str) -> float:
        """The longer of this instance's pause and the shared one."""
        local = await self._local.held(channel)
        if self._probe_at is not None and self._clock() < self._probe_at:
            return local
        try:
            left = await self.client.pttl(self._pause_key(channel))
        except (RedisError, OSError) as error:
            self._unreachable(error)
            return local
        return max(local, max(0, int(left)) / 1000)

    def _own_share(self, buckets: Sequence[Bucket]) -> list[Bucket]:
        """This instance's part of each limit while it cannot share them: the other instances
        seen before Redis went away go on sending too, each on its own part."""
        n = self.peers
        return [Bucket(b.key, max(1.0, b.burst / n), b.rate / n) for b in buckets]

    def _pause_key(self, channel: str) -> str:
        return f"{self.prefix}:{{{channel}}}:pause"

    def _unreachable(self, error: BaseException) -> None:
        if self._probe_at is None:
            log.warning("rate limits: %s failed (%s); each instance paces on its own, at "
                        "1/%d of the limits, until it answers", self._where,
                        type(error).__name__, self.peers)
        self._probe_at = self._clock() + PROBE_AFTER

    async def _take(self, channel: str, buckets: Sequence[Bucket]) -> float:
        keys = [f"{self.prefix}:{{{channel}}}:{bucket.key}" for bucket in buckets]
        now = "" if self._server_time is None else str(self._server_time())
        args: list[str | float] = [now]
        args += [value for b in buckets for value in (b.burst, 1_000_000 / b.rate)]
        try:
            wait = await self.client.evalsha(TAKE_SHA, len(keys), *keys, *args)
        except NoScriptError:  # a new or flushed server: EVAL runs the script and caches it
            wait = await self.client.eval(TAKE, len(keys), *keys, *args)
        return max(0, int(wait)) / 1_000_000

    async def close(self) -> None:
        await self.client.aclose()


def redis_client(url: str) -> Redis:
    """A client that connects at its first command and gives up quickly."""
    return Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT,
                          retry=Retry(NoBackoff(), 1))  # once: a pooled connection may be stale


def redis_limiter(url: str) -> RedisLimiter:
    """The process's limiter on REDIS_URL, with its one client."""
    log.info("rate limits shared between instances through %s", redacted(url))
    return RedisLimiter(redis_client(url), where=redacted(url))
