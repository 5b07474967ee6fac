"""Unicode folding of Vietnamese: NFC/NFD, tone and vowel marks, đ, case and punctuation."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def strip_marks(text: str) -> str:
    """Lower-case ASCII form: marks removed (hoà = hòa = hoa), đ -> d, punctuation -> space."""
    decomposed = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return _NON_WORD.sub(" ", _COMBINING.sub("", decomposed)).strip()


def clean(text: str) -> str:
    """Display form: NFC with whitespace collapsed, original diacritics kept."""
    return " ".join(unicodedata.normalize("NFC", text).split())
