"""Entry answers as a second sentence-model term: measured leave one dataset out, not shipped.

`.venv/bin/python bench/faq_answers.py` (entry vectors kept in $FAQ_EMBEDDINGS when set) ranks
every question of the four open sets once (the sealed set is never read) and re-fuses the
rankings offline. Hypothesis: citizens ask in words of an entry's answer rather than its
question, so besides `Weights.semantic` x cos(question, best of the entry's texts) the score
gains w_a x cos(question, the entry's answer as an e5 passage). Passages compared: the
answer's first 400 characters ("answer"; an entry without an answer, ntu's "-", counts its
question cosine instead), its first sentence ("sentence", likewise), and the entry's question
followed by its answer ("question+answer"). Also compared: entries the lexical stage did not
retrieve brought in when the fused semantic score ranks them in the first three ("expand").

w_a is chosen per fold on the three other sets (the highest mean of rank-1 + within one tap
under SEMANTIC_POLICY, the smallest w_a on ties) and measured on the set left out; then
bench/faq_fit.py's policy fit is rerun per fold at the fold's w_a. At w_a = 0 the offline
re-fusion gives every figure of bench/faq.md exactly; question+answer at w_a = 1 gives what a
patched SemanticScorer gives through bench/faq_bench.py.

Result (2026-12-04): none transfers, faq/ unchanged. Held out (dev / dvc-rasa / ntu / police):
- answer: w_a 1 / 1 / 0 / 1; rank-1 97.8 / 88.7 / 60.5 / 96.1 -> 97.8 / 88.7 / 60.5 / 95.0,
  within one tap 96.1 / 90.3 / 65.0 / 100 -> 96.1 / 90.5 / 65.0 / 100 (police loses two).
- sentence: w_a 0 / 0 / 0 / 1; police rank-1 96.1 -> 93.9, the others unchanged.
- question+answer: w_a 1 / 1 / 10 / 1; rank-1 -> 97.8 / 88.9 / 60.2 / 96.7, within one tap
  -> 96.1 / 90.5 / 63.6 / 100 (ntu loses four, declines 18.7 -> 21.1), out-of-scope offered
  buttons on police 20.0 -> 25.7; wrong and out-of-scope answers unchanged or fewer. With the
  policy refitted per fold: ntu answered right 27.2 -> 26.5, within one tap 64.6 -> 63.6;
  dev's fold then offers buttons down to in-scope 0.2 (tap 96.1 -> 97.2, out of scope offered
  42.9 -> 57.1).
- expand 3: only ntu moves (rank-1 60.5 -> 61.9, top three 76.5 -> 78.6, within one tap 65.0
  -> 65.3): 17 of its in-scope questions ("chào", "cảm ơn", "e cần giúp") have their entry
  outside the 20 lexical candidates, 13 of them in the sentence model's first three. Shipped
  alone on 2026-12-05 (faq/candidate.py `Weights.closest`, the semantic ranking's first three).
The folds disagree because the curves are flat within a question or two on dev, dvc-rasa and
police while dvc-rasa keeps gaining up to w_a 10, where ntu loses. 71 of ntu's 116 rank-1
misses are entries whose answer is "-": there is no answer text to match. Embedding an answer
costs 36-134 ms once (100-390 characters, batched; a question ~20 ms), stored like the
questions' vectors.
"""

import dataclasses
import os
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import faq_fit  # noqa: E402
from bench.faq_sets import all_sets  # noqa: E402
from faq.candidate import Candidate  # noqa: E402
from faq.decision import POLICY, SEMANTIC_POLICY, decide  # noqa: E402
from faq.embedding_cache import EmbeddingCache  # noqa: E402
from faq.matcher import FaqMatcher  # noqa: E402
from faq.normalize import tokens  # noqa: E402
from faq.semantic import E5  # noqa: E402

GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
PASSAGES = ("answer", "sentence", "question+answer")
FIT_KEYS = ("right", "wrong", "declined", "tap", "oos_answered", "oos_suggested")
KEYS = ("rank1", "top3", "tap", "right", "wrong", "declined", "oos_answered", "oos_suggested")


