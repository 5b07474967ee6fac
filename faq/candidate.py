"""The values ranking hands to the decision: ranking weights, one candidate's features."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Weights:
    """Linear weights of the ranking score; fitted by grid search on the dev set (bench).

    `marked` (the marked-syllable cosine of accented questions) was swept over 0-1 on the dev
    set, dvc-rasa and ntu-admissions together; 0.6 was best on all three. A learned ranker
    over 23 lexical features (pairwise and listwise losses, validated across the three sets)
    did no better than these weights, so they stay hand-set and few.

    `semantic` (the e5 cosine of the tone-restored question, faq/semantic.py) was fitted
    leave-one-dataset-out on rank-1 and top-3 over dev, dvc-rasa, ntu-admissions and police:
    each fold chose 8-10; held out, rank-1 rose 94.4 -> 97.8, 86.5 -> 88.7, 53.7 -> 58.2 and
    fell 96.1 -> 95.6 (one question) on police.
    """

    bm25: float = 0.15
    unigram: float = 0.3
    bigram: float = 0.3
    chars: float = 0.15
    marked: float = 0.6
    answer: float = 0.2
    fuzzy: float = 0.2
    semantic: float = 10.0
    pool: int = 100
    candidates: int = 20
    # With the sentence model, its `closest` entries join the lexical candidates: a question
    # sharing no word with its entry ("chào", "e cần giúp") is still found.
    closest: int = 3


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
    marked: float = 0.0
    semantic: float = 0.0
    # `semantic` minus the mean similarity of the question to every entry: how far the entry
    # stands out of this FAQ for this question, whatever the FAQ's usual level of similarity.
    standout: float = 0.0
    # Only on the first candidate: Ranker._edge over the second (0.0 on the others).
    edge: float = 0.0
    # The entry's BM25 score over the best BM25 score of the whole FAQ: 1.0 for BM25's own
    # first choice, an independent opinion for the decision.
    bm25: float = 0.0
    # First by the lexical score alone / first by the sentence model's similarity alone (over
    # every entry): two independent opinions the decision may require to agree.
    lexical_first: bool = False
    semantic_first: bool = False


@dataclass(frozen=True)
class QueryView:
    """The query as the indexes see it."""

    tokens: list[str]
    unknown: float
    unknown_bigrams: float
    marked: list[str] = field(default_factory=list)
