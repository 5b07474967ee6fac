"""Pacing within rate limits: local token buckets, the same arithmetic in Redis shared by several
instances, and local pacing while Redis does not answer."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError

from bot.app.channels import share_limits
from bot.app.settings import SettingsError, load_settings
from bot.core.messages import Channel, Reply, UserRef
from bot.relay.envelope import Envelope
from bot.relay.outbox import OutboxDispatcher, Policy
from bot.relay.pacing import Bucket, LocalLimiter, TokenBucket
from bot.relay.rate_limits import (
    PEERS,
    PROBE_AFTER,
    RedisLimiter,
    redacted,
    redis_client,
    redis_limiter,
)
from tests.conftest import make_settings

PRIVATE, GROUP, GLOBAL = (10.0, 1.0), (3.0, 20 / 60), (30.0, 30.0)
SECRET = "s3cret-pw"


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def micros(self) -> int:
        return round(self.now * 1_000_000)


class FlakyRedis:
    """Answers the script with a fixed wait, after losing its script cache; fails while down."""

    def __init__(self, wait_us: int = 250_000, peers: int = 1) -> None:
        self.down, self.wait_us, self.peers = False, wait_us, peers
        self.calls: list[str] = []
        self.scripts: set[str] = set()

    async def evalsha(self, sha: str, numkeys: int, *args: object) -> int:
        self.calls.append("evalsha")
        if self.down:
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")
        if sha not in self.scripts:
            raise NoScriptError("No matching script. Please use EVAL.")
        return self.wait_us

    async def eval(self, script: str, numkeys: int, *args: object) -> int:
        if script == PEERS:  # the instances counted
            self.calls.append("peers")
            return self.peers
        self.calls.append("eval")
        self.scripts.add(hashlib.sha1(script.encode()).hexdigest())
        return self.wait_us


def buckets(recipient: str, pace: tuple[float, float] = PRIVATE) -> tuple[Bucket, Bucket]:
    return Bucket(f"chat:{recipient}", *pace), Bucket("global", *GLOBAL)


# Local buckets, fake clock


async def test_a_chat_gets_its_burst_then_one_message_a_second():
    clock = FakeClock()
    limiter = LocalLimiter(clock)
    waits = [await limiter.delay("telegram", buckets("1")) for _ in range(12)]
    assert waits[:10] == [0.0] * 10
    assert waits[10:] == pytest.approx([1.0, 2.0])
    clock.now += 5
    assert await limiter.delay("telegram", buckets("1")) == pytest.approx(0.0)


async def test_the_longest_wait_of_the_buckets_wins_and_channels_are_apart():
    clock = FakeClock()
    limiter = LocalLimiter(clock)
    waits = [await limiter.delay("telegram", buckets(str(n))) for n in range(31)]
    assert waits[:30] == [0.0] * 30
    assert waits[30] == pytest.approx(1 / 30)  # the bot's 30 a second, across chats
    assert await limiter.delay("zalo", buckets("1")) == 0.0


async def test_only_refilled_buckets_are_forgotten():
    clock = FakeClock()
    limiter = LocalLimiter(clock, keep=3)
    for _ in range(13):  # three in debt
        await limiter.delay("telegram", [Bucket("chat:busy", 10.0, 1.0)])
    for n in range(4):
        await limiter.delay("telegram", [Bucket(f"chat:{n}", 10.0, 1.0)])
    clock.now += 2  # the one-message chats are full again, the busy one is not
    await limiter.delay("telegram", [Bucket("chat:new", 10.0, 1.0)])
    assert await limiter.delay("telegram", [Bucket("chat:busy", 10.0, 1.0)]) == 2.0
    assert len(limiter._buckets) == 2


async def test_a_pause_holds_the_whole_channel_and_never_shrinks():
    clock = FakeClock()
    limiter = LocalLimiter(clock)
    await limiter.pause("telegram", 2.0)
    await limiter.pause("telegram", 0.5)  # a shorter second answer does not shorten it
    assert await limiter.held("telegram") == pytest.approx(2.0)
    assert await limiter.held("zalo") == 0.0
    clock.now += 1.5
    assert await limiter.held("telegram") == pytest.approx(0.5)
    clock.now += 0.5
    assert await limiter.held("telegram") == 0.0


# The Redis limiter's fallback and recovery, with a stand-in server


async def test_evalsha_falls_back_to_eval_once_then_uses_the_cache():
    client = FlakyRedis(wait_us=250_000)
    limiter = RedisLimiter(client, clock=FakeClock())  # type: ignore[arg-type]
    assert await limiter.delay("telegram", buckets("1")) == 0.25
    assert await limiter.delay("telegram", buckets("1")) == 0.25
    assert client.calls == ["evalsha", "eval", "peers", "evalsha"]


async def test_unreachable_redis_paces_locally_warns_once_and_recovers(caplog):
    clock, client = FakeClock(), FlakyRedis(wait_us=0)
    limiter = RedisLimiter(client, where=redacted(f"redis://:{SECRET}@10.0.0.5:6379/0"),
                           clock=clock)  # type: ignore[arg-type]
    client.down = True
    with caplog.at_level(logging.INFO, logger="bot.relay.rate_limits"):
        waits = [await limiter.delay("telegram", buckets("1")) for _ in range(11)]
        assert waits[:10] == [0.0] * 10 and waits[10] == pytest.approx(1.0)  # local buckets
        assert client.calls.count("evalsha") == 1  # not asked again before PROBE_AFTER
        clock.now += PROBE_AFTER + 1
        await limiter.delay("telegram", buckets("1"))
        assert client.calls.count("evalsha") == 2
        client.down = False
        clock.now += PROBE_AFTER + 1
        assert await limiter.delay("telegram", buckets("1")) == 0.0
        assert client.calls[-3:] == ["evalsha", "eval", "peers"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "10.0.0.5:6379" in warnings[0].getMessage()
    assert any("answers again" in r.getMessage() for r in caplog.records)
    assert SECRET not in caplog.text


async def test_while_redis_is_down_each_instance_keeps_to_its_share_of_the_limits():
    clock, client = FakeClock(), FlakyRedis(wait_us=0, peers=2)
    limiter = RedisLimiter(client, clock=clock)  # type: ignore[arg-type]
    assert await limiter.delay("telegram", buckets("1")) == 0.0  # two instances send
    client.down = True
    # Half of the chat's burst of 10 and of its 1 a second: the other instance sends too.
    waits = [await limiter.delay("telegram", buckets("1")) for _ in range(7)]
    assert waits[:5] == [0.0] * 5 and waits[5] == pytest.approx(2.0)
    assert waits[6] == pytest.approx(4.0)


async def test_back_from_an_outage_it_also_keeps_to_its_share_until_the_others_are_back():
    clock, client = FakeClock(), FlakyRedis(wait_us=0, peers=2)
    limiter = RedisLimiter(client, clock=clock)  # type: ignore[arg-type]
    await limiter.delay("telegram", buckets("1"))
    client.down = True
    await limiter.delay("telegram", buckets("1"))
    client.down, client.peers = False, 1  # restarted empty: the other is not counted yet
    clock.now += PROBE_AFTER + 1
    waits = [await limiter.delay("telegram", buckets("1")) for _ in range(6)]
    assert waits[:5] == [0.0] * 5 and waits[5] == pytest.approx(2.0)  # half, as before
    clock.now += PROBE_AFTER + 1
    assert await limiter.delay("telegram", buckets("1")) == 0.0  # Redis's word alone
    assert limiter.peers == 1


def test_logged_urls_carry_no_password():
    assert redacted(f"redis://user:{SECRET}@cache.local:6380/2") == "redis://cache.local:6380/2"
    assert redacted("rediss://cache.local/0") == "rediss://cache.local/0"
    assert redacted("unix:///run/redis.sock") == "unix:///run/redis.sock"


def test_redis_url_must_be_a_redis_url_and_the_error_hides_it():
    assert load_settings(_env_file=None, redis_url="redis://127.0.0.1:6379/0").redis_url
    with pytest.raises(SettingsError, match=r"^REDIS_URL: must start with") as error:
        load_settings(_env_file=None, redis_url=f"http://u:{SECRET}@host")
    assert SECRET not in str(error.value)


async def test_one_client_per_process_shared_by_the_channels_and_closed_with_the_app(app):
    settings = make_settings("sqlite://", redis_url=f"redis://:{SECRET}@127.0.0.1:1/0")
    telegram, zalo = SimpleNamespace(limiter=None), SimpleNamespace(limiter=None)
    share_limits(telegram, settings, app)  # type: ignore[arg-type]
    share_limits(zalo, settings, app)  # type: ignore[arg-type]
    assert isinstance(app.limiter, RedisLimiter)
    assert telegram.limiter is zalo.limiter is app.limiter
    share_limits(telegram, make_settings("sqlite://"), app)  # type: ignore[arg-type]
    assert telegram.limiter is app.limiter


async def test_sending_goes_on_when_redis_is_down(app, caplog):
    limiter = redis_limiter(f"redis://:{SECRET}@127.0.0.1:1/0")  # nothing listens on port 1
    sender = RecordingSender((2.0, 50.0))
    with caplog.at_level(logging.INFO):
        try:
            await send_all(app, sender, [limiter], count=6)
        finally:
            await limiter.close()
    assert len(sender.times) == 6
    assert len([r for r in caplog.records if "failed" in r.getMessage()
                and r.name == "bot.relay.rate_limits"]) == 1
    assert SECRET not in caplog.text


# Against a real Redis


def limiter_on(url: str, prefix: str, clock: FakeClock | None = None) -> RedisLimiter:
    """An instance's limiter (its own client) on the test's keys, on `clock` or Redis's."""
    return RedisLimiter(redis_client(url), prefix=prefix,
                        server_time=clock.micros if clock is not None else None)


