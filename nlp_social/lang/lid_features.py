"""Hashed features of one token type for language ID (shared by training and inference).

A token becomes a list of feature indices in ``[0, 2**bits)``: its lower-cased identity, character
1-5 grams of ``<token>`` (``<``/``>`` mark word boundaries), a few shape flags, and membership in word
lists (English, romanized Hindi, English and Hinglish stopwords). Word lists are kept as sorted arrays of
32-bit CRC hashes, so a model folder needs no text lists and no pickle. Hashes are CRC-32 and a fixed
polynomial hash, both stable across processes (Python's ``hash`` is salted per process).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from zlib import crc32

import numpy as np

WORDLIST_NAMES = ("en", "hi", "est", "hst")  # English, romanized Hindi, English stopwords, Hinglish stopwords
_REPEAT = re.compile(r"(.)\1\1")
_PRIME = np.uint64(1_000_003)
_GOLDEN = np.uint64(0x9E3779B1)
_M32 = np.uint64(0xFFFFFFFF)


def word_hash(word: str) -> int:
    """32-bit CRC of a lower-cased word (used for word-list membership)."""
    return crc32(word.lower().encode("utf-8", "surrogatepass"))


def hash_wordlist(words: Iterable[str]) -> np.ndarray:
    """Sorted unique uint32 hashes of ``words`` (lower-cased)."""
    return np.unique(np.fromiter((word_hash(w) for w in words if w), dtype=np.uint32))


class TokenFeaturizer:
    """Maps token strings to hashed feature indices."""

    def __init__(self, bits: int, wordlists: dict[str, np.ndarray], max_n: int = 5) -> None:
        self.bits = bits
        self.mask = (1 << bits) - 1
        self.max_n = max_n
        self.wordlists = {name: frozenset(int(h) for h in wordlists.get(name, ())) for name in WORDLIST_NAMES}

    @property
    def n_features(self) -> int:
        return 1 << self.bits

    def word_feature_names(self, token: str) -> list[str]:
        """The non-n-gram features of a token: bias, identity, word lists, shape."""
        low = token.lower()
        names = ["b:", "w:" + low]
        h = crc32(low.encode("utf-8", "surrogatepass"))
        hits = [name for name in WORDLIST_NAMES if h in self.wordlists[name]]
        names.extend("L:" + name for name in hits)
        names.append("L:" + "+".join(hits) if hits else "L:none")
        if token[:1].isupper():
            names.append("S:cap")
            if len(token) > 1 and token.isupper():
                names.append("S:upper")
        if any(c.isdigit() for c in token):
            names.append("S:digit")
        if _REPEAT.search(low):
            names.append("S:rep3")
        names.append(f"S:len{min(len(low), 12)}")
        return names

    def _index(self, name: str) -> int:
        return crc32(name.encode("utf-8", "surrogatepass")) & self.mask

    def _word_feature_indices(self, token: str, low: str) -> list[int]:
        """Indices of :meth:`word_feature_names` (same features, constant names hashed once)."""
        fixed = self.__dict__.get("_fixed")
        if fixed is None:
            names = ["b:", "S:cap", "S:upper", "S:digit", "S:rep3"] + [f"S:len{i}" for i in range(13)]
            fixed = self.__dict__["_fixed"] = {n: self._index(n) for n in names}
            self._hits_cache: dict[tuple[str, ...], list[int]] = {}
        idx = [fixed["b:"], self._index("w:" + low)]
        h = crc32(low.encode("utf-8", "surrogatepass"))
        hits = tuple(name for name in WORDLIST_NAMES if h in self.wordlists[name])
        hit_idx = self._hits_cache.get(hits)
        if hit_idx is None:
            names = ["L:" + name for name in hits] + ["L:" + "+".join(hits) if hits else "L:none"]
            hit_idx = self._hits_cache[hits] = [self._index(n) for n in names]
        idx.extend(hit_idx)
        if token[:1].isupper():
            idx.append(fixed["S:cap"])
            if len(token) > 1 and token.isupper():
                idx.append(fixed["S:upper"])
        if not low.isalpha() and any(c.isdigit() for c in token):
            idx.append(fixed["S:digit"])
        if _REPEAT.search(low):
            idx.append(fixed["S:rep3"])
        idx.append(fixed[f"S:len{min(len(low), 12)}"])
        return idx

    def pairs(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(rows, cols)``: token ``rows[k]`` has feature ``cols[k]`` (repeats count twice).

        Character n-grams of ``<token>`` are hashed for all tokens at once with a vectorized
        polynomial rolling hash over code points, so a token costs a few microseconds.
        """
        mask = self.mask
        rows: list[int] = []
        cols: list[int] = []
        lows = []
        word_idx = self._word_feature_indices
        for r, token in enumerate(tokens):
            low = token.lower()
            idx = word_idx(token, low)
            rows.extend([r] * len(idx))
            cols.extend(idx)
            lows.append("<" + low + ">")
        rows_w = np.asarray(rows, dtype=np.int64)
        cols_w = np.asarray(cols, dtype=np.int64)
        if not lows:
            return rows_w, cols_w
        codes = np.frombuffer("".join(lows).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        lengths = np.fromiter((len(x) for x in lows), dtype=np.int64, count=len(lows))
        owner = np.repeat(np.arange(len(lows)), lengths)
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        room = (offsets + lengths)[owner] - np.arange(len(codes))  # chars left in the token from each position
        r_parts, c_parts = [rows_w], [cols_w]
        h = np.zeros(len(codes), dtype=np.uint64)
        for n in range(1, self.max_n + 1):
            m = len(codes) - n + 1
            if m <= 0:
                break
            h = (h[:m] * _PRIME + codes[n - 1 : n - 1 + m]) & _M32
            valid = np.flatnonzero(room[:m] >= n)
            mixed = ((h[valid] ^ np.uint64(n * 0x5BD1E995 & 0xFFFFFFFF)) * _GOLDEN) & _M32
            r_parts.append(owner[valid])
            c_parts.append((mixed >> np.uint64(32 - self.bits)).astype(np.int64) & mask)
        return np.concatenate(r_parts), np.concatenate(c_parts)

    def scores(self, tokens: Sequence[str], coef: np.ndarray, intercept: float = 0.0) -> np.ndarray:
        """Linear scores ``intercept + sum(coef[features])`` of many tokens (float32)."""
        rows, cols = self.pairs(tokens)
        out = np.bincount(rows, weights=coef[cols].astype(np.float64), minlength=len(tokens)) + intercept
        return out.astype(np.float32)

    def matrix(self, tokens: Sequence[str]):  # -> scipy.sparse.csr_matrix (training only)
        from scipy.sparse import coo_matrix

        rows, cols = self.pairs(tokens)
        data = np.ones(len(rows), dtype=np.float32)
        return coo_matrix((data, (rows, cols)), shape=(len(tokens), self.n_features)).tocsr()
