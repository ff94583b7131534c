"""Features for the target-aware linear stance model.

A post becomes one sparse row: hashed word n-grams and character n-grams (TF-IDF) of its normalized,
romanized, script-unified text, a few dense lexicon cues (sentiment, negation in Hindi and English) and
text x target cues (how much of the target's text the post mentions). Hashing keeps the featurizer
stateless apart from its IDF arrays, so a saved model is a JSON config plus arrays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from nlp_social.stance.lexicon import Lexicon, squash
from nlp_social.stance.render import get_romanizer, romanize_text
from nlp_social.text import patterns as P

_URL = P.URL_LOOSE
_USER = re.compile(r"@\w+")
_URL_PLACEHOLDER = re.compile(r"<url>", re.IGNORECASE)
_ASPIRATE = re.compile(r"([bdgjkpt])h")
_TOKEN = re.compile(rf"#?[\w{P.DEVA_BLOCK}']+|[!?]")


@dataclass
class FeatureConfig:
    """Options of :class:`StanceFeaturizer` (saved with the model)."""

    word_ngram_max: int = 2
    char_ngram_min: int = 2
    char_ngram_max: int = 5
    word_bits: int = 18
    char_bits: int = 19
    lexicon: bool = True
    target_cues: bool = True
    romanizer: str = "translit"  # translit (the shipped transliterator: loads or raises) | rules
    squash_words: bool = True  # spelling-tolerant word keys (sarkaar/sarkar)
    fold_aspirates: bool = False  # bh->b, dh->d, ...: the romanizer's "notebhandi" meets typed "notebandi"
    extra_dense: int = 0  # columns added by the caller (e.g. transferred Hinglish sentiment probabilities)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> FeatureConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class StanceFeaturizer:
    """Text + target -> sparse feature rows. ``fit`` learns only the IDF weights."""

    def __init__(self, config: FeatureConfig, normalizer, lexicon: Lexicon | None) -> None:
        self.config = config
        self.normalizer = normalizer
        self.lexicon = lexicon
        self.idf_word_: np.ndarray | None = None
        self.idf_char_: np.ndarray | None = None

    # ------------------------------------------------------------------ text preparation
    def prepare(self, text: str) -> list[str]:
        """Normalized, romanized tokens (URLs and @users replaced by placeholders).

        Script unification is done here by romanizing Devanagari with the deterministic rules (most
        Hinglish training text is romanized) and, for word features, by spelling-squashed keys. The
        language layer's ``lang.unify.text_keys`` is not used: it depends on other shipped models, so a saved
        stance model would change its predictions whenever those are retrained.
        """
        text = self.normalizer.normalize(str(text))
        text = _URL_PLACEHOLDER.sub(" URL ", _URL.sub(" URL ", text))
        text = _USER.sub(" @USER ", text)
        text = romanize_text(text, get_romanizer(self.config.romanizer))
        toks = _TOKEN.findall(text.lower())
        out: list[str] = []
        for t in toks:
            if t.startswith("#") and len(t) > 1:
                out.append(t)  # the hashtag itself is a strong cue; its word goes in too
                t = t[1:]
            out.append(t)
        return out

    def _fold(self, token: str) -> str:
        if self.config.fold_aspirates and token.isascii():
            return _fold_aspirates(token)
        return token

    def _word_docs(self, token_lists: Sequence[list[str]]) -> list[str]:
        if self.config.squash_words:
            return [" ".join(self._fold(squash(t) or t) for t in toks) for toks in token_lists]
        return [" ".join(self._fold(t) for t in toks) for toks in token_lists]

    def _char_docs(self, token_lists: Sequence[list[str]]) -> list[str]:
        return [" ".join(self._fold(t) for t in toks) for toks in token_lists]

    @property
    def n_dense(self) -> int:
        return (
            (Lexicon.N_FEATURES if self.config.lexicon else 0)
            + (3 if self.config.target_cues else 0)
            + self.config.extra_dense
        )

    @property
    def dim(self) -> int:
        """Columns of one base block: words, chars, dense cues, a bias."""
        return 2**self.config.word_bits + 2**self.config.char_bits + self.n_dense + 1

    def _hashers(self) -> tuple[HashingVectorizer, HashingVectorizer]:
        c = self.config
        word = HashingVectorizer(
            n_features=2**c.word_bits,
            analyzer="word",
            tokenizer=str.split,
            token_pattern=None,
            lowercase=False,
            ngram_range=(1, c.word_ngram_max),
            alternate_sign=False,
            norm=None,
        )
        char = HashingVectorizer(
            n_features=2**c.char_bits,
            analyzer="char_wb",
            lowercase=False,
            ngram_range=(c.char_ngram_min, c.char_ngram_max),
            alternate_sign=False,
            norm=None,
        )
        return word, char

    def _counts(self, token_lists: Sequence[list[str]]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        word, char = self._hashers()
        w = word.transform(self._word_docs(token_lists)).tocsr()
        c = char.transform(self._char_docs(token_lists)).tocsr()
        return w, c

    @staticmethod
    def _idf(counts: sp.csr_matrix) -> np.ndarray:
        n = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        return (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float32)

    @staticmethod
    def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
        x = counts.astype(np.float32)
        x.data = np.log1p(x.data)  # sublinear tf
        x = x.multiply(idf[None, :]).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.diags(1.0 / norms) @ x

    def fit(self, token_lists: Sequence[list[str]]) -> StanceFeaturizer:
        w, c = self._counts(token_lists)
        self.idf_word_, self.idf_char_ = self._idf(w), self._idf(c)
        return self

    def char_vectors(self, strings: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF character n-gram vectors (used for target similarity)."""
        _, char = self._hashers()
        return self._tfidf(
            char.transform(self._char_docs([self.prepare(s) for s in strings])).tocsr(), self.idf_char_
        )

    def _target_cues(self, toks: list[str], target_toks: list[str]) -> list[float]:
        keys = {squash(t)[:5] for t in toks if len(t) > 2}
        tkeys = [squash(t)[:5] for t in target_toks if len(t) > 2]
        if not tkeys:
            return [0.0, 0.0, 0.0]
        hits = sum(k in keys for k in tkeys)
        hashtag = any(t.startswith("#") and squash(t[1:])[:5] in tkeys for t in toks)
        return [hits / len(tkeys), float(hits > 0), float(hashtag)]

    def transform(
        self,
        token_lists: Sequence[list[str]],
        target_token_lists: Sequence[list[str]],
        extra: np.ndarray | None = None,
    ) -> sp.csr_matrix:
        """Base feature rows ``(n, dim)``; ``extra`` is ``(n, extra_dense)``."""
        w, c = self._counts(token_lists)
        blocks = [self._tfidf(w, self.idf_word_), self._tfidf(c, self.idf_char_)]
        dense = []
        for i, (toks, ttoks) in enumerate(zip(token_lists, target_token_lists, strict=True)):
            row: list[float] = []
            if self.config.lexicon:
                row.extend(self.lexicon.features(toks).tolist())
            if self.config.target_cues:
                row.extend(self._target_cues(toks, ttoks))
            if self.config.extra_dense:
                row.extend(extra[i].tolist())
            row.append(1.0)  # bias column: per-target copies of it are per-target intercepts
            dense.append(row)
        blocks.append(sp.csr_matrix(np.asarray(dense, dtype=np.float32)))
        return sp.hstack(blocks, format="csr", dtype=np.float32)


@lru_cache(maxsize=1 << 18)
def _fold_aspirates(token: str) -> str:
    # Cached: the same tokens recur across a corpus, and this runs once per token per feature block.
    return _ASPIRATE.sub(r"\1", token)
