"""Rule-written variants of FAQ words (bench/rule_variants.py): with vs without, per rule class.

Run `.venv/bin/python bench/faq_variants.py` from the repository (lexical matcher; `--semantic`
adds the sentence model, which sees either the query as typed or the query read back through
the variants). Prints the judged figures of every development set without the
variants, with each rule class alone, with all of them and with the classes chosen
leave-one-dataset-out (the subset of classes best on the other three sets, applied to the set
left out), beside the plain folded BM25; then the cost at 10,000 synthetic entries
(`--cost-only`: that alone). The sealed set is only run with `--sealed`, once, at the end of
the work, and only its aggregate is printed. Findings: bench/faq_variants.md.
"""

import argparse
import dataclasses
import itertools
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.faq_bench import bm25_figures, figures, synthesise  # noqa: E402
from bench.faq_sets import all_sets, is_sealed  # noqa: E402
from bench.rule_variants import CLASSES, Variants  # noqa: E402
from faq.candidate import Candidate  # noqa: E402
from faq.embedding_cache import EmbeddingCache  # noqa: E402
from faq.loader import load_faq  # noqa: E402
from faq.marks import strip_marks  # noqa: E402
from faq.matcher import FaqMatcher  # noqa: E402

KEYS = ("rank1", "tap", "right", "wrong", "declined", "oos_answered")
HEAD = ("rank-1", "within one tap", "answered right", "answered wrong", "in-scope declined",
        "out-of-scope answered")


def utility(f: dict) -> float:
    """What a class subset is chosen by: rank-1, one tap and right answers, wrong answers and
    out-of-scope answers counted five times against."""
    return f["rank1"] + f["tap"] + f["right"] - 5 * f["wrong"] - 5 * f["oos_answered"]


CACHE = EmbeddingCache()  # entry vectors shared by the runs with and without variants


class VariantMatcher(FaqMatcher):
    """pakn's matcher reading each query word that is a generated form as the FAQ word.

    The lexical side sees the query read back; the sentence model sees it too when
    `restore_read` holds, else the query as typed. Marked syllables stay those typed.
    """

    def __init__(self, entries: list, classes: tuple[str, ...], restore_read: bool = True,
                 **kwargs) -> None:
        super().__init__(entries, **kwargs)
        self.restore_read = restore_read
        self.variants = Variants(
            [t for e in self.entries for t in e.texts()],
            (w for e in self.entries for w in strip_marks(e.answer).split()),
            self.ranker.lexicon,
            classes,
        ) if classes else None

    def _rankings(self, query: str) -> tuple[list[Candidate], list[Candidate]]:
        if not self.entries:
            return [], []
        read = self.variants.rewrite(query) if self.variants else query
        view = self.ranker.view(query)
        if read != query:
            typed = self.ranker.view(read)
            view = dataclasses.replace(view, tokens=typed.tokens, unknown=typed.unknown,
                                       unknown_bigrams=typed.unknown_bigrams)
        found = self.ranker.candidates(view) if view.tokens else []
        if self.semantic is None:
            return found, found
        restored = self.ranker.tones.restore(read if self.restore_read else query)
        sims = self.semantic.similarities(restored)
        return found, self.semantic.rerank(sims, found, self.ranker.weights.semantic)


def run(entries: list, queries: list, classes: tuple[str, ...], semantic: bool,
        restore_read: bool = True) -> dict:
    cache = CACHE if semantic else None
    matcher = VariantMatcher(entries, classes, restore_read, semantic=semantic, cache=cache)
    return figures(matcher, queries)


def row(name: str, label: str, f: dict) -> str:
    return f"| {name} | {label} | " + " | ".join(f"{f[k]:.1f}" for k in KEYS) + " |"


