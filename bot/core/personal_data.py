"""Personal data in free Vietnamese text: phone numbers, e-mail addresses, ID numbers, street
addresses and names, found and replaced by a visible marker before a text is published.
Nghị định 13/2023/NĐ-CP Đ2(3): name, phone, ID number and address are basic personal data."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

KINDS = ("email", "phone", "id", "name", "address")  # also the order of precedence

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEP = r"[\s.-]?"
PHONE = re.compile(
    rf"(?<![\w+])(?:(?:\+|00)?84{_SEP}\(?0?\)?{_SEP}|0)(?:\d{_SEP}){{8,9}}\d(?!\d)"
    rf"|(?<!\w)\(0\d{{2,3}}\){_SEP}\d{{3,4}}{_SEP}\d{{3,4}}(?!\d)"
)
ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{9}|\d{3}[ .]\d{3}[ .]\d{3}[ .]\d{3})(?!\d)")
# Self-introductions and honorifics, matched on the folded text (no diacritics, lower case).
INTRO = re.compile(
    r"\b(?:(?:toi|em|chau|minh)\s+(?:ten\s+)?la|(?:toi|em|chau|minh)\s+ten|"
    r"ten\s+(?:cua\s+)?(?:toi|em|chau|minh)\s+la|ho\s+(?:va\s+)?ten\s*:?)\s+")
HONORIFIC = re.compile(r"\b(?:ong|ba|anh|chi|co|chu|bac)\s+")
WORD = re.compile(r"\w+(?:/\w+)*|,|[^\w\s]")
HOUSE_NUMBER = re.compile(r"\d{1,4}[a-zA-Z]?(?:/\d{1,4}[a-zA-Z]?)*")
# Where a home address starts (household level), and the words that may continue it.
STARTS = ("số nhà", "nhà số", "tổ dân phố", "khu phố", "khu dân cư", "tiểu khu", "số", "ngõ",
          "ngách", "hẻm", "kiệt", "thôn", "xóm", "ấp", "bản", "buôn", "làng", "tổ", "khóm")
GOES_ON = ("thị trấn", "thị xã", "thành phố", "đường", "phố", "xã", "phường", "quận", "huyện",
           "tỉnh", "tp")
SPLIT = {phrase: tuple(phrase.split()) for phrase in STARTS + GOES_ON}
NEEDS_NUMBER = {"số", "tổ"}  # common words: an address only with a number and more
NOT_STREET = {"dieu", "khoan", "diem", "chuong", "muc", "ngay", "thang", "nam", "luc", "gio",
              "phut", "lan", "trang", "nguoi", "ho", "buoc", "quy", "tuan", "so"}
NOT_STREET_NAME = {"luat", "nghi", "thong", "quyet", "dieu", "bo", "so", "ubnd", "uy", "gio",
                   "ngay", "thang", "nam", "phut", "nguoi", "trieu", "ty", "nghin", "dong"}


@dataclass(frozen=True)
class Redaction:
    text: str
    removed: tuple[str, ...]  # the kinds removed, each once, in order of appearance


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one (so positions carry over)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        out.append("d" if base in "đĐ" else base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


def redact(text: str, known: Iterable[str | None] = (),
           marker: Callable[[str], str] = lambda kind: f"[{kind}]") -> Redaction:
    """`text` with personal data replaced by `marker(kind)`; `known` are values the bot holds
    about the person (contact name, phone, address), found with or without diacritics."""
    text = unicodedata.normalize("NFC", text)
    folded = fold(text)
    spans = [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    spans += [(m.start(), m.end(), "phone") for m in PHONE.finditer(text)]
    spans += [(m.start(), m.end(), "id") for m in ID_NUMBER.finditer(text)]
    spans += _known(text, folded, known)
    spans += _names(text, folded)
    spans += _addresses(text, folded)
    chosen: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (KINDS.index(s[2]), s[0], -s[1])):
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    chosen.sort()
    out, last = [], 0
    for start, end, kind in chosen:
        out += [text[last:start], marker(kind)]
        last = end
    out.append(text[last:])
    removed = tuple(dict.fromkeys(kind for _, _, kind in chosen))
    return Redaction("".join(out), removed)


def _known(text: str, folded: str, known: Iterable[str | None]) -> list[tuple[int, int, str]]:
    spans = []
    for value in known:
        value = (value or "").strip()
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 8 and len(digits) >= len(value.replace(" ", "")) - 4:
            pattern = r"[\s.-]?".join(re.escape(d) for d in digits.lstrip("0").removeprefix("84"))
            for m in re.finditer(rf"(?<!\d)(?:\+?84|0)?[\s.-]?{pattern}(?!\d)", text):
                spans.append((m.start(), m.end(), "phone"))
        elif len(value) >= 3:
            words = fold(unicodedata.normalize("NFC", value)).split()
            kind = "address" if any(ch.isdigit() or ch == "," for ch in value) else "name"
            pattern = r"\s*,?\s+".join(re.escape(w.strip(",")) for w in words if w.strip(","))
            for m in re.finditer(rf"\b{pattern}\b", folded):
                spans.append((m.start(), m.end(), kind))
    return spans


def _capitalised_run(text: str, start: int, at_least: int) -> int | None:
    """The end of the run of capitalised words (a name) starting at `start`, if long enough."""
    end, count = start, 0
    for m in re.compile(r"\s*(\w+)").finditer(text, start):
        if m.start() != end or not m.group(1)[0].isupper() or count == 5:
            break
        end, count = m.end(), count + 1
    return end if count >= at_least else None


def _names(text: str, folded: str) -> list[tuple[int, int, str]]:
    spans = []
    for pattern, at_least in ((INTRO, 1), (HONORIFIC, 2)):
        for m in pattern.finditer(folded):
            end = _capitalised_run(text, m.end(), at_least)
            if end is not None:
                spans.append((m.end(), end, "name"))
    return spans


def _addresses(text: str, folded: str) -> list[tuple[int, int, str]]:
    """House numbers with a street, and runs of place words (thôn, xóm, ngõ …) with names."""
    tokens = [(m.start(), m.end()) for m in WORD.finditer(text)]
    spans, i = [], 0
    while i < len(tokens):
        end = _address_at(text, folded, tokens, i)
        if end is None or end <= i:
            i += 1
            continue
        spans.append((tokens[i][0], tokens[end - 1][1], "address"))
        i = end
    return spans


@lru_cache(maxsize=4096)
def _same_word(found: str, word: str) -> bool:
    """A word written without diacritics matches either way ("pho" for "phố"); one with them
    only itself."""
    return found == word or (fold(found) == found and fold(word) == found)


def _place_word(text: str, tokens: list[tuple[int, int]], i: int,
                phrases: tuple[str, ...]) -> tuple[str, int]:
    """The place word at token `i` and how many tokens it takes (0: none)."""
    first = text[tokens[i][0]:tokens[i][1]].lower()
    for phrase in phrases:
        words = SPLIT[phrase]
        if not _same_word(first, words[0]) or i + len(words) > len(tokens):
            continue
        found = [text[tokens[i + k][0]:tokens[i + k][1]].lower() for k in range(len(words))]
        if all(_same_word(f, w) for f, w in zip(found, words, strict=True)):
            return phrase, len(words)
    return "", 0


def _is_name_word(text: str, span: tuple[int, int]) -> bool:
    word = text[span[0]:span[1]]
    return word[:1].isupper() or word[:1].isdigit()


def _address_at(text: str, folded: str, tokens: list[tuple[int, int]], i: int) -> int | None:
    """The token index just past an address starting at token `i`, or None."""
    phrase, size = _place_word(text, tokens, i, STARTS)
    if size:
        after = i + size
        if after >= len(tokens) or not _is_name_word(text, tokens[after]):
            return None
        if phrase in NEEDS_NUMBER:  # "số 2" alone is a count, "số 2 ngõ 5" an address
            end = _extend(text, tokens, i)
            if not text[tokens[after][0]].isdigit() or end <= after + 1:
                return None
            return end
    elif HOUSE_NUMBER.fullmatch(text[tokens[i][0]:tokens[i][1]]):
        previous = folded[tokens[i - 1][0]:tokens[i - 1][1]] if i else ""
        if previous in NOT_STREET or i + 1 >= len(tokens):
            return None
        street = folded[tokens[i + 1][0]:tokens[i + 1][1]]
        if street in NOT_STREET_NAME or (_place_word(text, tokens, i + 1, GOES_ON)[1] == 0 and (
                _capitalised_run(text, tokens[i + 1][0], 2) is None)):
            return None
    else:
        return None
    return _extend(text, tokens, i)


def _extend(text: str, tokens: list[tuple[int, int]], i: int) -> int:
    """Takes place words, names and numbers, joined by commas or dashes, while they last."""
    end = i
    while i < len(tokens):
        size = max(_place_word(text, tokens, i, phrases)[1] for phrases in (STARTS, GOES_ON))
        token = text[tokens[i][0]:tokens[i][1]]
        if size and i + size < len(tokens) and _is_name_word(text, tokens[i + size]):
            i += size
        elif _is_name_word(text, tokens[i]):
            i += 1
            end = i
        elif token in (",", "-") and end == i and i + 1 < len(tokens) and (
                _place_word(text, tokens, i + 1, GOES_ON)[1]
                or _place_word(text, tokens, i + 1, STARTS)[1]):
            i += 1
        else:
            break
    return end
