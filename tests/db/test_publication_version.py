"""The column's cache key (`publications.version`: the rows and their latest change stamp) moves
with every committed change, whatever order two leaders' changes were made in: a take-down must
reach the portal at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.core.messages import Channel
from bot.core.tickets import NewTicket, TicketStatus, TicketType
from db.engine import create_engine, session_factory
from db.uow import SqlUnitOfWorkFactory
from tests.conftest import FixedClock

T = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


@pytest.mark.postgres
async def test_each_commit_changes_the_version_whatever_order_they_were_stamped_in(
        postgres_url):
    engine = create_engine(postgres_url)
    early = SqlUnitOfWorkFactory(session_factory(engine), FixedClock(T))
    late = SqlUnitOfWorkFactory(session_factory(engine), FixedClock(T + timedelta(seconds=1)))
    try:
        async with early() as work:
            await work.session.execute(text("TRUNCATE tickets, published_answers CASCADE"))
            ids = []
            for question in ("Đèn đường hỏng?", "Rác chưa thu gom?"):
                ticket = await work.tickets.add(NewTicket(
                    TicketType.PHAN_ANH, Channel.WEB, question, T - timedelta(days=9), None,
                    None, publish_allowed=True), None)
                await work.tickets.update(ticket.id, status=TicketStatus.CLOSED, resolved_at=T)
                await work.publications.save(ticket.id, question=question, answer="Đã xử lý.",
                                             status="published", published_at=T)
                ids.append(ticket.id)
            await work.commit()
        async def edit() -> None:
            async with late() as work:
                await work.publications.save(ids[1], answer="Đã thu gom xong.")
                await work.commit()

        async with early() as first:  # stamped first (T); commits once the other has tried
            await first.publications.save(ids[0], status="withdrawn")
            other = asyncio.create_task(edit())
            await asyncio.wait({other}, timeout=0.5)
            committed = [ids[1], ids[0]] if other.done() else [ids[0], ids[1]]
            await first.commit()
        await other
        async with early() as work:
            stamps = [(await work.publications.for_ticket(i)).updated_at for i in committed]
        # The last commit carries the latest stamp, so `version` moved with it.
        assert stamps[0] < stamps[1], (committed, stamps)
    finally:
        await engine.dispose()
