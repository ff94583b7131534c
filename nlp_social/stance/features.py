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
from nlp_social.stance.ngrams import NgramCounter
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
        self._ngrams: NgramCounter | None = None
        # per distinct token / Devanagari word, kept across calls (bounded): the same words recur
        self._keys: dict[str, tuple[str, str, str | None, str | None]] = {}
        self._roman: dict[str, str] = {}

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
        text = romanize_text(text, self._to_latn)
        toks = _TOKEN.findall(text.lower())
        out: list[str] = []
        for t in toks:
            if t.startswith("#") and len(t) > 1:
                out.append(t)  # the hashtag itself is a strong cue; its word goes in too
                t = t[1:]
            out.append(t)
        return out

    def _to_latn(self, word: str) -> str:
        """The romanizer's output for a Devanagari word, cached per word across calls."""
        out = self._roman.get(word)
        if out is None:
            if len(self._roman) > _MAX_CACHED_TOKENS:
                self._roman.clear()
            out = self._roman[word] = get_romanizer(self.config.romanizer)(word)
        return out

    def _fold(self, token: str) -> str:
        if self.config.fold_aspirates and token.isascii():
            return _fold_aspirates(token)
        return token

    def _token_key(self, t: str) -> tuple[str, str, str | None, str | None]:
        """(word key, char key, target-cue key or None, hashtag cue key or None) of a token."""
        c = self._fold(t)
        w = self._fold(squash(t) or t) if self.config.squash_words else c
        cue = squash(t)[:5] if len(t) > 2 else None
        tag = squash(t[1:])[:5] if t.startswith("#") else None
        return w, c, cue, tag

    def _token_keys(
        self, token_lists: Sequence[list[str]]
    ) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[set[str], list[str]]]]:
        """Per doc, the word keys (spelling-squashed, folded), char keys (folded) of its tokens and its
        :meth:`cue_keys`; computed once per distinct token, kept across calls (bounded)."""
        keys = self._keys
        if len(keys) > _MAX_CACHED_TOKENS:
            keys.clear()
        make = self._token_key
        words, chars, cues = [], [], []
        for toks in token_lists:
            ks = [keys.get(t) or keys.setdefault(t, make(t)) for t in toks]
            if not ks:
                words.append(())
                chars.append(())
                cues.append((set(), []))
                continue
            wd, cd, cue, tag = zip(*ks, strict=True)  # C-speed transposition of the cached tuples
            cue_set = set(cue)
            cue_set.discard(None)
            words.append(wd)
            chars.append(cd)
            cues.append((cue_set, [x for x in tag if x is not None]))
        return words, chars, cues

    def _word_docs(self, token_lists: Sequence[list[str]]) -> list[str]:
        # the docs the word hasher reads (``_counts`` gives their counts without joining them)
        return [" ".join(d) for d in self._token_keys(token_lists)[0]]

    def _char_docs(self, token_lists: Sequence[list[str]]) -> list[str]:
        return [" ".join(d) for d in self._token_keys(token_lists)[1]]

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
        return self._counts_and_cues(token_lists)[:2]

    def _counts_and_cues(
        self, token_lists: Sequence[list[str]]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, list[tuple[set[str], list[str]]]]:
        """Hashed word and char n-gram counts, exactly those of the two hashers on the joined keys
        (``_word_docs`` / ``_char_docs``), assembled from per-word columns cached across calls; and the
        posts' :meth:`cue_keys`."""
        if self._ngrams is None:
            self._ngrams = NgramCounter(*self._hashers())
        words, chars, cues = self._token_keys(token_lists)
        return self._ngrams.word_counts(words), self._ngrams.char_counts(chars), cues

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

    @staticmethod
    def cue_keys(toks: list[str]) -> tuple[set[str], list[str]]:
        """What the target cues need of a post: its word keys, and the keys of its hashtags."""
        keys = {squash(t)[:5] for t in toks if len(t) > 2}
        tags = [squash(t[1:])[:5] for t in toks if t.startswith("#")]
        return keys, tags

    @staticmethod
    def target_cue_keys(target_toks: list[str]) -> list[str]:
        return [squash(t)[:5] for t in target_toks if len(t) > 2]

    @staticmethod
    def target_cues(post: tuple[set[str], list[str]], tkeys: list[str]) -> list[float]:
        """Share of the target's words the post mentions, whether any, whether as a hashtag."""
        if not tkeys:
            return [0.0, 0.0, 0.0]
        keys, tags = post
        hits = sum(k in keys for k in tkeys)
        hashtag = any(k in tkeys for k in tags)
        return [hits / len(tkeys), float(hits > 0), float(hashtag)]

    @property
    def n_post_dense(self) -> int:
        """Dense columns that depend on the post alone (the lexicon cues)."""
        return Lexicon.N_FEATURES if self.config.lexicon else 0

    def post_block(
        self, token_lists: Sequence[list[str]]
    ) -> tuple[sp.csr_matrix, list[tuple[set[str], list[str]]]]:
        """The columns of a base row that depend on the post alone (word and char TF-IDF, lexicon cues),
        and each post's :meth:`cue_keys`.

        A post scored toward several targets is featurized once; :meth:`row_block` adds the rest."""
        w, c, cues = self._counts_and_cues(token_lists)
        blocks = [self._tfidf(w, self.idf_word_), self._tfidf(c, self.idf_char_)]
        if self.config.lexicon:
            lex = np.asarray([self.lexicon.features(t) for t in token_lists], dtype=np.float32)
            blocks.append(sp.csr_matrix(lex.reshape(len(token_lists), Lexicon.N_FEATURES)))
        return sp.hstack(blocks, format="csr", dtype=np.float32), cues

    def row_block(
        self,
        cue_keys: Sequence[tuple[set[str], list[str]]],
        target_keys: Sequence[list[str]],
        extra: np.ndarray | None = None,
    ) -> np.ndarray:
        """``(n, n_dense - n_post_dense + 1)`` float32: target cues, ``extra`` columns and the bias."""
        n = len(cue_keys)
        parts = []
        if self.config.target_cues:
            cues = [self.target_cues(p, t) for p, t in zip(cue_keys, target_keys, strict=True)]
            parts.append(np.asarray(cues, dtype=np.float32).reshape(n, 3))
        if self.config.extra_dense:
            parts.append(np.asarray(extra, dtype=np.float32).reshape(n, self.config.extra_dense))
        parts.append(np.ones((n, 1), dtype=np.float32))  # bias: per-target copies are per-target intercepts
        return np.hstack(parts)

    def transform(
        self,
        token_lists: Sequence[list[str]],
        target_token_lists: Sequence[list[str]],
        extra: np.ndarray | None = None,
    ) -> sp.csr_matrix:
        """Base feature rows ``(n, dim)``; ``extra`` is ``(n, extra_dense)``."""
        post, cues = self.post_block(token_lists)
        tkeys = [self.target_cue_keys(t) for t in target_token_lists]
        rows = self.row_block(cues, tkeys, extra)
        return sp.hstack([post, sp.csr_matrix(rows)], format="csr", dtype=np.float32)


_MAX_CACHED_TOKENS = 200_000


@lru_cache(maxsize=1 << 18)
def _fold_aspirates(token: str) -> str:
    # Cached: the same tokens recur across a corpus, and this runs once per token per feature block.
    return _ASPIRATE.sub(r"\1", token)
