"""``StanceModel``: a target-aware linear stance classifier (AGAINST / FAVOR / NONE toward a target).

How the target is used:

- Feature augmentation ("frustratingly easy domain adaptation"): every post's features appear once in a
  shared block and once more in the block of its target, so the model learns what is common to all
  targets and what is particular to each (per-target weights and intercepts) in one fit.
- A target never seen in training gets the block of the most similar known target, weighted by the
  cosine similarity of the two targets' texts (character n-grams) when it is at least
  ``similarity_threshold``; otherwise only the shared block speaks.
- Text x target cues: how much of the target's text the post mentions (words, hashtags).

Text is normalized (the package ``Normalizer``, saved with the model), Devanagari is romanized so both
scripts meet, words are spelling-squashed and script-unified. Saved as a model folder (the one
contract): ``nlp_social.json`` (format ``nlp_social.stance.linear``: options, normalizer options, targets,
the fingerprints of the lexicon and of the shipped transliterator it romanizes with), ``arrays.npz`` and
``lexicon.json``; predicted with numpy/scipy, so a loaded model gives identical predictions (no pickle).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nlp_social.errors import InputError, ModelFormatError
from nlp_social.model_folder import (
    MODEL_CONFIG,
    load_arrays,
    model_loader,
    read_model_config,
    save_arrays,
    write_model_config,
)
from nlp_social.stance.features import FeatureConfig, StanceFeaturizer
from nlp_social.stance.lexicon import LEXICON_FILE, Lexicon
from nlp_social.stance.render import get_romanizer, romanize_text

FORMAT = "nlp_social.stance.linear"
FORMAT_VERSION = 2  # 1: config.json + normalizer.json; 2: nlp_social.json, component fingerprints
SOLVERS = ("svm", "lbfgs")
BIAS_OBJECTIVES = ("mix", "macro_f1", "accuracy", "f_avg")
ARRAYS_FILE = "arrays.npz"
SENTIMENT_DIR = "sentiment"
LABELS = ("AGAINST", "FAVOR", "NONE")


def target_key(target: str) -> str:
    """Targets are matched case- and space-insensitively (``Hillary Clinton`` == ``hillary  clinton``)."""
    return " ".join(str(target).lower().split())


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class StanceModel:
    """Stance of a post toward a target, for any number of targets, including unseen ones.

    Parameters follow scikit-learn conventions; nothing is computed in ``__init__``.

    Args:
        C: inverse regularization strength.
        class_weight: ``"balanced"`` or ``None``.
        solver: ``"svm"`` (default: a linear SVM, liblinear, fast on all rows of all five corpora; its
            margins become probabilities by a softmax with a temperature fitted on a held-out fifth of
            the training rows) or ``"lbfgs"`` (multinomial logistic regression; slow on big data).
        calibrate: fit the softmax temperature of the ``"svm"`` solver (else temperature 1).
        target_mode: ``"augment"`` (shared + per-target blocks) or ``"joint"`` (shared block only).
        target_scale: multiplier of the per-target block (``"augment"``): above 1 the per-target
            weights are cheaper under the same regularization, so each target leans less on what
            the other targets (other corpora) share.
        similarity_threshold: least target-text similarity for an unseen target to borrow a known
            target's block.
        tune_bias: per-target class offsets added to the margins, chosen on out-of-fold margins of
            the training rows (the same ones that fit the temperature) to maximize ``"mix"`` (accuracy +
            macro-F1), ``"macro_f1"``, ``"accuracy"`` or ``"f_avg"`` (mean F1 of FAVOR and AGAINST,
            SemEval-2016's metric); ``None`` (default) for none. A target with
            fewer than ``bias_min_rows`` held-out rows (and an unseen target) gets the offsets tuned on
            all held-out rows. Needs ``solver="svm"`` with ``calibrate``.
        bias_min_rows: see ``tune_bias``.
        heldout_folds: out-of-fold margins for the offsets and temperature come from this many
            stratified folds of the training rows (1: a single held-out fifth; each fold is one more
            fit).
        min_df: a feature column is kept only if at least this many training rows use it.
        features: :class:`FeatureConfig` (or its dict).
        normalizer: a ``Normalizer`` (default: the package default); saved with the model.
        lexicon: a :class:`Lexicon` (default: the shipped one).
        sentiment: a fitted joint ``StanceModel`` whose class probabilities (e.g. Hinglish sentiment
            learned from SentiMix 2020 with labels mapped to FAVOR/AGAINST/NONE) become features;
            saved inside the model folder.
        embedder: a spec for :func:`nlp_social.embed.load_embedder` (e.g. ``"minilm"``) whose
            sentence embeddings of the (romanized) post become dense features beside the n-grams;
            the spec is saved, the embedder is loaded again with the model. Slower prediction.
        embed_scale: multiplier of the embedding columns (their weight against the TF-IDF rows).
        embed_cache: cache embeddings on disk (``load_embedder(cache=True)``), for repeated runs.
        random_state: seed (the solver is deterministic; kept for the scikit-learn contract).
    """

    def __init__(
        self,
        *,
        C: float = 0.3,
        class_weight: str | None = None,
        solver: str = "svm",
        calibrate: bool = True,
        target_mode: str = "augment",
        target_scale: float = 1.0,
        similarity_threshold: float = 0.5,
        tune_bias: str | None = None,
        bias_min_rows: int = 150,
        heldout_folds: int = 1,
        min_df: int = 2,
        features: FeatureConfig | dict | None = None,
        normalizer: Any = None,
        lexicon: Lexicon | None = None,
        sentiment: StanceModel | None = None,
        embedder: str | None = None,
        embed_scale: float = 0.5,
        embed_cache: bool = False,
        max_iter: int = 1000,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.solver = solver
        self.calibrate = calibrate
        self.target_mode = target_mode
        self.target_scale = target_scale
        self.similarity_threshold = similarity_threshold
        self.tune_bias = tune_bias
        self.bias_min_rows = bias_min_rows
        self.heldout_folds = heldout_folds
        self.min_df = min_df
        self.features = features
        self.normalizer = normalizer
        self.lexicon = lexicon
        self.sentiment = sentiment
        self.embedder = embedder
        self.embed_scale = embed_scale
        self.embed_cache = embed_cache
        self.max_iter = max_iter
        self.random_state = random_state

    # ------------------------------------------------------------------ parameters
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in (
                "C",
                "class_weight",
                "solver",
                "calibrate",
                "target_mode",
                "target_scale",
                "similarity_threshold",
                "tune_bias",
                "bias_min_rows",
                "heldout_folds",
                "min_df",
                "features",
                "normalizer",
                "lexicon",
                "sentiment",
                "embedder",
                "embed_scale",
                "embed_cache",
                "max_iter",
                "random_state",
            )
        }

    def set_params(self, **params: Any) -> StanceModel:
        for k, v in params.items():
            if k not in self.get_params():
                raise ValueError(f"unknown parameter {k!r}")
            setattr(self, k, v)
        return self

    def _feature_config(self) -> FeatureConfig:
        # New models fold aspirates; the dataclass default stays False so older saved configs load as fitted.
        if self.features is None:
            return FeatureConfig(fold_aspirates=True)
        if isinstance(self.features, dict):
            return FeatureConfig.from_dict({"fold_aspirates": True, **self.features})
        return self.features

    # ------------------------------------------------------------------ training
    def fit(self, texts: Sequence[str], targets: Sequence[str] | str, labels: Sequence[str]) -> StanceModel:
        """Learn from ``texts`` with their ``targets`` (one per text, or one for all) and stance ``labels``."""
        texts = [str(t) for t in texts]
        targets = self._expand_targets(targets, len(texts))
        labels = [str(lab).upper() for lab in labels]
        if len(labels) != len(texts):
            raise InputError(f"{len(texts)} texts but {len(labels)} labels", field="label")
        unknown = sorted(set(labels) - set(LABELS))
        if unknown:
            raise InputError(f"unknown stance label(s) {unknown}; use {list(LABELS)}", field="label")
        if len(set(labels)) < 2:
            raise InputError("training data needs at least two different labels", field="label")
        if self.target_mode not in ("augment", "joint"):
            raise ValueError(f"target_mode must be 'augment' or 'joint', not {self.target_mode!r}")
        if self.solver not in SOLVERS:
            raise ValueError(f"solver must be one of {SOLVERS}, not {self.solver!r}")
        if self.tune_bias is not None and self.tune_bias not in BIAS_OBJECTIVES:
            raise ValueError(f"tune_bias must be None or one of {BIAS_OBJECTIVES}, not {self.tune_bias!r}")

        if self.normalizer is None:
            from nlp_social.text.normalizer import Normalizer

            self.normalizer_ = Normalizer()
        else:
            self.normalizer_ = self.normalizer
        cfg = FeatureConfig.from_dict(self._feature_config().to_dict())
        self.sentiment_ = self.sentiment
        cfg.extra_dense = len(self.sentiment_.classes_) if self.sentiment_ is not None else 0
        self.embedder_ = self._load_embedder(self.embedder, self.embed_cache)
        if self.embedder_ is not None:
            cfg.extra_dense += int(self.embedder_.dim)
        self.lexicon_ = (self.lexicon or Lexicon.default()) if cfg.lexicon else None
        self.featurizer_ = StanceFeaturizer(cfg, self.normalizer_, self.lexicon_)
        self.components_ = _components(cfg)

        toks = [self.featurizer_.prepare(t) for t in texts]
        self.featurizer_.fit(toks)
        keys = [target_key(t) for t in targets]
        first_text: dict[str, str] = {}
        for k, t in zip(keys, targets, strict=True):
            first_text.setdefault(k, t)
        self.targets_ = sorted(first_text)
        self.target_texts_ = [first_text[k] for k in self.targets_]
        self.target_vectors_ = self.featurizer_.char_vectors(self.target_texts_)
        self.classes_ = np.array(sorted(set(labels)))

        x = self._design(toks, targets, texts)
        df = np.bincount(x.indices, minlength=x.shape[1])
        self.columns_ = np.flatnonzero(df >= self.min_df).astype(np.int64)
        xc = self._compact(x)
        y = np.asarray(labels)
        self.temperature_ = 1.0
        self.class_bias_ = np.zeros((len(self.targets_) + 1, len(self.classes_)), dtype=np.float32)
        if self.solver == "svm" and self.calibrate:
            self._fit_heldout(xc, y, np.asarray(keys))
        self.coef_, self.intercept_ = self._fit_linear(xc, y)
        self.n_features_in_ = int(self.featurizer_.dim)
        return self

    def _fit_linear(self, x: sp.csr_matrix, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weights ``(n_classes or 1, n_columns)`` and intercepts, classes in ``classes_`` order."""
        if self.solver == "svm":
            from sklearn.svm import LinearSVC

            clf = LinearSVC(
                C=self.C,
                class_weight=self.class_weight,
                max_iter=self.max_iter,
                random_state=self.random_state,
            )
        else:
            from sklearn.linear_model import LogisticRegression

            clf = LogisticRegression(
                C=self.C,
                class_weight=self.class_weight,
                max_iter=self.max_iter,
                random_state=self.random_state,
            )
        import warnings

        from sklearn.exceptions import ConvergenceWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(x, y)
        if list(clf.classes_) != list(self.classes_):  # pragma: no cover - a fold may miss a class
            raise RuntimeError("class order mismatch")
        return clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32)

    def _fit_heldout(self, x: sp.csr_matrix, y: np.ndarray, keys: np.ndarray) -> None:
        """Class offsets (``class_bias_``) and the softmax temperature of the SVM margins, from
        out-of-fold margins of the training rows (``heldout_folds`` stratified folds; 1 = a single
        held-out fifth). Seeded. Offsets first (argmax does not depend on the temperature), then the
        temperature by log-loss of the offset margins."""
        from sklearn.model_selection import StratifiedKFold

        counts = {c: int((y == c).sum()) for c in self.classes_}
        if len(y) < 50 or min(counts.values()) < 5:
            return
        strata = np.char.add(np.char.add(keys.astype(str), "|"), y.astype(str))
        _, inv, n = np.unique(strata, return_inverse=True, return_counts=True)
        folds = max(1, int(self.heldout_folds))
        strata = np.where(n[inv] >= max(2, folds), strata, y)  # too rare a (target, label) pair to split
        if folds == 1:
            # Stratified by label alone, as the shipped model was trained (retraining reproduces it).
            splits = [_holdout_split(len(y), (y, None), self.random_state)]
        else:
            import warnings

            with warnings.catch_warnings():  # a rare label merged back into its class may still be < folds
                warnings.simplefilter("ignore", UserWarning)
                splits = list(
                    StratifiedKFold(folds, shuffle=True, random_state=self.random_state).split(y, strata)
                )
        parts, rows = [], []
        for tr, ho in splits:
            coef, icpt = self._fit_linear(x[tr], y[tr])
            parts.append(np.asarray(x[ho] @ coef.T, dtype=np.float64) + icpt)
            rows.append(ho)
        ho = np.concatenate(rows)
        z = np.vstack(parts)
        if z.shape[1] == 1:
            z = np.hstack([np.zeros_like(z), z])
        gold = np.searchsorted(self.classes_, y[ho])
        if self.tune_bias is not None:
            self.class_bias_[0] = _tune_offsets(z, gold, self.tune_bias, list(self.classes_))
            index = {k: i for i, k in enumerate(self.targets_)}
            ho_keys = keys[ho]
            for k, i in index.items():
                mask = ho_keys == k
                if mask.sum() >= self.bias_min_rows and len(np.unique(gold[mask])) > 1:
                    self.class_bias_[i + 1] = _tune_offsets(
                        z[mask], gold[mask], self.tune_bias, list(self.classes_)
                    )
                else:
                    self.class_bias_[i + 1] = self.class_bias_[0]
            z = z + self.class_bias_[1:][np.searchsorted(self.targets_, ho_keys)]
        best, best_loss = 1.0, np.inf
        for t in np.geomspace(0.05, 5.0, 60):
            p = _softmax(z / t)
            loss = -np.mean(np.log(np.clip(p[np.arange(len(gold)), gold], 1e-12, None)))
            if loss < best_loss:
                best, best_loss = float(t), loss
        self.temperature_ = best

    # ------------------------------------------------------------------ design matrix
    @staticmethod
    def _expand_targets(targets: Sequence[str] | str | None, n: int) -> list[str]:
        if targets is None:
            raise InputError("no target given", field="target")
        if isinstance(targets, str):
            return [targets] * n
        targets = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in targets]
        if len(targets) != n:
            raise InputError(f"{n} texts but {len(targets)} targets", field="target")
        if any(not t.strip() for t in targets):
            raise InputError("empty target", field="target")
        return targets

    def target_weights(self, targets: Sequence[str]) -> np.ndarray:
        """``(n, n_known_targets)``: 1 for a known target; for an unseen one, its similarity to the most
        similar known target when that reaches ``similarity_threshold``; 0 elsewhere."""
        index = {k: i for i, k in enumerate(self.targets_)}
        w = np.zeros((len(targets), len(self.targets_)), dtype=np.float32)
        unseen: dict[str, list[int]] = {}
        for row, t in enumerate(targets):
            k = target_key(t)
            if k in index:
                w[row, index[k]] = 1.0
            else:
                unseen.setdefault(t, []).append(row)
        if unseen:
            names = list(unseen)
            sims = (self.featurizer_.char_vectors(names) @ self.target_vectors_.T).toarray()
            for name, s in zip(names, sims, strict=True):
                j = int(np.argmax(s))
                if s[j] >= self.similarity_threshold:
                    w[unseen[name], j] = float(s[j])
        return w

    def _design(self, toks: list[list[str]], targets: list[str], texts: list[str]) -> sp.csr_matrix:
        target_toks_cache: dict[str, list[str]] = {}
        ttoks = []
        for t in targets:
            if t not in target_toks_cache:
                target_toks_cache[t] = self.featurizer_.prepare(t)
            ttoks.append(target_toks_cache[t])
        extras = []
        if getattr(self, "sentiment_", None) is not None:
            sent = self.sentiment_
            extras.append(sent.predict_proba(texts, target=sent.target_texts_[0]).astype(np.float32))
        if getattr(self, "embedder_", None) is not None:
            to_latn = get_romanizer("rules")  # the English vocabulary reads Hindi as Hinglish
            roman = [romanize_text(t, to_latn) for t in texts]
            emb = np.asarray(self.embedder_.encode(roman), dtype=np.float32)
            extras.append(emb * np.float32(self.embed_scale))
        extra = np.hstack(extras) if extras else None
        base = self.featurizer_.transform(toks, ttoks, extra).tocoo()
        if self.target_mode == "joint":
            return base.tocsr()
        dim = self.featurizer_.dim
        w = self.target_weights(targets) * np.float32(getattr(self, "target_scale", 1.0))
        rows, cols, data = [base.row], [base.col.astype(np.int64)], [base.data]
        for k in range(w.shape[1]):
            wk = w[base.row, k]
            keep = wk != 0
            if keep.any():
                rows.append(base.row[keep])
                cols.append(base.col[keep].astype(np.int64) + (k + 1) * dim)
                data.append(base.data[keep] * wk[keep])
        shape = (base.shape[0], dim * (w.shape[1] + 1))
        return sp.csr_matrix(
            (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
            shape=shape,
            dtype=np.float32,
        )

    def _compact(self, x: sp.csr_matrix) -> sp.csr_matrix:
        """Keep only the learned columns, renumbered 0..len(columns_)-1."""
        x = x.tocsr()
        x.sort_indices()
        idx = x.indices.astype(np.int64)
        pos = np.searchsorted(self.columns_, idx)
        pos_c = np.minimum(pos, len(self.columns_) - 1)
        keep = self.columns_[pos_c] == idx
        row_of = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
        return sp.csr_matrix(
            (x.data[keep], (row_of[keep], pos_c[keep])),
            shape=(x.shape[0], len(self.columns_)),
            dtype=np.float32,
        )

    # ------------------------------------------------------------------ prediction
    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("this StanceModel is not fitted; call fit() or StanceModel.load()")

    def _resolve_targets(
        self, texts: Sequence[str], target: str | None, targets: Sequence[str] | None
    ) -> list[str]:
        if target is not None and targets is not None:
            raise InputError("give either target=... or targets=[...], not both", field="target")
        if target is None and targets is None:
            if len(self.targets_) == 1:
                return [self.target_texts_[0]] * len(texts)
            raise InputError(
                f"no target given; this model knows {len(self.targets_)} targets "
                f"({', '.join(self.target_texts_[:8])}...) and also accepts new ones",
                field="target",
            )
        return self._expand_targets(target if target is not None else targets, len(texts))

    def decision_function(
        self, texts: Sequence[str], target: str | None = None, targets: Sequence[str] | None = None
    ) -> np.ndarray:
        self._check_fitted()
        texts = [str(t) for t in texts]
        tgts = self._resolve_targets(texts, target, targets)
        toks = [self.featurizer_.prepare(t) for t in texts]
        xc = self._compact(self._design(toks, tgts, texts))
        z = np.asarray(xc @ self.coef_.T) + self.intercept_
        bias = getattr(self, "class_bias_", None)
        if bias is not None and np.any(bias):
            if z.shape[1] == 1:  # binary: one score for classes_[1]; only the difference counts
                z = z + (bias[:, 1] - bias[:, 0])[self._bias_rows(tgts)][:, None]
            else:
                z = z + bias[self._bias_rows(tgts)]
        return z

    def _bias_rows(self, targets: Sequence[str]) -> np.ndarray:
        """Row of ``class_bias_`` per target: 1 + its index when known, else 0 (the all-target offsets)."""
        index = {k: i + 1 for i, k in enumerate(self.targets_)}
        return np.array([index.get(target_key(t), 0) for t in targets], dtype=np.int64)

    def predict_proba(
        self, texts: Sequence[str], target: str | None = None, targets: Sequence[str] | None = None
    ) -> np.ndarray:
        """``(n, len(classes_))`` probabilities, columns in the order of ``classes_``."""
        z = self.decision_function(texts, target=target, targets=targets)
        if z.shape[1] == 1:  # binary: one score for classes_[1]
            z = np.hstack([np.zeros_like(z), z])
        return _softmax(z.astype(np.float64) / getattr(self, "temperature_", 1.0))

    def predict(
        self, texts: Sequence[str], target: str | None = None, targets: Sequence[str] | None = None
    ) -> np.ndarray:
        """Stance label per text toward ``target`` (one for all) or ``targets`` (one per text)."""
        proba = self.predict_proba(texts, target=target, targets=targets)
        return self.classes_[np.argmax(proba, axis=1)]

    def predict_targets(self, texts: Sequence[str], targets: Sequence[str]) -> pd.DataFrame:
        """Every text against every target: one row per (text, target) with label and probabilities."""
        return predict_targets_frame(self, texts, targets)

    @property
    def has_none_(self) -> bool:
        """Whether the model was trained with the NONE class (a model without it never predicts NONE)."""
        return "NONE" in set(self.classes_)

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | Path, metadata: dict | None = None) -> Path:
        """Write the model folder: ``nlp_social.json``, ``arrays.npz``, ``lexicon.json`` (and ``sentiment/``)."""
        self._check_fitted()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        meta = dict(getattr(self, "metadata_", {}) or {})
        meta.update(metadata or {})
        tv = self.target_vectors_.tocsr()
        arrays = {
            "idf_word": self.featurizer_.idf_word_,
            "idf_char": self.featurizer_.idf_char_,
            "columns": self.columns_,
            "coef": self.coef_,
            "intercept": self.intercept_,
            "class_bias": self.class_bias_,
            "tv_data": tv.data.astype(np.float32),
            "tv_indices": tv.indices.astype(np.int64),
            "tv_indptr": tv.indptr.astype(np.int64),
            "tv_shape": np.array(tv.shape, dtype=np.int64),
        }
        if getattr(self, "embedder_", None) is not None:
            # what the embedder gave for fixed probe posts: a different embedder is refused at load
            arrays["embedder_probe"] = _embedder_probe(self.embedder_)
        lexicon = None
        if self.lexicon_ is not None:
            self.lexicon_.save(path)
            lexicon = {"file": LEXICON_FILE, "sha256": self.lexicon_.fingerprint()}
        sentiment = None
        if getattr(self, "sentiment_", None) is not None:
            self.sentiment_.save(path / SENTIMENT_DIR)
            sentiment = {"folder": SENTIMENT_DIR, "fingerprint": self.sentiment_.fingerprint_}
        from nlp_social.text.normalizer import FORMAT_VERSION as NORMALIZER_VERSION

        config = {
            "params": {k: v for k, v in self.get_params().items() if k not in _OBJECT_PARAMS},
            "features": self.featurizer_.config.to_dict(),
            "normalizer": {"format_version": NORMALIZER_VERSION, **self.normalizer_.to_dict()},
            "lexicon": lexicon,
            "sentiment": sentiment,
            "components": _components(self.featurizer_.config),  # the installed ones (checked at load)
            "classes": [str(c) for c in self.classes_],
            "temperature": float(self.temperature_),
            "has_none": self.has_none_,
            "targets": self.targets_,
            "target_texts": self.target_texts_,
        }
        assert tuple(config) == _FINGERPRINTED
        config["fingerprint"] = self.fingerprint_ = _fingerprint(config, arrays)
        config["metadata"] = meta
        save_arrays(path, ARRAYS_FILE, arrays)
        write_model_config(path, FORMAT, FORMAT_VERSION, config)  # last: a half-written folder has none
        return path

    @classmethod
    @model_loader("stance model")
    def load(cls, path: str | Path, accept_components: bool = False) -> StanceModel:
        """Read a folder written by :meth:`save`; refuses shipped components other than the recorded ones
        (unless ``accept_components``: see :func:`~nlp_social.lang.components.check_components`)."""
        from nlp_social.lang.components import check_components
        from nlp_social.text.normalizer import FORMAT_VERSION as NORMALIZER_VERSION
        from nlp_social.text.normalizer import Normalizer

        path = Path(path)
        config = read_model_config(path, FORMAT, FORMAT_VERSION)
        cfile = path / MODEL_CONFIG
        check_components(config["components"], path, "stance model", accept=accept_components)
        arr = load_arrays(path, ARRAYS_FILE)
        feat_cfg = FeatureConfig.from_dict(config["features"])
        model = cls(**config["params"], features=FeatureConfig.from_dict(config["features"]))
        norm = dict(config["normalizer"])
        if norm.get("format_version") != NORMALIZER_VERSION:
            raise ModelFormatError(
                f"{cfile}: normalizer options of format_version {norm.get('format_version')!r}; "
                f"this nlp_social reads {NORMALIZER_VERSION}; train or save the model again"
            )
        model.normalizer_ = Normalizer.from_dict(norm)
        model.lexicon_ = None
        if feat_cfg.lexicon:
            lex = config["lexicon"]
            if not lex:
                raise ModelFormatError(f"{cfile}: the features use a lexicon but the folder names none")
            model.lexicon_ = Lexicon.load(path / lex["file"])
            if model.lexicon_.fingerprint() != lex["sha256"]:
                raise ModelFormatError(
                    f"{path / lex['file']}: not the lexicon this model was trained with "
                    f"(sha256 {model.lexicon_.fingerprint()}, recorded {lex['sha256']}); restore it or retrain"
                )
        model.featurizer_ = StanceFeaturizer(feat_cfg, model.normalizer_, model.lexicon_)
        model.sentiment_ = None
        if config["sentiment"]:
            sent = config["sentiment"]
            model.sentiment_ = cls.load(path / sent["folder"], accept_components=accept_components)
            if model.sentiment_.fingerprint_ != sent["fingerprint"]:
                raise ModelFormatError(
                    f"{path / sent['folder']}: not the sentiment model this model was trained with"
                )
        model.embedder_ = cls._load_embedder(model.embedder, model.embed_cache)
        if model.embedder_ is not None:
            if "embedder_probe" not in arr:
                raise ModelFormatError(f"{path / ARRAYS_FILE}: missing entry 'embedder_probe'")
            probe = _embedder_probe(model.embedder_)
            if probe.shape != arr["embedder_probe"].shape or not np.allclose(
                probe, arr["embedder_probe"], atol=1e-3
            ):
                raise ModelFormatError(
                    f"{cfile}: embedder {model.embedder!r} now gives other embeddings than the one this "
                    "model was trained with; retrain the model with it"
                )
        model.featurizer_.idf_word_ = arr["idf_word"]
        model.featurizer_.idf_char_ = arr["idf_char"]
        model.columns_ = arr["columns"]
        model.coef_ = arr["coef"]
        model.intercept_ = arr["intercept"]
        model.class_bias_ = arr["class_bias"]
        model.target_vectors_ = sp.csr_matrix(
            (arr["tv_data"], arr["tv_indices"], arr["tv_indptr"]), shape=tuple(arr["tv_shape"])
        )
        model.classes_ = np.array(config["classes"])
        model.temperature_ = float(config["temperature"])
        model.targets_ = list(config["targets"])
        model.target_texts_ = list(config["target_texts"])
        model.metadata_ = config.get("metadata", {})
        model.components_ = dict(config["components"])
        model.fingerprint_ = _fingerprint({k: config[k] for k in _FINGERPRINTED}, arr)
        if model.fingerprint_ != config["fingerprint"]:
            raise ModelFormatError(
                f"{path / ARRAYS_FILE}: its arrays and {MODEL_CONFIG} are not of one model (fingerprint "
                f"{model.fingerprint_}, recorded {config['fingerprint']}); save or download the model again"
            )
        model.n_features_in_ = int(model.featurizer_.dim)
        return model

    @staticmethod
    def _load_embedder(spec: str | None, cache: bool):
        if spec is None:
            return None
        if not isinstance(spec, str):
            raise ValueError(
                "embedder must be a load_embedder spec (a string such as 'minilm'), so it can be saved"
            )
        from nlp_social.embed import load_embedder

        return load_embedder(spec, cache=cache)

    @classmethod
    def default(cls) -> StanceModel:
        """The model shipped with the package (trained on the train splits of all five stance corpora)."""
        return _load_default()


