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
its out-of-scope probabilities was 0.883, rounded up to DECLINE_BELOW = 0.89. Two-fold
cross-validation over random halves (20 repeats) left 93 +- 10% of held-out out-of-scope
queries unanswered and answered 72 +- 7% of in-scope ones correctly. Adding the top-1/top-2
margin, the share of query words unknown to the whole FAQ, the query words the entry leaves
unexplained or the e5 similarity moved neither figure by more than its spread, so the
model stays at two features; bench/faq.md has the answered / declined trade-off curve.
"""

import math
from dataclasses import dataclass

from faq.candidate import Candidate

INTERCEPT = -3.607
REVERSE = 10.462
CHARS = 1.466
DECLINE_BELOW = 0.89
MIN_MARGIN = 0.05
# An answer must also account for most of the question: at least this IDF-weighted share of
# its words must appear in the entry's question, variants or answer. Long questions about
# another field ("Thủ tục cấp, gia hạn giấy đăng ký lưu hành thuốc...") cover an entry's short
# question well enough to look in scope, yet leave most of their own words unexplained. On the
# development set 0.4 keeps 73.3 of the 74.4% in-scope questions answered correctly and cuts
# the answers given to 440 questions of other agencies' FAQs from 5.9 to 2.5%.
EXPLAINED_TO_ANSWER = 0.4
SUGGEST_WINDOW = 0.12
# A short question all of whose words an entry contains ("giấy phép bưu chính") is in scope
# even when it names too little of the entry to be answered: offer the closest entries.
COVERED = 0.9
MAX_SUGGESTIONS = 3
# Between SUGGEST_ABOVE and DECLINE_BELOW the question is too uncertain to answer, yet close
# enough to be worth offering the best entries (beside the hand-over to staff) rather than a
# bare "I don't know". On the development set at 0.6, 20% of in-scope questions find their
# entry among the suggestions and 6% are declined, while 66% of out-of-scope ones are
# declined outright (the rest offered suggestions, none answered); bench/faq.md has the curve.
SUGGEST_ABOVE = 0.6


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
    runner_up = candidates[1] if len(candidates) > 1 else None
    # Every word of the question in two entries: it does not say which of them it means.
    covering = [c for c in candidates if c.unigram >= COVERED]
    if (
        confidence >= DECLINE_BELOW
        and best.score - (runner_up.score if runner_up else 0.0) >= MIN_MARGIN
        and best.explained >= EXPLAINED_TO_ANSWER
        and len(covering) < 2
    ):
        return Verdict("answer", confidence, (best,))
    if confidence < SUGGEST_ABOVE and best.unigram < COVERED:
        return Verdict("decline", confidence, ())
    close = [c for c in candidates if c.score >= best.score - SUGGEST_WINDOW]
    if len(covering) >= 2:
        close = covering
    return Verdict("suggest", confidence, tuple(close[:MAX_SUGGESTIONS]))
