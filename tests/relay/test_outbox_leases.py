"""A message an instance holds is not sent again by another while it waits (for its turn in the
pacing, or for the platform's answer): the holder renews its lease every third of a lease."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.core.messages import Channel, Reply, UserRef
from bot.relay.envelope import Envelope
from bot.relay.outbox import OutboxDispatcher, Policy

POLICY = Policy(poll=0.02, lease=timedelta(seconds=0.6))


class Sender:
    """Records its sends; while `held`, a send waits until released."""

    def __init__(self, held: bool = False) -> None:
        self.sent: list[str] = []
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        if not held:
            self.release.set()

    def pace(self, recipient: str) -> tuple[float, float]:
        return (10.0, 10.0)

    def cost(self, envelope: Envelope) -> int:
        return 1

    async def send(self, envelope: Envelope) -> None:
        self.started.set()
        await self.release.wait()
        self.sent.append(envelope.reply.text)


async def test_a_message_held_past_its_lease_is_not_sent_again_by_another_instance(app):
    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.TELEGRAM, "5"), Reply("Kết quả tra cứu"))
        await work.commit()
    slow, other = Sender(held=True), Sender()
    first = asyncio.create_task(OutboxDispatcher(Channel.TELEGRAM, app.uow, slow, POLICY).run())
    await asyncio.wait_for(slow.started.wait(), 10)
    second = asyncio.create_task(OutboxDispatcher(Channel.TELEGRAM, app.uow, other, POLICY).run())
    try:
        await asyncio.sleep(4 * POLICY.lease.total_seconds())  # the first still holds it
        assert other.sent == []
        slow.release.set()
        async with asyncio.timeout(10):
            while not slow.sent:
                await asyncio.sleep(0.02)
        await asyncio.sleep(2 * POLICY.lease.total_seconds())
    finally:
        for task in (first, second):
            task.cancel()
        await asyncio.gather(first, second, return_exceptions=True)
    assert (slow.sent, other.sent) == (["Kết quả tra cứu"], [])