@pytest.mark.redis
@pytest.mark.parametrize("pace", [PRIVATE, GROUP, GLOBAL])
async def test_the_script_waits_as_long_as_the_local_bucket(redis_url, redis_prefix, pace):
    clock, chance = FakeClock(), random.Random(7)
    shared = limiter_on(redis_url, redis_prefix, clock)
    local = TokenBucket(*pace, clock)
    try:
        for _ in range(200):
            clock.now += chance.choice([0.0, 0.0, 0.01, 0.3, 1.0, 5.0]) / pace[1]
            expected = local.delay()
            got = await shared.delay("telegram", [Bucket("chat:1", *pace)])
            assert got == pytest.approx(max(0.0, expected), abs=5e-6)
    finally:
        await shared.close()


@pytest.mark.redis
async def test_keys_expire_once_the_bucket_has_refilled(redis_url, redis_prefix):
    clock = FakeClock()
    limiter = limiter_on(redis_url, redis_prefix, clock)
    try:
        for _ in range(4):
            await limiter.delay("telegram", buckets("-100", GROUP))
        key = f"{redis_prefix}:{{telegram}}:chat:-100"
        # Four messages at 20 a minute: full again in 12 s.
        assert 11_000 < await limiter.client.pttl(key) <= 12_001
        global_key = f"{redis_prefix}:{{telegram}}:global"
        assert 0 < await limiter.client.pttl(global_key) <= 136  # 4/30 s
    finally:
        await limiter.close()


