"""Token-level language ID experiments through :mod:`nlp_social.lang.lid_evaluate` (the same function
as ``nlp-social lid evaluate``), with its word-list baseline measured in the same run.

Model kinds: ``shipped`` (the packaged model), ``path`` (``path:`` a saved model folder), ``train``
(:func:`nlp_social.lang.lid_train.train_lid` with ``LanguageIdentifier`` hyper-parameters and an
optional ``corpora`` list of train parts; the model is saved in the run's ``model/``).
Data: ``data.test`` = one LID corpus spec (``name:split``) or a CoNLL file.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from nlp_social.corpora.lid import map_lid_tags
from nlp_social.experiments.data import is_file_spec
from nlp_social.experiments.report import confusion_png
from nlp_social.experiments.tasks.base import (
    RunContext,
    TaskResult,
    check_choices,
    check_params,
    split_timing,
)
from nlp_social.io import read_conll
from nlp_social.lang import lid_evaluate
from nlp_social.lang.lid import LanguageIdentifier
from nlp_social.lang.lid_train import train_lid

METRICS = {"macro_f1", "token_accuracy", "f1_hi", "f1_en"}
BASELINES = {"wordlist"}


def _lid_params() -> set[str]:
    return set(LanguageIdentifier().get_params()) - {"random_state"}


def validate(cfg: Any) -> None:
    kinds = {"shipped": set(), "path": {"path"}, "train": set()}
    if cfg.model.kind == "train":
        kinds["train"] = _lid_params() | {"corpora"}
    check_params(cfg, kinds)
    if cfg.model.kind == "path" and "path" not in cfg.model.params:
        raise cfg.error("model.path", "model kind 'path' needs path: <saved model folder>")
    check_choices(cfg, "evaluation.metrics", cfg.evaluation.metrics, METRICS)
    check_choices(cfg, "evaluation.baselines", cfg.evaluation.baselines, BASELINES)
    if len(cfg.data.test) != 1:
        raise cfg.error("data.test", "a lid experiment scores exactly one corpus split or CoNLL file (one config each)")


def _model(cfg: Any, ctx: RunContext):
    kind, params = cfg.model.kind, dict(cfg.model.params)
    if kind == "shipped":
        return LanguageIdentifier.default(), None
    if kind == "path":
        return LanguageIdentifier.load(params["path"]), None

    corpora = params.pop("corpora", None)
    model, _ = train_lid(ctx.data_dir, out=ctx.model_dir, params={**params, "random_state": cfg.seed},
                         corpora=corpora, progress=False)
    return model, ctx.model_dir


def run(cfg: Any, ctx: RunContext) -> TaskResult:
    spec = cfg.data.test[0]
    model, model_dir = _model(cfg, ctx)

    df = ctx.data.load(spec, "test", file_reader=read_conll)  # fingerprint (and the rows predicted below)
    if is_file_spec(spec):
        result = lid_evaluate.evaluate_file(spec, model)
        corpus = None
    else:
        result = lid_evaluate.evaluate_corpus(spec, model, data_dir=ctx.data_dir)
        corpus = spec.partition(":")[0]
        if result.get("heldout_only"):
            df = df[df["id"].map(lid_evaluate.is_heldout_id)].reset_index(drop=True)
    if "baselines" in result and not cfg.evaluation.baselines:
        result.pop("baselines")
    baselines = result.pop("baselines", {})
    metrics, timing = split_timing(result)
    base_metrics = {}
    for name, values in baselines.items():
        m, t = split_timing(values)
        base_metrics[name] = m
        if t:
            timing[f"baseline.{name}"] = t

    gold = [map_lid_tags(list(t), corpus) for t in df["tags"]]
    pred = model.predict([list(t) for t in df["tokens"]])
    predictions = pd.DataFrame(
        {"id": df["id"].astype(str), "tokens": [list(t) for t in df["tokens"]], "gold": gold, "pred": pred}
    )
    flat_g = np.array([t for tags in gold for t in tags], dtype=object)
    flat_p = np.array([t for tags in pred for t in tags], dtype=object)
    keep = (flat_g == "hi") | (flat_g == "en")
    plots = [("Token confusion (gold hi/en tokens)",
              confusion_png(flat_g[keep], flat_p[keep], ["hi", "en", "other"], ctx.plots_dir / "confusion.png",
                            f"{cfg.name}: token tags"))]
    notes = [f"scored by nlp_social.lang.lid_evaluate on {spec}"
             + (" (held-out posts only: the model saw the rest in training)" if metrics.get("heldout_only") else "")]
    headline = (cfg.evaluation.metrics or ["macro_f1"])[0]
    return TaskResult(metrics, base_metrics, predictions, {}, plots, model_dir, notes, headline, timing)
