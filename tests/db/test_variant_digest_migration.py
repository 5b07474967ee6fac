"""Migration 0019vd: proposals stored before it were posted to the staff group when made, so
the first digest after the upgrade does not show them again; it goes down and up cleanly."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import create_engine
from db.migrate import alembic_config, upgrade_async
from db.repositories.faq_variants import SqlVariantProposalRepository
from tests.conftest import FixedClock

PROPOSED_AT = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)


async def _execute(url: str, statement: str, **values: object) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement), values)
    finally:
        await engine.dispose()


async def test_proposals_made_before_count_as_announced(database_url):
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "0018fe")
    await _execute(
        database_url,
        "INSERT INTO faq_variant_proposals (question, question_key, entry_id, source, count, "
        "status, proposed_at, updated_at) VALUES ('chữ ký số', 'k', 'chu-ky-so-ca-nhan', 'tap', "
        "1, 'proposed', :at, :at)", at=PROPOSED_AT)
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    try:
        async with AsyncSession(engine) as session:
            proposals = SqlVariantProposalRepository(session, FixedClock(PROPOSED_AT))
            [proposal] = await proposals.listed()
            waiting = await proposals.unannounced(PROPOSED_AT)
    finally:
        await engine.dispose()
    assert (proposal.announced_at, proposal.tapped_at) == (PROPOSED_AT, None)
    assert waiting == []
