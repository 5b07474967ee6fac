"""Rows are dated by the application's clock, not by the process's: under a clock set years
away, an officer's action shows in the ticket's history at that clock's time, beside the
deadlines it reads, and the citizen and the messages queued for them are dated alike. The
outbox still sends what was queued: its schedule is on real time (bot/relay/real_time.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.core.messages import Channel, Reply, UserRef
from bot.relay.outbox import OutboxDispatcher, Policy
from db.models import Citizen, OutboxMessage
from tests.core.test_staff_desk import OFFICER, file, press, pushed, with_officers
from tests.fakes.outbox import run_until
from tests.relay.test_outbox_leases import Sender

FAR = datetime(2031, 7, 15, 2, 0, tzinfo=UTC)  # Tuesday 15/7/2031, 9:00 in Hà Nội
CLAIMED = FAR + timedelta(hours=2)
READ = FAR + timedelta(hours=3)


async def test_an_officers_action_is_dated_by_the_clock_of_the_deadlines(app, clock):
    clock.moment = FAR
    desk = await with_officers(app)
    citizen = await file(app, "/phananh")
    clock.moment = CLAIMED
    await press(desk, OFFICER, "st:claim:1")
    history = (await press(desk, OFFICER, "st:history:1")).replies[0].text.splitlines()
    assert history[1:] == ["15/07/2031 09:00 · Người dân · tiếp nhận",
                           "15/07/2031 11:00 · Nguyễn Cán Bộ · nhận xử lý"]
    clock.moment = READ
    assert "Hạn trả lời: 14/08/2031" in await pushed(app, citizen)
    async with app.uow() as work:
        ticket = await work.tickets.get(1)
        events = await work.tickets.history(1)
        assert [e.created_at for e in events] == [ticket.received_at, CLAIMED]
        assert ticket.received_at == FAR and events[-1].created_at < ticket.due_at
        assert list(await work.session.scalars(select(Citizen.created_at))) == [FAR]
        notices = (await work.session.execute(
            select(OutboxMessage.created_at, OutboxMessage.sent_at)
            .where(OutboxMessage.recipient == citizen.user.external_id))).all()
        assert notices == [(CLAIMED, READ)]


async def test_a_message_queued_under_a_clock_set_ahead_is_still_sent(app, clock):
    clock.moment = FAR
    async with app.uow() as work:
        await work.outbox.add(UserRef(Channel.TELEGRAM, "5"), Reply("Kết quả tra cứu"))
        await work.commit()
    sender = Sender()
    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, sender, Policy(poll=0.02))

    async def sent() -> bool:
        return bool(sender.sent)

    await run_until(dispatcher, sent)
    async with app.uow() as work:
        row = await work.session.scalar(select(OutboxMessage))
        assert (row.status, row.created_at, row.sent_at) == ("sent", FAR, FAR)
