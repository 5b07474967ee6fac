"""The answer / suggest / decline rule applied to the ranked candidates of a query.

Whether the question is in scope at all and which entry it means are separate questions:
- in scope: a two-feature logistic model. `reverse` is the IDF-weighted share of the best
  entry's question (or variant) that the query mentions; `chars` is the char-trigram cosine.
  Query-side coverage alone cannot decline "Sổ đỏ bị mất thì xin cấp lại ở đâu?": every word
  of it is in the FAQ, but the entry's own key words (giấy phép bưu chính) are not in it.
- which entry: the margin between the first and second ranking scores; close calls are
  offered as buttons instead of answered.
Fitted with `bench/faq_bench.py --fit` (unregularised logistic regression, in-scope vs
out-of-scope queries of the development set, /work/shared/faq-eval); the 90th percentile of
its out-of-scope probabilities was 0.888, rounded up to DECLINE_BELOW = 0.9. Two-fold
cross-validation over random halves of the queries (20 repeats) put that percentile at
0.88 +- 0.03, declining 85 +- 10% of held-out out-of-scope and 29 +- 5% of in-scope queries.
"""

import math
from dataclasses import dataclass

from faq.ranking import Candidate

INTERCEPT = -2.842
REVERSE = 9.319
CHARS = 1.593
DECLINE_BELOW = 0.9
MIN_MARGIN = 0.05
SUGGEST_WINDOW = 0.12
# A short question all of whose words an entry contains ("giấy phép bưu chính") is in scope
# even when it names too little of the entry to be answered: offer the closest entries.
COVERED = 0.9
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Verdict:
    """What to do with a query: the decision, its confidence and the candidates to show."""

    decision: str
    confidence: float
    chosen: tuple[Candidate, ...]


def in_scope_probability(best: Candidate) -> float:
    """Probability that the query is about the FAQ at all, from the best candidate."""
    z = INTERCEPT + REVERSE * best.reverse + CHARS * best.chars
    return 1.0 / (1.0 + math.exp(-z))


def decide(candidates: list[Candidate]) -> Verdict:
    """Answer with the first candidate, suggest the close ones, or decline."""
    if not candidates:
        return Verdict("decline", 0.0, ())
    best = candidates[0]
    confidence = in_scope_probability(best)
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if confidence >= DECLINE_BELOW and best.score - runner_up >= MIN_MARGIN:
        return Verdict("answer", confidence, (best,))
    if confidence < DECLINE_BELOW and best.unigram < COVERED:
        return Verdict("decline", confidence, ())
    close = [c for c in candidates if c.score >= best.score - SUGGEST_WINDOW]
    return Verdict("suggest", confidence, tuple(close[:MAX_SUGGESTIONS]))