def cost(n: int = 10_000) -> list[str]:
    """Build time, peak build memory and median time per question at n entries, with and
    without the variants, beside brute-force extractOne."""
    seed = load_faq()
    entries = synthesise(seed, n, random.Random(7))
    dev = next((s for s in all_sets() if s.name.startswith("dev")), None)
    queries = [q for q, _, _ in dev.queries] if dev else [e.question for e in seed]
    lines = [
        f"| {n:,} entries | build s | peak build MiB | held MiB | generated forms "
        "| median ms per question | × extractOne |",
        "|---|---|---|---|---|---|---|",
    ]
    choices = [e.question for e in entries]
    brute = []
    for q in queries[:20]:
        t0 = time.perf_counter()
        process.extractOne(q, choices, scorer=fuzz.WRatio, processor=utils.default_process)
        brute.append(time.perf_counter() - t0)
    brute_ms = 1000 * statistics.median(brute)
    for label, classes in (("without variants", ()), ("with variants", CLASSES)):
        builds = []
        for _ in range(3):
            t0 = time.perf_counter()
            matcher = VariantMatcher(entries, classes)
            builds.append(time.perf_counter() - t0)
        tracemalloc.start()
        built = VariantMatcher(entries, classes)
        held, peak = (m / 2**20 for m in tracemalloc.get_traced_memory())
        tracemalloc.stop()
        forms = len(built.variants.forms) if built.variants else 0
        del built
        matcher.match(queries[0])
        medians = []
        for _ in range(3):
            times = []
            for q in queries[:200]:
                t0 = time.perf_counter()
                matcher.match(q)
                times.append(time.perf_counter() - t0)
            medians.append(statistics.median(times))
        ms = 1000 * statistics.median(medians)
        lines.append(f"| {label} | {statistics.median(builds):.2f} | {peak:.1f} | {held:.1f} | "
                     f"{forms:,} | {ms:.2f} | {ms / brute_ms:.3f} |")
    lines.append(f"| brute-force extractOne | | | | | {brute_ms:.2f} | 1 |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--semantic", action="store_true", help="with the sentence model")
    parser.add_argument("--sealed", action="store_true", help="the sealed set's aggregate too")
    parser.add_argument("--no-cost", action="store_true", help="skip the 10,000-entry cost")
    parser.add_argument("--cost-only", action="store_true", help="only the 10,000-entry cost")
    args = parser.parse_args()
    if args.cost_only:
        print("\n".join(cost()))
        return
    sets = [s for s in all_sets() if not is_sealed(s.name)]
    subsets = [c for r in range(len(CLASSES) + 1) for c in itertools.combinations(CLASSES, r)]
    if args.semantic:  # minutes per subset on two busy cores: without and with all classes
        subsets = [(), CLASSES]
    grid = {s.name: {c: run(s.entries, s.queries, c, args.semantic) for c in subsets}
            for s in sets}
    kind = "with the sentence model" if args.semantic else "lexical only (FAQ_SEMANTIC=0)"
    lines = [f"## Per set, {kind}", "",
             "| set | variants | " + " | ".join(HEAD) + " |", "|---|---|" + "---|" * len(KEYS)]
    chosen = {}
    for s in sets:
        others = [t.name for t in sets if t.name != s.name]
        best = max(subsets, key=lambda c: sum(utility(grid[o][c]) for o in others))
        chosen[s.name] = best
        g = grid[s.name]
        bm25 = bm25_figures(s.entries, s.queries)
        typed = (
            [row(s.name, "all, the sentence model sees the query as typed",
                 run(s.entries, s.queries, CLASSES, True, restore_read=False))]
            if args.semantic else []
        )
        lines += [
            row(s.name, "none", g[()]),
            *(row(s.name, f"{c} only", g[(c,)]) for c in CLASSES if (c,) in g),
            row(s.name, "all", g[CLASSES]),
            *typed,
            row(s.name, f"chosen on the others: {'+'.join(best) or 'none'}", g[best]),
            f"| {s.name} | plain folded BM25 | {bm25['rank1']:.1f} | | | | | |",
        ]
    lines.append("")
    mean = {c: statistics.mean(utility(grid[s.name][c]) for s in sets) for c in subsets}
    lines.append("Mean utility (rank-1 + one tap + right - 5 wrong - 5 out-of-scope answered) "
                 "over the development sets, per class subset:")
    lines.append("")
    lines += [f"- {'+'.join(c) or 'none'}: {mean[c]:.1f}"
              for c in sorted(subsets, key=lambda c: -mean[c])]
    lines.append("")
    sealed_sets = [s for s in all_sets(sealed=True) if is_sealed(s.name)] if args.sealed else []
    for sealed in sealed_sets:
        agg = {c: run(sealed.entries, sealed.queries, c, args.semantic) for c in ((), CLASSES)}
        lines += [f"## {sealed.name}, aggregate only", "",
                  "| set | variants | " + " | ".join(HEAD) + " |",
                  "|---|---|" + "---|" * len(KEYS),
                  row(sealed.name, "none", agg[()]), row(sealed.name, "all", agg[CLASSES]), ""]
    if not args.no_cost:
        lines += cost()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
