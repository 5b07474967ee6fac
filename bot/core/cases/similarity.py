"""How alike two requests are, on the `faq/` normal form: the content's words (places and
everyday words left out) compared with rapidfuzz, and the places they name. Two requests naming
different places of one level (two streets, two communes) are never alike."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz

from bot.core.cases.places import Place, agree, conflict, places
from faq.normalize import fold, tokens

# Joins a case at or above this score (0-100); fitted on the development half of
# bench/data/cases_requests.csv, reported on the held-out half (bench/cases.md).
THRESHOLD = 66.0
PLACE_BONUS = 8.0  # both name the same street, alley, hamlet or ward
# Words of every request (politeness, the citizen, the asking itself): sharing them says
# nothing about sharing a problem.
_GENERIC_WORDS = (
    "toi em chung nha minh ad anh chi o tai bi da dang rat qua lam nhieu cua va thi la co "
    "xin de nghi kinh gui so co quan chuc nang phan anh kien nghi giai quyet xu ly som gap "
    "cam on mong duoc voi cho can ban ngay hom nay nay tu luc khu vuc gan truoc khu cac "
    "nguoi dan ca dan cu o day hien viec nhu the nao ma con van")
GENERIC = frozenset(_GENERIC_WORDS.split())

_DOMAIN = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|vn|org|top|xyz|info|cc|io)\b")
_NUMBER = re.compile(r"\d[\d .]*\d")
_YEAR = re.compile(r"(19|20)\d\d")

T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    """A request in matching form: its content words and the places it names."""

    words: str
    places: frozenset[Place]
    identifiers: frozenset[str] = frozenset()


def profile(text: str) -> Profile:
    """The matching form of a request's content."""
    found, used = places(text)
    words = [w for w in tokens(fold(text)) if w not in used and w not in GENERIC]
    return Profile(" ".join(words), found, identifiers(text))


def identifiers(text: str) -> frozenset[str]:
    """What names one thing among many: a website, a phone number or service code (4 digits
    or more, years left out)."""
    lowered = text.casefold()
    found = {m.group(0) for m in _DOMAIN.finditer(lowered)}
    for run in _NUMBER.findall(lowered):
        digits = re.sub(r"\D", "", run)
        if len(digits) >= 4 and not _YEAR.fullmatch(digits):
            found.add(digits)
    return frozenset(found)


def score(a: Profile, b: Profile) -> float:
    """0-100; 0 when the two name different places of one level, or share no content."""
    if conflict(a.places, b.places) or not a.words or not b.words:
        return 0.0
    if a.identifiers and b.identifiers and not a.identifiers & b.identifiers:
        return 0.0  # two websites, two phone numbers: two matters
    # token_set_ratio forgives a longer telling of the same problem; token_sort_ratio keeps a
    # short message that shares one word from scoring 100 (DESIGN §7).
    content = (fuzz.token_set_ratio(a.words, b.words, processor=None, score_cutoff=0)
               + fuzz.token_sort_ratio(a.words, b.words, processor=None, score_cutoff=0)) / 2
    bonus = PLACE_BONUS if agree(a.places, b.places) else 0.0
    return min(100.0, content + bonus)


def best(new: Profile, candidates: Sequence[tuple[T, Profile]],
         threshold: float = THRESHOLD) -> tuple[T, float] | None:
    """The candidate most like `new` at or above `threshold`; the earliest on a tie."""
    found: tuple[T, float] | None = None
    for key, other in candidates:
        value = score(new, other)
        if value >= threshold and (found is None or value > found[1]):
            found = (key, value)
    return found