class QueryOnce(E5):
    """e5 embedding each question once, however many variants re-fuse it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, np.ndarray] = {}

    def query(self, text: str) -> np.ndarray:
        if text not in self.seen:
            self.seen[text] = super().query(text)
        return self.seen[text]


def passages(entry, kind: str) -> str:
    answer = " ".join(entry.answer.split())
    if kind == "sentence":
        first = re.match(r"(.{20,}?[.!?:])(\s|$)", answer)
        return (first.group(1) if first else answer)[:200]
    if kind == "question+answer":
        return f"{entry.question}\n{answer}"[:500]
    return answer[:400]


@dataclasses.dataclass
class Ranked:
    """One question ranked once: what every variant re-fuses."""

    query: str
    expected: frozenset[str]
    known: int | None
    found: list[Candidate]  # the lexical candidates, as the matcher hands them to the rerank
    every: dict[int, Candidate]  # every entry's lexical features, for `expand`
    question: np.ndarray | None  # cosine to each entry's best question text
    answer: dict[str, np.ndarray]  # cosine to each entry's passage, by PASSAGES kind


def rank_all(matcher: FaqMatcher, queries: list, vectors: dict[str, np.ndarray]) -> list[Ranked]:
    out = []
    ranker, model = matcher.ranker, matcher.semantic.model
    wide = dataclasses.replace(ranker.weights, pool=10**6, candidates=10**6)
    for query, expected, _ in queries:
        known = matcher._phrasings.get(" ".join(tokens(query, matcher._lexicon)))
        view = ranker.view(query)
        found, every = [], []
        if view.tokens:
            found = ranker.candidates(view)
            narrow, ranker.weights = ranker.weights, wide
            every = ranker.candidates(view)
            ranker.weights = narrow
        restored = ranker.tones.restore(query)
        cos, answer = None, {}
        if restored.strip():
            cos = matcher.semantic.similarities(restored)
            answer = {k: v @ model.query(restored) for k, v in vectors.items()}
        out.append(Ranked(query, expected, known, found, {c.index: c for c in every}, cos, answer))
    return out


@dataclasses.dataclass(frozen=True)
class Variant:
    passage: str
    weight: float
    expand: int = 0


def fuse(r: Ranked, has_answer: np.ndarray, v: Variant, wq: float) -> list[Candidate]:
    """SemanticScorer.rerank with the answer term added (and `expand` entries brought in)."""
    q = r.question
    if q is None or not r.found:
        return r.found
    a = r.answer[v.passage]
    if v.passage != "question+answer":
        a = np.where(has_answer, a, q)
    fused = wq * q + v.weight * a
    cands = list(r.found)
    inside = {c.index for c in cands}
    for i in np.argsort(-fused)[: v.expand]:
        if int(i) not in inside and int(i) in r.every:
            cands.append(dataclasses.replace(r.every[int(i)], lexical_first=False, edge=0.0))
    first, mean = int(np.argmax(q)), float(q.mean())
    scored = [
        dataclasses.replace(
            c,
            score=c.score + float(fused[c.index]),
            semantic=float(q[c.index]),
            standout=float(q[c.index]) - mean,
            semantic_first=c.index == first,
        )
        for c in cands
    ]
    return sorted(scored, key=lambda c: -c.score)


def figures(s: dict, v: Variant) -> dict[str, float]:
    """faq/evaluation.py's figures for one variant under SEMANTIC_POLICY."""
    ids, n = s["ids"], dict.fromkeys(KEYS, 0)
    n_in = n_out = 0
    for r in s["own"]:
        fused = fuse(r, s["has"], v, s["wq"])
        if r.known is not None:
            verdict, chosen = "answer", [r.known]
        else:
            d = decide(fused, SEMANTIC_POLICY, r.found)
            verdict, chosen = d.decision, [c.index for c in d.chosen]
        if not r.expected:
            n_out += 1
            n["oos_answered"] += verdict == "answer"
            n["oos_suggested"] += verdict == "suggest"
            continue
        n_in += 1
        top = [ids[c.index] for c in fused[:3]]
        right = verdict == "answer" and ids[chosen[0]] in r.expected
        n["rank1"] += bool(top) and top[0] in r.expected
        n["top3"] += bool(set(top) & r.expected)
        n["tap"] += right or (verdict == "suggest" and any(ids[i] in r.expected for i in chosen))
        n["right"] += right
        n["wrong"] += verdict == "answer" and not right
        n["declined"] += verdict == "decline"
    return {k: 100 * c / (n_out if k.startswith("oos") else n_in) for k, c in n.items()}


