"""The FAQ the bot answers from right now, rebuilt when staff change entries. Its entries'
vectors are read from the database and stored there once embedded, so that neither a restart
nor a second instance embeds a text again.

Matching a question costs ~40 ms with the sentence model and rebuilding ~25 ms per new FAQ
text, all CPU: on the event loop it would stall every other chat meanwhile. The coroutines
(`amatch`, `arank`, `areplace`) run that work in threads; the plain methods stay for commands
that run no loop (`pakn faq match`, `pakn faq eval`) and for quick lookups (`get`). `amatch`
and `arank` keep their latest results with the FAQ they were made against: a question matched
before its turn's transaction (ConversationService.prepare, StaffDesk.prepare) is not
matched again inside it.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from bot.core.ports import UnitOfWorkFactory
from faq.embedding_cache import EmbeddingCache
from faq.entries import FaqEntry
from faq.matcher import FaqMatcher, Match
from faq.semantic import Embedder

R = TypeVar("R")
K = TypeVar("K")
V = TypeVar("V")
RECENT_MATCHES = 256  # more than the questions waiting for the writer at a peak


@dataclass(frozen=True)
class _Built:
    """One FAQ, its entries and their matcher together: swapped in whole, never edited; and
    the questions lately matched against it (a new FAQ starts without any)."""

    entries: dict[str, FaqEntry]
    matcher: FaqMatcher
    matches: OrderedDict[str, Match] = field(default_factory=OrderedDict)
    rankings: OrderedDict[tuple[str, int], tuple[FaqEntry, ...]] = field(
        default_factory=OrderedDict)


def _remember(recent: OrderedDict[K, V], key: K, value: V) -> V:
    recent[key] = value
    if len(recent) > RECENT_MATCHES:
        recent.popitem(last=False)
    return value


class FaqIndex:
    """Holds the current FAQ; `areplace` builds a new one in a thread and swaps it in whole,
    so a question asked meanwhile is matched against the previous FAQ, complete.

    `executor` runs the questions (the composition root's small pool; None: asyncio's
    default); `embedder` stands in for the sentence model (tests), implying `semantic`.
    """

    def __init__(
        self,
        entries: Iterable[FaqEntry] = (),
        semantic: bool = False,
        cache: EmbeddingCache | None = None,
        embedder: Embedder | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.semantic = semantic
        self.embedder = embedder
        # One cache for every rebuild: an import embeds only the texts it adds or changes.
        self.cache = cache or EmbeddingCache()
        self._executor = executor
        self._rebuilding = asyncio.Lock()  # one build at a time: they share the cache
        self._wanted = 0  # how many rebuilds were asked for; a later one supersedes
        self._now = self._build(entries)

    @classmethod
    async def open(cls, uow: UnitOfWorkFactory, semantic: bool,
                   embedder: Embedder | None = None,
                   executor: Executor | None = None) -> FaqIndex:
        """The index of the stored entries, built off the event loop from their stored
        vectors; texts embedded now are stored."""
        cache = EmbeddingCache()
        async with uow.reader() as work:
            entries = await work.faq.all()
            if semantic:
                for model, vectors in (await work.faq_vectors.load()).items():
                    cache.seed(model, vectors)
        index = await asyncio.to_thread(cls, entries, semantic, cache, embedder, executor)
        await index.keep_vectors(uow)
        return index

    async def keep_vectors(self, uow: UnitOfWorkFactory) -> int:
        """Stores the vectors embedded since the last call; how many."""
        async with self._rebuilding:  # not while a build adds to the cache
            fresh = self.cache.take_unsaved()
        if not fresh:
            return 0
        async with uow() as work:
            count = await work.faq_vectors.add(fresh)
            await work.commit()
        return count

    def _build(self, entries: Iterable[FaqEntry]) -> _Built:
        by_id = {entry.id: entry for entry in entries}
        matcher = FaqMatcher(by_id.values(), semantic=self.semantic, embedder=self.embedder,
                             cache=self.cache)
        return _Built(by_id, matcher)

    def replace(self, entries: Iterable[FaqEntry]) -> None:
        """Rebuilds here and now (commands, tests); a running bot calls `areplace`."""
        self._now = self._build(entries)

    async def areplace(self, entries: Iterable[FaqEntry]) -> None:
        """Rebuilds in a thread, then swaps the new FAQ in whole. Of rebuilds asked for while
        one runs, only the latest is built: it holds the newest entries."""
        entries = list(entries)
        self._wanted += 1
        ticket = self._wanted
        async with self._rebuilding:
            if ticket != self._wanted:
                return
            # Thousands of entries take seconds (bench/column.md), new texts ~25 ms each:
            # not in the questions' pool, which goes on answering from the current FAQ.
            self._now = await asyncio.to_thread(self._build, entries)

    @property
    def matcher(self) -> FaqMatcher:
        """The matcher answering right now (for commands that evaluate it)."""
        return self._now.matcher

    def match(self, query: str) -> Match:
        return self._now.matcher.match(query)

    async def amatch(self, query: str) -> Match:
        """`match` in a worker thread, or the same question's match already made against the
        current FAQ; the entries of the result are those it was matched against, even if the
        FAQ is replaced meanwhile."""
        built = self._now
        if (known := built.matches.get(query)) is not None:
            return known
        return _remember(built.matches, query,
                         await self._run(partial(built.matcher.match, query)))

    def rank(self, query: str, k: int) -> list[FaqEntry]:
        """The `k` closest entries, best first, whatever their score."""
        return _ranked(self._now.matcher, query, k)

    async def arank(self, query: str, k: int) -> list[FaqEntry]:
        """`rank` in a worker thread, or the ranking already made against the current FAQ."""
        built = self._now
        if (known := built.rankings.get((query, k))) is None:
            ranked = await self._run(partial(_ranked, built.matcher, query, k))
            known = _remember(built.rankings, (query, k), tuple(ranked))
        return list(known)

    def get(self, entry_id: str) -> FaqEntry | None:
        return self._now.entries.get(entry_id)

    def __len__(self) -> int:
        return len(self._now.entries)

    async def _run(self, work: Callable[[], R]) -> R:
        return await asyncio.get_running_loop().run_in_executor(self._executor, work)


def _ranked(matcher: FaqMatcher, query: str, k: int) -> list[FaqEntry]:
    return [entry for entry, _score in matcher.rank(query, k)]
