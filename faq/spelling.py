"""Typo correction of query syllables against the FAQ vocabulary (one edit, SymSpell-style).

Only tokens unknown to the FAQ and not shaped like a Vietnamese syllable are corrected, so a
real word the FAQ does not use is never bent into one it does.
"""

from collections.abc import Mapping

from rapidfuzz.distance import DamerauLevenshtein

from faq.telex import is_syllable

MIN_LENGTH = 3


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Maps a misspelt token to the most frequent FAQ token one edit away."""

    def __init__(self, frequencies: Mapping[str, int]) -> None:
        self.frequencies = frequencies
        self.by_key: dict[str, list[str]] = {}
        for word in frequencies:
            if len(word) >= MIN_LENGTH and word.isalpha():
                for key in _deletes(word) | {word}:
                    self.by_key.setdefault(key, []).append(word)

    def correct(self, token: str) -> str:
        """The FAQ token meant, or the token itself when none is close or it is known."""
        if token in self.frequencies or len(token) < MIN_LENGTH or is_syllable(token):
            return token
        candidates = {
            w
            for key in _deletes(token) | {token}
            for w in self.by_key.get(key, ())
            if DamerauLevenshtein.distance(token, w, score_cutoff=1) <= 1
        }
        if not candidates:
            return token
        return max(candidates, key=lambda w: (self.frequencies[w], w))
