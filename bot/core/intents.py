"""What a message asks for before it is read as an FAQ question: a greeting, thanks, the menu,
a person, "that is not my question", the agency's own contact facts, a tracking code, the wish
to file a request, or a language to switch to.

Table-driven (`data/intents.yaml`), compared on folded text (no diacritics, chat spellings
repaired by `faq.normalize.fold`, abbreviations spelt out as the FAQ's lexicon does). A message
is an intent only when nothing but filler words is left beside the phrase, so "chào ad, cho hỏi
thủ tục…" is a greeting followed by a question, and "khiếu nại thì làm thế nào?" is a question
for the FAQ.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import pairwise
from pathlib import Path

import yaml

from bot.core.filing_wish import Anonymous, Filing, Phrase, anonymous_type, filing_type
from bot.core.tickets import TicketType, parse_code
from faq.lexicon import bundled_lexicon
from faq.normalize import fold

DATA = Path(__file__).parent / "data" / "intents.yaml"
MAX_CODE_LENGTH = 30
MAX_FACT_WORDS = 12  # a question about the hotline, address or hours is short



class Intent(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    HELP = "help"
    HUMAN = "human"
    NOT_MY_QUESTION = "not_my_question"  # «Không đúng câu hỏi của tôi», typed
    NOT_RESOLVED = "not_resolved"  # "chưa được giải quyết" (DESIGN §6)
    YES = "yes"  # "ok", "vâng", "có": yes to the offer just made, else an acknowledgement
    HOTLINE = "hotline"
    ADDRESS = "address"
    HOURS = "hours"
    TRACK = "track"  # the tracking words, or a bare code (`code` set)
    FILE = "file"  # the wish to file a request (`ticket_type` set)
    LANGUAGE = "language"  # a language to switch to (`language` set)


CONTACT_FACTS = frozenset({Intent.HOTLINE, Intent.ADDRESS, Intent.HOURS})


@dataclass(frozen=True)
class Recognised:
    intent: Intent
    code: str | None = None
    ticket_type: TicketType | None = None
    language: str | None = None


@dataclass(frozen=True)
class IntentTable:
    fillers: frozenset[str]
    phrases: dict[Phrase, Intent]
    heads: tuple[Phrase, ...]  # longest first
    fact_tails: tuple[Phrase, ...]  # longest first
    tracking_tails: tuple[Phrase, ...]  # longest first
    no_code: frozenset[Phrase]
    answers_no: frozenset[Phrase]
    greetings: tuple[Phrase, ...]  # longest first
    filing: Filing
    languages: dict[Phrase, str]  # "tieng anh" → "en"
    language_pairs: frozenset[tuple[str, str]]  # the word pairs of those phrases

    def language_words(self, text: str) -> Phrase:
        """Folded words without fillers, except a filler that forms a pair of a language
        phrase with the word before it ("tiếng Anh", "switch to")."""
        tokens = _tokens(text)
        return tuple(w for i, w in enumerate(tokens) if w not in self.fillers
                     or (i > 0 and (tokens[i - 1], w) in self.language_pairs))

    def words(self, text: str) -> Phrase:
        """Folded words without fillers."""
        return tuple(w for w in _tokens(text) if w not in self.fillers)


def _tokens(text: str) -> Phrase:
    """Folded words with chat abbreviations spelt out ("ko" → "khong", "cb" → "can bo"), as
    the FAQ matcher reads them."""
    lexicon = bundled_lexicon()
    return tuple(token for word in fold(text).split() for token in lexicon.word(word))


def _longest_first(phrases: Iterable[Phrase]) -> tuple[Phrase, ...]:
    return tuple(sorted(phrases, key=len, reverse=True))


@cache
def bundled_table(path: Path = DATA) -> IntentTable:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fillers = frozenset(data["fillers"])

    def phrase(text: str) -> Phrase:
        return tuple(w for w in _tokens(text) if w not in fillers)

    phrases = {phrase(p): Intent(name) for name, items in data["intents"].items() for p in items}
    phrases |= {phrase(p): Intent.TRACK for p in data["tracking"]}
    phrases.pop((), None)
    filing = data["filing"]
    languages = {_tokens(p): lang for lang, items in data["languages"].items() for p in items}
    types = [(_tokens(p), TicketType(kind)) for kind, items in filing["types"].items()
             for p in items]
    return IntentTable(
        fillers=fillers, phrases=phrases,
        heads=_longest_first(_tokens(p) for p in data["heads"]),
        fact_tails=_longest_first(phrase(p) for p in data["fact_tails"]),
        tracking_tails=_longest_first(phrase(p) for p in data["tracking_tails"]),
        no_code=frozenset(phrase(p) for p in data["no_code"]),
        answers_no=frozenset(phrase(p) for p in data["answers_no"]),
        greetings=_longest_first(p for p, i in phrases.items() if i is Intent.GREETING),
        filing=Filing(
            volition=frozenset(_tokens(p) for p in filing["volition"]),
            verbs=frozenset(_tokens(p) for p in filing["verbs"]),
            types=tuple(sorted(types, key=lambda t: len(t[0]), reverse=True)),
            bare=frozenset(_tokens(p) for p in filing["bare"]),
            bare_verbs=frozenset(filing["bare_verbs"]),
            questions=tuple(_tokens(p) for p in filing["questions"]),
            anonymous=Anonymous(*(_longest_first(_tokens(p) for p in filing["anonymous"][k])
                                  for k in ("subjects", "markers", "links"))),
        ),
        languages=languages,
        language_pairs=frozenset(pair for p in languages for pair in pairwise(p)),
    )


def yes_or_no(text: str, table: IntentTable | None = None) -> bool | None:
    """A typed answer to a yes/no question: True («có», «đồng ý», «ok»), False («không»,
    «ko»), None when it is neither."""
    table = table or bundled_table()
    words = table.words(text)
    if table.phrases.get(words) is Intent.YES:
        return True
    return False if words in table.answers_no else None


def recognise(text: str, awaiting_code: bool = False,
              table: IntentTable | None = None) -> Recognised | None:
    """The intent of a whole message, or None when it is (or may be) a question.
    `awaiting_code`: the bot has just asked for a tracking code."""
    table = table or bundled_table()
    code = parse_code(text) if len(text) <= MAX_CODE_LENGTH else None
    code = code or _code_after_tracking_words(text, table)
    if code:
        return Recognised(Intent.TRACK, code=code)
    words = table.words(text)
    if not words:
        return None
    if awaiting_code and words in table.no_code:
        return Recognised(Intent.TRACK)
    language_words = table.language_words(text)
    for candidate in (language_words, _without_heads(language_words, table)):
        if candidate in table.languages:
            return Recognised(Intent.LANGUAGE, language=table.languages[candidate])
    for candidate in (words, _without_heads(words, table)):
        intent = (table.phrases.get(candidate) or _contact_fact(candidate, table)
                  or _tracking(candidate, table))
        if intent is not None:
            return Recognised(intent)
    tokens, asks = _tokens(text), "?" in text
    kind = (anonymous_type(tokens, asks, table.filing, table.fillers)
            or filing_type(tokens, asks, table.filing, table.fillers))
    return Recognised(Intent.FILE, ticket_type=kind) if kind else None


_CODE_WORDS = (("ma", "tra", "cuu"), ("ma", "so"), ("ma",))


def _code_after_tracking_words(text: str, table: IntentTable) -> str | None:
    """The code of "tra cứu PA-2026-00042", "kiểm tra hồ sơ mã pa 2026 42": tracking words
    (and "mã") followed by a code that ends the message."""
    parts = text.split()
    if len(text) > 2 * MAX_CODE_LENGTH:
        return None
    for size in (1, 2, 3):
        code = parse_code(" ".join(parts[-size:])) if len(parts) > size else None
        if code is None:
            continue
        head = table.words(" ".join(parts[:-size]))
        for tail in _CODE_WORDS:
            if head[-len(tail):] == tail:
                head = head[:-len(tail)]
                break
        if table.phrases.get(head) is Intent.TRACK:
            return code
    return None


def read_message(text: str, awaiting_code: bool = False) -> tuple[Recognised | None, str]:
    """The intent of a message, or of what follows its greeting; and the question to ask the
    FAQ when there is no intent (the message without its greeting)."""
    question = strip_greeting(text)
    found = recognise(text, awaiting_code) or recognise(question, awaiting_code)
    return found, question


def strip_greeting(text: str, table: IntentTable | None = None) -> str:
    """`text` without a leading greeting ("Chào ad, cho hỏi…" → "cho hỏi…"), in its original
    spelling for the matcher."""
    table = table or bundled_table()
    originals = text.split()
    flat = [(i, w) for i, original in enumerate(originals) for w in fold(original).split()]
    position = _skip(flat, 0, table.fillers)
    for greeting in table.greetings:
        if tuple(w for _, w in flat[position:position + len(greeting)]) == greeting:
            position = _skip(flat, position + len(greeting), table.fillers)
            first = flat[position][0] if position < len(flat) else len(originals)
            rest = " ".join(originals[first:]).lstrip(" ,.!:;-")
            return rest or text
    return text


def _skip(flat: list[tuple[int, str]], position: int, fillers: frozenset[str]) -> int:
    while position < len(flat) and flat[position][1] in fillers:
        position += 1
    return position


def _without_heads(words: Phrase, table: IntentTable) -> Phrase:
    stripped = True
    while stripped:
        stripped = False
        for head in table.heads:
            if len(words) > len(head) and words[:len(head)] == head:
                words, stripped = words[len(head):], True
                break
    return words


def _without_tails(words: Phrase, tails: tuple[Phrase, ...]) -> Phrase:
    stripped = True
    while stripped:
        stripped = False
        for tail in tails:
            if len(words) > len(tail) and words[-len(tail):] == tail:
                words, stripped = words[:-len(tail)], True
                break
    return words


def _contact_fact(words: Phrase, table: IntentTable) -> Intent | None:
    """Hotline, address or hours asked with a tail ("hotline của Sở là gì"), or in phrases of
    the same fact one after the other ("sđt đường dây nóng là gì")."""
    words = _without_tails(words, table.fact_tails)
    if len(words) > MAX_FACT_WORDS:
        return None
    intents = _split(words, table)
    return intents.pop() if len(intents) == 1 and intents <= CONTACT_FACTS else None


def _split(words: Phrase, table: IntentTable) -> set[Intent]:
    """The intents of the phrases `words` is made of, one after another (empty: it is not)."""
    if not words:
        return set()
    for end in range(min(len(words), MAX_FACT_WORDS), 0, -1):
        intent = table.phrases.get(words[:end])
        if intent is None:
            continue
        if end == len(words):
            return {intent}
        rest = _split(words[end:], table)
        if rest:
            return {intent, *rest}
    return set()


def _tracking(words: Phrase, table: IntentTable) -> Intent | None:
    """Tracking words asking how far the request has gone ("đơn của tôi đến đâu rồi")."""
    words = _without_tails(words, table.tracking_tails)
    return Intent.TRACK if table.phrases.get(words) is Intent.TRACK else None
