"""The FAQ the bot answers from right now, rebuilt when staff change entries. Its entries'
vectors are read from the database and stored there once embedded, so that neither a restart
nor a second instance embeds a text again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from bot.core.ports import UnitOfWorkFactory
from faq.embedding_cache import EmbeddingCache
from faq.entries import FaqEntry
from faq.matcher import FaqMatcher, Match
from faq.semantic import Embedder


class FaqIndex:
    """Holds the current matcher; `replace` swaps in a new one built from fresh entries."""

    def __init__(
        self,
        entries: Iterable[FaqEntry] = (),
        semantic: bool = False,
        cache: EmbeddingCache | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.semantic = semantic
        self.embedder = embedder
        # One cache for every rebuild: an import embeds only the texts it adds or changes.
        self.cache = cache or EmbeddingCache()
        self.replace(entries)

    @classmethod
    async def open(cls, uow: UnitOfWorkFactory, semantic: bool,
                   embedder: Embedder | None = None) -> FaqIndex:
        """The index of the stored entries, built off the event loop from their stored
        vectors; texts embedded now are stored."""
        cache = EmbeddingCache()
        async with uow.reader() as work:
            entries = await work.faq.all()
            if semantic:
                for model, vectors in (await work.faq_vectors.load()).items():
                    cache.seed(model, vectors)
        index = await asyncio.to_thread(cls, entries, semantic, cache, embedder)
        await index.keep_vectors(uow)
        return index

    async def keep_vectors(self, uow: UnitOfWorkFactory) -> int:
        """Stores the vectors embedded since the last call; how many."""
        fresh = self.cache.take_unsaved()
        if not fresh:
            return 0
        async with uow() as work:
            count = await work.faq_vectors.add(fresh)
            await work.commit()
        return count

    def replace(self, entries: Iterable[FaqEntry]) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._matcher = FaqMatcher(
            self._entries.values(), semantic=self.semantic, embedder=self.embedder,
            cache=self.cache,
        )

    @property
    def matcher(self) -> FaqMatcher:
        """The matcher answering right now (for commands that evaluate it)."""
        return self._matcher

    def match(self, query: str) -> Match:
        return self._matcher.match(query)

    def rank(self, query: str, k: int) -> list[FaqEntry]:
        """The `k` closest entries, best first, whatever their score."""
        return [entry for entry, _score in self._matcher.rank(query, k)]

    def get(self, entry_id: str) -> FaqEntry | None:
        return self._entries.get(entry_id)

    def __len__(self) -> int:
        return len(self._entries)
