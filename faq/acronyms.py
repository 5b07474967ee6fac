"""Acronyms of the FAQ's own phrases (PCCC, BHXH, VSATTP, TNCN), found by syllable initials.

Vietnamese administrative acronyms are the initials of a phrase's syllables: "phòng cháy chữa
cháy" is PCCC, "thu nhập cá nhân" TNCN. A query word that is neither a syllable nor a word of
the FAQ is read as the phrase of the FAQ whose initials spell it, so no list has to name them.
"""

from collections import Counter
from collections.abc import Sequence

from faq.telex import is_syllable

# Two letters stand for too many things in chat (tt, hd, ck, vn); a phrase seen once may be
# a chance run of syllables across words ("tiền trực tuyến thì" for TTTT).
SHORTEST = 3
LONGEST = 6
MIN_COUNT = 2
# Acronyms leave out "và": Thông tin và Truyền thông is TTTT (TT&TT).
SKIPPED = "va"


class Acronyms:
    """Expands acronyms into the most frequent phrase of the FAQ with those initials.

    `texts` are the FAQ's tokenised questions, variants and answers.
    """

    def __init__(self, texts: Sequence[Sequence[str]], vocabulary: frozenset[str]) -> None:
        self.texts = texts
        self.vocabulary = vocabulary
        self._by_length: dict[int, dict[str, str]] = {}

    def expand(self, token: str) -> tuple[str, ...] | None:
        """The phrase the token abbreviates, or None when it is not an acronym of the FAQ."""
        if not self._looks_like_one(token):
            return None
        phrase = self._phrases(len(token)).get(token)
        return tuple(phrase.split()) if phrase else None

    def _looks_like_one(self, token: str) -> bool:
        return (
            SHORTEST <= len(token) <= LONGEST
            and token.isascii()
            and token.isalpha()
            and token not in self.vocabulary
            and not is_syllable(token)
        )

    def _phrases(self, n: int) -> dict[str, str]:
        """Initials -> most frequent n-syllable phrase; built on the first acronym of length n."""
        if n not in self._by_length:
            counts: Counter[tuple[str, str]] = Counter()
            for text in self.texts:
                text = [t for t in text if t != SKIPPED]
                initials = "".join(t[0] for t in text)
                for i in range(len(text) - n + 1):
                    counts[initials[i : i + n], " ".join(text[i : i + n])] += 1
            best: dict[str, str] = {}
            for (key, phrase), count in counts.most_common():
                if count < MIN_COUNT:
                    break
                best.setdefault(key, phrase)
            self._by_length[n] = best
        return self._by_length[n]
