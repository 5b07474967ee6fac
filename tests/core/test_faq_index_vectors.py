"""The FAQ's vectors live in the database: the first start embeds every text and stores it; a
restart, or a second instance on another host, reads them back and embeds nothing; an entry
staff add costs one embedding, stored at once. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import numpy as np

from bot.core.faq_index import FaqIndex
from db.engine import create_engine, session_factory
from db.uow import SqlUnitOfWorkFactory
from faq.entries import FaqEntry
from tests.conftest import FixedClock
from tests.faq.fake_embedder import FakeEmbedder

ENTRIES = [
    FaqEntry("cap-moi", "Thủ tục cấp mới giấy phép bưu chính?", answer="Nộp hồ sơ cấp mới."),
    FaqEntry("cap-lai", "Thủ tục cấp lại giấy phép bưu chính bị mất?", answer="Nộp đơn cấp lại."),
    FaqEntry("spam", "Phản ánh tin nhắn rác ở đâu?", ("bị nhắn tin quảng cáo liên tục",),
             answer="Gửi tới đầu số 5656."),
]
CLOCK = FixedClock(datetime(2026, 3, 10, tzinfo=UTC))
TEXTS = 4  # three questions and one variant


async def _with_entries(url: str, entries: list[FaqEntry]):
    engine = create_engine(url)
    uow = SqlUnitOfWorkFactory(session_factory(engine), CLOCK,
                               one_writer=url.startswith("sqlite"))
    async with uow() as work:
        await work.faq.upsert(entries)
        await work.commit()
    return engine, uow


def test_a_restart_and_a_second_instance_read_the_vectors_instead_of_embedding(database_url):
    async def scenario():
        engine, uow = await _with_entries(database_url, ENTRIES)
        try:
            first = FakeEmbedder()
            index = await FaqIndex.open(uow, semantic=True, embedder=first)
            assert first.passages_embedded == TEXTS
            answer = index.match("bị nhắn tin quảng cáo liên tục").entry

            again = FakeEmbedder()  # the next start, or another instance
            restarted = await FaqIndex.open(uow, semantic=True, embedder=again)
            assert again.passages_embedded == 0
            assert restarted.match("bị nhắn tin quảng cáo liên tục").entry == answer
            assert answer is not None and answer.id == "spam"
            stored = await restarted_vectors(uow)
            assert len(stored) == TEXTS
            assert all(v.dtype == np.float32 and v.shape == (512,) for v in stored)
        finally:
            await engine.dispose()

    asyncio.run(scenario())


async def restarted_vectors(uow: SqlUnitOfWorkFactory) -> list[np.ndarray]:
    async with uow.reader() as work:
        return [v for by_key in (await work.faq_vectors.load()).values() for v in by_key.values()]


def test_an_entry_added_while_running_is_embedded_once_and_stored(database_url):
    async def scenario():
        engine, uow = await _with_entries(database_url, ENTRIES)
        try:
            embedder = FakeEmbedder()
            index = await FaqIndex.open(uow, semantic=True, embedder=embedder)
            added = FaqEntry("sim", "Sim bị khóa một chiều thì mở lại thế nào?",
                             answer="Ra cửa hàng.")
            async with uow() as work:
                await work.faq.upsert([added])
                await work.commit()
                entries = await work.faq.all()
            index.replace(entries)
            assert embedder.passages_embedded == TEXTS + 1
            assert await index.keep_vectors(uow) == 1
            assert await index.keep_vectors(uow) == 0  # nothing new since

            later = FakeEmbedder()
            restarted = await FaqIndex.open(uow, semantic=True, embedder=later)
            assert later.passages_embedded == 0
            assert restarted.rank("sim bị khóa một chiều", 1)[0].id == "sim"
        finally:
            await engine.dispose()

    asyncio.run(scenario())


def test_words_only_stores_no_vectors(database_url):
    async def scenario():
        engine, uow = await _with_entries(database_url, ENTRIES)
        try:
            index = await FaqIndex.open(uow, semantic=False)
            assert index.match("phản ánh tin nhắn rác").entry.id == "spam"
            assert await restarted_vectors(uow) == []
        finally:
            await engine.dispose()

    asyncio.run(scenario())
