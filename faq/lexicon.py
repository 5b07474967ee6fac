"""Curated abbreviations, synonyms and fillers from faq/lexicon_data, applied to folded tokens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

from faq.index import PAIR
from faq.marks import strip_marks
from faq.telex import repair

DATA = Path(__file__).parent / "lexicon_data"

# Frame phrases are fused into one token ("thu-tuc").
FUSE = "-"
Phrase = tuple[str, ...]
Lengths = dict[str, tuple[int, ...]]


def _phrase(text: str) -> Phrase:
    return tuple(strip_marks(text).split())


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Folded abbreviation, synonym and filler tables."""

    abbreviations: dict[str, Phrase]
    synonyms: dict[Phrase, Phrase]
    filler_phrases: dict[Phrase, Phrase]
    filler_words: frozenset[str]
    frame_words: frozenset[str] = frozenset()
    # Derived in __post_init__: the first tokens of every rewritten phrase, and phrase lengths.
    _firsts: frozenset[str] = field(init=False, repr=False)
    _synonym_lengths: Lengths = field(init=False, repr=False)
    _filler_lengths: Lengths = field(init=False, repr=False)

    @classmethod
    def from_files(cls, folder: Path = DATA, use: Iterable[str] = ("abbr", "syn", "fill")
                   ) -> Lexicon:
        """Read the three YAML lists; `use` switches lists off for ablation benchmarks."""
        use = set(use)
        abbr = yaml.safe_load((folder / "abbreviations.yaml").read_text("utf-8"))
        syn = yaml.safe_load((folder / "synonyms.yaml").read_text("utf-8"))
        fill = yaml.safe_load((folder / "fillers.yaml").read_text("utf-8"))
        abbreviations = {
            strip_marks(str(k)): _phrase(v) for part in abbr.values() for k, v in part.items()
        }
        synonyms = {
            # The first member maps to itself so that the words inside it are left alone.
            _phrase(member): _phrase(group[0])
            for group in syn["groups"]
            for member in group
        }
        frames = {_phrase(p): (FUSE.join(_phrase(p)),) for p in fill.get("frame", [])}
        return cls(
            abbreviations=abbreviations if "abbr" in use else {},
            synonyms={**synonyms, **frames} if "syn" in use else {},
            filler_phrases={_phrase(p): () for p in fill["phrases"]} if "fill" in use else {},
            filler_words=frozenset(fill["words"]) if "fill" in use else frozenset(),
            frame_words=frozenset(f for (f,) in frames.values()) if "syn" in use else frozenset(),
        )

    def is_light(self, term: str) -> bool:
        """Whether an index term (a token or a bigram of tokens) holds a frame word."""
        return FUSE in term and not self.frame_words.isdisjoint(term.split(PAIR))

    def __post_init__(self) -> None:
        table = {**self.synonyms, **self.filler_phrases}
        object.__setattr__(self, "_firsts", frozenset(k[0] for k in table if k))
        object.__setattr__(self, "_synonym_lengths", phrase_lengths(self.synonyms))
        object.__setattr__(self, "_filler_lengths", phrase_lengths(self.filler_phrases))

    def expand(self, token: str) -> Phrase | None:
        """The expansion of a chat abbreviation, or None when the token is not one."""
        return self.abbreviations.get(token)

    @cache  # noqa: B019 - lexicons live as long as the process; words repeat a lot
    def word(self, raw: str) -> Phrase:
        """A folded word as matching sees it: abbreviation expanded or Telex leftovers repaired."""
        expansion = self.abbreviations.get(raw)
        if expansion is None:
            # After repair too: "kys" is "ky", spelt "ki" like every other final y (faq/marks.py).
            fixed = repair(raw)
            fixed = strip_marks(fixed) if fixed != raw else fixed
            expansion = self.abbreviations.get(fixed) or (fixed,)
        return expansion

    @lru_cache(maxsize=1 << 16)  # noqa: B019 - as `word`; folding per character is slow
    def surface(self, raw: str) -> Phrase:
        """The matching tokens of one whitespace-separated piece of raw text."""
        return tuple(t for folded in strip_marks(raw).split() for t in self.word(folded))

    def canonical(self, tokens: list[str]) -> list[str]:
        """Rewrite synonyms to their group's first member, then drop fillers."""
        if not self._firsts.isdisjoint(tokens):
            tokens = rewrite(tokens, self.synonyms, self._synonym_lengths)
            tokens = rewrite(tokens, self.filler_phrases, self._filler_lengths)
            kept = [t for t in tokens if t not in self.filler_words]
        else:
            kept = [t for t in tokens if t not in self.filler_words]
        return kept or tokens


def rewrite(
    tokens: list[str], table: dict[Phrase, Phrase], lengths: Lengths | None = None
) -> list[str]:
    """Replace the phrases of `table` found in `tokens`, longest first, never overlapping.

    Longest first over the whole text, not left to right: in "trên mạng xã hội" the longer
    "mạng xã hội" wins over "trên mạng".
    """
    if not table:
        return tokens
    lengths = lengths or phrase_lengths(table)
    matches = []  # the longest phrase starting at each position
    size = len(tokens)
    for i in [i for i, token in enumerate(tokens) if token in lengths]:
        for n in lengths[tokens[i]]:
            replacement = table.get(tuple(tokens[i : i + n])) if i + n <= size else None
            if replacement is not None:
                matches.append((n, i, replacement))
                break
    if not matches:
        return tokens
    taken = [False] * len(tokens)
    found: dict[int, tuple[int, Phrase]] = {}
    for n, i, replacement in sorted(matches, key=lambda m: (-m[0], m[1])):
        if not any(taken[i : i + n]):
            found[i] = (n, replacement)
            taken[i : i + n] = [True] * n
    out: list[str] = []
    i = 0
    while i < len(tokens):
        n, replacement = found.get(i, (1, (tokens[i],)))
        out += replacement
        i += n
    return out


def phrase_lengths(table: dict[Phrase, Phrase]) -> Lengths:
    """The phrase lengths of `table` by first word, longest first."""
    by_first: dict[str, set[int]] = {}
    for key in table:
        if key:
            by_first.setdefault(key[0], set()).add(len(key))
    return {k: tuple(sorted(v, reverse=True)) for k, v in by_first.items()}


@cache
def bundled_lexicon() -> Lexicon:
    """The lexicon shipped in faq/lexicon_data, read once."""
    return Lexicon.from_files()
