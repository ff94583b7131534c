"""Stance experiments: train on ``data.train``, score on ``data.test`` (or grouped, stratified
cross-validation on train when no test data is given), with baselines measured in the same run.

Model kinds:
- ``stance_model``: :class:`nlp_social.stance.StanceModel` (the package's model; parameters are its
  constructor arguments). The trained model is saved in the run's ``model/`` folder.
- ``tfidf_svm``: word (1-2) + character (2-5) n-gram TF-IDF with a linear SVM, the usual strong
  baseline of stance papers; one joint model with the target as a feature, or one per target.

- ``shipped``: a stance model the package ships, by ``name`` (``fast`` or ``accurate``) or ``path``; nothing
  is trained (``data.train`` only feeds the baselines), so it needs ``data.test``.

Baselines: ``majority`` (most frequent label), ``per_target_majority``, ``tfidf_svm``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from nlp_social.errors import InputError
from nlp_social.experiments.report import confusion_png, grouped_bars_png, line_png
from nlp_social.experiments.tasks.base import (
    RunContext,
    TaskResult,
    check_choices,
    check_params,
    classification_metrics,
)
from nlp_social.stance.load import load_stance_model
from nlp_social.stance.model import StanceModel

METRICS = {"macro_f1", "f_avg", "accuracy", "weighted_f1"}
BASELINES = {"majority", "per_target_majority", "tfidf_svm"}
TFIDF_PARAMS = {"C", "per_target", "word_ngrams", "char_ngrams", "class_weight", "min_df", "max_features"}
LABEL_ORDER = ("FAVOR", "AGAINST", "NONE")


class MajorityStance:
    """Predicts the most frequent training label (overall, or per target when ``per_target``)."""

    def __init__(self, per_target: bool = False) -> None:
        self.per_target = per_target

    def fit(self, texts: Sequence[str], targets: Sequence[str], labels: Sequence[str]) -> MajorityStance:
        # ties broken by label name so that the result never depends on row order
        def top(values: list[str]) -> str:
            counts = Counter(values)
            return sorted(counts, key=lambda k: (-counts[k], k))[0]

        self.majority_ = top(list(labels))
        self.by_target_: dict[str, str] = {}
        if self.per_target:
            df = pd.DataFrame({"t": list(targets), "y": list(labels)})
            self.by_target_ = {t: top(list(g["y"])) for t, g in df.groupby("t", sort=True)}
        return self

    def predict(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        return np.array([self.by_target_.get(t, self.majority_) for t in targets], dtype=object)


class TfidfSvmStance:
    """TF-IDF word + char n-grams and a linear SVM (scikit-learn), joint with a target feature or per target."""

    def __init__(
        self,
        C: float = 1.0,
        per_target: bool = False,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        class_weight: str | None = "balanced",
        min_df: int = 1,
        max_features: int | None = 200_000,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.per_target = per_target
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.class_weight = class_weight
        self.min_df = min_df
        self.max_features = max_features
        self.random_state = random_state

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.svm import LinearSVC

        features = make_union(
            TfidfVectorizer(ngram_range=tuple(self.word_ngrams), min_df=self.min_df, sublinear_tf=True,
                            lowercase=True, max_features=self.max_features, token_pattern=r"(?u)[#@]?\w+"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams), min_df=self.min_df,
                            sublinear_tf=True, lowercase=True, max_features=self.max_features),
        )
        return make_pipeline(features, LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.random_state))

    @staticmethod
    def _joint(texts: Sequence[str], targets: Sequence[str]) -> list[str]:
        # the target as a token lets the joint model learn a per-target prior
        return [f"__target_{'_'.join(str(t).lower().split())} {x}" for x, t in zip(texts, targets, strict=True)]

    def fit(self, texts: Sequence[str], targets: Sequence[str], labels: Sequence[str]) -> TfidfSvmStance:
        texts, targets, labels = list(texts), list(targets), list(labels)
        self.classes_ = np.array(sorted(set(labels)), dtype=object)
        self.global_ = self._pipeline().fit(self._joint(texts, targets), labels)
        self.models_: dict[str, Any] = {}
        if self.per_target:
            for target in sorted(set(targets)):
                idx = [i for i, t in enumerate(targets) if t == target]
                ys = [labels[i] for i in idx]
                if len(set(ys)) > 1:
                    self.models_[target] = self._pipeline().fit([texts[i] for i in idx], ys)
        return self

    def predict(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        texts, targets = list(texts), list(targets)
        out = np.asarray(self.global_.predict(self._joint(texts, targets)), dtype=object)
        for target, model in self.models_.items():
            idx = [i for i, t in enumerate(targets) if t == target]
            if idx:
                out[idx] = model.predict([texts[i] for i in idx])
        return out


def _tfidf_from_params(params: dict[str, Any], seed: int) -> TfidfSvmStance:
    params = dict(params)
    for key in ("word_ngrams", "char_ngrams"):
        if key in params:
            params[key] = tuple(params[key])
    return TfidfSvmStance(random_state=seed, **params)


def _stance_model_params() -> set[str]:
    return set(StanceModel().get_params())


class ShippedStance:
    """A shipped or saved stance model as an experiment model: ``fit`` leaves it as it is."""

    def __init__(self, name: str = "fast", path: str | None = None) -> None:
        self.name = name
        self.path = path

    def fit(self, texts: Sequence[str], targets: Sequence[str], labels: Sequence[str]) -> ShippedStance:
        self.model_ = load_stance_model(self.path or self.name)
        return self

    def predict(self, texts: Sequence[str], targets: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model_.predict(list(texts), list(targets)), dtype=object)


def validate(cfg: Any) -> None:
    kinds = {"tfidf_svm": TFIDF_PARAMS, "shipped": {"name", "path"}}
    if cfg.model.kind == "stance_model":
        kinds["stance_model"] = _stance_model_params() - {"random_state"}
    else:
        kinds["stance_model"] = set()
    check_params(cfg, kinds)
    check_choices(cfg, "evaluation.metrics", cfg.evaluation.metrics, METRICS)
    check_choices(cfg, "evaluation.baselines", cfg.evaluation.baselines, BASELINES)
    if not cfg.data.train:
        raise cfg.error("data.train", "a stance experiment needs training data")
    if cfg.evaluation.options:
        raise cfg.error("evaluation.options", f"stance takes no options, got {', '.join(cfg.evaluation.options)}")
    if cfg.model.kind == "shipped":
        if not cfg.data.test:
            raise cfg.error("data.test", "a shipped model is scored on data.test (it is not trained here)")
        if cfg.model.params.get("name", "fast") not in ("fast", "accurate"):
            raise cfg.error("model.name", "a shipped stance model is 'fast' or 'accurate'")


def _make(kind: str, params: dict[str, Any], seed: int):
    if kind == "stance_model":
        return StanceModel(random_state=seed, **params)
    if kind == "tfidf_svm":
        return _tfidf_from_params(params, seed)
    if kind == "shipped":
        return ShippedStance(**params)
    if kind == "majority":
        return MajorityStance()
    if kind == "per_target_majority":
        return MajorityStance(per_target=True)
    raise ValueError(kind)


def _fit_predict(kind: str, params: dict[str, Any], seed: int, train: pd.DataFrame, test: pd.DataFrame):
    model = _make(kind, params, seed)
    model.fit(train["text"].tolist(), train["target"].tolist(), train["label"].tolist())
    if kind == "stance_model":
        pred = model.predict(test["text"].tolist(), targets=test["target"].tolist())
    else:
        pred = model.predict(test["text"].tolist(), test["target"].tolist())
    return model, np.asarray(pred, dtype=object)


def _prepare(df: pd.DataFrame, role: str, notes: list[str]) -> pd.DataFrame:
    for col in ("text", "target", "label"):
        if col not in df.columns:
            raise InputError(f"{role} data has no {col!r} column (columns: {', '.join(map(str, df.columns))})", field=col)
    keep = df["target"].notna() & df["label"].notna()
    if (~keep).any():
        notes.append(f"{role}: {int((~keep).sum())} rows without a target or label (e.g. spam) left out of scoring")
    df = df[keep].reset_index(drop=True)
    df["target"] = df["target"].astype(str)
    df["label"] = df["label"].astype(str)
    return df


def _folds(train: pd.DataFrame, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedGroupKFold

    groups = train["dup_of"].fillna(train["id"]) if "dup_of" in train.columns else train["id"]
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return list(splitter.split(train, train["label"], groups.astype(str)))


def _predict_all(kind: str, params: dict[str, Any], seed: int, train: pd.DataFrame, test: pd.DataFrame | None, folds):
    """Predictions on test (fit on train) or out-of-fold predictions on train."""
    if test is not None:
        return _fit_predict(kind, params, seed, train, test)[1]
    pred = np.empty(len(train), dtype=object)
    for tr, te in folds:
        pred[te] = _fit_predict(kind, params, seed, train.iloc[tr], train.iloc[te])[1]
    return pred


def run(cfg: Any, ctx: RunContext) -> TaskResult:
    notes: list[str] = []
    train = _prepare(ctx.data.load_many(cfg.data.train, "train"), "train", notes)
    test = _prepare(ctx.data.load_many(cfg.data.test, "test"), "test", notes) if cfg.data.test else None
    folds = None if test is not None else _folds(train, cfg.evaluation.cv_folds, cfg.seed)
    scored = test if test is not None else train
    protocol = "held-out test" if test is not None else f"{cfg.evaluation.cv_folds}-fold grouped stratified CV on train"
    notes.append(f"protocol: {protocol}")
    labels = [lab for lab in LABEL_ORDER if lab in set(train["label"]) | set(scored["label"])]
    labels += sorted((set(train["label"]) | set(scored["label"])) - set(labels))

    kind, params = cfg.model.kind, cfg.model.params
    pred = _predict_all(kind, params, cfg.seed, train, test, folds)
    metrics = classification_metrics(scored["label"], pred, labels)
    predictions = pd.DataFrame(
        {"id": scored["id"].astype(str), "text": scored["text"], "target": scored["target"], "gold": scored["label"], "pred": pred}
    )
    if folds is not None:
        fold_of = np.empty(len(train), dtype=int)
        for i, (_, te) in enumerate(folds):
            fold_of[te] = i
        predictions["fold"] = fold_of

    baselines: dict[str, dict[str, Any]] = {}
    base_preds: dict[str, np.ndarray] = {}
    for name in cfg.evaluation.baselines:
        bp = _predict_all(name, {}, cfg.seed, train, test, folds)  # baselines run with their defaults
        base_preds[name] = bp
        baselines[name] = classification_metrics(scored["label"], bp, labels)
        predictions[f"pred_{name}"] = bp

    # per-target scores, model beside baselines
    headline = (cfg.evaluation.metrics or ["macro_f1"])[0]
    per_target_metric = headline if headline in ("macro_f1", "f_avg", "accuracy", "weighted_f1") else "macro_f1"
    rows = {}
    for target, idx in predictions.groupby("target").groups.items():
        sub = predictions.loc[idx]

        def score(col: str, sub: pd.DataFrame = sub) -> float:
            # only the labels that occur for this target, so an absent class does not count as F1 = 0
            present = [lab for lab in labels if lab in set(sub["gold"]) | set(sub[col])]
            return classification_metrics(sub["gold"], sub[col], present).get(per_target_metric, np.nan)

        row = {"n": len(sub), "model": score("pred")}
        for name in base_preds:
            row[name] = score(f"pred_{name}")
        rows[target] = row
    per_target = pd.DataFrame(rows).T
    per_target.index.name = "target"
    metrics["per_target"] = {t: float(v) for t, v in per_target["model"].items()}

    plots = [
        ("Confusion matrix", confusion_png(scored["label"], pred, labels, ctx.plots_dir / "confusion.png", f"{cfg.name}: {kind}")),
        (
            f"Per-target {per_target_metric}",
            grouped_bars_png(per_target.drop(columns="n").astype(float), ctx.plots_dir / "per_target.png",
                             f"{cfg.name}: per target", per_target_metric),
        ),
    ]

    tables = {f"Per-target {per_target_metric} ({protocol})": per_target}
    if cfg.evaluation.learning_curve:
        if test is None:
            notes.append("learning curve skipped: it needs test data")
        else:
            lc = _learning_curve(cfg, train, test, labels, per_target_metric)
            metrics["learning_curve"] = {f"{f:g}": v for f, v in zip(lc["fraction"], lc[per_target_metric], strict=True)}
            tables["Learning curve"] = lc.set_index("fraction")
            plots.append(("Learning curve", line_png(lc["train_rows"], {kind: lc[per_target_metric]},
                                                     ctx.plots_dir / "learning_curve.png", f"{cfg.name}: learning curve",
                                                     "training rows", per_target_metric)))

    model_dir = None
    if kind == "stance_model":
        final = _make(kind, params, cfg.seed).fit(train["text"].tolist(), train["target"].tolist(), train["label"].tolist())
        model_dir = final.save(ctx.model_dir, metadata={"experiment": cfg.name})
    else:
        notes.append(f"model kind {kind!r} has no saved form; rerun the config to rebuild it")
    return TaskResult(metrics, baselines, predictions, tables, plots, model_dir, notes, headline)


def _learning_curve(cfg: Any, train: pd.DataFrame, test: pd.DataFrame, labels: list[str], metric: str) -> pd.DataFrame:
    from sklearn.model_selection import train_test_split

    rows = []
    for frac in cfg.evaluation.learning_curve:
        if frac >= 1:
            sub = train
        else:
            try:
                sub, _ = train_test_split(train, train_size=frac, random_state=cfg.seed, stratify=train["label"])
            except ValueError:  # too few rows per class to stratify
                sub = train.sample(frac=frac, random_state=cfg.seed)
        _, pred = _fit_predict(cfg.model.kind, cfg.model.params, cfg.seed, sub, test)
        rows.append({"fraction": frac, "train_rows": len(sub), metric: classification_metrics(test["label"], pred, labels)[metric]})
    return pd.DataFrame(rows)
