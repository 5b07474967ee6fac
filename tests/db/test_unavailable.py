"""A database that goes away mid-transaction (a restart, a failover) is told apart from a fault in
what was asked: the unit of work raises `StoreUnavailable` for the first, so the relay tries the
work again, and lets every other error through as it was."""

from __future__ import annotations

import asyncio

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
    # PostgreSQL rolled the transaction back to break a deadlock: the same work, run again, passes.
    assert unavailable(asyncpg.exceptions.DeadlockDetectedError("deadlock detected"))
    assert unavailable(asyncpg.exceptions.SerializationError("could not serialize access"))
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


@pytest.mark.postgres
async def test_the_transaction_rolled_back_for_a_deadlock_is_tried_again(postgres_url, clock):
    # Two officers merging two tickets into each other at once: each holds its own ticket
    # and waits for the other's. The one PostgreSQL rolls back is run again by the relay
    # (StoreUnavailable), not marked failed with no answer to the officer.
    engine = create_engine(postgres_url)
    uow = SqlUnitOfWorkFactory(session_factory(engine), clock)
    try:
        async with uow() as work:
            await work.session.execute(text("CREATE TABLE deadlock_t (id int PRIMARY KEY)"))
            await work.session.execute(text("INSERT INTO deadlock_t VALUES (1), (2)"))
            await work.commit()
        both = asyncio.Barrier(2)

        async def merge(mine: int, other: int) -> None:
            async with uow() as work:
                await work.session.execute(
                    text(f"SELECT id FROM deadlock_t WHERE id = {mine} FOR UPDATE"))
                await both.wait()
                await work.session.execute(
                    text(f"UPDATE deadlock_t SET id = id WHERE id = {other}"))
                await work.commit()

        results = await asyncio.gather(merge(1, 2), merge(2, 1), return_exceptions=True)
        assert sorted(type(r).__name__ for r in results) == ["NoneType", "StoreUnavailable"]
    finally:
        async with engine.begin() as connection:
            await connection.execute(text("DROP TABLE IF EXISTS deadlock_t"))
        await engine.dispose()
