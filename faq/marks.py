"""Unicode folding of Vietnamese: NFC/NFD, tone and vowel marks, đ, case and punctuation.

Matching works on folded text; questions typed with their marks are also matched on the marked
syllables, which keep apart words that fold alike (hồ sơ / nộp hộ, báo / bao).
"""

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_WORDS = re.compile(r"[^\W_]+")
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
# Share of non-space characters carrying marks above which a question counts as accented:
# marked syllables are 40-60% of fluent text, chat-style questions mix in a few.
ACCENTED_SHARE = 0.05
# Final i and y after these onsets are two spellings of one syllable (kí/ký, lí/lý, quí/quý,
# công ti/công ty); "hy" stays apart from the greeting "hi".
_FINAL_Y = re.compile(r"\b(k|l|m|s|t|v|qu)y\b")


def strip_marks(text: str) -> str:
    """Lower-case ASCII form: marks removed (hoà = hòa = hoa), đ -> d, punctuation -> space,
    final y spelt i where both spellings are in use (ký = kí)."""
    decomposed = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    folded = _NON_WORD.sub(" ", _COMBINING.sub("", decomposed)).strip()
    return _FINAL_Y.sub(r"\1i", folded)


def clean(text: str) -> str:
    """Display form: NFC with whitespace collapsed, original diacritics kept."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def accented(text: str) -> bool:
    """Whether a question is written with (most of) its Vietnamese diacritics."""
    letters = [ch for ch in text if not ch.isspace()]
    marked = sum(1 for ch in letters if ord(ch) > 127 and ch.isalpha())
    return bool(letters) and marked >= ACCENTED_SHARE * len(letters)


def marked_syllables(text: str) -> list[str]:
    """Lower-case syllables with their marks, the tone moved to a trailing digit (hoà = hòa)."""
    return [_marked_key(w) for w in _WORDS.findall(unicodedata.normalize("NFC", text.lower()))]


@lru_cache(maxsize=1 << 16)
def _marked_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((_TONES[ch] for ch in decomposed if ch in _TONES), "")
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base) + tone
