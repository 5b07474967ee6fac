"""How well the matcher serves an FAQ: the figures an operator checks before going live.

`pakn faq eval FILE.csv` reads questions with the entry that should answer them (columns
`query,expected_id`; several acceptable ids separated by " | "; an empty id for a question
the FAQ does not cover) and prints these figures; bench/faq_bench.py prints the same ones.
"""

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from faq.matcher import Decision, FaqMatcher

SEPARATOR = "|"

FIGURES = (
    ("rank1", "rank-1 (the answer, or the first suggestion)"),
    ("top3", "right entry in the top three"),
    ("tap", "right entry within one tap (answer or suggestions)"),
    ("right", "answered outright and right"),
    ("wrong", "answered outright and wrong"),
    ("declined", "in-scope questions declined"),
    ("oos_answered", "out-of-scope questions answered outright"),
    ("oos_suggested", "out-of-scope questions offered suggestions"),
)
# Figures counted over the out-of-scope questions; the others are over the in-scope ones.
OUT_OF_SCOPE = ("oos_answered", "oos_suggested")


class EvalFormatError(ValueError):
    """An evaluation file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Case:
    """One question and the ids that would be a right answer (none: out of scope)."""

    query: str
    expected: frozenset[str]


def read_cases(path: Path | str, known: Iterable[str] | None = None) -> list[Case]:
    """Cases from a CSV file with the columns query,expected_id (UTF-8, a BOM allowed)."""
    path = Path(path)
    ids = set(known) if known is not None else None
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"query", "expected_id"} - set(reader.fieldnames or ())
            if missing:
                names = ", ".join(sorted(missing))
                raise EvalFormatError(f"{path.name}:1: missing column(s) {names}")
            cases = []
            for row in reader:
                line = reader.line_num
                query = (row.get("query") or "").strip()
                if not query:
                    raise EvalFormatError(f"{path.name}:{line}: empty query")
                raw = (row.get("expected_id") or "").split(SEPARATOR)
                expected = frozenset(i.strip() for i in raw if i.strip())
                unknown = sorted(expected - ids) if ids is not None else []
                if unknown:
                    raise EvalFormatError(
                        f"{path.name}:{line}: expected_id {unknown[0]!r} is not in the FAQ"
                    )
                cases.append(Case(query, expected))
    except UnicodeDecodeError:
        raise EvalFormatError(f"{path.name}: not UTF-8 text") from None
    if not cases:
        raise EvalFormatError(f"{path.name}: no questions")
    return cases


def figures(matcher: FaqMatcher, cases: Sequence[Case]) -> dict[str, float | int]:
    """FIGURES in % (of in-scope cases, OUT_OF_SCOPE of out-of-scope ones); NaN when none."""
    counts = dict.fromkeys((key for key, _ in FIGURES), 0)
    n_in = n_out = 0
    for case in cases:
        result = matcher.match(case.query)
        answered = result.decision is Decision.ANSWER
        if not case.expected:
            n_out += 1
            counts["oos_answered"] += answered
            counts["oos_suggested"] += result.decision is Decision.SUGGEST
            continue
        n_in += 1
        top = [e.id for e, _ in matcher.rank(case.query, 3)]
        right = answered and result.entry is not None and result.entry.id in case.expected
        offered = any(e.id in case.expected for e in result.suggestions)
        counts["rank1"] += bool(top) and top[0] in case.expected
        counts["top3"] += bool(set(top) & case.expected)
        counts["tap"] += right or offered
        counts["right"] += right
        counts["wrong"] += answered and not right
        counts["declined"] += result.decision is Decision.DECLINE
    out: dict[str, float | int] = {}
    for key, value in counts.items():
        n = n_out if key in OUT_OF_SCOPE else n_in
        out[key] = 100 * value / n if n else float("nan")
    out["in_scope"], out["out_of_scope"] = n_in, n_out
    return out


def format_figures(result: dict[str, float | int]) -> str:
    """The figures as aligned text lines."""
    lines = [
        f"questions: {result['in_scope']} in scope, {result['out_of_scope']} out of scope",
    ]
    width = max(len(label) for _, label in FIGURES)
    for key, label in FIGURES:
        value = result[key]
        shown = "-" if value != value else f"{value:5.1f}%"  # NaN: no such questions
        lines.append(f"{label:<{width}}  {shown}")
    return "\n".join(lines)
