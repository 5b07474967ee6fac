"""Places a request names ("đường Lê Lợi", "p3", "ngõ 5", "thôn Đông"), folded without
diacritics, so that the same problem on another street is told apart from a repeat report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from faq.marks import strip_marks


class Level(StrEnum):
    """Where a place sits: two places of one rank (a street and a hamlet are both the spot
    itself; two wards) that do not agree are two different places."""

    STREET = "street"  # đường, phố, quốc lộ, tỉnh lộ
    ALLEY = "alley"  # ngõ, ngách, hẻm, kiệt
    HAMLET = "hamlet"  # thôn, xóm, ấp, bản, tổ dân phố, khu phố
    WARD = "ward"  # phường, xã, thị trấn
    DISTRICT = "district"  # quận, huyện (before 2025's merger; still written by citizens)


# Folded keyword (one or two syllables, and chat abbreviations) → its level.
KEYWORDS: dict[tuple[str, ...], Level] = {
    ("duong",): Level.STREET, ("dg",): Level.STREET, ("pho",): Level.STREET,
    ("quoc", "lo"): Level.STREET, ("ql",): Level.STREET, ("tinh", "lo"): Level.STREET,
    ("ngo",): Level.ALLEY, ("ngach",): Level.ALLEY, ("hem",): Level.ALLEY,
    ("kiet",): Level.ALLEY, ("ng",): Level.ALLEY,
    ("thon",): Level.HAMLET, ("xom",): Level.HAMLET, ("ap",): Level.HAMLET,
    ("ban",): Level.HAMLET, ("to", "dan", "pho"): Level.HAMLET, ("tdp",): Level.HAMLET,
    ("khu", "pho"): Level.HAMLET, ("kp",): Level.HAMLET, ("khu", "dan", "cu"): Level.HAMLET,
    ("phuong",): Level.WARD, ("p",): Level.WARD, ("xa",): Level.WARD,
    ("thi", "tran",): Level.WARD, ("tt",): Level.WARD,
    ("quan",): Level.DISTRICT, ("q",): Level.DISTRICT, ("huyen",): Level.DISTRICT,
}
LONGEST = max(map(len, KEYWORDS))
# Keywords that are also everyday words, letters or name syllables ("bản" a copy, "áp"
# pressure, "cơ quan", "Lý Thường Kiệt"): a place only when a capitalised name or a number
# follows.
AMBIGUOUS = frozenset({("ban",), ("ap",), ("q",), ("tt",), ("kp",), ("ng",), ("quan",),
                       ("kiet",)})
# Typed fast: "đưnờg", "phưnog" (two letters swapped) still name the keyword.
TYPO_KEYWORDS = ("duong", "phuong")
# Words that end a place's name when it is written in lower case.
_STOP_WORDS = (
    "bi da dang co khong ko k nen gan truoc sau canh doi dien o tai va nhung lam rat nhieu "
    "roi xuong tu den tren duoi cua thi la ma moi hom nay dem qua luc gio cho nhu ve keo "
    "bo mat hu hong dut chap chon yeu cham cu suot tuan thang ngay ca day cap den mang song "
    "wifi internet cot tram truyen di ong nuoc xa qua nha minh em anh chi va cuoi dau giua "
    "ben phia")
STOP = frozenset(_STOP_WORDS.split())
# Keywords that end a capitalised name too ("đường Lê Lợi Phường 3"); "Kiệt" in "Lý Thường
# Kiệt" and "Bản", "Ấp" in names do not.
BREAKS = frozenset({"phuong", "xa", "thon", "xom", "quan", "huyen", "duong", "pho", "ngo"})
# The spot itself (a street, an alley, a hamlet) and the area around it are compared apart.
RANK = {Level.STREET: 0, Level.ALLEY: 0, Level.HAMLET: 0, Level.WARD: 1, Level.DISTRICT: 2}
SAME_NAME = 88  # rapidfuzz ratio of two folded names: "hung vung" is "hung vuong"
MAX_NAME = 4  # "Nguyễn Thị Minh Khai"; a lower-case name stops at 3 (it may run on)
_DIGITS = re.compile(r"^([a-z]{1,3})(\d+[a-z]?)$")  # p3, q1, ql1a → p 3
_ABBREVIATED = re.compile(r"\b([^\W\d_]{1,3})\.(?=\w)")  # P.Tân Mai, Đ.Lê Lợi


@dataclass(frozen=True)
class Place:
    level: Level
    name: tuple[str, ...]  # folded syllables, e.g. ("le", "loi") or ("3",)

    def same_as(self, other: Place) -> bool:
        """The same place: one name begins the other ("le loi" and "le loi dut" when the
        lower-case name ran on; "3" and "03")."""
        a, b = (_strip_zero(self.name), _strip_zero(other.name))
        shorter = min(len(a), len(b))
        if shorter == 0:
            return False
        if a[:shorter] == b[:shorter]:
            return True
        numbers = any(p[0].isdigit() for p in a + b)  # "ngõ 5" is not "ngõ 6"
        return not numbers and fuzz.ratio(" ".join(a[:shorter]), " ".join(b[:shorter]),
                                          processor=None, score_cutoff=SAME_NAME) > 0


def _strip_zero(name: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.lstrip("0") or "0" if part[0].isdigit() else part for part in name)


def _words(text: str) -> list[tuple[str, bool]]:
    """(folded word, written with a capital) pairs; `p3` becomes `p`, `3`."""
    out: list[tuple[str, bool]] = []
    spaced = _ABBREVIATED.sub(r"\1 ", text)
    for raw in spaced.replace(".", " . ").replace(",", " , ").split():
        capital = raw[0].isupper() or raw[0].isdigit()
        for folded in strip_marks(raw).split() or ["."]:
            split = _DIGITS.match(folded)
            if split and (split.group(1),) in KEYWORDS:
                out += [(split.group(1), False), (split.group(2), True)]
            else:
                out.append((_keyword_typo(folded), capital))
    return out


def _keyword_typo(word: str) -> str:
    """A keyword with two letters swapped ("duogn", "phunog"); never one letter changed or
    dropped: "hưởng", "xuống", "lượng", "đông", "dừng" are one letter from a keyword."""
    if word in TYPO_KEYWORDS or not word.isalpha():
        return word
    for keyword in TYPO_KEYWORDS:
        if sorted(word) == sorted(keyword) and DamerauLevenshtein.distance(
                word, keyword, processor=None, score_cutoff=1) <= 1:
            return keyword
    return word


def _name(words: list[tuple[str, bool]], start: int) -> tuple[str, ...]:
    """The place's name after its keyword: capitalised words or a number, else (lower-case
    chat) up to MAX_NAME words before a stop word."""
    taken: list[str] = []
    capitals = start < len(words) and words[start][1]
    for word, capital in words[start:start + (MAX_NAME if capitals else MAX_NAME - 1)]:
        if word[0].isdigit():
            return (*taken, word)  # "ngõ 5", "ngõ 12 Nguyễn Trãi": the number is the name
        if word in (".", ",") or ((word,) in KEYWORDS and (not capitals or word in BREAKS)):
            break
        if (capitals and capital) or (not capitals and word not in STOP):
            taken.append(word)
        else:
            break
    return tuple(taken)


def places(text: str) -> tuple[frozenset[Place], frozenset[str]]:
    """The places named in `text`, and the folded words they used (kept out of the content
    comparison: sharing a street says nothing about sharing a problem)."""
    words = _words(text)
    found: set[Place] = set()
    used: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(LONGEST, 0, -1):
            key = tuple(w for w, _ in words[i:i + size])
            if len(key) < size or key not in KEYWORDS:
                continue
            name = _name(words, i + size)
            plain = key in AMBIGUOUS and name and not (name[0][0].isdigit()
                                                       or words[i + size][1])
            if name and not plain:
                found.add(Place(KEYWORDS[key], name))
                used.update(key + name)
                i += size + len(name) - 1
                break
        i += 1
    return frozenset(found), frozenset(used)


def conflict(a: frozenset[Place], b: frozenset[Place]) -> bool:
    """Both name a place of some rank and none of those agree: two different places."""
    for rank in {RANK[p.level] for p in a} & {RANK[p.level] for p in b}:
        ours = [p for p in a if RANK[p.level] == rank]
        theirs = [p for p in b if RANK[p.level] == rank]
        if not any(x.same_as(y) for x in ours for y in theirs):
            return True
    return False


def agree(a: frozenset[Place], b: frozenset[Place]) -> bool:
    """Some place of one request is also named by the other."""
    return any(x.same_as(y) for x in a for y in b if RANK[x.level] == RANK[y.level])
