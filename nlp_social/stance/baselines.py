"""Baselines measured beside every stance model: the majority class, and the SemEval-2016 organisers'
per-target linear SVM on word (1-3) and character (2-5) n-grams."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from nlp_social.stance.model import LABELS, _softmax, target_key


class MajorityBaseline:
    """Always the most frequent training label (per target when ``per_target``)."""

    def __init__(self, per_target: bool = False) -> None:
        self.per_target = per_target

    def fit(self, texts: Sequence[str], targets: Sequence[str], labels: Sequence[str]) -> MajorityBaseline:
        self.label_ = Counter(labels).most_common(1)[0][0]
        self.by_target_: dict[str, str] = {}
        if self.per_target:
            groups: dict[str, list[str]] = {}
            for t, lab in zip(targets, labels, strict=True):
                groups.setdefault(target_key(t), []).append(lab)
            self.by_target_ = {t: Counter(v).most_common(1)[0][0] for t, v in groups.items()}
        return self

    def predict(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        return np.array([self.by_target_.get(target_key(t), self.label_) for t in targets])


class PerTargetSVM:
    """One linear SVM per target on TF-IDF word 1-3 and char 2-5 n-grams; an unseen target falls back to
    an SVM trained on all targets together."""

    def __init__(self, C: float = 1.0, random_state: int = 0) -> None:
        self.C = C
        self.random_state = random_state

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.svm import LinearSVC

        return make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="word", ngram_range=(1, 3), sublinear_tf=True, lowercase=True),
                TfidfVectorizer(analyzer="char", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
            ),
            LinearSVC(C=self.C, random_state=self.random_state),
        )

    def _fit_one(self, texts: list[str], labels: list[str]):
        if len(set(labels)) < 2:
            return labels[0]
        return self._pipeline().fit(texts, labels)

    def fit(self, texts: Sequence[str], targets: Sequence[str], labels: Sequence[str]) -> PerTargetSVM:
        texts, labels = [str(t) for t in texts], [str(lab) for lab in labels]
        keys = [target_key(t) for t in targets]
        self.models_: dict[str, object] = {}
        for k in sorted(set(keys)):
            idx = [i for i, kk in enumerate(keys) if kk == k]
            self.models_[k] = self._fit_one([texts[i] for i in idx], [labels[i] for i in idx])
        self.joint_ = self.models_[keys[0]] if len(self.models_) == 1 else self._fit_one(texts, labels)
        return self

    def predict_proba(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        """Softmax of the SVM margins (for soft voting; not calibrated), columns AGAINST, FAVOR, NONE."""
        texts = [str(t) for t in texts]
        keys = [target_key(t) for t in targets]
        out = np.zeros((len(texts), len(LABELS)))
        for k in set(keys):
            idx = [i for i, kk in enumerate(keys) if kk == k]
            model = self.models_.get(k, self.joint_)
            if isinstance(model, str):
                out[idx, LABELS.index(model)] = 1.0
                continue
            d = model.decision_function([texts[i] for i in idx])
            classes = list(model.classes_)
            if d.ndim == 1:
                d = np.stack([-d, d], axis=1)
            p = _softmax(2.0 * d)
            for j, c in enumerate(classes):
                out[idx, LABELS.index(c)] = p[:, j]
        return out

    @property
    def classes_(self) -> np.ndarray:
        return np.array(["AGAINST", "FAVOR", "NONE"])

    def predict(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        texts = [str(t) for t in texts]
        keys = [target_key(t) for t in targets]
        out = np.empty(len(texts), dtype=object)
        for k in set(keys):
            idx = [i for i, kk in enumerate(keys) if kk == k]
            model = self.models_.get(k, self.joint_)
            out[idx] = (
                [model] * len(idx) if isinstance(model, str) else model.predict([texts[i] for i in idx])
            )
        return out.astype(str)