@pytest.mark.redis
async def test_instances_share_one_bucket_on_the_servers_clock(redis_url, redis_prefix):
    one, two = limiter_on(redis_url, redis_prefix), limiter_on(redis_url, redis_prefix)
    try:
        waits = [await limiter.delay("zalo", buckets("42")) for limiter in (one, two) * 6]
        assert waits[:10] == [0.0] * 10
        assert waits[10] == pytest.approx(1.0, abs=0.05)
        assert waits[11] == pytest.approx(2.0, abs=0.05)
    finally:
        await one.close()
        await two.close()


@pytest.mark.redis
async def test_two_instances_together_keep_to_the_chats_rate(app, redis_url, redis_prefix):
    pace = (2.0, 10.0)
    one, two = limiter_on(redis_url, redis_prefix), limiter_on(redis_url, redis_prefix)
    sender = RecordingSender(pace)
    try:
        await send_all(app, sender, [one, two], count=14)
    finally:
        await one.close()
        await two.close()
    assert len(sender.times) == 14
    assert set(sender.by) == {0, 1}, "both instances should have sent"
    times = sorted(sender.times)
    for i, start in enumerate(times):  # any window holds at most burst + rate x its length
        for j in range(i + 1, len(times)):
            assert j - i + 1 <= pace[0] + pace[1] * (times[j] - start) + 0.5
    assert times[-1] - times[0] >= (14 - pace[0]) / pace[1] - 0.1


@pytest.mark.redis
async def test_each_instance_counts_the_instances_sending_through_redis(redis_url, redis_prefix):
    one, two = limiter_on(redis_url, redis_prefix), limiter_on(redis_url, redis_prefix)
    try:
        await one.delay("telegram", buckets("1"))
        await two.delay("telegram", buckets("2"))
        assert (one.peers, two.peers) == (1, 2)
    finally:
        await one.close()
        await two.close()


