"""Measures a learned "is the first entry right?" model for answering outright, leave one
dataset out, beside SEMANTIC_POLICY.

`.venv/bin/python bench/faq_correct.py`: every query of every non-sealed set (and 120 other
agencies' questions asked of each FAQ, as bench/faq_fit.py's guard) is ranked once by the
matcher with its sentence model. A logistic model of P(answering the first candidate is right)
over features of the first two candidates is fitted on three sets, and its bar chosen there:
the lowest bar at which no training set answers more than `WRONG` % of its in-scope questions
wrongly nor `OOS` % of its out-of-scope ones (own and other agencies'). The model answers on
top of the shipped policy (the shipped policy's answers stay; suggestions and declines are the
policy's otherwise). Reported on the set left out. The sealed set is never read. A training
set already past a cap under the shipped policy (ntu answers 1.4% wrongly) is held to its own
figure instead.

Result (2026-12-04; bench/faq.md): nothing to keep. Held out, answered right moved by 0-1
point over three feature sets (dev 60.6 -> 60.6, dvc-rasa 55.0 -> 55.0-55.6, ntu 23.8 ->
24.5-24.8, police 88.3 -> 88.3), and dvc-rasa answered 0.9-1.1% wrongly instead of 0.5%.
The bars the training sets allow are 0.94-0.99: the questions the policy offers buttons for
although its first entry is right (67 of dev's 180, 186 of dvc-rasa's 549) look to these
features like the wrong ones; at a bar of 0.9 the dvc-rasa fold would answer none of its 186
and three of its wrong ones.
"""

import math
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import faq_fit, faq_union  # noqa: E402, F401 (faq_union memoises similarities)
from bench.faq_sets import all_sets  # noqa: E402
from faq import decision  # noqa: E402
from faq.decision import SEMANTIC_POLICY  # noqa: E402

FEATURES = (
    "conf",
    "sem1",
    "semgap",
    "lead",
    "explained",
    "reverse",
    "chars",
    "unigram",
    "lexfirst",
    "semfirst",
    "bm25",
    "lexanswer",
    "standout",
    "covering",
)
WRONG, OOS = 0.8, 2.5


@dataclass
class Rows:
    x: np.ndarray  # queries x FEATURES
    inscope: np.ndarray
    right: np.ndarray  # the first candidate is an expected entry
    shipped: np.ndarray  # decision under SEMANTIC_POLICY: 0 decline, 1 suggest, 2 answer
    tap: np.ndarray  # right within one tap under SEMANTIC_POLICY


def rows(m, queries) -> Rows:
    x, ins, right, shipped, tap = [], [], [], [], []
    for query, expected, _ in queries:
        lexical, cands = m._rankings(query)
        verdict = decision.decide(cands, SEMANTIC_POLICY, lexical)
        code = {"decline": 0, "suggest": 1, "answer": 2}[verdict.decision]
        ids = {m.entries[c.index].id for c in verdict.chosen}
        ins.append(bool(expected))
        shipped.append(code)
        tap.append(bool(ids & expected) and code > 0)
        if not cands:
            x.append([0.0] * len(FEATURES))
            right.append(False)
            continue
        best = cands[0]
        sims = m.semantic.similarities(m.ranker.tones.restore(query)).copy()
        sims[best.index] = -1.0
        second = cands[1].score if len(cands) > 1 else 0.0
        covering = sum(c.unigram >= decision.COVERED for c in cands)
        x.append(
            [
                decision.in_scope_probability(best),
                best.semantic,
                best.semantic - float(sims.max()),
                (best.score - second) / max(best.score, 1e-9),
                best.explained,
                best.reverse,
                best.chars,
                best.unigram,
                float(best.lexical_first),
                float(best.semantic_first),
                float(best.bm25 >= 1 - 1e-9),
                float(decision.decide(lexical, decision.POLICY).decision == "answer"),
                best.standout,
                float(covering >= 2),
            ]
        )
        right.append(m.entries[best.index].id in expected)
    return Rows(np.array(x), np.array(ins), np.array(right), np.array(shipped), np.array(tap))


