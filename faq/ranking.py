"""Candidate retrieval and re-ranking: lexical indexes for recall, rapidfuzz for the best few.

Every feature is a fraction in [0, 1] so that weights and decision thresholds do not depend on
the size of the FAQ.
"""

import itertools
from collections import Counter
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from faq.candidate import Candidate, QueryView, Weights
from faq.entries import FaqEntry
from faq.index import TermMatrix, bigrams, char_ngrams, row_dots
from faq.lexicon import Lexicon, bundled_lexicon
from faq.normalize import tokens
from faq.spelling import Speller


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, in no particular order."""
    k = min(k, len(scores))
    return np.argpartition(-scores, k - 1)[:k] if k else np.array([], dtype=int)


class Ranker:
    """Indexes FAQ entries and ranks them for a query."""

    def __init__(
        self,
        entries: Sequence[FaqEntry],
        lexicon: Lexicon | None = None,
        weights: Weights | None = None,
    ) -> None:
        self.lexicon = lexicon or bundled_lexicon()
        self.weights = weights or Weights()
        per_text = [[tokens(t, self.lexicon) for t in e.texts()] for e in entries]
        self.unigrams = TermMatrix([[t for ts in texts for t in ts] for texts in per_text])
        self.bigrams = TermMatrix([[b for ts in texts for b in bigrams(ts)] for texts in per_text])
        answers = [tokens(e.answer, self.lexicon) for e in entries]
        self.answers = TermMatrix(answers)
        self.chars = TermMatrix(
            [[g for ts in texts for g in char_ngrams(ts)] for texts in per_text], "tfidf"
        )
        self.char_rows = self.chars.by_entry()
        self.texts = [" ".join(ts) for texts in per_text for ts in texts]
        self.text_entry = np.array([i for i, texts in enumerate(per_text) for _ in texts])
        self.text_terms = self._text_terms([ts for texts in per_text for ts in texts])
        starts = np.cumsum([0] + [len(texts) for texts in per_text])
        self.text_starts = starts[:-1]
        self.entry_texts = [range(a, b) for a, b in itertools.pairwise(starts)]
        self.speller = Speller(Counter(t for texts in per_text for ts in texts for t in ts))

    def view(self, query: str) -> QueryView:
        """Tokens of the query after typo correction, and the share unknown to the FAQ."""
        toks = [self.speller.correct(t) for t in tokens(query, self.lexicon)]
        unknown = sum(t not in self.unigrams.vocab for t in toks) / max(len(toks), 1)
        pairs = bigrams(toks)
        unknown_pairs = sum(b not in self.bigrams.vocab for b in pairs) / max(len(pairs), 1)
        return QueryView(toks, unknown, unknown_pairs)

    def candidates(self, view: QueryView) -> list[Candidate]:
        """The best entries for the query, best first, with their features."""
        w = self.weights
        terms = list(dict.fromkeys(view.tokens))
        rows, idf = self.unigrams.lookup(terms)
        uni, uni_cov = self.unigrams.scores_and_coverage(rows, float(idf.sum()))
        bi_cov = self._coverage(self.bigrams, list(dict.fromkeys(bigrams(view.tokens))))
        answer = self._coverage(self.answers, terms)
        bm25 = uni / uni.max() if uni.size and uni.max() > 0 else uni
        stage0 = w.bm25 * bm25 + w.unigram * uni_cov + w.bigram * bi_cov + w.answer * answer
        pool = _best(stage0, w.pool)
        chars = np.zeros(len(stage0))
        chars[pool] = self._cosine(char_ngrams(view.tokens), pool)
        stage1 = stage0 + w.chars * chars
        top = pool[_best(stage1[pool], w.candidates)]
        fuzzy = self._fuzzy(" ".join(view.tokens), top)
        reverse = self._reverse(rows, top)
        explained = self._explained(terms, idf, top)
        out = [
            Candidate(
                int(i),
                float(stage1[i] + w.fuzzy * f),
                float(uni_cov[i]),
                float(bi_cov[i]),
                float(chars[i]),
                float(answer[i]),
                f,
                r,
                float(x),
            )
            for i, f, r, x in zip(top, fuzzy, reverse, explained, strict=True)
        ]
        return sorted(out, key=lambda c: -c.score)

    def _coverage(self, matrix: TermMatrix, terms: list[str]) -> np.ndarray:
        rows, idf = matrix.lookup(terms)
        return matrix.coverage(rows, float(idf.sum()))

    def _cosine(self, grams: list[str], pool: np.ndarray) -> np.ndarray:
        """Char n-gram TF-IDF cosine between the query and the entries in `pool`."""
        counts = Counter(grams)
        known = [g for g in counts if g in self.chars.vocab]
        if not known or len(pool) == 0:
            return np.zeros(len(pool))
        rows = np.array([self.chars.vocab[g] for g in known])
        weights = (1 + np.log([float(counts[g]) for g in known])) * self.chars.idf[rows]
        unknown = [1 + np.log(float(c)) for g, c in counts.items() if g not in self.chars.vocab]
        norm = np.sqrt((weights**2).sum() + (np.square(unknown) * self.chars.idf_unknown**2).sum())
        query = np.zeros(self.char_rows.shape[1])
        query[rows] = weights / norm
        return row_dots(self.char_rows, pool, query)

    def _text_terms(self, texts: list[list[str]]) -> sparse.csr_matrix:
        """Texts x terms: each term's share of its text's IDF weight (for `_reverse`)."""
        vocab = self.unigrams.vocab
        ids = [list(dict.fromkeys(map(vocab.__getitem__, ts))) for ts in texts]
        cols = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int64)
        lengths = np.array([len(i) for i in ids], dtype=np.int64)
        idf = self.unigrams.idf[cols]
        owner = np.repeat(np.arange(len(ids)), lengths)
        totals = np.bincount(owner, weights=idf, minlength=len(ids))
        data = idf / np.maximum(totals[owner], 1e-12)
        shape = (len(ids), len(self.unigrams.vocab))
        return sparse.csr_matrix((data, cols, np.concatenate([[0], np.cumsum(lengths)])), shape)

    def _reverse(self, rows: np.ndarray, top: np.ndarray) -> list[float]:
        """IDF-weighted share of the best-covered text of each entry that the query mentions."""
        query = np.zeros(len(self.unigrams.vocab))
        query[rows] = 1.0
        texts = np.concatenate(
            [np.arange(r.start, r.stop) for r in map(self.entry_texts.__getitem__, top)]
        )
        shares = row_dots(self.text_terms, texts, query)
        counts = [len(self.entry_texts[i]) for i in top]
        return np.maximum.reduceat(shares, np.concatenate([[0], np.cumsum(counts)[:-1]])).tolist()

    def _explained(self, terms: list[str], idf: np.ndarray, top: np.ndarray) -> np.ndarray:
        """IDF-weighted share of the query's terms found in each entry's texts or answer."""
        found = np.zeros((len(terms), len(top)), dtype=bool)
        for matrix in (self.unigrams, self.answers):
            ids = [matrix.vocab.get(t, -1) for t in terms]
            known = [k for k, i in enumerate(ids) if i >= 0]
            if known:
                rows = np.array([ids[k] for k in known])
                found[known] |= matrix.presence[rows][:, top].toarray() > 0
        total = float(idf.sum())
        return idf @ found / total if total > 0 else np.zeros(len(top))

    def _fuzzy(self, query: str, top: np.ndarray) -> list[float]:
        text_ids = [t for i in top for t in self.entry_texts[i]]
        choices = [self.texts[t] for t in text_ids]
        # Texts and query are already folded token strings, hence no processor.
        scores = process.cdist(
            [query],
            choices,
            scorer=fuzz.token_sort_ratio,
            processor=None,
            score_cutoff=0,
            workers=1,
        )[0]
        best: dict[int, float] = {}
        for t, s in zip(text_ids, scores, strict=True):
            i = int(self.text_entry[t])
            best[i] = max(best.get(i, 0.0), float(s) / 100)
        return [best[int(i)] for i in top]
