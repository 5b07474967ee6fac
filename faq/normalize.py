"""The matching form of Vietnamese text: folding, Telex repair, abbreviations, synonyms, fillers.

The original text is never changed; entries keep it for display.
"""

from itertools import chain

from faq.lexicon import Lexicon, bundled_lexicon
from faq.marks import clean, strip_marks
from faq.telex import repair

__all__ = ["clean", "fold", "tokens"]


def fold(text: str) -> str:
    """Folded text: no marks, đ -> d, lower case, no punctuation, Telex leftovers repaired."""
    return " ".join(repair(t) for t in strip_marks(text).split())


def tokens(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Folded syllables with abbreviations expanded, synonyms unified and fillers dropped."""
    lexicon = lexicon or bundled_lexicon()
    return lexicon.canonical(list(chain.from_iterable(map(lexicon.surface, text.split()))))