def collect() -> dict:
    cache = Path("/tmp/faq_correct.pkl")
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    sets = all_sets(sealed=False)
    data = {}
    for s in sets:
        m = faq_fit.matcher(s.entries, True)
        data[s.name] = (rows(m, s.queries), rows(m, faq_fit.foreign_questions(sets, s)))
        print("collected", s.name, file=sys.stderr)
    cache.write_bytes(pickle.dumps(data))
    return data


def fit(train: list[Rows], cols: list[int]) -> np.ndarray:
    x = np.vstack([r.x[:, cols] for r in train])
    y = np.concatenate([r.inscope & r.right for r in train]).astype(float)
    weight = np.concatenate([np.full(len(r.right), 1.0 / len(r.right)) for r in train])
    weight /= weight.mean()
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd

    def nll(w: np.ndarray) -> float:
        p = 1 / (1 + np.exp(-(w[0] + z @ w[1:])))
        ll = y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)
        return -float(np.mean(weight * ll)) + 1e-3 * float(np.sum(w[1:] ** 2))

    w = minimize(nll, np.zeros(len(cols) + 1), method="L-BFGS-B").x
    return np.concatenate([[w[0] - float(np.sum(w[1:] * mu / sd))], w[1:] / sd])


def prob(w: np.ndarray, r: Rows, cols: list[int]) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + r.x[:, cols] @ w[1:])))


def figures(r: Rows, answer: np.ndarray) -> dict[str, float]:
    ins = r.inscope
    n_in, n_out = max(ins.sum(), 1), max((~ins).sum(), 1)
    suggest = (r.shipped == 1) & ~answer
    decline = (r.shipped == 0) & ~answer
    return {
        "right": 100 * (answer & ins & r.right).sum() / n_in,
        "wrong": 100 * (answer & ins & ~r.right).sum() / n_in,
        "tap": 100 * ((answer & ins & r.right) | (suggest & r.tap & ins)).sum() / n_in,
        "declined": 100 * (decline & ins).sum() / n_in,
        "oos": 100 * (answer & ~ins).sum() / n_out,
    }


def choose(train: list[tuple[Rows, Rows]], w: np.ndarray, cols: list[int]) -> float:
    """The lowest bar within the caps on every training set (own and foreign questions)."""
    for bar in np.arange(0.5, 1.0, 0.01):
        ok = True
        for own, foreign in train:
            fo = figures(own, (own.shipped == 2) | (prob(w, own, cols) >= bar))
            ff = figures(foreign, (foreign.shipped == 2) | (prob(w, foreign, cols) >= bar))
            so, sf = figures(own, own.shipped == 2), figures(foreign, foreign.shipped == 2)
            if (
                fo["wrong"] > max(WRONG, so["wrong"])
                or fo["oos"] > max(OOS, so["oos"])
                or ff["oos"] > max(OOS, sf["oos"])
            ):
                ok = False
                break
        if ok:
            return float(bar)
    return math.inf


def main() -> None:
    data = collect()
    variants = {
        "all": list(FEATURES),
        "no-absolute": [f for f in FEATURES if f not in ("sem1", "chars", "reverse")],
        "agreement": ["conf", "semgap", "lead", "lexfirst", "semfirst", "lexanswer", "covering"],
    }
    names = list(data)
    for label, feats in variants.items():
        cols = [FEATURES.index(f) for f in feats]
        print(f"\n## {label}: {', '.join(feats)}")
        print(
            "| held out | bar | right | wrong | tap | declined | oos | foreign oos"
            " | shipped right/wrong/oos |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for name in names:
            train = [data[k] for k in names if k != name]
            w = fit([t[0] for t in train] + [t[1] for t in train], cols)
            bar = choose(train, w, cols)
            own, foreign = data[name]
            f = figures(own, (own.shipped == 2) | (prob(w, own, cols) >= bar))
            ff = figures(foreign, (foreign.shipped == 2) | (prob(w, foreign, cols) >= bar))
            s = figures(own, own.shipped == 2)
            print(
                f"| {name} | {bar:.2f} | {f['right']:.1f} | {f['wrong']:.1f} | {f['tap']:.1f} | "
                f"{f['declined']:.1f} | {f['oos']:.1f} | {ff['oos']:.1f} | "
                f"{s['right']:.1f}/{s['wrong']:.1f}/{s['oos']:.1f} |"
            )


if __name__ == "__main__":
    main()
