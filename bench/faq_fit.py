"""Fits the FAQ decision (faq/decision.py Policy) across datasets, leave-one-dataset-out.

`.venv/bin/python bench/faq_fit.py` ranks every query of every non-sealed set once, then for
each set fits the policy on the others and reports it on the one left out; last, the policy
fitted on all of them (the one to ship). The sealed set is never read here.

The fit is a grid search over the policy's thresholds (`loss` says what it maximises).
"""

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.faq_sets import all_sets  # noqa: E402
from faq import decision  # noqa: E402
from faq.decision import COVERED, MAX_SUGGESTIONS, SUGGEST_WINDOW, Policy  # noqa: E402
from faq.matcher import FaqMatcher  # noqa: E402

GRID = {
    "answer_above": (0.8, 0.85, 0.89, 0.92, 0.95, 0.97),
    "min_margin": (0.0, 0.03, 0.05, 0.08, 0.12, 0.18),
    "explained": (0.3, 0.4, 0.5, 0.6, 0.7),
    "agree": (False, True),
    "suggest_above": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
    "min_lead": (0.0, 0.05, 0.1, 0.15),
}


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
    best_right: np.ndarray
    suggest_right: np.ndarray
    features: np.ndarray | None = None


def signals(matcher: FaqMatcher, queries: list) -> Signals:
    """Rank every query once and keep what the policy needs."""
    rows, feats = [], []
    for query, expected, _ in queries:
        cands = matcher._candidates(query)
        if not cands:
            rows.append((bool(expected), 0, 0, 0, 0, 0, 0, 0, 0, 0))
            feats.append(decision.answer_features([]))
            continue
        best = cands[0]
        ids = [matcher.entries[c.index].id for c in cands]
        covering = [c for c in cands if c.unigram >= COVERED]
        close = [c for c in cands if c.score >= best.score - SUGGEST_WINDOW]
        shown = covering if len(covering) >= 2 else close
        shown_ids = {matcher.entries[c.index].id for c in shown[:MAX_SUGGESTIONS]}
        margin = best.score - (cands[1].score if len(cands) > 1 else 0.0)
        feats.append(decision.answer_features(cands))
        rows.append(
            (
                bool(expected),
                decision.in_scope_probability(best),
                margin,
                best.explained,
                best.bm25 >= 1.0 - 1e-9,
                len(covering),
                best.unigram >= COVERED,
                best.score,
                ids[0] in expected,
                bool(shown_ids & expected),
            )
        )
    cols = list(zip(*rows, strict=True))
    return Signals(*(np.array(c) for c in cols), np.array(feats))


def outcome(s: Signals, p: Policy) -> dict[str, float]:
    """The judged figures of policy `p` on one set."""
    answer = (
        (s.confidence >= p.answer_above)
        & (s.margin >= p.min_margin)
        & (s.margin >= p.min_lead * s.score)
        & (s.explained >= p.explained)
        & (s.agree | (not p.agree))
        & (s.covering < 2)
    )
    decline = ~answer & (s.confidence < p.suggest_above) & ~s.covered
    suggest = ~answer & ~decline
    n_in, n_out = s.inscope.sum(), (~s.inscope).sum()
    ins = s.inscope
    return {
        "right": 100 * (answer & ins & s.best_right).sum() / n_in,
        "wrong": 100 * (answer & ins & ~s.best_right).sum() / n_in,
        "declined": 100 * (decline & ins).sum() / n_in,
        "tap": 100 * (answer & ins & s.best_right | suggest & ins & s.suggest_right).sum() / n_in,
        "oos_answered": 100 * (answer & ~ins).sum() / max(n_out, 1),
        "oos_declined": 100 * (decline & ~ins).sum() / max(n_out, 1),
    }


def loss(figs: list[dict]) -> float:
    """Lower is better: answered right, few declines, the wrong and out-of-scope caps.

    Out-of-scope questions offered suggestions cost a little (the weather is no reason to show
    FAQ buttons). Averaged over the training sets first (each set weighs the same whatever
    its size), then the caps of issue 12 (1% answered wrong, 3% of out-of-scope answered)
    are enforced with heavy penalties. Capping each set separately instead did no better on
    held-out sets.
    """
    mean = {k: sum(f[k] for f in figs) / len(figs) for k in figs[0]}
    return (
        -mean["right"]
        + mean["declined"] / 3
        + (100 - mean["oos_declined"]) / 12
        + 30 * max(0.0, mean["wrong"] - 1.0)
        + 15 * max(0.0, mean["oos_answered"] - 3.0)
    )


def fit(train: list[Signals]) -> Policy:
    """The grid policy with the lowest loss on the training sets."""
    best, best_loss = None, float("inf")
    for values in itertools.product(*GRID.values()):
        policy = Policy(**dict(zip(GRID, values, strict=True)))
        value = loss([outcome(s, policy) for s in train])
        if value < best_loss:
            best, best_loss = policy, value
    return best


def main() -> None:
    sets = all_sets(sealed=False)
    sigs = {s.name: signals(FaqMatcher(s.entries), s.queries) for s in sets}
    keys = ("right", "wrong", "declined", "tap", "oos_answered", "oos_declined")
    print("| held out | policy fitted on the others | " + " | ".join(keys) + " |")
    print("|---|---|" + "---|" * len(keys))
    for name in sigs:
        policy = fit([v for k, v in sigs.items() if k != name])
        f = outcome(sigs[name], policy)
        print(f"| {name} | {policy} | " + " | ".join(f"{f[k]:.1f}" for k in keys) + " |")
    shipped = fit(list(sigs.values()))
    print("fitted on all:", shipped)
    for name, s in sigs.items():
        for label, p in (("current", decision.POLICY), ("all-fit", shipped)):
            f = outcome(s, p)
            print(f"  {name} {label}: " + ", ".join(f"{k} {f[k]:.1f}" for k in keys))


if __name__ == "__main__":
    main()
