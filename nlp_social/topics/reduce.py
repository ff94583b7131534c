"""Reducer stage: embeddings (n, d) -> low-dimensional vectors (n, k) that the clusterer works on.

Contract: ``fit(X)``, ``transform(X)``, ``get_state``/``set_state``. :class:`~nlp_social.topics.base.Stage`
is the no-op reducer. PCA is the default: exact, deterministic, linear (so ``transform`` after ``load`` is a
matrix product) and fast on millions of rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nlp_social.errors import MissingDependencyError
from nlp_social.topics.base import Stage, register_stage


def _l2(X: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (X / norms).astype(np.float32)


@register_stage
class PCAReducer(Stage):
    """PCA to ``n_components`` dims, rows L2-normalized afterwards (cosine geometry for the clusterer).

    ``max_fit_samples`` bounds the rows the components are estimated on (a seeded subsample) for large N.
    """

    def __init__(self, n_components: int = 10, normalize: bool = True, max_fit_samples: int = 50_000,
                 random_state: int = 0):
        self.n_components = n_components
        self.normalize = normalize
        self.max_fit_samples = max_fit_samples
        self.random_state = random_state

    def get_params(self) -> dict[str, Any]:
        return {"n_components": self.n_components, "normalize": self.normalize,
                "max_fit_samples": self.max_fit_samples, "random_state": self.random_state}

    def fit(self, X: np.ndarray, y: Any = None) -> PCAReducer:
        X = np.asarray(X, dtype=np.float32)
        if len(X) > self.max_fit_samples:
            idx = np.sort(np.random.default_rng(self.random_state).choice(len(X), self.max_fit_samples, replace=False))
            X = X[idx]
        self.mean_ = X.mean(axis=0)
        k = max(1, min(self.n_components, X.shape[0] - 1, X.shape[1]))
        # exact SVD of the (at most max_fit_samples x d) centred matrix: deterministic, no random restarts
        _, _, vt = np.linalg.svd((X - self.mean_).astype(np.float64), full_matrices=False)
        comps = vt[:k]
        # sign convention: largest-magnitude loading positive, so results never flip between runs
        signs = np.sign(comps[np.arange(k), np.abs(comps).argmax(axis=1)])
        signs[signs == 0] = 1
        self.components_ = (comps * signs[:, None]).astype(np.float32)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float32) - self.mean_) @ self.components_.T
        return _l2(Z) if self.normalize else Z.astype(np.float32)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return {}, {"mean": self.mean_, "components": self.components_}

    def set_state(self, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> PCAReducer:
        self.mean_ = np.asarray(arrays["mean"], np.float32)
        self.components_ = np.asarray(arrays["components"], np.float32)
        return self


@register_stage
class UMAPReducer(Stage):
    """UMAP (``pip install umap-learn``). Non-linear; better separation, slower, seeded but single-threaded.

    Saving keeps up to ``n_anchors`` (input, output) pairs; after ``load``, ``transform`` places new points at
    the distance-weighted mean of the outputs of their ``k`` nearest anchors (approximate out-of-sample map).
    """

    def __init__(self, n_components: int = 5, n_neighbors: int = 15, min_dist: float = 0.0,
                 metric: str = "cosine", n_anchors: int = 5000, random_state: int = 0):
        self.n_components = n_components
        self.n_neighbors = n_neighbors
        self.min_dist = min_dist
        self.metric = metric
        self.n_anchors = n_anchors
        self.random_state = random_state

    def get_params(self) -> dict[str, Any]:
        return {"n_components": self.n_components, "n_neighbors": self.n_neighbors, "min_dist": self.min_dist,
                "metric": self.metric, "n_anchors": self.n_anchors, "random_state": self.random_state}

    def fit(self, X: np.ndarray, y: Any = None) -> UMAPReducer:
        try:
            import umap
        except ImportError as exc:
            raise MissingDependencyError("umap-learn", extra="bench", feature="UMAPReducer") from exc
        X = np.asarray(X, dtype=np.float32)
        self.umap_ = umap.UMAP(n_components=self.n_components, n_neighbors=self.n_neighbors,
                               min_dist=self.min_dist, metric=self.metric, random_state=self.random_state)
        Y = self.umap_.fit_transform(X)
        rng = np.random.default_rng(self.random_state)
        idx = np.sort(rng.choice(len(X), min(self.n_anchors, len(X)), replace=False))
        self.anchors_in_, self.anchors_out_ = _l2(X[idx]), Y[idx].astype(np.float32)
        self._fitted_Y = Y.astype(np.float32)
        return self

    def fit_transform(self, X: np.ndarray, y: Any = None) -> np.ndarray:
        return self.fit(X)._fitted_Y

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = _l2(np.asarray(X, np.float32))
        sims = X @ self.anchors_in_.T
        k = min(10, sims.shape[1])
        nn = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        w = np.maximum(np.take_along_axis(sims, nn, axis=1), 1e-6)
        return (np.einsum("nk,nkd->nd", w, self.anchors_out_[nn]) / w.sum(axis=1, keepdims=True)).astype(np.float32)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return {}, {"anchors_in": self.anchors_in_, "anchors_out": self.anchors_out_}

    def set_state(self, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> UMAPReducer:
        self.anchors_in_ = np.asarray(arrays["anchors_in"], np.float32)
        self.anchors_out_ = np.asarray(arrays["anchors_out"], np.float32)
        return self


def default_reducer(random_state: int = 0) -> PCAReducer:
    return PCAReducer(random_state=random_state)
