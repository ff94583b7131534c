"""Clusterer stage: reduced vectors -> cluster labels (``-1`` = outlier).

Contract: ``fit(X)`` sets ``labels_`` (ints, ``-1`` for noise) and ``centroids_`` (one L2-normalized row per
cluster id ``0..k-1``); ``predict(X) -> labels`` assigns new points. ``predict`` is what makes a saved model
usable on new posts, so every clusterer here stores only arrays:

- k-means / agglomerative: nearest centroid (cosine).
- HDBSCAN (approximate prediction): nearest *exemplar*, where exemplars are up to ``n_exemplars`` of each
  cluster's most central members; a point farther from its nearest exemplar than that cluster's radius
  (the largest member-to-exemplar distance seen in fit) is an outlier (-1).

Large N: the clusterer is fitted on a seeded subsample of ``max_fit_samples`` rows and the remaining rows are
assigned with ``predict``, which keeps HDBSCAN's super-linear cost bounded.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nlp_social.topics.base import Stage, register_stage


def _l2(X: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (X / norms).astype(np.float32)


def _centroids(X: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    C = np.zeros((k, X.shape[1]), np.float64)
    for c in range(k):
        m = labels == c
        if m.any():
            C[c] = X[m].mean(axis=0)
    return _l2(C)


def _canonical(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters by size (desc), ties by first occurrence: same partition -> same ids."""
    labels = np.asarray(labels)
    ids = [c for c in np.unique(labels) if c >= 0]
    first = {c: int(np.argmax(labels == c)) for c in ids}
    order = sorted(ids, key=lambda c: (-int((labels == c).sum()), first[c]))
    remap = {c: i for i, c in enumerate(order)}
    return np.array([remap.get(c, -1) for c in labels], dtype=np.int64)


class _Clusterer(Stage):
    max_fit_samples: int = 50_000
    random_state: int = 0

    def _fit_labels(self, X: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def fit(self, X: np.ndarray, y: Any = None) -> _Clusterer:
        X = np.asarray(X, np.float32)
        n = len(X)
        if n > self.max_fit_samples:
            idx = np.sort(np.random.default_rng(self.random_state).choice(n, self.max_fit_samples, replace=False))
            sub = _canonical(self._fit_labels(X[idx]))
            self._finish(X[idx], sub)
            self.labels_ = self.predict(X)
            self.labels_[idx] = sub
        else:
            self.labels_ = _canonical(self._fit_labels(X))
            self._finish(X, self.labels_)
        return self

    def _finish(self, X: np.ndarray, labels: np.ndarray) -> None:
        self.n_clusters_ = int(labels.max() + 1) if (labels >= 0).any() else 0
        self.centroids_ = _centroids(X, labels, self.n_clusters_)

    def predict(self, X: np.ndarray) -> np.ndarray:
        X = _l2(np.asarray(X, np.float32))
        if self.n_clusters_ == 0:
            return np.full(len(X), -1, np.int64)
        return np.argmax(X @ self.centroids_.T, axis=1).astype(np.int64)

    def transform(self, X: np.ndarray) -> np.ndarray:
        return self.predict(X)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return {"n_clusters": self.n_clusters_}, {"centroids": self.centroids_}

    def set_state(self, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> _Clusterer:
        self.n_clusters_ = int(config["n_clusters"])
        self.centroids_ = np.asarray(arrays["centroids"], np.float32)
        return self


def choose_k(X: np.ndarray, k_min: int = 4, k_max: int = 40, sample: int = 3000, random_state: int = 0,
             tolerance: float = 0.02) -> tuple[int, dict[int, float]]:
    """Number of clusters with the best silhouette (cosine) of k-means on a seeded subsample of ``X``.

    Candidates run from ``k_min`` to ``min(k_max, n / 20)`` in steps of ~15%; the smallest k whose score is
    within ``tolerance`` (relative) of the best one wins.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    X = np.asarray(X, np.float32)
    rng = np.random.default_rng(random_state)
    sub = X[np.sort(rng.choice(len(X), sample, replace=False))] if len(X) > sample else X
    hi = int(max(k_min, min(k_max, len(X) // 20)))
    ks, k = [], k_min
    while k <= hi:
        ks.append(k)
        k = max(k + 1, int(round(k * 1.15)))
    scores: dict[int, float] = {}
    for k in ks:
        if k >= len(sub):
            break
        lab = KMeans(n_clusters=k, n_init=2, random_state=random_state).fit_predict(sub)
        scores[k] = float(silhouette_score(sub, lab, metric="cosine")) if len(set(lab)) > 1 else -1.0
    if not scores:
        return max(1, min(k_min, len(X))), scores
    top = max(scores.values())
    # the smallest k within 2% of the best silhouette: silhouettes of neighbouring k are within noise of each
    # other, and fewer, broader topics are easier to read (and matched gold domains better on train data)
    best = min(k for k, v in scores.items() if v >= top - tolerance * abs(top))
    return best, scores


@register_stage
class KMeansClusterer(_Clusterer):
    """k-means (scikit-learn, ``n_init`` seeded restarts); no outliers.

    ``n_clusters="auto"`` picks k by silhouette on a subsample (:func:`choose_k`), stored in ``n_clusters_``.
    ``select_dims``: k is chosen on the leading ``select_dims`` columns only (rows re-normalized), while the
    clustering itself uses all of them. A PCA reducer orders its columns by explained variance: the leading
    ones carry the broad topical structure, where silhouette peaks at a meaningful k, whereas in 30+ dims
    silhouette keeps rising with k (measured on the selection splits, ``experiments/topics_select.py``).
    ``None`` uses every column.
    """

    def __init__(self, n_clusters: int | str = "auto", n_init: int = 4, k_min: int = 4, k_max: int = 40,
                 tolerance: float = 0.02, select_dims: int | None = None, max_fit_samples: int = 50_000,
                 random_state: int = 0):
        self.n_clusters = n_clusters
        self.n_init = n_init
        self.k_min = k_min
        self.k_max = k_max
        self.tolerance = tolerance
        self.select_dims = select_dims
        self.max_fit_samples = max_fit_samples
        self.random_state = random_state

    def get_params(self) -> dict[str, Any]:
        return {"n_clusters": self.n_clusters, "n_init": self.n_init, "k_min": self.k_min, "k_max": self.k_max,
                "tolerance": self.tolerance, "select_dims": self.select_dims,
                "max_fit_samples": self.max_fit_samples, "random_state": self.random_state}

    def _fit_labels(self, X: np.ndarray) -> np.ndarray:
        from sklearn.cluster import KMeans

        k = self.n_clusters
        if k == "auto":
            lead = X if self.select_dims is None or self.select_dims >= X.shape[1] else _l2(X[:, : self.select_dims])
            k, self.k_scores_ = choose_k(lead, self.k_min, self.k_max, random_state=self.random_state,
                                         tolerance=self.tolerance)
        k = max(1, min(int(k), len(X)))
        return KMeans(n_clusters=k, n_init=self.n_init, random_state=self.random_state).fit_predict(X)


@register_stage
class AgglomerativeClusterer(_Clusterer):
    """Ward agglomerative clustering (scikit-learn); quadratic memory, so fitted on ≤ ``max_fit_samples`` rows."""

    def __init__(self, n_clusters: int = 20, linkage: str = "ward", max_fit_samples: int = 10_000,
                 random_state: int = 0):
        self.n_clusters = n_clusters
        self.linkage = linkage
        self.max_fit_samples = max_fit_samples
        self.random_state = random_state

    def get_params(self) -> dict[str, Any]:
        return {"n_clusters": self.n_clusters, "linkage": self.linkage, "max_fit_samples": self.max_fit_samples,
                "random_state": self.random_state}

    def _fit_labels(self, X: np.ndarray) -> np.ndarray:
        from sklearn.cluster import AgglomerativeClustering

        k = max(1, min(self.n_clusters, len(X)))
        return AgglomerativeClustering(n_clusters=k, linkage=self.linkage).fit_predict(X)


@register_stage
class HDBSCANClusterer(_Clusterer):
    """HDBSCAN (scikit-learn): finds the number of topics itself and marks noise as ``-1``.

    ``min_cluster_size="auto"`` uses ``max(10, round(auto_fraction * n))`` on the rows it is fitted on.
    """

    def __init__(self, min_cluster_size: int | str = "auto", min_samples: int | None = None,
                 auto_fraction: float = 0.01, cluster_selection_method: str = "eom", n_exemplars: int = 50,
                 max_fit_samples: int = 20_000, random_state: int = 0):
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples
        self.auto_fraction = auto_fraction
        self.cluster_selection_method = cluster_selection_method
        self.n_exemplars = n_exemplars
        self.max_fit_samples = max_fit_samples
        self.random_state = random_state

    def get_params(self) -> dict[str, Any]:
        return {"min_cluster_size": self.min_cluster_size, "min_samples": self.min_samples,
                "auto_fraction": self.auto_fraction, "cluster_selection_method": self.cluster_selection_method,
                "n_exemplars": self.n_exemplars, "max_fit_samples": self.max_fit_samples,
                "random_state": self.random_state}

    def _fit_labels(self, X: np.ndarray) -> np.ndarray:
        from sklearn.cluster import HDBSCAN

        mcs = self.min_cluster_size
        if mcs == "auto":
            mcs = max(10, int(round(self.auto_fraction * len(X))))
        mcs = max(2, min(int(mcs), len(X)))
        model = HDBSCAN(min_cluster_size=mcs, min_samples=self.min_samples,
                        cluster_selection_method=self.cluster_selection_method, copy=True)
        labels = model.fit_predict(X)
        self._probs = model.probabilities_
        return labels

    def _finish(self, X: np.ndarray, labels: np.ndarray) -> None:
        super()._finish(X, labels)
        Xn = _l2(X)
        ex, ex_lab, radius = [], [], np.zeros(self.n_clusters_, np.float32)
        for c in range(self.n_clusters_):
            members = np.flatnonzero(labels == c)
            # most central members: highest similarity to the centroid (stable tie-break by index)
            sims = Xn[members] @ self.centroids_[c]
            order = members[np.argsort(-sims, kind="stable")][: self.n_exemplars]
            ex.append(Xn[order])
            ex_lab.extend([c] * len(order))
            d = 1.0 - np.max(Xn[members] @ Xn[order].T, axis=1)
            radius[c] = float(d.max()) if len(d) else 0.0
        dim = X.shape[1]
        self.exemplars_ = np.vstack(ex).astype(np.float32) if ex else np.zeros((0, dim), np.float32)
        self.exemplar_labels_ = np.asarray(ex_lab, np.int64)
        self.radius_ = radius

    def predict(self, X: np.ndarray) -> np.ndarray:
        X = _l2(np.asarray(X, np.float32))
        if self.n_clusters_ == 0:
            return np.full(len(X), -1, np.int64)
        out = np.empty(len(X), np.int64)
        for s in range(0, len(X), 8192):
            sims = X[s : s + 8192] @ self.exemplars_.T
            j = np.argmax(sims, axis=1)
            lab = self.exemplar_labels_[j]
            dist = 1.0 - sims[np.arange(len(j)), j]
            lab = np.where(dist > self.radius_[lab] + 1e-6, -1, lab)
            out[s : s + 8192] = lab
        return out

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        cfg, arr = super().get_state()
        arr.update({"exemplars": self.exemplars_, "exemplar_labels": self.exemplar_labels_, "radius": self.radius_})
        return cfg, arr

    def set_state(self, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> HDBSCANClusterer:
        super().set_state(config, arrays)
        self.exemplars_ = np.asarray(arrays["exemplars"], np.float32)
        self.exemplar_labels_ = np.asarray(arrays["exemplar_labels"], np.int64)
        self.radius_ = np.asarray(arrays["radius"], np.float32)
        return self
