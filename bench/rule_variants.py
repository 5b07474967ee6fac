"""Forms of the FAQ's own words as citizens type them, written by rule, and queries read back.

For every folded word of the FAQ's questions and variants, general rules of Vietnamese chat
and spelling write the forms a citizen may type instead: chat spellings (ph -> f, gi -> j,
iê -> i, được -> dc), regional misspellings (s/x, tr/ch, l/n, final n/ng), a dropped letter,
Telex keys left unconverted ("ddawng", "kys") and two adjacent words typed as one ("dangky").
The forms are indexed as keys to the FAQ word they stand for; a query word that the FAQ does
not use and that is no chat abbreviation, but is such a key, is read as that FAQ word. The
entries' own texts are never changed, so a generated form adds no weight of its own: it can
only make a word of the query count as the FAQ word it is a form of.

Measured by bench/faq_variants.py and not shipped: on the development sets it moved one or two
questions either way (bench/faq_variants.md), because faq/normalize.py, faq/telex.py and
faq/spelling.py already repair on the query side most of what these forms would catch.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from faq.lexicon import Lexicon
from faq.marks import strip_marks

# Rule classes, in the order they win when one form is written from two FAQ words.
TELEX, CHAT, MERGED, REGIONAL, DROPPED = "telex", "chat", "merged", "regional", "dropped"
CLASSES = (TELEX, CHAT, MERGED, REGIONAL, DROPPED)

_SPLIT = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(.*)$")
# Chat spellings of onsets and rimes in everyday Vietnamese chat (teencode).
_CHAT_ONSETS = {
    "ph": ("f",), "gi": ("j", "z"), "d": ("z",), "v": ("z",), "qu": ("w",), "c": ("k",),
    "ngh": ("ng",), "gh": ("g",), "kh": ("k",),
}
_CHAT_RIMES = ((r"ie", "i"), (r"ye", "i"), (r"uo", "u"), (r"c$", "k"), (r"ch$", "k"),
               (r"ch$", "ck"), (r"nh$", "k"))
# Spellings that sound alike in one region or another: the classic Vietnamese misspellings.
_REGIONAL_ONSETS = {
    "s": ("x",), "x": ("s",), "tr": ("ch",), "ch": ("tr",), "d": ("gi", "r"), "gi": ("d", "r"),
    "r": ("d", "gi"), "l": ("n",), "n": ("l",), "v": ("d",),
}
_REGIONAL_CODAS = ((r"ng$", "n"), (r"(?<!n)n$", "ng"), (r"t$", "c"), (r"c$", "t"),
                   (r"nh$", "n"), (r"ch$", "t"))
_FINAL_I = re.compile(r"(?<=^[klmstv])i$|(?<=^qu)i$")
# Shorter syllables dropped one letter collide with too many real words.
DROP_MIN = 4


_TELEX_TONES = {"\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_TELEX_LETTERS = {"đ": "dd", "â": "aa", "ê": "ee", "ô": "oo", "ă": "aw", "ơ": "ow", "ư": "uw"}


def telex_forms(word: str) -> set[str]:
    """What a Telex keyboard leaves of one accented syllable when it fails to convert: the
    keys typed (tone key last), or the bare letters with the tone key only."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = next((_TELEX_TONES[c] for c in decomposed if c in _TELEX_TONES), "")
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TELEX_TONES))
    keys = "".join(_TELEX_LETTERS.get(c, c) for c in base)
    bare = strip_marks(base)
    return {f for f in (keys + tone, bare + tone, keys) if f.isascii() and f.isalpha()}


def _split(word: str) -> tuple[str, str]:
    found = _SPLIT.match(word)
    assert found is not None  # the pattern matches every string
    return found.group(1) or "", found.group(2)


def _skeleton(word: str) -> str:
    """The consonants of a syllable, vowels dropped: "duoc" -> "dc", "truoc" -> "trc"."""
    onset, rime = _split(word)
    coda = re.sub(r"^[aeiouy]+", "", rime)
    return onset + coda if onset and coda else ""


