"""Sparse lexical indexes over FAQ entries: BM25 on syllables or bigrams, char n-gram TF-IDF.

Each index is a terms x entries CSR matrix, so a query costs a few row slices and one
matrix-vector product, never a Python loop over entries.
"""

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
from scipy import sparse

K1 = 1.2
PAIR = "_"  # joins the two tokens of a bigram term
B = 0.75


class TermMatrix:
    """Term vocabulary, IDF and a terms x entries weight matrix."""

    def __init__(
        self,
        docs: Sequence[Sequence[str]],
        weighting: str = "bm25",
        light: Callable[[str], bool] | None = None,
    ) -> None:
        """Index `docs`; terms for which `light` holds weigh as the commonest term."""
        ids: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        rows = np.fromiter(map(ids.__getitem__, itertools.chain.from_iterable(docs)), np.int64)
        self.vocab: dict[str, int] = dict(ids)
        n_docs = max(len(docs), 1)
        cols = np.repeat(np.arange(len(docs), dtype=np.int64), [len(doc) for doc in docs])
        # One sort of (term, entry) keys gives the term frequencies in CSR order directly.
        keys, tf = np.unique(rows * n_docs + cols, return_counts=True)
        rows, cols = keys // n_docs, keys % n_docs
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(self.vocab)))])
        df = np.diff(indptr).astype(float)
        self.idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        if light is not None and len(self.idf):
            lighten = [j for t, j in self.vocab.items() if light(t)]
            self.idf[lighten] = self.idf.min()
        self.idf_unknown = float(np.log(1.0 + (n_docs + 0.5) / 0.5))
        weigh = _bm25 if weighting == "bm25" else _tfidf
        data = weigh(tf.astype(float), self.idf[rows], cols, n_docs)
        shape = (len(self.vocab), n_docs)
        self.weights = sparse.csr_matrix((data, cols, indptr), shape=shape)
        self.presence = sparse.csr_matrix((np.ones(len(data)), cols, indptr), shape=shape)

    def lookup(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Row ids of the known terms and the IDF of every term (unknown ones at maximum)."""
        ids = [self.vocab.get(t, -1) for t in terms]
        idf = np.array([self.idf[i] if i >= 0 else self.idf_unknown for i in ids])
        return np.array([i for i in ids if i >= 0], dtype=np.int64), idf

    def scores(self, rows: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Sum (or weighted sum) of the given term rows: one score per entry."""
        return _accumulate(self.weights, rows, weights)

    def coverage(self, rows: np.ndarray, idf_total: float) -> np.ndarray:
        """IDF-weighted fraction of the query's terms that each entry contains."""
        if idf_total <= 0 or len(rows) == 0:
            return np.zeros(self.weights.shape[1])
        return _accumulate(self.presence, rows, self.idf[rows]) / idf_total

    def scores_and_coverage(self, rows: np.ndarray, idf_total: float
                            ) -> tuple[np.ndarray, np.ndarray]:
        """`scores` and `coverage` of the same rows from one gather of their postings."""
        n = self.weights.shape[1]
        picked, lengths = postings(self.weights, rows)
        if idf_total <= 0 or len(picked) == 0:
            return np.zeros(n), np.zeros(n)
        cols = self.weights.indices[picked]
        scores = np.bincount(cols, weights=self.weights.data[picked], minlength=n)
        seen = np.bincount(cols, weights=np.repeat(self.idf[rows], lengths), minlength=n)
        return scores, seen / idf_total

    def by_entry(self) -> sparse.csr_matrix:
        """The entries x terms matrix, for scoring a few candidates only."""
        return self.weights.T.tocsr()


def best_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, in no particular order."""
    k = min(k, len(scores))
    return np.argpartition(-scores, k - 1)[:k] if k > 0 else np.array([], dtype=int)


def postings(matrix: sparse.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Direct CSR row gathering: scipy's fancy indexing costs ~0.2 ms a call in overhead alone.
    starts = matrix.indptr[rows]
    lengths = matrix.indptr[rows + 1] - starts
    total = int(lengths.sum())
    picked = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    return picked, lengths


def row_dots(matrix: sparse.csr_matrix, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Dot product of each of the given rows of `matrix` with a dense vector."""
    picked, lengths = postings(matrix, rows)
    values = matrix.data[picked] * vector[matrix.indices[picked]]
    owner = np.repeat(np.arange(len(rows)), lengths)
    return np.bincount(owner, weights=values, minlength=len(rows))


def _accumulate(matrix: sparse.csr_matrix, rows: np.ndarray, weights: np.ndarray | None
                ) -> np.ndarray:
    picked, lengths = postings(matrix, rows)
    if len(picked) == 0:
        return np.zeros(matrix.shape[1])
    data = matrix.data[picked]
    if weights is not None:
        data = data * np.repeat(weights, lengths)
    return np.bincount(matrix.indices[picked], weights=data, minlength=matrix.shape[1])


def _bm25(tf: np.ndarray, idf: np.ndarray, cols: np.ndarray, n_docs: int) -> np.ndarray:
    lengths = np.bincount(cols, weights=tf, minlength=n_docs)
    norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1e-9))
    return idf * tf * (K1 + 1) / (tf + norm[cols])


def _tfidf(tf: np.ndarray, idf: np.ndarray, cols: np.ndarray, n_docs: int) -> np.ndarray:
    data = (1.0 + np.log(tf)) * idf
    norms = np.sqrt(np.bincount(cols, weights=data * data, minlength=n_docs))
    return data / np.maximum(norms[cols], 1e-9)


def bigrams(tokens: Sequence[str]) -> list[str]:
    """Adjacent syllable pairs, the closest cheap stand-in for Vietnamese words."""
    return [f"{a}{PAIR}{b}" for a, b in itertools.pairwise(tokens)]


def char_ngrams(tokens: Sequence[str]) -> list[str]:
    """Character trigrams of each syllable padded with spaces (robust to typos)."""
    grams: list[str] = []
    for token in tokens:
        grams.extend(_trigrams(token))
    return grams


@cache
def _trigrams(token: str) -> tuple[str, ...]:
    padded = f" {token} "
    return tuple(padded[i : i + 3] for i in range(max(len(padded) - 2, 1)))