def predict_targets_frame(model: Any, texts: Sequence[str], targets: Sequence[str]) -> pd.DataFrame:
    """Every text against every target with any stance model: ``text_index, target, label, p_<class>``."""
    texts = list(texts)
    rows_t = [t for t in texts for _ in targets]
    rows_g = [g for _ in texts for g in targets]
    proba = model.predict_proba(rows_t, targets=rows_g)
    df = pd.DataFrame(
        {
            "text_index": np.repeat(np.arange(len(texts)), len(targets)),
            "target": rows_g,
            "label": model.classes_[np.argmax(proba, axis=1)],
        }
    )
    for j, c in enumerate(model.classes_):
        df[f"p_{c}"] = proba[:, j]
    return df


def _holdout_split(n: int, stratify_options: tuple, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    """A seeded 80/20 split, stratified by the first option that every stratum allows (a stratum
    needs two rows)."""
    from sklearn.model_selection import train_test_split

    for strata in stratify_options:
        try:
            return tuple(
                train_test_split(np.arange(n), test_size=0.2, stratify=strata, random_state=random_state)
            )
        except ValueError:
            continue
    raise AssertionError("unreachable: the unstratified split cannot fail")  # pragma: no cover


def _tune_offsets(
    z: np.ndarray, gold: np.ndarray, objective: str, classes: Sequence[str] = LABELS
) -> np.ndarray:
    """Offsets added to margins ``z`` (n, k) that maximize ``objective`` on ``gold`` (class indices).

    The last class is the reference (offset 0); the others search a grid of -1..1 in steps of 0.05.
    Ties go to the smallest offsets, so without evidence the margins stay as they are."""
    k = z.shape[1]
    grid = np.round(np.arange(-1.0, 1.0001, 0.05), 2)
    axes = np.meshgrid(*([grid] * (k - 1)), indexing="ij")
    cands = np.stack([a.ravel() for a in axes] + [np.zeros(axes[0].size)], axis=1)  # (m, k)
    cands = cands[np.argsort(np.abs(cands).sum(axis=1), kind="stable")]
    best, best_score = np.zeros(k), -np.inf
    for chunk in np.array_split(cands, max(1, len(cands) // 256)):
        pred = np.argmax(z[None, :, :] + chunk[:, None, :], axis=2)  # (c, n)
        hit = pred == gold[None, :]
        acc = hit.mean(axis=1)
        f1s = {}
        for c in range(k):
            tp = (hit & (gold[None, :] == c)).sum(axis=1)
            npred = (pred == c).sum(axis=1)
            ngold = int((gold == c).sum())
            f1s[c] = 2 * tp / np.maximum(npred + ngold, 1)
        mf1 = np.mean([f1s[c] for c in np.unique(gold)], axis=0)
        if objective == "f_avg":
            pair = [i for i, c in enumerate(classes) if c in ("FAVOR", "AGAINST")]
            score = np.mean([f1s[i] for i in pair], axis=0) if pair else mf1
        else:
            score = {"mix": acc + mf1, "macro_f1": mf1, "accuracy": acc}[objective]
        j = int(np.argmax(score))  # first maximum = smallest offsets within this chunk
        if score[j] > best_score + 1e-12:
            best, best_score = chunk[j].copy(), float(score[j])
    return best.astype(np.float32)


# Parameters holding objects: saved as parts of the folder (normalizer, lexicon, sentiment), not as params.
_OBJECT_PARAMS = ("features", "normalizer", "lexicon", "sentiment")
# The keys of nlp_social.json that, with the arrays, make a model's fingerprint (not metadata or versions).
_FINGERPRINTED = (
    "params",
    "features",
    "normalizer",
    "lexicon",
    "sentiment",
    "components",
    "classes",
    "temperature",
    "has_none",
    "targets",
    "target_texts",
)


def _components(cfg: FeatureConfig) -> dict[str, str]:
    """Fingerprints of the shipped models the features use: the transliterator that romanizes Devanagari."""
    if cfg.romanizer != "translit":
        return {}
    from nlp_social.lang.components import shipped_fingerprints

    return shipped_fingerprints(["transliterator"])


def _embedder_probe(embedder: Any) -> np.ndarray:
    from nlp_social.lang.components import PROBE_POSTS

    return np.asarray(embedder.encode(list(PROBE_POSTS[:4])), dtype=np.float32)


def _fingerprint(config: dict[str, Any], arrays: dict[str, np.ndarray]) -> str:
    """sha256 of a linear stance model's options and arrays (what it predicts with), 16 hex digits."""
    h = hashlib.sha256(json.dumps(config, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for key in sorted(arrays):
        a = np.ascontiguousarray(arrays[key])
        h.update(f"{key}:{a.dtype.str}:{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def _load_default() -> StanceModel:
    from nlp_social.paths import model_path

    return StanceModel.load(model_path("stance"))
