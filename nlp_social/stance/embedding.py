"""Stance from sentence embeddings: any :class:`~nlp_social.embed.base.Embedder` + logistic regression.

Features are ``[e(post), e(post) * e(target)]``: the product carries the target's text, so a target never
seen in training still changes the prediction. Saved as ``config.json`` (embedder spec) + ``arrays.npz``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp_social.embed import load_embedder
from nlp_social.errors import InputError, ModelFormatError
from nlp_social.model_folder import model_loader
from nlp_social.stance.render import get_romanizer, romanize_text

FORMAT = "nlp_social.stance.embedding/1"


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
        cfg = {
            "format": FORMAT,
            "embedder": None if spec is None else str(spec),
            "embedder_name": self._embedder().name,
            "classes": [str(c) for c in self.classes_],
            "params": {"C": self.C, "class_weight": self.class_weight, "romanize": self.romanize},
        }
        (path / "config.json").write_text(json.dumps(cfg, indent=2), encoding="utf-8")
        np.savez_compressed(path / "arrays.npz", coef=self.coef_, intercept=self.intercept_)
        return path

    @classmethod
    @model_loader("stance model")
    def load(cls, path: str | Path, embedder: Any = None) -> EmbeddingStanceModel:
        """``embedder`` overrides the saved spec (needed when the model was fit with an Embedder object)."""
        path = Path(path)
        cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
        if cfg.get("format") != FORMAT:
            raise ModelFormatError(f"{path / 'config.json'}: unknown format {cfg.get('format')!r}")
        model = cls(embedder if embedder is not None else cfg["embedder"], **cfg["params"])
        with np.load(path / "arrays.npz", allow_pickle=False) as arr:
            model.coef_, model.intercept_ = arr["coef"], arr["intercept"]
        model.classes_ = np.array(cfg["classes"])
        return model
