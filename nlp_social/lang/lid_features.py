"""Hashed features of one token type for language ID (shared by training and inference).

A token becomes a list of feature indices in ``[0, 2**bits)``: its lower-cased identity, character
1-5 grams of ``<token>`` (``<``/``>`` mark word boundaries), a few shape flags, and membership in word
lists (English, romanized Hindi, English and Hinglish stopwords). Word lists are kept as sorted arrays of
32-bit CRC hashes, so a model folder needs no text lists and no pickle. Hashing uses CRC-32, which is
stable across processes (Python's ``hash`` is salted per process).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from zlib import crc32

import numpy as np

WORDLIST_NAMES = ("en", "hi", "est", "hst")  # English, romanized Hindi, English stopwords, Hinglish stopwords
_REPEAT = re.compile(r"(.)\1\1")


def word_hash(word: str) -> int:
    """32-bit CRC of a lower-cased word (used for word-list membership)."""
    return crc32(word.lower().encode("utf-8"))


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

    def feature_names(self, token: str) -> list[str]:
        low = token.lower()
        names = ["b:", "w:" + low]
        padded = "<" + low + ">"
        size = len(padded)
        for n in range(1, self.max_n + 1):
            for i in range(size - n + 1):
                names.append(padded[i : i + n])
        h = crc32(low.encode("utf-8"))
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

    def indices(self, token: str) -> list[int]:
        mask = self.mask
        return [crc32(name.encode("utf-8")) & mask for name in self.feature_names(token)]

    def batch(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices of many tokens as CSR-style ``(indices, indptr)``."""
        flat: list[int] = []
        indptr = [0]
        for token in tokens:
            flat.extend(self.indices(token))
            indptr.append(len(flat))
        return np.asarray(flat, dtype=np.int64), np.asarray(indptr, dtype=np.int64)

    def matrix(self, tokens: Sequence[str]):  # -> scipy.sparse.csr_matrix (training only)
        from scipy.sparse import csr_matrix

        idx, indptr = self.batch(tokens)
        data = np.ones(len(idx), dtype=np.float32)
        mat = csr_matrix((data, idx, indptr), shape=(len(tokens), self.n_features))
        mat.sum_duplicates()
        return mat
