"""Vietnamese syllable shape and repair of Telex leftovers ("dduwowcj", "hoir") in folded tokens.

Works on folded text (no tone marks, đ already d): Telex keys that a keyboard failed to convert
leave letters that no Vietnamese syllable can contain, which is what makes them safe to remove.
The chat onsets "f" for "ph" (fải, fong, fép) and "j" for "gi" (jấy, jờ, jì) are read the same
way: only when they make a syllable.
"""

import re

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_NUCLEUS = r"[aeiouy]{1,3}"
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")
_ONSET_PREFIX = re.compile(_ONSET)
# A Telex tone key is typed after the vowel it marks (anywhere up to the end of the syllable),
# never before the nucleus: the "f" of "fai" or "file" is a letter, not the huyền key.
_AFTER_VOWEL = re.compile(r"(?<=[aeiouy]).*")
_TONE_KEY = re.compile(r"[sfrxj]")
_TELEX_VOWELS = re.compile(r"(?<=[aeiouy])w|w(?=[aeiouy])|aa|ee|oo")
_REPEATS = re.compile(r"(.)\1+")
_DOUBLED_VOWEL = re.compile(r"aa|ee|ii|yy|oo(?!ng|c)")
# "f" is no Vietnamese onset; in chat it stands for "ph" (fải = phải, fong = phòng).
_CHAT_F = re.compile(r"^f(?=[aeiouy])")
# "j" is no Vietnamese letter; in chat it stands for the onset "gi" (jấy = giấy, jờ = giờ), whose
# "i" merges with a following i (jì = gì). It also stands for "d" now and then, but "gi" is what
# chat writers mean by it, and "d" already has a letter of its own.
_CHAT_J = re.compile(r"^j(?=[aeiouy])i?")


def is_syllable(token: str) -> bool:
    """Whether a folded token has the shape of a Vietnamese syllable."""
    return bool(_SYLLABLE.match(token)) and not _DOUBLED_VOWEL.search(token)


def _untelex(token: str) -> str:
    if token.startswith("dd"):
        token = token[1:]
    onset = _ONSET_PREFIX.match(token)
    head = onset.group(0) if onset else ""
    rest = _AFTER_VOWEL.sub(lambda m: _TONE_KEY.sub("", m.group(0)), token[len(head) :], count=1)
    rest = _TELEX_VOWELS.sub(lambda m: m.group(0)[0] if m.group(0) != "w" else "", rest)
    return head + rest


def repair(token: str) -> str:
    """Undo Telex leftovers, doubled letters and the chat onsets f (ph) and j (gi) into a syllable.

    The onset is read only on a token that needs nothing else: "fax" is not "phã" and "file",
    "form", "facebook", "job", "java" stay themselves, since no single reading makes them
    syllables.
    """
    if not token.isascii() or not token.isalpha() or is_syllable(token):
        return token
    chat = _CHAT_J.sub("gi", _CHAT_F.sub("ph", token))
    if chat != token and is_syllable(chat):
        return chat
    untelexed = _untelex(token)
    for candidate in (untelexed, _REPEATS.sub(r"\1", untelexed), _REPEATS.sub(r"\1", token)):
        if candidate != token and is_syllable(candidate):
            return candidate
    return token
