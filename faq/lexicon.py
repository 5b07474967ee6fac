"""Curated abbreviations, synonyms and fillers from faq/data, applied to folded tokens."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from faq.marks import strip_marks
from faq.telex import repair

DATA = Path(__file__).parent / "data"

Phrase = tuple[str, ...]


def _phrase(text: str) -> Phrase:
    return tuple(strip_marks(text).split())


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Folded abbreviation, synonym and filler tables."""

    abbreviations: dict[str, Phrase]
    synonyms: dict[Phrase, Phrase]
    filler_phrases: dict[Phrase, Phrase]
    filler_words: frozenset[str]

    @classmethod
    def from_files(cls, folder: Path = DATA, use: Iterable[str] = ("abbr", "syn", "fill")):
        """Read the three YAML lists; `use` switches lists off for ablation benchmarks."""
        use = set(use)
        abbr = yaml.safe_load((folder / "abbreviations.yaml").read_text("utf-8"))
        syn = yaml.safe_load((folder / "synonyms.yaml").read_text("utf-8"))
        fill = yaml.safe_load((folder / "fillers.yaml").read_text("utf-8"))
        abbreviations = {
            strip_marks(str(k)): _phrase(v) for part in abbr.values() for k, v in part.items()
        }
        synonyms = {
            _phrase(member): _phrase(group[0]) for group in syn["groups"] for member in group[1:]
        }
        return cls(
            abbreviations=abbreviations if "abbr" in use else {},
            synonyms=synonyms if "syn" in use else {},
            filler_phrases={_phrase(p): () for p in fill["phrases"]} if "fill" in use else {},
            filler_words=frozenset(fill["words"]) if "fill" in use else frozenset(),
        )

    def __post_init__(self) -> None:
        table = {**self.synonyms, **self.filler_phrases}
        object.__setattr__(self, "_firsts", frozenset(k[0] for k in table if k))

    def expand(self, token: str) -> Phrase | None:
        """The expansion of a chat abbreviation, or None when the token is not one."""
        return self.abbreviations.get(token)

    @cache  # noqa: B019 - lexicons live as long as the process; words repeat a lot
    def word(self, raw: str) -> Phrase:
        """A folded word as matching sees it: abbreviation expanded or Telex leftovers repaired."""
        expansion = self.abbreviations.get(raw)
        if expansion is None:
            fixed = repair(raw)
            expansion = self.abbreviations.get(fixed) or (fixed,)
        return expansion

    def canonical(self, tokens: list[str]) -> list[str]:
        """Rewrite synonyms to their group's first member, then drop fillers."""
        if not self._firsts.isdisjoint(tokens):
            tokens = rewrite(tokens, self.synonyms)
            kept = [t for t in rewrite(tokens, self.filler_phrases) if t not in self.filler_words]
        else:
            kept = [t for t in tokens if t not in self.filler_words]
        return kept or tokens


def rewrite(tokens: list[str], table: dict[Phrase, Phrase]) -> list[str]:
    """Replace the longest phrases of `table` found in `tokens`, left to right."""
    if not table:
        return tokens
    longest = max(len(k) for k in table)
    firsts = {k[0] for k in table if k}
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in firsts:
            out.append(tokens[i])
            i += 1
            continue
        for n in range(min(longest, len(tokens) - i), 0, -1):
            replacement = table.get(tuple(tokens[i : i + n]))
            if replacement is not None:
                out.extend(replacement)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


@cache
def bundled_lexicon() -> Lexicon:
    """The lexicon shipped in faq/data, read once."""
    return Lexicon.from_files()
