"""Vietnamese syllable shape and repair of Telex leftovers ("dduwowcj", "hoir") in folded tokens.

Works on folded text (no tone marks, đ already d): Telex keys that a keyboard failed to convert
leave letters that no Vietnamese syllable can contain, which is what makes them safe to remove.
"""

import re

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_NUCLEUS = r"[aeiouy]{1,3}"
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")
_ONSET_PREFIX = re.compile(_ONSET)
_TONE_KEYS = re.compile(r"[sfrxj]")
_TELEX_VOWELS = re.compile(r"(?<=[aeiouy])w|w(?=[aeiouy])|aa|ee|oo")
_REPEATS = re.compile(r"(.)\1+")
_DOUBLED_VOWEL = re.compile(r"aa|ee|ii|yy|oo(?!ng|c)")


def is_syllable(token: str) -> bool:
    """Whether a folded token has the shape of a Vietnamese syllable."""
    return bool(_SYLLABLE.match(token)) and not _DOUBLED_VOWEL.search(token)


def _untelex(token: str) -> str:
    if token.startswith("dd"):
        token = token[1:]
    onset = _ONSET_PREFIX.match(token)
    head = onset.group(0) if onset else ""
    rest = _TONE_KEYS.sub("", token[len(head) :])
    rest = _TELEX_VOWELS.sub(lambda m: m.group(0)[0] if m.group(0) != "w" else "", rest)
    return head + rest


def repair(token: str) -> str:
    """Undo Telex leftovers and doubled letters when that turns a non-syllable into a syllable."""
    if not token.isascii() or not token.isalpha() or is_syllable(token):
        return token
    untelexed = _untelex(token)
    for candidate in (untelexed, _REPEATS.sub(r"\1", untelexed), _REPEATS.sub(r"\1", token)):
        if candidate != token and is_syllable(candidate):
            return candidate
    return token
