"""Stance from sentence embeddings: any :class:`~nlp_social.embed.base.Embedder` + logistic regression.

Features are ``[e(post), e(post) * e(target)]``: the product carries the target's text, so a target never
seen in training still changes the prediction. Saved as a model folder (the one contract):
``nlp_social.json`` (format ``nlp_social.stance.embedding``, the embedder spec) + ``arrays.npz`` (weights and
the embedder's vectors of fixed probe posts, so a different embedder is refused at load).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp_social.embed import load_embedder
from nlp_social.errors import InputError, ModelFormatError
from nlp_social.model_folder import (
    MODEL_CONFIG,
    load_arrays,
    model_loader,
    read_model_config,
    save_arrays,
    write_model_config,
)
from nlp_social.stance.model import _embedder_probe
from nlp_social.stance.render import get_romanizer, romanize_text

FORMAT = "nlp_social.stance.embedding"
FORMAT_VERSION = 2  # 1: config.json; 2: nlp_social.json + the embedder's probe vectors


class EmbeddingStanceModel:
    """``embedder``: an Embedder, or a spec for ``nlp_social.embed.load_embedder`` (None = the default)."""

    def __init__(
        self,
        embedder: Any = None,
        *,
        C: float = 1.0,
        class_weight: str | None = "balanced",
        romanize: bool = True,
        batch_size: int = 256,
        random_state: int = 0,
    ) -> None:
        self.embedder = embedder
        self.C = C
        self.class_weight = class_weight
        self.romanize = romanize
        self.batch_size = batch_size
        self.random_state = random_state

    def _embedder(self):
        if not hasattr(self, "embedder_"):
            if self.embedder is None or isinstance(self.embedder, str | Path):
                self.embedder_ = load_embedder(self.embedder)
            else:
                self.embedder_ = self.embedder
        return self.embedder_

    def _features(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        emb = self._embedder()
        if self.romanize:
            to_latn = get_romanizer("rules")
            texts = [romanize_text(str(t), to_latn) for t in texts]
        x = emb.encode(list(map(str, texts)), batch_size=self.batch_size)
        uniq = sorted(set(targets))
        tv = dict(zip(uniq, emb.encode(uniq, batch_size=self.batch_size), strict=True))
        t = np.stack([tv[g] for g in targets]) if len(targets) else np.zeros_like(x)
        return np.hstack([x, x * t]).astype(np.float32)

    @staticmethod
    def _targets(targets, n):
        if isinstance(targets, str):
            return [targets] * n
        targets = [str(t) for t in targets]
        if len(targets) != n:
            raise InputError(f"{n} texts but {len(targets)} targets", field="target")
        return targets

    def fit(
        self, texts: Sequence[str], targets: Sequence[str] | str, labels: Sequence[str]
    ) -> EmbeddingStanceModel:
        from sklearn.linear_model import LogisticRegression

        texts = list(texts)
        x = self._features(texts, self._targets(targets, len(texts)))
        clf = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=3000, random_state=self.random_state
        )
        clf.fit(x, [str(lab).upper() for lab in labels])
        self.classes_ = np.array(clf.classes_)
        self.coef_ = clf.coef_.astype(np.float32)
        self.intercept_ = clf.intercept_.astype(np.float32)
        return self

    def predict_proba(
        self, texts: Sequence[str], target: str | None = None, targets: Sequence[str] | None = None
    ):
        if (target is None) == (targets is None):
            raise InputError("give exactly one of target=... or targets=[...]", field="target")
        texts = list(texts)
        z = self._features(texts, self._targets(target if target is not None else targets, len(texts)))
        z = z @ self.coef_.T + self.intercept_
        if z.shape[1] == 1:
            z = np.hstack([np.zeros_like(z), z])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str], target: str | None = None, targets: Sequence[str] | None = None):
        return self.classes_[self.predict_proba(texts, target=target, targets=targets).argmax(axis=1)]

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        spec = self.embedder if isinstance(self.embedder, str | Path) or self.embedder is None else None

        save_arrays(
            path,
            "arrays.npz",
            {"coef": self.coef_, "intercept": self.intercept_, "embedder_probe": _embedder_probe(self._embedder())},
        )
        write_model_config(
            path,
            FORMAT,
            FORMAT_VERSION,
            {
                "embedder": None if spec is None else str(spec),
                "embedder_name": self._embedder().name,
                "classes": [str(c) for c in self.classes_],
                "params": {"C": self.C, "class_weight": self.class_weight, "romanize": self.romanize},
            },
        )
        return path

    @classmethod
    @model_loader("stance model")
    def load(cls, path: str | Path, embedder: Any = None) -> EmbeddingStanceModel:
        """``embedder`` overrides the saved spec (needed when the model was fit with an Embedder object);
        it must embed the probe posts as the one the model was trained with, or the load is refused."""
        path = Path(path)
        cfg = read_model_config(path, FORMAT, FORMAT_VERSION)
        arr = load_arrays(path, "arrays.npz")
        model = cls(embedder if embedder is not None else cfg["embedder"], **cfg["params"])
        model.coef_, model.intercept_ = arr["coef"], arr["intercept"]
        model.classes_ = np.array(cfg["classes"])
        probe = _embedder_probe(model._embedder())
        saved = arr["embedder_probe"]
        if probe.shape != saved.shape or not np.allclose(probe, saved, atol=1e-3):
            raise ModelFormatError(
                f"{path / MODEL_CONFIG}: the embedder ({model._embedder().name}) gives other embeddings than "
                f"the one this model was trained with ({cfg['embedder_name']}); pass that embedder"
            )
        return model
