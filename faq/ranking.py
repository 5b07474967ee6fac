"""Candidate retrieval and re-ranking: lexical indexes for recall, rapidfuzz for the best few.

Every feature is a fraction in [0, 1] so that weights and decision thresholds do not depend on
the size of the FAQ.
"""

import dataclasses
import itertools
from collections import Counter
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from faq.acronyms import Acronyms
from faq.candidate import Candidate, QueryView, Weights
from faq.entries import FaqEntry
from faq.index import TermMatrix, best_indices, bigrams, char_ngrams, postings, row_dots
from faq.lexicon import Lexicon, bundled_lexicon
from faq.marks import accented, marked_syllables
from faq.normalize import tokens
from faq.spelling import Speller
from faq.tones import ToneModel


def _marked_terms(text: str) -> list[str]:
    """Marked syllables and their pairs: the words of an accented question as typed."""
    syllables = marked_syllables(text)
    return syllables + bigrams(syllables)


class Ranker:
    """Indexes FAQ entries and ranks them for a query."""

    def __init__(
        self,
        entries: Sequence[FaqEntry],
        lexicon: Lexicon | None = None,
        weights: Weights | None = None,
    ) -> None:
        self.lexicon = lexicon or bundled_lexicon()
        self.tones = ToneModel([t for e in entries for t in (*e.texts(), e.answer)], self.lexicon)
        self.weights = weights or Weights()
        per_text = [[tokens(t, self.lexicon) for t in e.texts()] for e in entries]
        light = self.lexicon.is_light
        self.unigrams = TermMatrix(
            [[t for ts in texts for t in ts] for texts in per_text], light=light
        )
        self.bigrams = TermMatrix(
            [[b for ts in texts for b in bigrams(ts)] for texts in per_text], light=light
        )
        answers = [tokens(e.answer, self.lexicon) for e in entries]
        self.answers = TermMatrix(answers)
        self.chars = TermMatrix(
            [[g for ts in texts for g in char_ngrams(ts)] for texts in per_text], "tfidf"
        )
        self.char_rows = self.chars.by_entry()
        self.marked = TermMatrix([_marked_terms(t) for e in entries for t in e.texts()], "tfidf")
        self.marked_rows = self.marked.by_entry()
        self.texts = [" ".join(ts) for texts in per_text for ts in texts]
        self.text_entry = np.array([i for i, texts in enumerate(per_text) for _ in texts])
        self.text_terms = self._text_terms([ts for texts in per_text for ts in texts])
        starts = np.cumsum([0] + [len(texts) for texts in per_text])
        self.text_starts = starts[:-1]
        self.entry_texts = [range(a, b) for a, b in itertools.pairwise(starts)]
        self.entry_words = [frozenset(t for ts in texts for t in ts) for texts in per_text]
        self.speller = Speller(Counter(t for texts in per_text for ts in texts for t in ts))
        docs = [t for e in entries for t in e.texts()] + [e.answer for e in entries]
        self.acronyms = Acronyms(
            [ts for texts in per_text for ts in texts] + answers,
            frozenset(self.unigrams.vocab),
            lambda i: tokens(docs[i], self.lexicon),
        )

    def view(self, query: str) -> QueryView:
        """Tokens of the query after typo correction, and the share unknown to the FAQ."""
        toks = [
            word
            for t in tokens(query, self.lexicon)
            for word in self.acronyms.expand(t) or (self.speller.correct(t),)
        ]
        unknown = sum(t not in self.unigrams.vocab for t in toks) / max(len(toks), 1)
        pairs = bigrams(toks)
        unknown_pairs = sum(b not in self.bigrams.vocab for b in pairs) / max(len(pairs), 1)
        # Marked syllables of a restored question changed no rank-1 on four evaluation sets:
        # the lexical side sees only the marks a citizen typed.
        marked = _marked_terms(query) if accented(query) else []
        return QueryView(toks, unknown, unknown_pairs, marked)

    def candidates(self, view: QueryView, also: Sequence[int] = ()) -> list[Candidate]:
        """The best entries for the query, best first, with their features; the entries in
        `also` (another retriever's choice) are among them whatever their lexical score."""
        w = self.weights
        terms = list(dict.fromkeys(view.tokens))
        rows, idf = self.unigrams.lookup(terms)
        uni, uni_cov = self.unigrams.scores_and_coverage(rows, float(idf.sum()))
        bi_cov = self._coverage(self.bigrams, list(dict.fromkeys(bigrams(view.tokens))))
        answer = self._coverage(self.answers, terms)
        bm25 = uni / uni.max() if uni.size and uni.max() > 0 else uni
        stage0 = w.bm25 * bm25 + w.unigram * uni_cov + w.bigram * bi_cov + w.answer * answer
        pool = best_indices(stage0, w.pool)
        grams = char_ngrams(view.tokens)
        chars = np.zeros(len(stage0))
        chars[pool] = self._cosine(self.chars, self.char_rows, grams, pool)
        stage1 = stage0 + w.chars * chars
        top = pool[best_indices(stage1[pool], w.candidates)]
        extra = np.setdiff1d(np.asarray(also, dtype=top.dtype), top)
        if extra.size:
            chars[extra] = self._cosine(self.chars, self.char_rows, grams, extra)
            stage1[extra] = stage0[extra] + w.chars * chars[extra]
            top = np.concatenate([top, extra])
        texts = self._texts_of(top)
        fuzzy = self._fuzzy(" ".join(view.tokens), top)
        reverse = self._reverse(rows, texts, top)
        explained = self._explained(terms, idf, top)
        marked = np.zeros(len(top))
        if view.marked:
            cosines = self._cosine(self.marked, self.marked_rows, view.marked, texts)
            marked = self._best_text(cosines, top)
        out = [
            Candidate(
                int(i),
                float(stage1[i] + w.fuzzy * f + w.marked * m),
                float(uni_cov[i]),
                float(bi_cov[i]),
                float(chars[i]),
                float(answer[i]),
                f,
                r,
                float(x),
                float(m),
                bm25=float(bm25[i]),
            )
            for i, f, r, x, m in zip(top, fuzzy, reverse, explained, marked, strict=True)
        ]
        out.sort(key=lambda c: -c.score)
        if out:
            edge = self._edge(terms, idf, out[0], out[1]) if len(out) > 1 else 0.0
            out[0] = dataclasses.replace(out[0], edge=edge, lexical_first=True)
        return out

    def _edge(
        self, terms: list[str], idf: np.ndarray, best: Candidate, runner: Candidate
    ) -> float:
        """How much more the question says of the first entry than of the second.

        The IDF share of the question's words found in the first entry's texts and not the
        second's, less the share found in the second's and not the first's: "bị mất giấy phép"
        is the reissue entry's question, not the first licence's, though both share the rest.
        """
        total = float(idf.sum())
        if total <= 0:
            return 0.0
        own, other = self.entry_words[best.index], self.entry_words[runner.index]
        gained = sum(v for t, v in zip(terms, idf, strict=True) if t in own and t not in other)
        lost = sum(v for t, v in zip(terms, idf, strict=True) if t in other and t not in own)
        return (gained - lost) / total

    def _coverage(self, matrix: TermMatrix, terms: list[str]) -> np.ndarray:
        rows, idf = matrix.lookup(terms)
        return matrix.coverage(rows, float(idf.sum()))

    @staticmethod
    def _cosine(
        matrix: TermMatrix, by_entry: sparse.csr_matrix, grams: list[str], pool: np.ndarray
    ) -> np.ndarray:
        """TF-IDF cosine between the query's terms and the entries in `pool`."""
        counts = Counter(grams)
        known = [g for g in counts if g in matrix.vocab]
        if not known or len(pool) == 0:
            return np.zeros(len(pool))
        rows = np.array([matrix.vocab[g] for g in known])
        weights = (1 + np.log([float(counts[g]) for g in known])) * matrix.idf[rows]
        unknown = [1 + np.log(float(c)) for g, c in counts.items() if g not in matrix.vocab]
        norm = np.sqrt((weights**2).sum() + (np.square(unknown) * matrix.idf_unknown**2).sum())
        query = np.zeros(by_entry.shape[1])
        query[rows] = weights / norm
        return row_dots(by_entry, pool, query)

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

    def _reverse(self, rows: np.ndarray, texts: np.ndarray, top: np.ndarray) -> list[float]:
        """IDF-weighted share of the best-covered text of each entry that the query mentions."""
        query = np.zeros(len(self.unigrams.vocab))
        query[rows] = 1.0
        shares = row_dots(self.text_terms, texts, query)
        return self._best_text(shares, top).tolist()

    def _explained(self, terms: list[str], idf: np.ndarray, top: np.ndarray) -> np.ndarray:
        """IDF-weighted share of the query's terms found in each entry's texts or answer."""
        total = float(idf.sum())
        if total <= 0:
            return np.zeros(len(top))
        slot = np.full(self.unigrams.presence.shape[1], -1)
        slot[top] = np.arange(len(top))
        found = np.zeros((len(terms), len(top)), dtype=bool)
        for matrix in (self.unigrams, self.answers):
            ids = [matrix.vocab.get(t, -1) for t in terms]
            known = np.array([k for k, i in enumerate(ids) if i >= 0], dtype=np.int64)
            if len(known):
                rows = np.array([ids[k] for k in known], dtype=np.int64)
                picked, lengths = postings(matrix.presence, rows)
                where = slot[matrix.presence.indices[picked]]
                term = np.repeat(known, lengths)
                found[term[where >= 0], where[where >= 0]] = True
        return idf @ found / total

    def _texts_of(self, entries: np.ndarray) -> np.ndarray:
        """The indices of the texts (question and variants) of the given entries, in order."""
        return np.concatenate(
            [np.arange(r.start, r.stop) for r in map(self.entry_texts.__getitem__, entries)]
        )

    def _best_text(self, per_text: np.ndarray, entries: np.ndarray) -> np.ndarray:
        """The best of each entry's values in `per_text` (laid out as `_texts_of`)."""
        counts = [len(self.entry_texts[i]) for i in entries]
        return np.maximum.reduceat(per_text, np.concatenate([[0], np.cumsum(counts)[:-1]]))

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
