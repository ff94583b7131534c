"""What a task adapter gets (:class:`RunContext`) and returns (:class:`TaskResult`), plus shared metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp_social.experiments.data import DataRecorder


@dataclass
class RunContext:
    run_dir: Path
    data: DataRecorder
    seed: int
    data_dir: str | None = None

    @property
    def plots_dir(self) -> Path:
        path = self.run_dir / "plots"
        path.mkdir(exist_ok=True)
        return path

    @property
    def model_dir(self) -> Path:
        return self.run_dir / "model"


@dataclass
class TaskResult:
    metrics: dict[str, Any]
    baselines: dict[str, dict[str, Any]] = field(default_factory=dict)
    predictions: pd.DataFrame | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    plots: list[tuple[str, Path]] = field(default_factory=list)
    model_dir: Path | None = None
    notes: list[str] = field(default_factory=list)
    headline: str | None = None  # the metric the results table shows
    timing: dict[str, Any] = field(default_factory=dict)  # speeds and durations: reported, never compared


_TIMING_SUFFIXES = ("_per_s", "seconds", "_seconds", "peak_memory_mb", "elapsed")


def split_timing(result: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split an evaluate() dict into deterministic metrics and timing values (speeds vary run to run)."""
    metrics: dict[str, Any] = {}
    timing: dict[str, Any] = {}
    for key, value in result.items():
        if isinstance(value, dict):
            m, t = split_timing(value)
            metrics[key] = m
            if t:
                timing[key] = t
        elif any(key.endswith(s) for s in _TIMING_SUFFIXES):
            timing[key] = value
        else:
            metrics[key] = value
    return metrics, timing


def plain(obj: Any) -> Any:
    """Drop non-numeric, non-string leaves that JSON cannot hold (e.g. numpy arrays) and convert numpy scalars."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    return obj


def check_params(cfg: Any, allowed: dict[str, set[str]] | set[str], kind: str | None = None) -> None:
    """Raise a ConfigError naming ``model.<key>`` and the file for a parameter the model lacks."""
    kind = kind or cfg.model.kind
    if isinstance(allowed, dict):
        if kind not in allowed:
            raise cfg.error("model.kind", f"unknown model kind {kind!r} for task {cfg.task!r}; use one of {', '.join(sorted(allowed))}")
        allowed = allowed[kind]
    import difflib

    for key in cfg.model.params:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise cfg.error(f"model.{key}", f"unknown parameter for model kind {kind!r}{hint} (known: {', '.join(sorted(allowed)) or 'none'})")


def check_choices(cfg: Any, key: str, values: Sequence[str], allowed: set[str]) -> None:
    for v in values:
        if v not in allowed:
            raise cfg.error(key, f"unknown value {v!r}; use any of {', '.join(sorted(allowed))}")


def classification_metrics(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro/weighted F1, per-class F1, and F_avg (mean F1 of FAVOR and AGAINST, SemEval-2016)."""
    from sklearn.metrics import accuracy_score, f1_score

    gold, pred, labels = list(gold), list(pred), list(labels)
    per_class = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    out: dict[str, Any] = {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "weighted_f1": float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)),
        "f1": {lab: float(v) for lab, v in zip(labels, per_class, strict=True)},
    }
    fa = [out["f1"][k] for k in ("FAVOR", "AGAINST") if k in out["f1"]]
    if len(fa) == 2:
        out["f_avg"] = float(np.mean(fa))
    return out


def round_floats(obj: Any, digits: int = 6) -> Any:
    """Round floats everywhere (metrics.json stays readable and bit-stable)."""
    if isinstance(obj, dict):
        return {k: round_floats(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [round_floats(v, digits) for v in obj]
    if isinstance(obj, (float, np.floating)):
        return round(float(obj), digits)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj
