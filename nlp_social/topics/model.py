"""``TopicModel``: embed -> reduce -> cluster -> vectorize -> represent, with pluggable stages.

The class only orchestrates fitting, prediction and topic bookkeeping. Plotting (:mod:`.plots`),
saving/loading (:mod:`.io`), evaluation (:mod:`.evaluate`), topics over time / per class
(:mod:`.over_time`) and the topic hierarchy (:mod:`.hierarchy`) are functions that take a fitted model.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nlp_social.errors import InputError, NlpSocialError
from nlp_social.model_folder import model_loader
from nlp_social.topics.cluster import HDBSCANClusterer, KMeansClusterer, _l2
from nlp_social.topics.embedders import LexicalEmbedder, resolve_embedder
from nlp_social.topics.reduce import PCAReducer
from nlp_social.topics.represent import CTfidfRepresentation
from nlp_social.topics.vectorize import TopicVectorizer

# The defaults, chosen by mean NMI over three declared selection parts (BBC Hindi and Hinglish-TOP train
# samples, the even XQuAD-hi articles; 3 seeds) with ``experiments/topics_select.py``: 48 PCA dims keep
# many-topic Devanagari corpora apart (10 dims merged them), the lexical channel at weight 1 brings the
# corpus' own words, and k is chosen on the first 12 dims, where silhouette still peaks.
DEFAULT_REDUCER_DIMS = 48
DEFAULT_SELECT_DIMS = 12
DEFAULT_LEXICAL_WEIGHT = 1.0


def _check_docs(docs: Sequence[str]) -> list[str]:
    if isinstance(docs, str):
        raise InputError("expected a list of documents, got one string", field="docs")
    out = list(docs)
    for i, d in enumerate(out):
        if not isinstance(d, str):
            raise InputError(f"document {i} is {type(d).__name__}, not str", field="docs")
    return out


class TopicModel:
    """Topic model for Hindi / English / Hinglish posts.

    Parameters
    ----------
    embedder: ``"default"`` (the shipped multilingual embedder combined with a corpus-fitted lexical LSA
        embedder; lexical only when no shipped embedder is installed), ``"lexical"``, a spec for
        :func:`nlp_social.embed.load_embedder` (``"e5"``, a local path) or any object with ``encode``.
    lexical_weight: weight of the *lexical channel*, a corpus-fitted LSA embedding (TF-IDF over script-unified
        terms and character trigrams, :class:`~.embedders.LexicalEmbedder`) concatenated to the embeddings
        before reduction; it brings in the corpus' own vocabulary. 0 turns it off; unused when the embedder is
        itself lexical.
    reducer: a reducer stage (default :class:`~.reduce.PCAReducer` to 48 dims); ``Stage()`` for none.
    clusterer: a clusterer stage (default :class:`~.cluster.KMeansClusterer` with k chosen by silhouette on
        the first 12 of those dims);
        :class:`~.cluster.HDBSCANClusterer` and :class:`~.cluster.AgglomerativeClusterer` plug in the same way.
    vectorizer: the term vectorizer (default :class:`~.vectorize.TopicVectorizer`).
    representation: default :class:`~.represent.CTfidfRepresentation`.
    n_topics: ``"auto"`` (the clusterer decides), or an int to merge down to after clustering.
    outliers: ``"reassign"`` (outliers join the nearest topic when cosine >= ``outlier_threshold``) or ``"keep"``.
    outlier_threshold: -1 (default) reassigns every outlier, so every post gets a topic; in the 48-dim
        reduced space a post can have negative cosine to every centroid, which a threshold of 0 left out.
    random_state: seeds every stage; identical input gives identical topics.
    """

    def __init__(
        self,
        embedder: Any = "default",
        lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
        reducer: Any = None,
        clusterer: Any = None,
        vectorizer: Any = None,
        representation: Any = None,
        n_topics: int | str = "auto",
        outliers: str = "reassign",
        outlier_threshold: float = -1.0,
        n_representative: int = 3,
        random_state: int = 0,
        verbose: bool = False,
    ):
        self.embedder = embedder
        self.lexical_weight = lexical_weight
        self.reducer = reducer
        self.clusterer = clusterer
        self.vectorizer = vectorizer
        self.representation = representation
        self.n_topics = n_topics
        self.outliers = outliers
        self.outlier_threshold = outlier_threshold
        self.n_representative = n_representative
        self.random_state = random_state
        self.verbose = verbose

    def get_params(self) -> dict[str, Any]:
        return {
            "lexical_weight": self.lexical_weight,
            "n_topics": self.n_topics,
            "outliers": self.outliers,
            "outlier_threshold": self.outlier_threshold,
            "n_representative": self.n_representative,
            "random_state": self.random_state,
        }

    # ------------------------------------------------------------------------------------------
    def _log(self, msg: str) -> None:
        if self.verbose:
            print(f"[topics {time.strftime('%H:%M:%S')}] {msg}", flush=True)

    def _default_clusterer(self, n: int) -> Any:
        return KMeansClusterer(n_clusters="auto", select_dims=DEFAULT_SELECT_DIMS, random_state=self.random_state)

    def fit(self, docs: Sequence[str], embeddings: np.ndarray | None = None, y: Any = None) -> TopicModel:
        """Learn topics from ``docs`` (optionally with precomputed ``embeddings`` of shape ``(n, d)``)."""
        docs = _check_docs(docs)
        if len(docs) < 2:
            raise InputError(f"need at least 2 documents to find topics, got {len(docs)}", field="docs")
        rs = self.random_state
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        if embeddings is not None:
            emb = np.asarray(embeddings, dtype=np.float32)
            if emb.ndim != 2 or len(emb) != len(docs):
                raise InputError(
                    f"embeddings shape {emb.shape} does not match {len(docs)} documents", field="embeddings"
                )
            self.embedder_ = (
                None
                if isinstance(self.embedder, str) or self.embedder is None
                else resolve_embedder(self.embedder, rs)
            )
        else:
            self.embedder_ = resolve_embedder(self.embedder, rs)
            if hasattr(self.embedder_, "fit_encode"):
                self._log(f"fitting embedder {type(self.embedder_).__name__}")
                emb = np.asarray(self.embedder_.fit_encode(docs), dtype=np.float32)
            else:
                if hasattr(self.embedder_, "fit") and getattr(self.embedder_, "spec", None) is None:
                    self.embedder_.fit(docs)
                self._log("embedding")
                emb = np.asarray(self.embedder_.encode(docs), dtype=np.float32)
        self.lexical_ = None
        if self.lexical_weight > 0 and not isinstance(self.embedder_, LexicalEmbedder):
            self._log("fitting the lexical channel")
            self.lexical_ = LexicalEmbedder(random_state=rs)
            lex = self.lexical_.fit_encode(docs)
            emb = np.hstack([_l2(emb), np.sqrt(self.lexical_weight) * lex]).astype(np.float32)
        timings["embed"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        self.reducer_ = (self.reducer if self.reducer is not None
                         else PCAReducer(n_components=DEFAULT_REDUCER_DIMS, random_state=rs))
        Z = np.asarray(self.reducer_.fit_transform(emb), dtype=np.float32)
        timings["reduce"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        self.clusterer_ = self.clusterer if self.clusterer is not None else self._default_clusterer(len(docs))
        self.clusterer_.fit(Z)
        raw = np.asarray(self.clusterer_.labels_, dtype=np.int64)
        n_clusters = int(self.clusterer_.n_clusters_)
        self.mapping_ = np.arange(n_clusters, dtype=np.int64)
        timings["cluster"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        self.vectorizer_ = self.vectorizer if self.vectorizer is not None else TopicVectorizer()
        self.vectorizer_.fit(docs)
        doc_term = self.vectorizer_.transform(docs)
        self.representation_ = (
            self.representation if self.representation is not None else CTfidfRepresentation()
        )
        timings["vectorize"] = time.perf_counter() - t0

        # in-memory only (not saved): what merging, outlier reduction and plots need from this fit
        self._Z = Z
        self._doc_term = doc_term
        self._docs = docs
        self.centroids_ = np.asarray(self.clusterer_.centroids_, np.float32).copy()
        topics = raw.copy()
        if self.outliers == "reassign":
            topics = self._reassign(topics, Z)
        self._set_topics(topics)
        if isinstance(self.n_topics, int) and self.n_topics < self.n_topics_:
            self.reduce_topics(self.n_topics)
        self.timings_ = timings
        return self

    def fit_transform(
        self, docs: Sequence[str], embeddings: np.ndarray | None = None, y: Any = None
    ) -> tuple[np.ndarray, np.ndarray]:
        self.fit(docs, embeddings)
        return self.topics_.copy(), self.probabilities_.copy()

    def _features(self, docs: list[str], emb: np.ndarray) -> np.ndarray:
        if getattr(self, "lexical_", None) is None:
            return emb
        lex = self.lexical_.encode(docs)
        return np.hstack([_l2(emb), np.sqrt(self.lexical_weight) * lex]).astype(np.float32)

    # topic bookkeeping ---------------------------------------------------------------------------
    def _reassign(self, topics: np.ndarray, Z: np.ndarray) -> np.ndarray:
        out = topics.copy()
        idx = np.flatnonzero(out == -1)
        if len(idx) and len(self.centroids_):
            sims = _l2(Z[idx]) @ self.centroids_.T
            best = np.argmax(sims, axis=1)
            ok = sims[np.arange(len(idx)), best] >= self.outlier_threshold
            out[idx[ok]] = best[ok]
        return out

    def _probabilities(self, Z: np.ndarray, topics: np.ndarray) -> np.ndarray:
        if not len(self.centroids_):
            return np.zeros(len(topics), np.float32)
        sims = _l2(Z) @ self.centroids_.T
        p = np.exp((sims - sims.max(axis=1, keepdims=True)) / 0.05)
        p /= p.sum(axis=1, keepdims=True)
        out = np.where(topics >= 0, p[np.arange(len(topics)), np.maximum(topics, 0)], 0.0)
        return out.astype(np.float32)

    def _set_topics(self, topics: np.ndarray) -> None:
        """Set ``topics_`` and recompute counts, centroids, words and representative posts."""
        topics = np.asarray(topics, np.int64)
        self.topics_ = topics
        ids = sorted(int(t) for t in np.unique(topics))
        self.topic_ids_ = ids
        n_docs = len(topics)
        rows = np.searchsorted(ids, topics)
        ind = sp.csr_matrix(
            (np.ones(n_docs, np.float32), (rows, np.arange(n_docs))), shape=(len(ids), n_docs)
        )
        counts = sp.csr_matrix(ind @ self._doc_term)
        counts.sort_indices()  # canonical form, so no later operation reorders it in place
        self.topic_term_counts_ = counts
        self.topic_sizes_ = {t: int((topics == t).sum()) for t in ids}
        self.probabilities_ = self._probabilities(self._Z, topics)
        self._represent()
        reps: dict[int, list[str]] = {}
        Zn = _l2(self._Z)
        for t in ids:
            members = np.flatnonzero(topics == t)
            if t >= 0 and t < len(self.centroids_):
                sims = Zn[members] @ self.centroids_[t]
                members = members[np.argsort(-sims, kind="stable")]
            seen: list[str] = []
            for i in members:
                if self._docs[i] not in seen:
                    seen.append(self._docs[i])
                if len(seen) >= self.n_representative:
                    break
            reps[t] = seen
        self.representative_docs_ = reps

    def _represent(self) -> None:
        self.topic_repr_ = self.representation_.represent(
            self.topic_term_counts_, self.topic_ids_, self.vectorizer_
        )

    @property
    def n_topics_(self) -> int:
        """Number of topics (the outlier topic ``-1`` not counted)."""
        return sum(1 for t in self.topic_ids_ if t >= 0)

    def _check_fitted(self) -> None:
        if not hasattr(self, "topic_repr_"):
            raise NlpSocialError("this TopicModel is not fitted yet: call fit(docs) or TopicModel.load(dir)")

    # prediction ----------------------------------------------------------------------------------
    def _embed(self, docs: list[str], embeddings: np.ndarray | None) -> np.ndarray:
        if embeddings is not None:
            return np.asarray(embeddings, np.float32)
        if self.embedder_ is None:
            raise InputError(
                "this model was fitted on precomputed embeddings: pass embeddings= to transform",
                field="embeddings",
            )
        return np.asarray(self.embedder_.encode(docs), np.float32)

    def transform(
        self, docs: Sequence[str], embeddings: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Assign topics to new documents: ``(topics, probabilities)`` (probability of the assigned topic)."""
        self._check_fitted()
        docs = _check_docs(docs)
        Z = np.asarray(
            self.reducer_.transform(self._features(docs, self._embed(docs, embeddings))), np.float32
        )
        raw = np.asarray(self.clusterer_.predict(Z), np.int64)
        topics = np.where(raw >= 0, self.mapping_[np.maximum(raw, 0)], -1) if len(self.mapping_) else raw
        if self.outliers == "reassign":
            topics = self._reassign(topics, Z)
        return topics.astype(np.int64), self._probabilities(Z, topics)

    def reduced_embeddings(self, docs: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """The reducer's output for ``docs`` (what the clusterer sees)."""
        docs = _check_docs(docs)
        return np.asarray(
            self.reducer_.transform(self._features(docs, self._embed(docs, embeddings))), np.float32
        )

    # merging -------------------------------------------------------------------------------------
    def merge_topics(self, groups: Sequence[Sequence[int]]) -> TopicModel:
        """Merge each group of topic ids into one topic; topics are then renumbered by size."""
        self._check_fitted()
        self._require_fit_data("merge_topics")
        target = {t: t for t in self.topic_ids_}
        for g in groups:
            g = sorted(int(t) for t in g)
            keep = min(t for t in g if t >= 0) if any(t >= 0 for t in g) else -1
            for t in g:
                if t not in target:
                    raise InputError(f"unknown topic id {t}; known: {self.topic_ids_}", field="groups")
                target[t] = keep
        topics = np.array([target[int(t)] for t in self.topics_], np.int64)
        # renumber by size (desc), ties by old id; centroids are size-weighted means of the merged ones
        kept = sorted({t for t in target.values() if t >= 0}, key=lambda t: (-int((topics == t).sum()), t))
        new_id = {t: i for i, t in enumerate(kept)}
        old_sizes = np.array([self.topic_sizes_.get(t, 0) for t in range(len(self.centroids_))], np.float32)
        cent = np.zeros((len(kept), self.centroids_.shape[1]), np.float32)
        for old in range(len(self.centroids_)):
            tgt = target.get(old, old)
            if tgt >= 0:
                cent[new_id[tgt]] += old_sizes[old] * self.centroids_[old]
        self.centroids_ = _l2(cent)
        self.mapping_ = np.array(
            [
                new_id[target.get(int(m), int(m))] if target.get(int(m), int(m)) >= 0 else -1
                for m in self.mapping_
            ],
            np.int64,
        )
        topics = np.array([new_id[t] if t >= 0 else -1 for t in topics], np.int64)
        self._set_topics(topics)
        return self

    def reduce_topics(self, n_topics: int) -> TopicModel:
        """Merge the smallest topic into its most similar one (centroid cosine) until ``n_topics`` remain."""
        self._check_fitted()
        while self.n_topics_ > max(1, int(n_topics)):
            sizes = [(self.topic_sizes_[t], -t) for t in self.topic_ids_ if t >= 0]
            smallest = -min(sizes)[1]
            sims = self.centroids_ @ self.centroids_[smallest]
            sims[smallest] = -np.inf
            self.merge_topics([[smallest, int(np.argmax(sims))]])
        return self

    def reduce_outliers(self, threshold: float = 0.0) -> TopicModel:
        """Move fitted outliers (-1) to their nearest topic when cosine >= ``threshold``."""
        self._check_fitted()
        self._require_fit_data("reduce_outliers")
        old = self.outlier_threshold
        self.outlier_threshold = threshold
        try:
            self._set_topics(self._reassign(self.topics_, self._Z))
        finally:
            self.outlier_threshold = old
        return self

    def _require_fit_data(self, what: str) -> None:
        if getattr(self, "_Z", None) is None:
            raise NlpSocialError(
                f"{what} needs the training documents: it works on a model fitted in this session"
            )

    # inspection ----------------------------------------------------------------------------------
    def get_topic(self, topic: int, script: str | None = None) -> list[tuple[str, float]]:
        """Top words of ``topic`` with c-TF-IDF scores; ``script="deva"``/``"latn"`` shows one script."""
        self._check_fitted()
        if topic not in self.topic_repr_:
            raise InputError(f"unknown topic id {topic}; known: {self.topic_ids_}", field="topic")
        r = self.topic_repr_[topic]
        key = {"deva": "words_deva", "latn": "words_latn"}.get(script or "", "words")
        return [(w, s) for w, s in zip(r[key], r["scores"], strict=False)]

    def get_topic_label(self, topic: int) -> str:
        return self.topic_repr_[topic]["label"]

    def get_topic_info(self) -> pd.DataFrame:
        """One row per topic: Topic, Count, Name, Words, Words_deva, Words_latn, Langs, Representative_Docs.

        ``Words`` are in their own script; ``Words_deva`` / ``Words_latn`` hold each word's form in that script
        (``""`` for an English word the corpus never wrote in Devanagari); ``Langs`` the LID language of each.
        """
        self._check_fitted()
        rows = []
        for t in self.topic_ids_:
            r = self.topic_repr_[t]
            rows.append(
                {
                    "Topic": t,
                    "Count": self.topic_sizes_.get(t, 0),
                    "Name": r["label"],
                    "Words": r["words"],
                    "Words_deva": r["words_deva"],
                    "Words_latn": r["words_latn"],
                    "Langs": r.get("langs", [""] * len(r["words"])),
                    "Representative_Docs": self.representative_docs_.get(t, []),
                }
            )
        return pd.DataFrame(rows)

    def get_document_info(self, docs: Sequence[str], embeddings: np.ndarray | None = None) -> pd.DataFrame:
        topics, probs = self.transform(docs, embeddings)
        return pd.DataFrame(
            {
                "Document": list(docs),
                "Topic": topics,
                "Name": [self.topic_repr_.get(int(t), {}).get("label", str(t)) for t in topics],
                "Probability": probs,
            }
        )

    # persistence (implemented in .io) --------------------------------------------------------------
    def save(self, path: str) -> None:
        """Save as a folder of JSON + npz (no pickle); see :func:`nlp_social.topics.io.save_model`."""
        from nlp_social.topics.io import save_model  # deferred: topics.io imports this module (a cycle)

        save_model(self, path)

    @classmethod
    @model_loader("topic model")
    def load(cls, path: str, embedder: Any = None) -> TopicModel:
        """Load a folder written by :meth:`save` (``embedder=`` for models fitted with a custom embedder)."""
        from nlp_social.topics.io import load_model  # deferred: topics.io imports this module (a cycle)

        return load_model(path, embedder=embedder)


__all__ = ["TopicModel", "HDBSCANClusterer", "KMeansClusterer"]