@pytest.mark.redis
async def test_a_pause_is_shared_by_the_instances(redis_url, redis_prefix):
    one, two = limiter_on(redis_url, redis_prefix), limiter_on(redis_url, redis_prefix)
    try:
        await one.pause("telegram", 2.0)
        await two.pause("telegram", 0.5)  # never shrinks
        assert 1.5 < await two.held("telegram") <= 2.0
        assert await two.held("zalo") == 0.0
    finally:
        await one.close()
        await two.close()


async def test_a_pause_holds_this_instance_while_redis_is_down():
    clock, client = FakeClock(), FlakyRedis()
    limiter = RedisLimiter(client, clock=clock)  # type: ignore[arg-type]
    client.down = True
    await limiter.delay("telegram", buckets("1"))  # finds Redis down
    await limiter.pause("telegram", 3.0)
    assert await limiter.held("telegram") == pytest.approx(3.0)


@pytest.mark.redis
async def test_shared_pacing_comes_back_after_an_outage(redis_url, redis_prefix, caplog):
    proxy = await TcpProxy.to(redis_url)
    clock = FakeClock()
    limiter = RedisLimiter(redis_client(proxy.url), prefix=redis_prefix, clock=clock)
    try:
        assert await limiter.delay("telegram", buckets("7")) == 0.0
        await proxy.stop()
        with caplog.at_level(logging.INFO, logger="bot.relay.rate_limits"):
            assert await limiter.delay("telegram", buckets("7")) == 0.0  # local
            await proxy.start()
            clock.now += PROBE_AFTER + 1
            assert await limiter.delay("telegram", buckets("7")) == 0.0
        assert await limiter.client.exists(f"{redis_prefix}:{{telegram}}:chat:7")
        assert [r.levelname for r in caplog.records] == ["WARNING", "INFO"]
    finally:
        await limiter.close()
        await proxy.stop()


# Helpers


class RecordingSender:
    """Records when each message went out and through which dispatcher."""

    def __init__(self, pace: tuple[float, float]) -> None:
        self._pace = pace
        self.times: list[float] = []
        self.by: list[int] = []

    def pace(self, recipient: str) -> tuple[float, float]:
        return self._pace

    def cost(self, envelope: Envelope) -> int:
        return 1

    def record(self, by: int) -> None:
        self.times.append(asyncio.get_running_loop().time())
        self.by.append(by)


class TaggedSender:
    """Tags each send with the dispatcher that made it."""

    def __init__(self, sender: RecordingSender, number: int) -> None:
        self.sender, self.number = sender, number

    def pace(self, recipient: str) -> tuple[float, float]:
        return self.sender.pace(recipient)

    def cost(self, envelope: Envelope) -> int:
        return 1

    async def send(self, envelope: Envelope) -> None:
        self.sender.record(self.number)


async def send_all(app, sender: RecordingSender, limiters: list, count: int) -> None:
    """Queues `count` messages to one chat and runs a dispatcher per limiter until all are out."""
    async with app.uow() as work:
        for n in range(count):
            await work.outbox.add(UserRef(Channel.TELEGRAM, "5"), Reply(f"m{n}"))
        await work.commit()
    policy = Policy(poll=0.02, batch=2, lease=timedelta(seconds=30))
    dispatchers = [OutboxDispatcher(Channel.TELEGRAM, app.uow, TaggedSender(sender, n), policy,
                                    limiter=limiter) for n, limiter in enumerate(limiters)]
    tasks = [asyncio.create_task(d.run()) for d in dispatchers]
    try:
        async with asyncio.timeout(15):
            while len(sender.times) < count:
                await asyncio.sleep(0.01)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class TcpProxy:
    """Forwards a local port to Redis; `stop()` cuts every connection, as an outage would."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port, self.listen_port, self.path = host, port, 0, ""
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    @classmethod
    async def to(cls, url: str) -> TcpProxy:
        target = urlsplit(url)
        proxy = cls(target.hostname or "127.0.0.1", target.port or 6379)
        proxy.path = target.path
        await proxy.start()
        return proxy

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.listen_port}{self.path}"

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._pipe, "127.0.0.1", self.listen_port)
        self.listen_port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            for writer in self.writers:
                writer.close()
            await self.server.wait_closed()
            self.server = None

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(self.host, self.port)
        self.writers |= {writer, up_writer}

        async def copy(source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError):
                while data := await source.read(65536):
                    target.write(data)
                    await target.drain()
            target.close()

        await asyncio.gather(copy(reader, up_writer), copy(up_reader, writer))
        self.writers -= {writer, up_writer}
