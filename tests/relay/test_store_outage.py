"""While the database is away (a restart, a failover) a citizen's question is tried again, not
apologised for: a turn whose commit never reached the database runs again once it answers, and
the citizen reads the answer once; a database away longer leaves the question pending for its
lease, never marked failed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core.messages import Channel, Incoming, UserRef
from bot.core.ports import StoreUnavailable
from bot.relay import lanes
from bot.relay.decoded import CitizenTurn, Decoded
from bot.relay.inbox import Inbox, Lease
from bot.relay.lanes import LaneWorker, Payload
from db.models import InboundUpdate, OutboxMessage

LEASE = Lease(length=timedelta(seconds=30), sweep=0.01)
QUESTION = ("7", {"user": "1001", "text": "/start"})


class AwayAtCommit:
    """The app's unit of work, whose next `away` commits fail as when the server restarts."""

    def __init__(self, uow) -> None:
        self._uow, self.away = uow, 0

    def __call__(self):
        work = self._uow()
        if self.away:
            self.away -= 1

            async def commit() -> None:
                raise StoreUnavailable("ConnectionResetError")

            work.commit = commit
        return work

    def reader(self):
        return self._uow.reader()


async def decode(payloads: list[Payload]) -> Decoded:
    payload = payloads[0]
    return CitizenTurn(Incoming(UserRef(Channel.TELEGRAM, payload["user"]),
                                text=payload["text"]))


async def stored(app) -> tuple[list[str], list[str]]:
    """The statuses of the stored updates, and the texts queued to the citizen."""
    async with app.uow() as work:
        statuses = list(await work.session.scalars(select(InboundUpdate.status)))
        bodies = list(await work.session.scalars(select(OutboxMessage.body)))
    return statuses, [body["text"] for body in bodies]


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(lanes, "STORE_RETRY", (0.0, 0.0, 0.0))


@pytest.mark.parametrize("away", [1, 2])
async def test_a_turn_lost_with_the_database_runs_again_and_the_citizen_gets_the_answer(
        app, clock, away):
    flaky = AwayAtCommit(app.uow)
    inbox = Inbox(Channel.TELEGRAM, flaky, app.conversation, lease=LEASE, clock=clock,
                  holder="one")
    await inbox.store([QUESTION])
    flaky.away = away  # the turn's commits fail, then the database is back
    worker = LaneWorker(inbox, decode, lambda payload: payload["user"])
    worker.submit([QUESTION])
    await worker.idle()

    statuses, texts = await stored(app)
    apology = app.conversation.deps.catalog.text("error.internal", "vi")
    assert statuses == ["handled"]
    assert texts and apology not in texts  # the answer, once, with no apology before it
    assert len(texts) == len(set(texts))


async def test_a_question_is_left_for_its_lease_while_the_database_stays_away(app, clock):
    flaky = AwayAtCommit(app.uow)
    inbox = Inbox(Channel.TELEGRAM, flaky, app.conversation, lease=LEASE, clock=clock,
                  holder="one")
    await inbox.store([QUESTION])
    flaky.away = 99
    worker = LaneWorker(inbox, decode, lambda payload: payload["user"])
    worker.submit([QUESTION])
    await worker.idle()
    assert await stored(app) == (["pending"], [])  # not "failed": nobody apologised for it

    flaky.away = 0
    clock.moment += LEASE.length + timedelta(seconds=1)
    assert await worker.sweep() == 1  # the database is back: the next sweep takes it
    await worker.idle()
    statuses, texts = await stored(app)
    assert statuses == ["handled"] and texts
