"""The wish to file a request, read from a message's folded words (bot/core/intents.py): which
type the citizen says they want to file ("tôi muốn gửi phản ánh về…"), and information offered
without a name, which the law does not handle as a tố cáo (Luật Tố cáo 2018 Đ25)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.tickets import TicketType

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Anonymous:
    """Information offered without a name (Luật Tố cáo 2018 Đ25): its subjects, the markers of
    anonymity (longest first) and the words that may link them."""

    subjects: tuple[Phrase, ...]  # longest first
    markers: tuple[Phrase, ...]  # longest first
    links: tuple[Phrase, ...]  # longest first


@dataclass(frozen=True)
class Filing:
    volition: frozenset[Phrase]
    verbs: frozenset[Phrase]
    types: tuple[tuple[Phrase, TicketType], ...]  # longest first
    bare: frozenset[Phrase]
    bare_verbs: frozenset[str]
    questions: tuple[Phrase, ...]
    anonymous: Anonymous


def filing_type(tokens: Phrase, asks: bool, filing: Filing,
                fillers: frozenset[str]) -> TicketType | None:
    """The type a citizen says they want to file ("tôi muốn gửi phản ánh về…"), or None."""
    if asks or _contains_any(tokens, filing.questions):
        return None
    position, volition, verbs = 0, False, []
    while position < len(tokens) and not _type_at(tokens, position, filing):
        if tokens[position] in fillers:
            position += 1
            continue
        step = 2 if tokens[position:position + 2] in filing.volition | filing.verbs else 1
        lead = tokens[position:position + step]
        if lead in filing.volition:
            volition = True
        elif lead in filing.verbs:
            verbs.append(" ".join(lead))
        else:
            break
        position += step
    for phrase, kind in filing.types:
        if tokens[position:position + len(phrase)] == phrase:
            rest = [w for w in tokens[position + len(phrase):] if w not in fillers]
            bare = (phrase in filing.bare and not rest
                    and all(v in filing.bare_verbs for v in verbs))
            return kind if volition or bare else None
    return None


def _type_at(tokens: Phrase, position: int, filing: Filing) -> bool:
    return any(tokens[position:position + len(p)] == p for p, _ in filing.types)


def _contains_any(words: Phrase, phrases: tuple[Phrase, ...]) -> bool:
    return any(words[i:i + len(p)] == p for p in phrases for i in range(len(words) - len(p) + 1))


def anonymous_type(tokens: Phrase, asks: bool, filing: Filing,
                   fillers: frozenset[str]) -> TicketType | None:
    """THONG_TIN when the citizen offers information without naming themselves ("tôi muốn
    báo tin nhưng không muốn nêu tên", "gửi thông tin ẩn danh"), or None."""
    anonymous = filing.anonymous
    if asks or _contains_any(tokens, filing.questions):
        return None
    if not _contains_any(tokens, anonymous.markers):
        return None
    position, volition = 0, False
    while position < len(tokens):
        step = 2 if tokens[position:position + 2] in filing.volition | filing.verbs else 1
        lead = tokens[position:position + step]
        if _starts(tokens, position, anonymous.subjects):
            break
        if tokens[position] not in fillers and lead not in filing.volition | filing.verbs:
            return None
        volition = volition or lead in filing.volition
        position += step
    subject = _starts(tokens, position, anonymous.subjects)
    if subject is None:
        return None
    rest = _drop(tokens[position + len(subject):], anonymous.markers + anonymous.links,
                 filing, fillers)
    return TicketType.THONG_TIN if volition or not rest else None


def _starts(tokens: Phrase, position: int, phrases: tuple[Phrase, ...]) -> Phrase | None:
    return next((p for p in phrases if tokens[position:position + len(p)] == p), None)


def _drop(tokens: Phrase, phrases: tuple[Phrase, ...], filing: Filing,
          fillers: frozenset[str]) -> Phrase:
    """`tokens` without fillers, volition and the given phrases (the marker, its links)."""
    kept: list[str] = []
    position = 0
    while position < len(tokens):
        found = _starts(tokens, position, phrases)
        if found is not None:
            position += len(found)
            continue
        word = tokens[position]
        if word not in fillers and (word,) not in filing.volition:
            kept.append(word)
        position += 1
    return tuple(kept)
