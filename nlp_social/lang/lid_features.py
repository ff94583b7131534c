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
_DIGIT = re.compile(r"\d")
_IDENT_SALT = np.uint64(0x51ED270B)
_PRIME = np.uint64(1_000_003)
_GOLDEN = np.uint64(0x9E3779B1)
_M32 = np.uint64(0xFFFFFFFF)


def word_hash(word: str) -> int:
    """32-bit CRC of a lower-cased word (used for word-list membership)."""
    return crc32(word.lower().encode("utf-8", "surrogatepass"))


def word_hashes(words: Sequence[str], lowered: bool = False) -> np.ndarray:
    """:func:`word_hash` of many words (as uint64, ready for hash arithmetic)."""
    if not lowered:
        words = [w.lower() for w in words]
    return np.fromiter(
        (crc32(w.encode("utf-8", "surrogatepass")) for w in words), dtype=np.uint64, count=len(words)
    )


def hash_wordlist(words: Iterable[str]) -> np.ndarray:
    """Sorted unique uint32 hashes of ``words`` (lower-cased)."""
    return np.unique(np.fromiter((word_hash(w) for w in words if w), dtype=np.uint32))


class TokenFeaturizer:
    """Maps token strings to hashed feature indices."""

    def __init__(self, bits: int, wordlists: dict[str, np.ndarray], max_n: int = 5) -> None:
        self.bits = bits
        self.mask = (1 << bits) - 1
        self.max_n = max_n
        self.wordlists = {
            name: np.unique(np.asarray(wordlists.get(name, ()), dtype=np.uint64)) for name in WORDLIST_NAMES
        }

    @property
    def n_features(self) -> int:
        return 1 << self.bits

    def word_feature_names(self, token: str) -> list[str]:
        """The non-n-gram features of a token: bias, identity, word lists, shape."""
        low = token.lower()
        names = ["b:", "w:" + low]
        h = crc32(low.encode("utf-8", "surrogatepass"))
        hits = [name for name in WORDLIST_NAMES if h in set(self.wordlists[name].tolist())]
        names.extend("L:" + name for name in hits)
        names.append("L:" + "+".join(hits) if hits else "L:none")
        if token[:1].isupper():
            names.append("S:cap")
        if len(token) > 1 and token.isupper():
            names.append("S:upper")
        if _DIGIT.search(token):
            names.append("S:digit")
        if _REPEAT.search(low):
            names.append("S:rep3")
        names.append(f"S:len{min(len(low), 12)}")
        return names

    def _index(self, name: str) -> int:
        return crc32(name.encode("utf-8", "surrogatepass")) & self.mask

    def _tables(self) -> dict[str, np.ndarray]:
        """Indices of the constant-named features and the sorted word-list hash arrays (built once)."""
        tables = self.__dict__.get("_tab")
        if tables is None:
            combos = []
            for code in range(1 << len(WORDLIST_NAMES)):
                hits = [name for k, name in enumerate(WORDLIST_NAMES) if code >> k & 1]
                combos.append(self._index("L:" + "+".join(hits) if hits else "L:none"))
            tables = self.__dict__["_tab"] = {
                "fixed": np.array([self._index(n) for n in ("b:", "S:cap", "S:upper", "S:digit", "S:rep3")]),
                "len": np.array([self._index(f"S:len{i}") for i in range(13)]),
                "hit": np.array([self._index("L:" + name) for name in WORDLIST_NAMES]),
                "combo": np.array(combos),
            }
            for name in WORDLIST_NAMES:
                tables["wl_" + name] = self.wordlists[name]
        return tables

    def pairs(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(rows, cols)``: token ``rows[k]`` has feature ``cols[k]`` (repeats count twice).

        Vectorized over the batch: word identity and word-list membership come from one CRC-32 per
        token, character n-grams of ``<token>`` from a polynomial rolling hash over code points, so a
        token costs a couple of microseconds.
        """
        n = len(tokens)
        if not n:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        tab = self._tables()
        lows = [t.lower() for t in tokens]
        wh = word_hashes(lows, lowered=True)
        ar = np.arange(n)
        ident = (((wh ^ _IDENT_SALT) * _GOLDEN) & _M32) >> np.uint64(32 - self.bits)
        r_parts: list[np.ndarray] = [ar, ar]
        c_parts: list[np.ndarray] = [np.full(n, tab["fixed"][0]), ident.astype(np.int64) & self.mask]
        code = np.zeros(n, dtype=np.int64)
        for k, name in enumerate(WORDLIST_NAMES):
            arr = tab["wl_" + name]
            if not len(arr):
                continue
            pos = np.minimum(np.searchsorted(arr, wh), len(arr) - 1)
            hit = np.flatnonzero(arr[pos] == wh)
            code[hit] |= 1 << k
            r_parts.append(hit)
            c_parts.append(np.full(len(hit), tab["hit"][k]))
        r_parts.append(ar)
        c_parts.append(tab["combo"][code])
        flags = (
            (1, [t[:1].isupper() for t in tokens]),
            (2, [len(t) > 1 and t.isupper() for t in tokens]),
            (3, [_DIGIT.search(t) is not None for t in tokens]),
            (4, [_REPEAT.search(t) is not None for t in lows]),
        )
        for slot, values in flags:
            on = np.flatnonzero(np.fromiter(values, dtype=bool, count=n))
            r_parts.append(on)
            c_parts.append(np.full(len(on), tab["fixed"][slot]))
        lens = np.fromiter(map(len, lows), dtype=np.int64, count=n)
        r_parts.append(ar)
        c_parts.append(tab["len"][np.minimum(lens, 12)])

        # character n-grams of "<low>", all tokens in one pass
        codes = np.frombuffer(
            ("<" + "><".join(lows) + ">").encode("utf-32-le", "surrogatepass"), dtype=np.uint32
        ).astype(np.uint64)
        owner = np.repeat(ar, lens + 2)
        room = np.cumsum(lens + 2)[owner] - np.arange(len(codes))  # chars left in the token from each position
        h = np.zeros(len(codes), dtype=np.uint64)
        for k in range(1, self.max_n + 1):
            m = len(codes) - k + 1
            if m <= 0:
                break
            h = (h[:m] * _PRIME + codes[k - 1 : k - 1 + m]) & _M32
            valid = np.flatnonzero(room[:m] >= k)
            mixed = ((h[valid] ^ np.uint64(k * 0x5BD1E995 & 0xFFFFFFFF)) * _GOLDEN) & _M32
            r_parts.append(owner[valid])
            c_parts.append((mixed >> np.uint64(32 - self.bits)).astype(np.int64) & self.mask)
        return (
            np.concatenate(r_parts).astype(np.int64, copy=False),
            np.concatenate(c_parts).astype(np.int64, copy=False),
        )

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


# ---------------------------------------------------------------------------------------------- context
# Per-token context features of the contextual linear model: neighbour identities and word bigrams.
CONTEXT_TEMPLATES = ("P1", "N1", "P1C", "CN1", "P2", "N2", "P1N1")
_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_K3 = np.uint64(0x165667B19E3779F9)
BOUNDARY_HASH = np.uint64(0xB0B0B0B0)  # before the first / after the last token of a post


def _combine(a: np.ndarray, b: np.ndarray, salt: int, bits: int) -> np.ndarray:
    x = (a * _K1) ^ (b * _K2 + np.uint64(salt))
    x = (x ^ (x >> np.uint64(29))) * _K3
    return (x >> np.uint64(64 - bits)).astype(np.int64)


def context_indices(h: np.ndarray, post: np.ndarray, bits: int) -> np.ndarray:
    """``(n_tokens, len(CONTEXT_TEMPLATES))`` hashed feature indices in ``[0, 2**bits)``.

    ``h``: a uint64 hash per token (its lower-cased word hash, or a constant for its kind);
    ``post``: non-decreasing post index per token. Neighbours outside the post are :data:`BOUNDARY_HASH`.
    """
    n = len(h)
    h = np.asarray(h, dtype=np.uint64)

    def shifted(k: int) -> np.ndarray:
        j = np.arange(n) + k
        jj = np.clip(j, 0, max(n - 1, 0))
        inside = (j >= 0) & (j < n) & (post[jj] == post)
        return np.where(inside, h[jj], BOUNDARY_HASH)

    zero = np.zeros(n, dtype=np.uint64)
    p1, n1, p2, n2 = shifted(-1), shifted(1), shifted(-2), shifted(2)
    cols = [
        _combine(p1, zero, 1, bits),
        _combine(n1, zero, 2, bits),
        _combine(p1, h, 3, bits),
        _combine(h, n1, 4, bits),
        _combine(p2, zero, 5, bits),
        _combine(n2, zero, 6, bits),
        _combine(p1, n1, 7, bits),
    ]
    return np.stack(cols, axis=1) if n else np.zeros((0, len(cols)), dtype=np.int64)
