"""The FAQ the bot answers from right now, rebuilt when staff change entries."""

from __future__ import annotations

from collections.abc import Iterable

from faq.embedding_cache import EmbeddingCache
from faq.entries import FaqEntry
from faq.matcher import FaqMatcher, Match


class FaqIndex:
    """Holds the current matcher; `replace` swaps in a new one built from fresh entries."""

    def __init__(
        self,
        entries: Iterable[FaqEntry] = (),
        semantic: bool = False,
        cache: EmbeddingCache | None = None,
    ) -> None:
        self.semantic = semantic
        # One cache for every rebuild: an import embeds only the texts it adds or changes.
        self.cache = cache or EmbeddingCache()
        self.replace(entries)

    def replace(self, entries: Iterable[FaqEntry]) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._matcher = FaqMatcher(
            self._entries.values(), semantic=self.semantic, cache=self.cache
        )

    def match(self, query: str) -> Match:
        return self._matcher.match(query)

    def rank(self, query: str, k: int) -> list[FaqEntry]:
        """The `k` closest entries, best first, whatever their score."""
        return [entry for entry, _score in self._matcher.rank(query, k)]

    def get(self, entry_id: str) -> FaqEntry | None:
        return self._entries.get(entry_id)

    def __len__(self) -> int:
        return len(self._entries)
