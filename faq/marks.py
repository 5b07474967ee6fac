"""Unicode folding of Vietnamese: NFC/NFD, tone and vowel marks, đ, case and punctuation."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
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
