"""Writes faq/lexicon_data/syllables.tsv, the general syllable model of faq/tones.py.

`.venv/bin/python scripts/build_syllables.py` counts the accented syllables and syllable pairs
of Vietnamese texts pakn owns: the bundled FAQ (faq/data/faq.yaml) and the citizen- and
officer-facing catalog (bot/core/texts/vi.yaml). Rerun it when either changes much.
"""

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faq.tones import GENERAL, count  # noqa: E402

SOURCES = (ROOT / "faq/data/faq.yaml", ROOT / "bot/core/texts/vi.yaml")
_PLACEHOLDER = re.compile(r"\{[^}]*\}|/\w+|https?://\S+")


def strings(node: object) -> list[str]:
    """Every string of a YAML document, placeholders, commands and links removed."""
    if isinstance(node, str):
        return [line for line in _PLACEHOLDER.sub(" ", node).splitlines() if line.strip()]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def main() -> None:
    texts = [s for path in SOURCES for s in strings(yaml.safe_load(path.read_text("utf-8")))]
    # Sentences, not lines: a pair never spans a full stop.
    sentences = [p for t in texts for p in re.split(r"[.;:!?()•\n]", t) if p.strip()]
    unigrams, pairs = count(sentences)
    words = sorted((w for w in unigrams if not w.isdigit()), key=lambda w: (-unigrams[w], w))
    lines = [f"{w} {unigrams[w]}" for w in words]
    lines += [
        f"{a} {b} {n}"
        for (a, b), n in sorted(pairs.items(), key=lambda x: (-x[1], x[0]))
        if not b.isdigit() and not a.isdigit()
    ]
    GENERAL.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{GENERAL}: {len(words)} syllables, {len(lines) - len(words)} pairs")


if __name__ == "__main__":
    main()
