"""Hashed n-gram counts of token lists, hashed once per distinct word and kept across calls.

The stance features hash word unigrams + bigrams (``HashingVectorizer(analyzer="word")`` on the tokens
joined by spaces) and character n-grams within words (``analyzer="char_wb"``). Both are sums over a
text's words (``char_wb`` pads and counts each whitespace-separated word on its own), so a text's counts
are assembled from cached per-word columns with sparse products instead of generating and hashing every
n-gram string of every post again. The hashing itself is scikit-learn's (the same ``FeatureHasher``
and ``HashingVectorizer``), so the counts are identical to hashing the joined text: canonical CSR
(sorted indices, duplicates summed), float64 counts.

The caches grow with the vocabulary of a run and are emptied when they pass ``max_words`` (bounded
memory; outputs never depend on what is cached). A lock guards them: one model may serve threads.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer


def _word_ids(ids: dict[str, int], docs: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Ids of every word of ``docs`` in order (new words get the next ids in ``ids``), each doc's length,
    and the words seen for the first time (whose columns the caller must compute)."""
    flat: list[int] = []
    new: list[str] = []
    for doc in docs:
        for w in doc:
            i = ids.get(w)
            if i is None:
                i = ids[w] = len(ids)
                new.append(w)
            flat.append(i)
    lens = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    return np.asarray(flat, dtype=np.int64), lens, new


def _canonical(x: sp.spmatrix) -> sp.csr_matrix:
    x = sp.csr_matrix(x)
    x.sum_duplicates()  # also sorts the indices, as HashingVectorizer's output is
    return x


class _Growing:
    """Append-only CSR rows (one per cached word) in amortized-doubling buffers."""

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features
        self.indptr = np.zeros(1, dtype=np.int64)
        self.indices = np.zeros(1024, dtype=np.int32)
        self.data = np.zeros(1024, dtype=np.float32)  # small integer counts: exact
        self.nnz = 0

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def append(self, rows: sp.csr_matrix) -> None:
        add = rows.nnz
        if self.nnz + add > len(self.indices):
            cap = max(2 * len(self.indices), self.nnz + add)
            self.indices = np.resize(self.indices, cap)
            self.data = np.resize(self.data, cap)
        self.indices[self.nnz : self.nnz + add] = rows.indices
        self.data[self.nnz : self.nnz + add] = rows.data
        self.indptr = np.concatenate([self.indptr, self.nnz + rows.indptr[1:].astype(np.int64)])
        self.nnz += add

    def matrix(self) -> sp.csr_matrix:
        return sp.csr_matrix(
            (self.data[: self.nnz], self.indices[: self.nnz], self.indptr),
            shape=(self.n_rows, self.n_features),
            copy=False,
        )


class NgramCounter:
    """Word n-gram and ``char_wb`` n-gram counts of token lists, per distinct word cached.

    Args:
        word: the word ``HashingVectorizer`` (``analyzer="word"``, ``tokenizer=str.split``, ngram range
            ``(1, 1)`` or ``(1, 2)``, no sign, no norm).
        char: the character ``HashingVectorizer`` (``analyzer="char_wb"``, no sign, no norm).
        max_words: distinct words (and word pairs) kept before the caches are emptied.
    """

    def __init__(self, word: HashingVectorizer, char: HashingVectorizer, max_words: int = 200_000) -> None:
        lo, hi = word.ngram_range
        if word.analyzer != "word" or lo != 1 or hi not in (1, 2) or word.alternate_sign or word.norm:
            raise ValueError("NgramCounter needs a word hasher of unigrams (+ bigrams), no sign, no norm")
        if char.analyzer != "char_wb" or char.alternate_sign or char.norm:
            raise ValueError("NgramCounter needs a char_wb hasher, no sign, no norm")
        self.word, self.char, self.max_words = word, char, max_words
        self.bigrams = hi == 2
        self._hasher = FeatureHasher(word.n_features, input_type="string", alternate_sign=False)
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._word_ids: dict[str, int] = {}
        self._word_cols = np.zeros(0, dtype=np.int64)
        self._pair_cols: dict[int, int] = {}
        self._char_ids: dict[str, int] = {}
        self._char_rows = _Growing(self.char.n_features)

    def _hash(self, features: list[str]) -> np.ndarray:
        """Column of each feature string, by the word hasher's own ``FeatureHasher``."""
        x = self._hasher.transform([[f] for f in features])
        x = sp.csr_matrix(x)
        assert x.nnz == len(features)  # one count per row: rows in order
        return x.indices.astype(np.int64)

    # ------------------------------------------------------------------ word n-grams
    def word_counts(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """``(len(docs), word.n_features)`` counts of each doc's words (and adjacent pairs)."""
        with self._lock:
            if len(self._word_ids) > self.max_words or len(self._pair_cols) > 2 * self.max_words:
                self._reset()
            wid, lens, new = _word_ids(self._word_ids, docs)
            if new:
                self._word_cols = np.concatenate([self._word_cols, self._hash(new)])
            n = len(docs)
            doc_of = np.repeat(np.arange(n, dtype=np.int64), lens)
            rows, cols = [doc_of], [self._word_cols[wid]]
            if self.bigrams and len(wid) > 1:
                # a pair (i, i+1) inside one doc; its column is cached by the two word ids
                same = doc_of[1:] == doc_of[:-1]
                first, second = wid[:-1][same], wid[1:][same]
                codes = first * np.int64(1 << 31) + second
                uniq, inv = np.unique(codes, return_inverse=True)
                pc = self._pair_cols
                ucols = np.fromiter((pc.get(c, -1) for c in uniq.tolist()), dtype=np.int64, count=len(uniq))
                miss = np.flatnonzero(ucols < 0)
                if len(miss):
                    names = list(self._word_ids)  # id -> word
                    feats = [f"{names[int(c) >> 31]} {names[int(c) & ((1 << 31) - 1)]}" for c in uniq[miss]]
                    hashed = self._hash(feats)
                    ucols[miss] = hashed
                    pc.update(zip(uniq[miss].tolist(), hashed.tolist(), strict=True))
                rows.append(doc_of[:-1][same])
                cols.append(ucols[inv])
            r, c = np.concatenate(rows), np.concatenate(cols)
        return _canonical(
            sp.coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(n, self.word.n_features))
        )

    # ------------------------------------------------------------------ character n-grams
    def char_counts(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """``(len(docs), char.n_features)`` ``char_wb`` counts of each doc's words."""
        with self._lock:
            if len(self._char_ids) > self.max_words:
                self._reset()
            wid, lens, new = _word_ids(self._char_ids, docs)
            if new:
                self._char_rows.append(sp.csr_matrix(self.char.transform(new)))
            table = self._char_rows.matrix()
            n = len(docs)
            doc_of = np.repeat(np.arange(n, dtype=np.int64), lens)
            occ = sp.coo_matrix(
                (np.ones(len(wid), dtype=np.float64), (doc_of, wid)), shape=(n, table.shape[0])
            ).tocsr()
            out = occ @ table
        return _canonical(out)
