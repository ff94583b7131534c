"""Topic-model evaluation: coherence, diversity, agreement with gold labels, cost — with baselines.

- NPMI coherence (Bouma 2009; Lau et al. 2014): for each topic's top ``top_k`` words, the mean over word pairs
  of ``log(p(i,j) / (p(i) p(j))) / -log p(i,j)`` with document-level co-occurrence in a reference corpus
  (the evaluated corpus by default); a pair that never co-occurs scores -1. Each model's words are counted
  with that model's own tokenizer, so a tokenizer that cuts words (``नमस`` for ``नमस्ते``) is judged on the
  tokens it actually produces.
- Topic diversity (Dieng et al. 2020): unique words among all topics' top ``top_k`` / (``top_k`` x topics).
- NMI (arithmetic), ARI, V-measure against gold labels; outliers (-1) count as one more cluster.
- ``outlier_share``: fraction of posts left in topic -1.
- ``deva_whole_share``: of the Devanagari words among the topics' top ``top_k``, the share that are whole words
  of the corpus (tokens of :func:`~nlp_social.topics.tokens.tokenize`, which keeps vowel signs and virama);
  a tokenizer that cuts ``नमस्ते`` to ``नमस`` scores below 1. ``nan`` when no top word is Devanagari.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from nlp_social.topics.embedders import resolve_embedder
from nlp_social.topics.model import TopicModel
from nlp_social.topics.represent import ctfidf
from nlp_social.topics.tokens import script, word_tokens

TOP_K = 10


def npmi_coherence(topic_words: Sequence[Sequence[str]], reference_docs: Sequence[str],
                   analyzer: Callable[[str], list[str]], top_k: int = TOP_K) -> float:
    """Mean NPMI over topics (document-level co-occurrence in ``reference_docs``)."""
    words = sorted({w for ws in topic_words for w in list(ws)[:top_k]})
    if not words:
        return float("nan")
    index = {w: i for i, w in enumerate(words)}
    rows, cols = [], []
    for d, doc in enumerate(reference_docs):
        for j in {index[t] for t in analyzer(doc) if t in index}:
            rows.append(d)
            cols.append(j)
    n = max(len(reference_docs), 1)
    B = sp.csr_matrix((np.ones(len(rows), np.float64), (rows, cols)), shape=(len(reference_docs), len(words)))
    co = (B.T @ B).toarray() / n
    p = np.diag(co).copy()
    scores = []
    for ws in topic_words:
        ids = [index[w] for w in list(ws)[:top_k]]
        vals = []
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                i, j = ids[a], ids[b]
                pij = co[i, j]
                if pij <= 0 or p[i] <= 0 or p[j] <= 0:
                    vals.append(-1.0)
                elif pij >= 1.0:
                    vals.append(1.0)
                else:
                    vals.append(float(np.log(pij / (p[i] * p[j])) / -np.log(pij)))
        if vals:
            scores.append(float(np.mean(vals)))
    return float(np.mean(scores)) if scores else float("nan")


def topic_diversity(topic_words: Sequence[Sequence[str]], top_k: int = TOP_K) -> float:
    tops = [list(ws)[:top_k] for ws in topic_words if len(ws)]
    if not tops:
        return float("nan")
    return len({w for ws in tops for w in ws}) / float(sum(len(ws) for ws in tops))


def deva_whole_share(topic_words: Sequence[Sequence[str]], reference_docs: Sequence[str],
                     top_k: int = TOP_K) -> float:
    """Share of the Devanagari top words that are whole corpus words (see the module docstring)."""
    deva = [w for ws in topic_words for t in list(ws)[:top_k] for w in str(t).split(" ") if script(w) == "deva"]
    if not deva:
        return float("nan")
    vocab = {tok for doc in reference_docs for tok in word_tokens(doc) if script(tok) == "deva"}
    return sum(w.lower() in vocab for w in deva) / len(deva)


def label_scores(gold: Sequence[Any], pred: Sequence[int]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, v_measure_score

    gold, pred = list(gold), list(pred)
    return {"nmi": float(normalized_mutual_info_score(gold, pred)), "ari": float(adjusted_rand_score(gold, pred)),
            "v_measure": float(v_measure_score(gold, pred))}


class PeakMemory:
    """Context manager sampling this process' RSS every 20 ms; ``peak_mb`` is the highest value seen."""

    def __enter__(self) -> PeakMemory:
        import psutil

        self._proc = psutil.Process()
        self.peak_mb = self._proc.memory_info().rss / 2**20
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_mb = max(self.peak_mb, self._proc.memory_info().rss / 2**20)

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._t.join()
        self.peak_mb = max(self.peak_mb, self._proc.memory_info().rss / 2**20)


def _round(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items()}


def _words_for(labels: np.ndarray, docs: list[str], vectorizer: Any, top_k: int) -> list[list[str]]:
    """c-TF-IDF top terms for an arbitrary partition (baselines are described with our vectorizer)."""
    X = vectorizer.transform(docs)
    ids = sorted(int(t) for t in np.unique(labels) if t >= 0)
    rows = np.searchsorted(ids, labels[labels >= 0])
    cols = np.flatnonzero(labels >= 0)
    ind = sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(ids), len(docs)))
    S = ctfidf(ind @ X).toarray()
    vocab = vectorizer.vocabulary_
    return [[vocab[j] for j in np.lexsort((np.arange(S.shape[1]), -S[r]))[:top_k] if S[r, j] > 0]
            for r in range(len(ids))]