def chat_forms(word: str) -> set[str]:
    """Chat spellings of one folded syllable."""
    onset, rime = _split(word)
    forms = {o + rime for o in _CHAT_ONSETS.get(onset, ())}
    for pattern, repl in _CHAT_RIMES:
        changed = re.sub(pattern, repl, rime)
        if changed != rime:
            forms |= {onset + changed, *(o + changed for o in _CHAT_ONSETS.get(onset, ()))}
    forms.add(_skeleton(word))
    return {f for f in forms if f and f != word}


def regional_forms(word: str) -> set[str]:
    """Regional misspellings of one folded syllable: one onset or one coda swapped."""
    onset, rime = _split(word)
    forms = {o + rime for o in _REGIONAL_ONSETS.get(onset, ())}
    for pattern, repl in _REGIONAL_CODAS:
        changed = re.sub(pattern, repl, rime)
        if changed != rime:
            forms.add(onset + changed)
    return forms - {word}


def dropped_forms(word: str) -> set[str]:
    """The syllable with one letter left out (long syllables only)."""
    if len(word) < DROP_MIN:
        return set()
    return {word[:i] + word[i + 1 :] for i in range(len(word))} - {word}


_RULES = {CHAT: chat_forms, REGIONAL: regional_forms, DROPPED: dropped_forms}


class Variants:
    """Generated forms of an FAQ's words, each the key of the FAQ word (or words) it stands for.

    `texts` are the entries' questions and variants, `known` every folded word the FAQ uses
    (answers included): those are never read as forms of another word.
    """

    def __init__(
        self,
        texts: Iterable[str],
        known: Iterable[str],
        lexicon: Lexicon,
        classes: Iterable[str] = CLASSES,
    ) -> None:
        self.lexicon = lexicon
        self.known = set(known)
        classes = [c for c in CLASSES if c in set(classes)]
        words: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        accented: Counter[tuple[str, str]] = Counter()  # (syllable as written, folded)
        for text in texts:
            folded = [w for w in strip_marks(text).split() if w.isalpha()]
            words.update(folded)
            pairs.update(pairwise(folded))
            for piece in text.split():
                if len(bare := strip_marks(piece).split()) == 1:
                    accented[piece.lower().strip(".,;:?!()\"'"), bare[0]] += 1
        self.known |= set(words)
        # form -> (class rank, -frequency, meaning): the best-ranked meaning of each form
        best: dict[str, tuple[int, int, str]] = {}

        def offer(form: str, rank: int, count: int, meaning: str) -> None:
            if form in self.known or lexicon.expand(form) is not None:
                return
            if form not in best or (rank, -count) < best[form][:2]:
                best[form] = (rank, -count, meaning)

        for rank, name in enumerate(classes):
            if name == MERGED:
                for (a, b), count in pairs.items():
                    # "dangky": strip_marks spells a final y as i only after a space.
                    for merged in {a + b, a + _FINAL_I.sub("y", b)}:
                        offer(merged, rank, count, f"{a} {b}")
                continue
            if name == TELEX:
                for (written, word), count in accented.items():
                    for form in telex_forms(written):
                        offer(form, rank, count, word)
                continue
            rule = _RULES[name]
            for word, count in words.items():
                for form in rule(word):
                    offer(form, rank, count, word)
        self.forms = {form: meaning for form, (_, _, meaning) in best.items()}

    def rewrite(self, query: str) -> str:
        """The query with each word that is a generated form replaced by the FAQ's word (folded);
        every other word is left as typed, marks and all, for the usual normalisation."""
        return " ".join(self._word(piece) for piece in query.split())

    def _word(self, piece: str) -> str:
        folded = strip_marks(piece).split()
        if len(folded) != 1:
            return piece
        (word,) = folded
        if word in self.known or self.lexicon.expand(word) is not None:
            return piece
        return self.forms.get(word, piece)
