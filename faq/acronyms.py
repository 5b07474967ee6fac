"""Acronyms of the FAQ's own phrases (PCCC, BHXH, VSATTP, TNCN), found by syllable initials.

Vietnamese administrative acronyms are the initials of a phrase's syllables: "phòng cháy chữa
cháy" is PCCC, "thu nhập cá nhân" TNCN. A query word that is neither a syllable nor a word of
the FAQ is read as the phrase of the FAQ whose initials spell it, so no list has to name them.
The index is one string of the initials of every FAQ text, searched when such a word comes.
"""

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from faq.telex import is_syllable

# Two letters stand for too many things in chat (tt, hd, ck, vn); a phrase seen once may be
# a chance run of syllables across words ("tiền trực tuyến thì" for TTTT).
SHORTEST = 3
LONGEST = 6
MIN_COUNT = 2
# Acronyms leave out "và": Thông tin và Truyền thông is TTTT (TT&TT).
SKIPPED = "va"
# Enough occurrences to tell the common phrase from chance runs, at any size of FAQ.
MAX_OCCURRENCES = 200


class Acronyms:
    """Expands acronyms into the most frequent phrase of the FAQ with those initials.

    `docs` are the FAQ's tokenised texts (questions, variants, answers); `fetch(i)` gives the
    tokens of doc i again, so that only the initials are kept in memory.
    """

    def __init__(
        self,
        docs: Sequence[Sequence[str]],
        vocabulary: frozenset[str],
        fetch: Callable[[int], Sequence[str]],
    ) -> None:
        parts = ["".join(t[0] for t in doc if t != SKIPPED) for doc in docs]
        self.initials = "|".join(parts)
        self.starts = np.cumsum([0] + [len(p) + 1 for p in parts[:-1]]) if parts else np.zeros(0)
        self.vocabulary = vocabulary
        self.fetch = fetch
        self.expand = lru_cache(maxsize=1024)(self._expand)

    def _expand(self, token: str) -> tuple[str, ...] | None:
        """The phrase the token abbreviates, or None when it is not an acronym of the FAQ."""
        if not self._looks_like_one(token):
            return None
        counts: Counter[tuple[str, ...]] = Counter()
        for found in re.finditer(f"(?={token})", self.initials):
            doc = int(np.searchsorted(self.starts, found.start(), side="right")) - 1
            offset = found.start() - int(self.starts[doc])
            kept = [t for t in self.fetch(doc) if t != SKIPPED]
            counts[tuple(kept[offset : offset + len(token)])] += 1
            if sum(counts.values()) >= MAX_OCCURRENCES:
                break
        if not counts:
            return None
        phrase, count = counts.most_common(1)[0]
        return phrase if count >= MIN_COUNT else None

    def _looks_like_one(self, token: str) -> bool:
        return (
            SHORTEST <= len(token) <= LONGEST
            and token.isascii()
            and token.isalpha()
            and token not in self.vocabulary
            and not is_syllable(token)
        )
