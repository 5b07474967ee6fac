"""A database that goes away mid-transaction (a restart, a failover) is told apart from a fault in
what was asked: the unit of work raises `StoreUnavailable` for the first, so the relay tries the
work again, and lets every other error through as it was."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.core.ports import StoreUnavailable
from db.engine import create_engine, session_factory
from db.unavailable import unavailable
from db.uow import SqlUnitOfWorkFactory


def test_lost_connections_are_unavailable_and_other_errors_are_not():
    assert unavailable(ConnectionRefusedError(111, "Connect call failed"))
    assert unavailable(asyncpg.exceptions.AdminShutdownError("terminating connection"))
    assert unavailable(asyncpg.exceptions.CannotConnectNowError("the database is starting up"))
    assert unavailable(asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"))
    assert not unavailable(OSError(28, "No space left on device"))
    assert not unavailable(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not unavailable(ValueError("a fault of the turn"))


@pytest.mark.postgres
async def test_a_connection_killed_mid_transaction_raises_store_unavailable(postgres_url, clock):
    engine = create_engine(postgres_url)
    uow = SqlUnitOfWorkFactory(session_factory(engine), clock)
    try:
        with pytest.raises(StoreUnavailable):
            async with uow() as work:
                pid = await work.session.scalar(text("SELECT pg_backend_pid()"))
                async with engine.connect() as other:  # as a server restart does
                    await other.execute(text(f"SELECT pg_terminate_backend({pid})"))
                await work.session.execute(text("SELECT 1"))
        async with uow() as work:  # the pool hands out a live connection afterwards
            assert await work.session.scalar(text("SELECT 1")) == 1
        with pytest.raises(IntegrityError):
            async with uow() as work:
                await work.session.execute(text("CREATE TEMP TABLE t (id int PRIMARY KEY)"))
                await work.session.execute(text("INSERT INTO t VALUES (1), (1)"))
    finally:
        await engine.dispose()
