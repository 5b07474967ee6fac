"""Tone marks put back on unaccented or chat-style questions, from a syllable bigram model.

The sentence model embeds accented text well and unaccented text badly, and the marked
syllables keep apart words that fold alike (hồ sơ / nộp hộ), so a question typed without its
marks is restored before either sees it. The model counts the accented syllables and syllable
pairs of the FAQ's own texts (the words its citizens ask about) beside a general model built
from texts pakn owns (faq/lexicon_data/syllables.tsv); a Viterbi pass picks, for each
unmarked syllable, the accented form the neighbouring syllables make likeliest.
"""

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

from faq.lexicon import Lexicon, bundled_lexicon
from faq.marks import accented

GENERAL = Path(__file__).parent / "lexicon_data" / "syllables.tsv"
_WORDS = re.compile(r"[^\W_]+")
# Counts from the FAQ's own texts weigh this many times those of the general model.
OWN_WEIGHT = 4.0
# Dirichlet smoothing of a pair's count towards the syllable's own frequency.
SMOOTHING = 2.0
# In a question typed with marks, an unmarked syllable that is a word as it stands was most
# likely meant so ("cho em hỏi" is not "chờ em hỏi"): its own form weighs this much more.
AS_TYPED = math.log(8.0)
START = "<s>"
K = TypeVar("K")


@cache
def fold_syllable(syllable: str) -> str:
    """The syllable as typed without marks: lower case, no marks, đ -> d."""
    decomposed = unicodedata.normalize("NFD", syllable.lower()).replace("đ", "d")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def syllables(text: str) -> list[str]:
    """Lower-case NFC syllables of a text."""
    return _WORDS.findall(unicodedata.normalize("NFC", text.lower()))


def count(texts: Iterable[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Accented-syllable and syllable-pair counts of texts (pairs start at START)."""
    unigrams: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        words = syllables(text)
        unigrams.update(words)
        pairs.update(zip([START, *words], words, strict=False))
    return unigrams, pairs


def general_counts(path: Path = GENERAL) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """The general model: lines `syllable count` and `first second count`."""
    unigrams: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    if not path.exists():
        return unigrams, pairs
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            unigrams[parts[0]] = int(parts[1])
        elif len(parts) == 3:
            pairs[(parts[0], parts[1])] = int(parts[2])
    return unigrams, pairs


@cache
def _general() -> tuple[Counter[str], Counter[tuple[str, str]]]:
    return general_counts()


def _mix(own: Counter[K], general: Counter[K]) -> dict[K, float]:
    """The general counts plus OWN_WEIGHT times the FAQ's own."""
    mixed: dict[K, float] = {key: float(n) for key, n in general.items()}
    for key, n in own.items():
        mixed[key] = mixed.get(key, 0.0) + OWN_WEIGHT * n
    return mixed


class ToneModel:
    """Restores the marks of unmarked syllables of a question."""

    def __init__(
        self, texts: Iterable[str], lexicon: Lexicon | None = None, general: bool = True
    ) -> None:
        self.lexicon = lexicon or bundled_lexicon()
        own_uni, own_pairs = count(texts)
        gen_uni, gen_pairs = _general() if general else (Counter(), Counter())
        self.unigrams = _mix(own_uni, gen_uni)
        self.pairs = _mix(own_pairs, gen_pairs)
        self.forms: dict[str, list[str]] = defaultdict(list)
        for word in self.unigrams:
            self.forms[fold_syllable(word)].append(word)
        self.total = float(sum(self.unigrams.values())) or 1.0
        self.starts: dict[str, float] = defaultdict(float)
        for (first, _), n in self.pairs.items():
            self.starts[first] += n

    def restore(self, text: str) -> str:
        """The text with each unmarked syllable given its likeliest marks (lower case)."""
        words: list[str] = []
        for raw in syllables(text):
            short = self.lexicon.expand(fold_syllable(raw))  # đc, ko: chat abbreviations
            if short is not None:
                words.extend(short)
            elif raw.isascii():
                words.extend(self.lexicon.word(raw))
            else:
                words.append(raw)
        return " ".join(self._viterbi(words, AS_TYPED if accented(text) else 0.0))

    def _choices(self, word: str) -> Sequence[str]:
        if not word.isascii():
            return (word,)
        return self.forms.get(word) or (word,)

    def _logp(self, prev: str, word: str) -> float:
        unigram = (self.unigrams.get(word, 0.0) + 0.1) / self.total
        pair = self.pairs.get((prev, word), 0.0)
        return math.log((pair + SMOOTHING * unigram) / (self.starts.get(prev, 0.0) + SMOOTHING))

    def _viterbi(self, words: list[str], as_typed: float) -> list[str]:
        if not words:
            return []
        best: dict[str, tuple[float, list[str]]] = {START: (0.0, [])}
        for word in words:
            step: dict[str, tuple[float, list[str]]] = {}
            for form in self._choices(word):
                bonus = as_typed if form == word else 0.0
                score, path = max(
                    ((s + bonus + self._logp(prev, form), p) for prev, (s, p) in best.items()),
                    key=lambda sp: sp[0],
                )
                step[form] = (score, [*path, form])
            best = step
        return max(best.values(), key=lambda sp: sp[0])[1]