class Rankings:
    """Stands in for the matcher in faq_fit.signals: the rankings of one variant."""

    def __init__(self, s: dict, rows: list[Ranked], v: Variant | None) -> None:
        self.entries = s["entries"]
        self.rows = {r.query: (r.found, fuse(r, s["has"], v, s["wq"]) if v else r.found)
                     for r in rows}

    def _rankings(self, query: str) -> tuple[list[Candidate], list[Candidate]]:
        return self.rows[query]


def signals(s: dict, rows: list[Ranked], v: Variant | None) -> faq_fit.Signals:
    return faq_fit.signals(Rankings(s, rows, v), [(r.query, r.expected, "") for r in rows])


def refit(data: dict, chosen: dict[str, Variant]) -> dict[str, dict[str, float]]:
    """faq_fit's leave-one-out policy fit, each fold at its chosen variant."""
    caps = {
        name: (
            faq_fit.outcome(signals(s, s["own"], None), POLICY)["oos_suggested"],
            faq_fit.outcome(signals(s, s["foreign"], None), POLICY)["oos_suggested"],
        )
        for name, s in data.items()
    }
    out = {}
    for held, v in chosen.items():
        others = [k for k in data if k != held]
        train = [signals(data[k], data[k]["own"], v) for k in others]
        guard = [
            faq_fit.Guard(caps[k][0], signals(data[k], data[k]["foreign"], v), caps[k][1])
            for k in others
        ]
        policy = faq_fit.fit(train, semantic=True, guard=guard)
        out[held] = faq_fit.outcome(signals(data[held], data[held]["own"], v), policy)
    return out


def load() -> dict[str, dict]:
    folder = os.environ.get("FAQ_EMBEDDINGS")
    cache, model = EmbeddingCache(folder) if folder else EmbeddingCache(), QueryOnce()
    sets, data = all_sets(sealed=False), {}
    for s in sets:
        matcher = FaqMatcher(s.entries, embedder=model, cache=cache)
        vectors = {k: cache.embed(model, [passages(e, k) for e in s.entries]) for k in PASSAGES}
        data[s.name] = {
            "entries": s.entries,
            "ids": [e.id for e in s.entries],
            "has": np.array([bool(re.search(r"\w\w", e.answer)) for e in s.entries]),
            "wq": matcher.ranker.weights.semantic,
            "own": rank_all(matcher, s.queries, vectors),
            "foreign": rank_all(matcher, faq_fit.foreign_questions(sets, s), vectors),
        }
    return data


def main() -> None:
    data = load()
    names = list(data)
    base = {n: figures(data[n], Variant("answer", 0.0)) for n in names}
    print("| variant | held out | w_a chosen on the others | " + " | ".join(KEYS) + " |")
    print("|---|---|---|" + "---|" * len(KEYS))
    for passage in PASSAGES:
        for expand in (0, 3):
            variants = [Variant(passage, w, expand) for w in GRID]
            table = {(n, v): figures(data[n], v) for n in names for v in variants}
            chosen = {}
            for held in names:
                others = [n for n in names if n != held]
                chosen[held] = max(variants, key=lambda v: (round(sum(
                    table[(n, v)]["rank1"] + table[(n, v)]["tap"] for n in others), 6), -v.weight))
                after = table[(held, chosen[held])]
                cells = " | ".join(f"{base[held][k]:.1f} -> {after[k]:.1f}" for k in KEYS)
                label = passage + ", expand 3" * bool(expand)
                print(f"| {label} | {held} | {chosen[held].weight:g} | {cells} |", flush=True)
            if passage == "question+answer" and not expand:
                before = refit(data, {n: Variant(passage, 0.0) for n in names})
                after_fit = refit(data, chosen)
                for n in names:
                    cells = " | ".join(
                        f"{before[n][k]:.1f} -> {after_fit[n][k]:.1f}" for k in FIT_KEYS
                    )
                    print(f"policy refitted per fold ({', '.join(FIT_KEYS)}), {n}: {cells}")


if __name__ == "__main__":
    main()
