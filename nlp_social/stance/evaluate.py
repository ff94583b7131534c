"""One evaluation for every stance model family, with the baselines measured in the same run.

``evaluate_stance(model, df, train_df=...)`` returns accuracy, macro-F1 (over the gold labels, so
P-Stance's two-class macro-F1 and the three-class one elsewhere), F_avg (mean F1 of FAVOR and AGAINST,
the SemEval-2016 metric), per-target scores, the confusion matrix, and under ``"baselines"`` the
majority class and the per-target SVM fit on ``train_df`` (or cross-validated on ``df`` when no
training data is given, which the result says).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from nlp_social.errors import InputError
from nlp_social.stance.baselines import MajorityBaseline, PerTargetSVM
from nlp_social.stance.train import usable_rows

LABEL_ORDER = ("AGAINST", "FAVOR", "NONE")


def stance_metrics(
    gold: Sequence[str], pred: Sequence[str], targets: Sequence[str] | None = None
) -> dict[str, Any]:
    """accuracy, macro_f1, f_avg, per-class F1, confusion matrix, and per-target scores."""
    gold = np.asarray([str(g) for g in gold])
    pred = np.asarray([str(p) for p in pred])
    gold_labels = [lab for lab in LABEL_ORDER if lab in set(gold)]
    all_labels = [lab for lab in LABEL_ORDER if lab in set(gold) | set(pred)]
    f1s = f1_score(gold, pred, labels=all_labels, average=None, zero_division=0)
    per_class = {lab: float(f) for lab, f in zip(all_labels, f1s, strict=True)}
    out: dict[str, Any] = {
        "n": int(len(gold)),
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(np.mean([per_class[lab] for lab in gold_labels])),
        "f_avg": float(np.mean([per_class.get("FAVOR", 0.0), per_class.get("AGAINST", 0.0)])),
        "f1_per_class": per_class,
        "confusion_matrix": {"labels": all_labels, "matrix": _confusion(gold, pred, all_labels)},
    }
    if targets is not None:
        targets = np.asarray([str(t) for t in targets])
        per_target = {}
        for t in sorted(set(targets)):
            m = targets == t
            sub = stance_metrics(gold[m], pred[m])
            per_target[t] = {k: sub[k] for k in ("n", "accuracy", "macro_f1", "f_avg")}
        out["per_target"] = per_target
    return out


def _confusion(gold: np.ndarray, pred: np.ndarray, labels: list[str]) -> list[list[int]]:
    with warnings.catch_warnings():  # one-label subsets (a target with one class) are fine here
        warnings.simplefilter("ignore", UserWarning)
        return confusion_matrix(gold, pred, labels=labels).tolist()


def _check(df: pd.DataFrame, name: str) -> None:
    for col in ("text", "target", "label"):
        if col not in df.columns:
            raise InputError(
                f"{name} has no {col!r} column (columns: {', '.join(map(str, df.columns))})", field=col
            )
    if len(df) == 0:
        raise InputError(f"{name} is empty")


def predict_frame(model: Any, df: pd.DataFrame) -> np.ndarray:
    """Predictions of any stance model with ``predict(texts, targets=...)``."""
    return np.asarray(
        model.predict(df["text"].astype(str).tolist(), targets=df["target"].astype(str).tolist())
    )


def measure_baselines(
    df: pd.DataFrame, train_df: pd.DataFrame | None, folds: int = 5, random_state: int = 0
) -> dict:
    """Majority class and per-target SVM, fit on ``train_df`` (else ``folds``-fold CV on ``df``)."""
    texts, targets, gold = (
        df["text"].astype(str).tolist(),
        df["target"].astype(str).tolist(),
        df["label"].tolist(),
    )
    preds: dict[str, np.ndarray] = {}
    if train_df is not None:
        tr = (
            train_df["text"].astype(str).tolist(),
            train_df["target"].astype(str).tolist(),
            train_df["label"].tolist(),
        )
        preds["majority"] = MajorityBaseline().fit(*tr).predict(texts, targets)
        preds["svm_per_target"] = PerTargetSVM(random_state=random_state).fit(*tr).predict(texts, targets)
        how = "fit on the training data"
    else:
        from sklearn.model_selection import StratifiedKFold

        strata = [f"{t}|{g}" for t, g in zip(targets, gold, strict=True)]
        counts = pd.Series(strata).value_counts()
        strata = [s if counts[s] >= folds else "rare" for s in strata]
        maj = np.empty(len(df), dtype=object)
        svm = np.empty(len(df), dtype=object)
        for tr_idx, te_idx in StratifiedKFold(folds, shuffle=True, random_state=random_state).split(
            texts, strata
        ):
            tr = ([texts[i] for i in tr_idx], [targets[i] for i in tr_idx], [gold[i] for i in tr_idx])
            te = ([texts[i] for i in te_idx], [targets[i] for i in te_idx])
            maj[te_idx] = MajorityBaseline().fit(*tr).predict(*te)
            svm[te_idx] = PerTargetSVM(random_state=random_state).fit(*tr).predict(*te)
        preds = {"majority": maj.astype(str), "svm_per_target": svm.astype(str)}
        how = f"{folds}-fold cross-validation on the evaluated data (no training data given)"
    out: dict[str, Any] = {"fit": how}
    for name, p in preds.items():
        m = stance_metrics(gold, p, targets)
        out[name] = {k: m[k] for k in ("accuracy", "macro_f1", "f_avg", "per_target")}
    return out


def evaluate_stance(
    model: Any,
    df: pd.DataFrame,
    train_df: pd.DataFrame | None = None,
    *,
    baselines: bool = True,
    random_state: int = 0,
) -> dict[str, Any]:
    """Score ``model`` on ``df`` (columns ``text, target, label``); baselines under ``"baselines"``."""
    _check(df, "evaluation data")
    if train_df is not None:
        _check(train_df, "training data")

    df = usable_rows(df)
    if train_df is not None:
        train_df = usable_rows(train_df)
    pred = predict_frame(model, df)
    result = stance_metrics(df["label"].astype(str).str.upper().tolist(), pred, df["target"].tolist())
    classes = getattr(model, "classes_", None)
    if classes is not None:
        result["model_classes"] = [str(c) for c in classes]
    if df.attrs.get("dropped"):
        result["rows_dropped_without_target_or_label"] = df.attrs["dropped"]
    if baselines:
        result["baselines"] = measure_baselines(df, train_df, random_state=random_state)
    return result


def cross_validate_stance(
    make_model, df: pd.DataFrame, folds: int = 10, random_state: int = 0
) -> dict[str, Any]:
    """``folds``-fold CV (stratified by target and label) of ``make_model()`` and the baselines on the
    same folds; returns pooled out-of-fold metrics."""
    from sklearn.model_selection import StratifiedKFold

    _check(df, "data")
    df = df.reset_index(drop=True)
    texts, targets = df["text"].astype(str).tolist(), df["target"].astype(str).tolist()
    gold = df["label"].astype(str).tolist()
    strata = [f"{t}|{g}" for t, g in zip(targets, gold, strict=True)]
    preds = {k: np.empty(len(df), dtype=object) for k in ("model", "majority", "svm_per_target")}
    for tr_idx, te_idx in StratifiedKFold(folds, shuffle=True, random_state=random_state).split(
        texts, strata
    ):
        tr = ([texts[i] for i in tr_idx], [targets[i] for i in tr_idx], [gold[i] for i in tr_idx])
        te_t, te_g = [texts[i] for i in te_idx], [targets[i] for i in te_idx]
        preds["model"][te_idx] = make_model().fit(*tr).predict(te_t, targets=te_g)
        preds["majority"][te_idx] = MajorityBaseline().fit(*tr).predict(te_t, te_g)
        preds["svm_per_target"][te_idx] = PerTargetSVM(random_state=random_state).fit(*tr).predict(te_t, te_g)
    result = stance_metrics(gold, preds["model"].astype(str), targets)
    result["folds"] = folds
    result["baselines"] = {"fit": f"same {folds} folds"}
    for name in ("majority", "svm_per_target"):
        m = stance_metrics(gold, preds[name].astype(str), targets)
        result["baselines"][name] = {k: m[k] for k in ("accuracy", "macro_f1", "f_avg", "per_target")}
    return result
