"""Intent benchmark (bot/core/intents.py): precision and recall per intent on the labelled
messages of bench/data/intent_messages.csv, each also asked without diacritics, and the FAQ
questions the intent layer would wrongly take (target: none).

FAQ questions: the bundled FAQ's questions and variants, and, where ../shared is present, the
development queries and the real citizen phrasings of dvc-rasa (measured, never shipped).
Run `.venv/bin/python bench/intents_bench.py`; it prints the figures and writes bench/intents.md.
"""

import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.intents import read_message  # noqa: E402
from faq.loader import load_faq  # noqa: E402
from faq.marks import strip_marks  # noqa: E402

MESSAGES = ROOT / "bench/data/intent_messages.csv"
SHARED = ROOT.parent / "shared"
REPORT = ROOT / "bench/intents.md"


def label(text: str) -> str:
    found, _question = read_message(text)
    if found is None:
        return "-"
    return f"file:{found.ticket_type}" if found.ticket_type else str(found.intent)


def messages() -> list[tuple[str, str]]:
    with MESSAGES.open(encoding="utf-8") as f:
        rows = [(r["text"], r["intent"]) for r in csv.DictReader(f)]
    return rows + [(strip_marks(text), intent) for text, intent in rows]


def faq_questions() -> dict[str, list[str]]:
    entries = load_faq(None)
    sets = {
        "bundled FAQ (questions and variants)": [
            q for e in entries for q in (e.question, *e.variants)
        ]
    }
    dev = SHARED / "faq-eval/queries.csv"
    if dev.exists():
        with dev.open(encoding="utf-8") as f:
            sets["dev set queries (in scope)"] = [
                r["query"] for r in csv.DictReader(f) if r["expected_id"]
            ]
    rasa = SHARED / "data/dvc-rasa-faq/faq_eval.json"
    if rasa.exists():
        items = json.loads(rasa.read_text(encoding="utf-8"))["items"]
        sets["dvc-rasa phrasings"] = [v for it in items for v in it["variants"]]
    return sets


def main() -> int:
    rows = messages()
    predicted = [(label(text), expected, text) for text, expected in rows]
    lines = [
        "# Intent benchmark",
        "",
        f"{len(rows)} labelled messages ({len(rows) // 2} written, each also without diacritics).",
        "",
        "| intent | messages | precision | recall |",
        "|---|---|---|---|",
    ]
    for kind in sorted({e for _, e, _ in predicted}):
        tp = sum(p == e == kind for p, e, _ in predicted)
        said = sum(p == kind for p, _, _ in predicted)
        real = sum(e == kind for _, e, _ in predicted)
        lines.append(f"| {kind} | {real} | {tp / said if said else 0:.1%} | {tp / real:.1%} |")
    right = sum(p == e for p, e, _ in predicted)
    lines += ["", f"Recognised as labelled: {right}/{len(rows)} ({right / len(rows):.1%}).", ""]
    missed = Counter(f"{e} → {p}: {t}" for p, e, t in predicted if p != e)
    if missed:
        lines += ["Not recognised as labelled:", ""]
        lines += [f"- {m}" for m in sorted(missed)]
        lines.append("")
    lines += ["## FAQ questions taken by the intent layer (target: none)", ""]
    swallowed_total = 0
    for name, questions in faq_questions().items():
        taken = [(q, label(q)) for q in questions if label(q) != "-"]
        swallowed_total += len(taken)
        lines.append(f"- {name}: {len(taken)} of {len(questions)}")
        lines += [f"  - {q} → {kind}" for q, kind in taken]
    text = "\n".join(lines) + "\n"
    print(text)
    REPORT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
