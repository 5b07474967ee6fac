"""Stored updates survive the instance that took them: two lane workers share one database, one
dies mid-handling with updates claimed, and the other takes them over once their lease ends
(the clock is moved, nobody sleeps); nothing is lost, nothing is handled twice, each citizen's
updates keep their order, and a live instance keeps what it holds."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.core.messages import Channel, Incoming, UserRef
from bot.relay.decoded import CitizenTurn, Decoded
from bot.relay.inbox import Inbox, Lease
from bot.relay.lanes import LaneWorker, Payload
from db.models import InboundUpdate, OutboxMessage

LEASE = Lease(length=timedelta(seconds=30), sweep=0.01)
CITIZENS = ["1001", "1002", "1003", "1004", "1005"]


def burst(per_citizen: int) -> list[tuple[str, Payload]]:
    """Questions from five citizens, interleaved, keyed like Telegram's update ids."""
    items = []
    for n in range(per_citizen):
        for citizen in CITIZENS:
            key = str(100 + len(items))
            items.append((key, {"user": citizen, "n": n, "text": f"xin hỏi lần {n}"}))
    return items


class Instance:
    """One running instance's inbox and lane worker; records the turns it committed. From
    update `stop_at` of each citizen on, a turn hangs (the process is about to die)."""

    def __init__(self, app, clock, holder: str, stop_at: int | None = None) -> None:
        self.inbox = Inbox(Channel.TELEGRAM, app.uow, app.conversation, lease=LEASE,
                           clock=clock, holder=holder)
        self.worker = LaneWorker(self.inbox, self.decode, lambda payload: payload["user"])
        self.stop_at = stop_at
        self.handled: list[tuple[str, int]] = []
        self.hanging = 0
        self.changed = asyncio.Event()

    async def decode(self, payloads: list[Payload]) -> Decoded:
        payload = payloads[0]
        if self.stop_at is not None and payload["n"] >= self.stop_at:
            self.hanging += 1
            self.changed.set()
            await asyncio.Event().wait()

        async def committed(_outcome: object) -> None:  # not called when another instance won
            self.handled.append((payload["user"], payload["n"]))
            self.changed.set()

        return CitizenTurn(Incoming(UserRef(Channel.TELEGRAM, payload["user"]),
                                    text=payload["text"]), then=committed)

    async def until(self, done) -> None:
        while not done():
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), 60)


async def inbound(app) -> dict[str, InboundUpdate]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(InboundUpdate))
        return {row.update_key: (row.status, row.payload, row.claimed_by) for row in rows}


async def replied_keys(app) -> list[str]:
    async with app.uow() as work:
        keys = await work.session.scalars(select(OutboxMessage.dedupe_key))
        return sorted({key.split(":")[2] for key in keys})


async def test_a_dead_instances_updates_are_taken_over_once_its_lease_ends(app, clock):
    items = burst(per_citizen=4)
    dying = Instance(app, clock, "dying", stop_at=2)
    assert await dying.inbox.store(items) == [key for key, _ in items]
    dying.worker.submit(items)
    await dying.until(lambda: len(dying.handled) == 10 and dying.hanging == 5)
    await dying.worker.close(release=False)  # SIGKILL: its 10 remaining updates stay leased

    survivor = Instance(app, clock, "survivor")
    assert await survivor.worker.sweep() == 0  # the lease still runs: nothing is taken
    sweeping = asyncio.create_task(survivor.worker.run())
    try:
        clock.moment += LEASE.length + timedelta(seconds=1)
        await survivor.until(lambda: len(survivor.handled) == 10)
        await survivor.worker.idle()
    finally:
        sweeping.cancel()
        await survivor.worker.close()

    assert sorted(dying.handled + survivor.handled) == sorted(
        (p["user"], p["n"]) for _, p in items)  # every question once, none twice
    for citizen in CITIZENS:
        assert [n for who, n in survivor.handled if who == citizen] == [2, 3]  # in order
    rows = await inbound(app)
    assert {status for status, _, _ in rows.values()} == {"handled"}
    assert all(payload is None for _, payload, _ in rows.values())  # purged once handled
    assert await replied_keys(app) == sorted(key for key, _ in items)


async def test_a_live_instance_keeps_what_it_holds_by_renewing_its_leases(app, clock):
    items = burst(per_citizen=2)
    slow = Instance(app, clock, "slow", stop_at=0)
    await slow.inbox.store(items)
    slow.worker.submit(items)
    await slow.until(lambda: slow.hanging == 5)
    other = Instance(app, clock, "other")
    for _ in range(4):  # two minutes, four lease lengths, renewed every 20 seconds
        clock.moment += timedelta(seconds=20)
        assert await other.worker.sweep() == 0
        await slow.worker.sweep()
    await slow.worker.close()  # a clean stop gives its leases up at once
    assert await other.worker.sweep() == len(items)
    await other.worker.idle()
    assert len(other.handled) == len(items) and slow.handled == []


async def test_an_update_finished_elsewhere_is_not_handled_again(app, clock):
    first = Inbox(Channel.TELEGRAM, app.uow, app.conversation, lease=LEASE, clock=clock,
                  holder="first")
    second = Inbox(Channel.TELEGRAM, app.uow, app.conversation, lease=LEASE, clock=clock,
                   holder="second")
    await first.store([("7", {"user": "1001"})])
    clock.moment += LEASE.length  # the first instance stalls past its lease
    assert [key for key, _ in await second.claim(10)] == ["7"]
    event = Incoming(UserRef(Channel.TELEGRAM, "1001"), text="/start")
    answered = await second.turn(["7"]).handle(event)
    late = first.turn(["7"])
    assert await late.handle(event) == [] and late.lost  # its whole turn rolled back
    await late.ignore("failed")
    assert await inbound(app) == {"7": ("handled", None, "second")}
    async with app.uow() as work:
        bodies = list(await work.session.scalars(select(OutboxMessage.dedupe_key)))
    assert len(bodies) == len(answered)


async def test_concurrent_claimers_never_take_the_same_update(app, clock):
    items = [(str(key), {"user": str(key % 7)}) for key in range(1, 241)]
    await Inbox(Channel.TELEGRAM, app.uow, app.conversation, lease=LEASE, clock=clock,
                holder="dead").store(items)
    clock.moment += LEASE.length
    claimers = [Inbox(Channel.TELEGRAM, app.uow, app.conversation, lease=LEASE, clock=clock,
                      holder=f"claimer-{n}") for n in range(4)]
    taken: list[str] = []
    while True:
        rounds = await asyncio.gather(*(claimer.claim(25) for claimer in claimers))
        keys = [key for claimed in rounds for key, _ in claimed]
        if not keys:
            break
        taken += keys
    assert sorted(taken, key=int) == [key for key, _ in items]  # each exactly once
    holders = {holder for _, _, holder in (await inbound(app)).values()}
    assert holders <= {f"claimer-{n}" for n in range(4)}
