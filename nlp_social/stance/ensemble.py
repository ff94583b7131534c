"""Soft-voting ensemble of stance models: the weighted mean of the members' class probabilities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

LABELS = ("AGAINST", "FAVOR", "NONE")


class EnsembleStanceModel:
    """``members``: unfitted stance models with ``fit(texts, targets, labels)`` and
    ``predict_proba(texts, targets=...)``; ``weights`` defaults to equal."""

    def __init__(self, members: Sequence[Any], weights: Sequence[float] | None = None) -> None:
        self.members = members
        self.weights = weights

    def fit(self, texts, targets, labels) -> EnsembleStanceModel:
        texts, labels = list(texts), list(labels)
        targets = [targets] * len(texts) if isinstance(targets, str) else list(targets)
        self.members_ = [m.fit(texts, targets, labels) for m in self.members]
        self.classes_ = np.array([c for c in LABELS if any(c in set(m.classes_) for m in self.members_)])
        return self

    def predict_proba(
        self, texts, target: str | None = None, targets: Sequence[str] | None = None
    ) -> np.ndarray:
        texts = list(texts)
        targets = [target] * len(texts) if target is not None else list(targets)
        w = np.ones(len(self.members_)) if self.weights is None else np.asarray(self.weights, dtype=float)
        out = np.zeros((len(texts), len(self.classes_)))
        for weight, m in zip(w, self.members_, strict=True):
            p = m.predict_proba(texts, targets=targets)
            for j, c in enumerate(m.classes_):
                out[:, list(self.classes_).index(str(c))] += weight * p[:, j]
        return out / w.sum()

    def predict(self, texts, target: str | None = None, targets: Sequence[str] | None = None) -> np.ndarray:
        return self.classes_[self.predict_proba(texts, target=target, targets=targets).argmax(axis=1)]