def _summary(gold: Sequence[Any] | None, pred: np.ndarray, words: list[list[str]], ref: list[str],
             analyzer: Callable[[str], list[str]], seconds: float, peak_mb: float, top_k: int,
             shown: list[list[str]] | None = None) -> dict[str, Any]:
    """Scores of one partition; ``words`` are analyzer terms (for NPMI), ``shown`` the words a reader sees."""
    out: dict[str, Any] = {}
    if gold is not None:
        out.update(label_scores(gold, pred))
    out.update({
        "npmi": npmi_coherence(words, ref, analyzer, top_k),
        "diversity": topic_diversity(words, top_k),
        "deva_whole_share": deva_whole_share(words if shown is None else shown, ref, top_k),
        "n_topics": int(len({int(t) for t in pred if t >= 0})),
        "outlier_share": float(np.mean(np.asarray(pred) == -1)),
        "seconds": float(seconds),
        "peak_memory_mb": float(peak_mb),
    })
    return _round(out)


def evaluate_topics(
    texts: Sequence[str],
    labels: Sequence[Any] | None = None,
    *,
    embedder: Any = "default",
    embeddings: np.ndarray | None = None,
    model_params: dict[str, Any] | None = None,
    reference_texts: Sequence[str] | None = None,
    baselines: Sequence[str] = ("kmeans", "bertopic"),
    random_state: int = 0,
    top_k: int = TOP_K,
) -> dict[str, Any]:
    """Fit the default :class:`TopicModel` (plus ``model_params``) on ``texts`` and score it, with baselines
    run in the same call on the *same embedding matrix*: k-means (k = number of gold labels, and k = our
    number of topics) and BERTopic (default UMAP + HDBSCAN + CountVectorizer) when it is installed.

    Returns ``{nmi, ari, v_measure, npmi, diversity, n_topics, outlier_share, seconds, peak_memory_mb,
    n_docs, embedder, baselines: {name: {...same keys...}}}``; label metrics only when ``labels`` are given.
    ``seconds`` include embedding the texts (unless precomputed ``embeddings`` are given, then
    ``embed_seconds`` is 0); the baselines get the same embeddings and the same embedding time.
    """

    docs = [str(t) for t in texts]
    ref = list(reference_texts) if reference_texts is not None else docs
    gold = list(labels) if labels is not None else None
    params = dict(model_params or {})
    params.setdefault("random_state", random_state)

    with PeakMemory() as mem:
        t0 = time.perf_counter()
        emb_stage = resolve_embedder(embedder, random_state)
        if embeddings is not None:
            emb = np.asarray(embeddings, np.float32)
        else:
            if hasattr(emb_stage, "fit") and getattr(emb_stage, "spec", None) is None:
                emb_stage.fit(docs)
            emb = np.asarray(emb_stage.encode(docs), np.float32)
        embed_seconds = time.perf_counter() - t0
        model = TopicModel(embedder=emb_stage, **params).fit(docs, embeddings=emb)
        seconds = time.perf_counter() - t0
    ours_words = [model.topic_repr_[t]["terms"] for t in model.topic_ids_ if t >= 0]
    analyzer = model.vectorizer_.analyze
    shown = [model.topic_repr_[t]["words"] for t in model.topic_ids_ if t >= 0]
    result = _summary(gold, model.topics_, ours_words, ref, analyzer, seconds, mem.peak_mb, top_k, shown)
    result.update({"n_docs": len(docs), "embedder": str(getattr(emb_stage, "spec", type(emb_stage).__name__)),
                   "lexical_channel": model.lexical_ is not None,
                   "embed_seconds": round(embed_seconds, 3)})

    base: dict[str, Any] = {}
    if "kmeans" in baselines:
        from sklearn.cluster import KMeans

        ks = {}
        if gold is not None:
            ks["kmeans_gold_k"] = len(set(gold))
        ks["kmeans_same_k"] = max(1, model.n_topics_)
        for name, k in ks.items():
            with PeakMemory() as m2:
                t0 = time.perf_counter()
                pred = KMeans(n_clusters=k, n_init=4, random_state=random_state).fit_predict(emb)
                sec = time.perf_counter() - t0
            words = _words_for(pred, docs, model.vectorizer_, top_k)
            shown_k = [[model.vectorizer_.display(t) for t in ws] for ws in words]
            base[name] = {"k": k, **_summary(gold, pred, words, ref, analyzer, sec + embed_seconds, m2.peak_mb, top_k,
                                             shown_k)}
    if "bertopic" in baselines:
        base["bertopic"] = _bertopic_baseline(docs, emb, gold, ref, random_state, top_k, embed_seconds)
    result["baselines"] = base
    return result


def _bertopic_baseline(docs: list[str], emb: np.ndarray, gold: Any, ref: list[str], random_state: int,
                       top_k: int, embed_seconds: float) -> dict[str, Any]:
    try:
        from bertopic import BERTopic
        from umap import UMAP
    except ImportError as exc:  # a dev/bench extra, never a runtime dependency: the baseline is marked skipped
        return {"skipped": f"bertopic not importable ({type(exc).__name__}); pip install 'nlp-social[bench]'"}
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=random_state)
        bt = BERTopic(umap_model=umap_model, language="multilingual", calculate_probabilities=False)
        pred, _ = bt.fit_transform(docs, embeddings=emb)
        sec = time.perf_counter() - t0
    pred = np.asarray(pred)
    words = [[w for w, _ in (bt.get_topic(t) or [])][:top_k] for t in sorted(set(pred.tolist())) if t >= 0]
    analyzer = bt.vectorizer_model.build_analyzer()
    return {"settings": "UMAP(5, cosine, seeded) + HDBSCAN(10) + CountVectorizer defaults",
            **_summary(gold, pred, words, ref, analyzer, sec + embed_seconds, mem.peak_mb, top_k)}
