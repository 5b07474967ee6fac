"""The plain baseline every FAQ set is compared with: folded BM25 over question + variants.

Deliberately small (no lexicon, no typo repair): what anyone would write in forty lines.
"""

import math
import re
import unicodedata
from collections import Counter


def fold_tokens(text: str) -> list[str]:
    """Lower case, tone marks stripped, đ -> d, word characters only."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return re.findall(r"\w+", "".join(c for c in text if not unicodedata.combining(c)))


class Bm25:
    """Okapi BM25 (k1 1.2, b 0.75); one document per entry: its question and variants."""

    def __init__(self, docs: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.docs = [Counter(fold_tokens(d)) for d in docs]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / max(len(self.docs), 1)
        df = Counter(t for d in self.docs for t in d)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.k1, self.b = k1, b

    def scores(self, query: str) -> list[float]:
        """One score per document."""
        terms = [t for t in set(fold_tokens(query)) if t in self.idf]
        out = []
        for doc, length in zip(self.docs, self.lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self.avg)
            out.append(
                sum(
                    self.idf[t] * doc[t] * (self.k1 + 1) / (doc[t] + norm)
                    for t in terms
                    if t in doc
                )
            )
        return out

    def top(self, query: str, k: int = 3) -> list[int]:
        """Indices of the k best documents, best first (none when no word is known)."""
        scores = self.scores(query)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        return [i for i in order[:k] if scores[i] > 0]
