"""Sparse lexical indexes over FAQ entries: BM25 on syllables or bigrams, char n-gram TF-IDF.

Each index is a terms x entries CSR matrix, so a query costs a few row slices and one
matrix-vector product, never a Python loop over entries.
"""

import itertools
from collections.abc import Sequence
from functools import cache

import numpy as np
from scipy import sparse

K1 = 1.2
B = 0.75


class TermMatrix:
    """Term vocabulary, IDF and a terms x entries weight matrix."""

    def __init__(self, docs: Sequence[Sequence[str]], weighting: str = "bm25") -> None:
        self.vocab: dict[str, int] = {}
        setdefault = self.vocab.setdefault
        rows = [setdefault(term, len(self.vocab)) for doc in docs for term in doc]
        cols = np.repeat(np.arange(len(docs)), [len(doc) for doc in docs])
        n_docs = max(len(docs), 1)
        shape = (len(self.vocab), n_docs)
        tf = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        tf.sum_duplicates()
        df = np.diff(tf.indptr).astype(float)
        self.idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        self.idf_unknown = float(np.log(1.0 + (n_docs + 0.5) / 0.5))
        self.weights = _bm25(tf, self.idf) if weighting == "bm25" else _tfidf(tf, self.idf)
        self.weights.sort_indices()
        self.presence = self.weights.copy()
        self.presence.data[:] = 1.0

    def lookup(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Row ids of the known terms and the IDF of every term (unknown ones at maximum)."""
        ids = [self.vocab.get(t, -1) for t in terms]
        idf = np.array([self.idf[i] if i >= 0 else self.idf_unknown for i in ids])
        return np.array([i for i in ids if i >= 0], dtype=np.int64), idf

    def scores(self, rows: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Sum (or weighted sum) of the given term rows: one score per entry."""
        return _accumulate(self.weights, rows, weights)

    def coverage(self, rows: np.ndarray, idf_known: np.ndarray, idf_total: float) -> np.ndarray:
        """IDF-weighted fraction of the query's terms that each entry contains."""
        if idf_total <= 0 or len(rows) == 0:
            return np.zeros(self.weights.shape[1])
        return _accumulate(self.presence, rows, idf_known) / idf_total

    def by_entry(self) -> sparse.csr_matrix:
        """The entries x terms matrix, for scoring a few candidates only."""
        return self.weights.T.tocsr()


def _accumulate(matrix: sparse.csr_matrix, rows: np.ndarray, weights: np.ndarray | None):
    # Direct CSR row gathering: scipy's fancy indexing costs ~0.2 ms a call in overhead alone.
    starts, ends = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(matrix.shape[1])
    picked = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    data = matrix.data[picked]
    if weights is not None:
        data = data * np.repeat(weights, lengths)
    return np.bincount(matrix.indices[picked], weights=data, minlength=matrix.shape[1])


def _bm25(tf: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    lengths = np.asarray(tf.sum(axis=0)).ravel()
    norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1e-9))
    coo = tf.tocoo()
    data = idf[coo.row] * coo.data * (K1 + 1) / (coo.data + norm[coo.col])
    return sparse.csr_matrix((data, (coo.row, coo.col)), shape=tf.shape)


def _tfidf(tf: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    sublinear = tf.astype(float)
    sublinear.data = 1.0 + np.log(sublinear.data)
    weighted = (sparse.diags(idf) @ sublinear).tocsr()
    col_norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=0)).ravel())
    return (weighted @ sparse.diags(1.0 / np.maximum(col_norms, 1e-9))).tocsr()


def bigrams(tokens: Sequence[str]) -> list[str]:
    """Adjacent syllable pairs, the closest cheap stand-in for Vietnamese words."""
    return [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]


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
