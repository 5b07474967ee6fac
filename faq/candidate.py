"""The values ranking hands to the decision: ranking weights, one candidate's features."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """Linear weights of the ranking score; fitted by grid search on the dev set (bench)."""

    bm25: float = 0.15
    unigram: float = 0.3
    bigram: float = 0.3
    chars: float = 0.15
    answer: float = 0.2
    fuzzy: float = 0.2
    semantic: float = 3.0
    pool: int = 100
    candidates: int = 20


@dataclass(frozen=True)
class Candidate:
    """One entry's features for a query; `score` orders candidates, all others are in [0, 1]."""

    index: int
    score: float
    unigram: float
    bigram: float
    chars: float
    answer: float
    fuzzy: float
    reverse: float
    explained: float = 1.0
    semantic: float = 0.0


@dataclass(frozen=True)
class QueryView:
    """The query as the indexes see it."""

    tokens: list[str]
    unknown: float
    unknown_bigrams: float
