"""Embedding stage: documents -> dense float32 vectors.

Contract: ``encode(texts) -> (n, dim) float32`` (the :class:`nlp_social.embed.base.Embedder` contract);
corpus-fitted embedders also have ``fit(texts)``. :class:`LexicalEmbedder` is also the model's *lexical
channel*: fitted on the corpus and concatenated to pretrained embeddings (``TopicModel(lexical_weight=...)``). Pretrained embedders are saved by their *spec*
(``"default"``, ``"e5"``, a local model path), so a saved topic model reloads them by name; fitted ones
(:class:`LexicalEmbedder`) save their arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from nlp_social.errors import DataNotFoundError
from nlp_social.topics.base import Stage, register_stage
from nlp_social.topics.vectorize import TopicVectorizer


def _l2(X: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (X / norms).astype(np.float32)


@register_stage
class LexicalEmbedder(Stage):
    """Corpus-fitted LSA embedder: TF-IDF over script-unified terms (+ character n-grams) -> truncated SVD.

    Needs no model files, is fast on 100k+ posts, and captures the corpus' own vocabulary (brand names,
    hashtags, domain words) that a general sentence encoder smooths away.
    """

    def __init__(self, n_components: int = 100, max_features: int = 20_000, char_ngrams: bool = True,
                 random_state: int = 0):
        self.n_components = n_components
        self.max_features = max_features
        self.char_ngrams = char_ngrams
        self.random_state = random_state

    name = "lexical-lsa"

    def get_params(self) -> dict[str, Any]:
        return {"n_components": self.n_components, "max_features": self.max_features,
                "char_ngrams": self.char_ngrams, "random_state": self.random_state}

    @property
    def dim(self) -> int:
        return int(self.components_.shape[0])

    def _terms(self, doc: str) -> list[str]:
        keys = self.vectorizer_.analyze(doc)
        if not self.char_ngrams:
            return keys
        grams = []
        for k in keys:
            w = f"<{k}>"
            grams.extend(w[i : i + 3] for i in range(len(w) - 2))
        return keys + grams

    def _counts(self, docs: Sequence[str], terms: list[list[str]] | None = None) -> sp.csr_matrix:
        index = self.index_
        indptr, cols = [0], []
        for i in range(len(docs)):
            for t in terms[i] if terms is not None else self._terms(docs[i]):
                j = index.get(t)
                if j is not None:
                    cols.append(j)
            indptr.append(len(cols))
        X = sp.csr_matrix((np.ones(len(cols), np.float32), np.asarray(cols, np.int64), np.asarray(indptr)),
                          shape=(len(docs), len(index)))
        X.sum_duplicates()
        return X

    def fit(self, docs: Sequence[str], y: Any = None) -> LexicalEmbedder:
        self.fit_encode(docs)
        return self

    def fit_encode(self, docs: Sequence[str]) -> np.ndarray:
        """Fit on ``docs`` and return their embeddings (tokenizes the corpus once)."""
        from collections import Counter

        from sklearn.decomposition import TruncatedSVD

        self.vectorizer_ = TopicVectorizer(min_df=1, max_df=1.0, max_features=None, tag_languages=False)
        self.vectorizer_._setup()
        terms = [self._terms(doc) for doc in docs]
        df: Counter[str] = Counter()
        for ts in terms:
            df.update(set(ts))
        kept = sorted((t for t, c in df.items() if c >= 2 and c <= 0.5 * len(docs)), key=lambda t: (-df[t], t))
        vocab = sorted(kept[: self.max_features])
        self.index_ = {t: i for i, t in enumerate(vocab)}
        self.vocabulary_ = vocab
        n = len(docs)
        self.idf_ = np.array([np.log((1 + n) / (1 + df[t])) + 1 for t in vocab], dtype=np.float32)
        X = self._tfidf(self._counts(docs, terms))
        k = max(1, min(self.n_components, X.shape[1] - 1, X.shape[0] - 1))
        svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=self.random_state)
        svd.fit(X)
        self.components_ = svd.components_.astype(np.float32)
        return _l2(np.asarray(X @ self.components_.T))

    def _tfidf(self, C: sp.csr_matrix) -> sp.csr_matrix:
        C = C.astype(np.float32)
        C.data = 1.0 + np.log(C.data)  # sublinear tf
        C = C.multiply(self.idf_[None, :]).tocsr()
        norms = np.sqrt(np.asarray(C.multiply(C).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        return sp.diags(1.0 / norms) @ C

    def encode(self, texts: Sequence[str], batch_size: int = 4096, show_progress: bool = False) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), np.float32)
        X = self._tfidf(self._counts(texts))
        return _l2(np.asarray(X @ self.components_.T))

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return {"vocabulary": self.vocabulary_}, {"idf": self.idf_, "components": self.components_}

    def set_state(self, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> LexicalEmbedder:
        self.vectorizer_ = TopicVectorizer(min_df=1, max_df=1.0, max_features=None, tag_languages=False)
        self.vocabulary_ = list(config["vocabulary"])
        self.index_ = {t: i for i, t in enumerate(self.vocabulary_)}
        self.idf_ = np.asarray(arrays["idf"], np.float32)
        self.components_ = np.asarray(arrays["components"], np.float32)
        return self


@register_stage
class PretrainedEmbedder(Stage):
    """A named embedder from :func:`nlp_social.embed.load_embedder` (``"default"``, ``"e5"``, a local path)."""

    def __init__(self, spec: str = "default", batch_size: int = 256):
        self.spec = spec
        self.batch_size = batch_size

    def get_params(self) -> dict[str, Any]:
        return {"spec": self.spec, "batch_size": self.batch_size}

    @property
    def model(self):
        if getattr(self, "_model", None) is None:
            self._model = load_pretrained(self.spec)
        return self._model

    @property
    def name(self) -> str:
        return getattr(self.model, "name", self.spec)

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def encode(self, texts: Sequence[str], batch_size: int | None = None, show_progress: bool = False) -> np.ndarray:
        out = self.model.encode(list(texts), batch_size=batch_size or self.batch_size, show_progress=show_progress)
        return np.asarray(out, dtype=np.float32)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts)


def load_pretrained(spec: str):
    """``nlp_social.embed.load_embedder(spec)``; raises MissingDependencyError/DataNotFoundError when absent."""
    try:
        from nlp_social.embed import load_embedder  # type: ignore[attr-defined]
    except ImportError:
        load_embedder = None
    if load_embedder is None:
        raise DataNotFoundError(
            f"embedder {spec!r} is not available: nlp_social.embed.load_embedder is missing in this install"
        )
    return load_embedder(None if spec == "default" else spec)


def default_embedder_available() -> bool:
    """True when the shipped default embedder is installed; a damaged one raises (it is never skipped)."""
    from nlp_social.errors import DataNotFoundError, MissingDependencyError

    try:
        load_pretrained("default")
    except (DataNotFoundError, MissingDependencyError):
        return False
    return True


class _Wrapped(Stage):
    """Adapter for a user object with only ``encode`` (not saveable by value; saved by ``name``)."""

    def __init__(self, embedder: Any):
        self.embedder = embedder

    def encode(self, texts: Sequence[str], batch_size: int = 256, show_progress: bool = False) -> np.ndarray:
        return np.asarray(self.embedder.encode(list(texts)), dtype=np.float32)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts)


def resolve_embedder(embedder: Any, random_state: int = 0) -> Any:
    """``"default"`` -> the shipped default embedder (:class:`LexicalEmbedder` when it is not installed);
    ``"lexical"``; any other string -> :class:`PretrainedEmbedder`; objects are used as they are."""
    if embedder is None or embedder == "default":
        if default_embedder_available():
            return PretrainedEmbedder("default")
        return LexicalEmbedder(random_state=random_state)
    if embedder == "lexical":
        return LexicalEmbedder(random_state=random_state)
    if isinstance(embedder, str):
        return PretrainedEmbedder(embedder)
    if hasattr(embedder, "encode") and not hasattr(embedder, "get_state"):
        return _Wrapped(embedder)
    return embedder
