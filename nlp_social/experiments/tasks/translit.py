"""Transliteration experiments through :func:`nlp_social.lang.translit.evaluate.evaluate_translit` (the
function behind ``nlp-social translit evaluate``), with its rule-based baseline in the same run.

Model kinds: ``shipped`` (the packaged model, loaded fresh) or ``path`` (``path:`` a saved folder).
Data: ``data.test`` = one corpus spec with ``deva``/``latn`` columns or a deva/latn file.
Options (``evaluation.options``): ``direction`` (``latn2deva`` | ``deva2latn``), ``limit`` (words).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from nlp_social.experiments.data import is_file_spec
from nlp_social.experiments.tasks.base import (
    RunContext,
    TaskResult,
    check_choices,
    check_params,
    split_timing,
)
from nlp_social.lang.translit import Transliterator
from nlp_social.lang.translit.evaluate import evaluate_translit, gold_table
from nlp_social.paths import model_path

METRICS = {"top1", "top5", "cer"}
BASELINES = {"rules"}
OPTIONS = {"direction", "limit"}


class _Recorder:
    """Wraps a transliterator and keeps its n-best outputs, so predictions come from the scored pass."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.outputs: dict[str, list[tuple[str, float]]] = {}

    def to_deva_nbest(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        out = self.inner.to_deva_nbest(word, k)
        self.outputs[word] = out
        return out

    def to_latn_nbest(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        out = self.inner.to_latn_nbest(word, k)
        self.outputs[word] = out
        return out

    def to_deva_nbest_many(self, words: list[str], k: int = 5) -> list[list[tuple[str, float]]]:
        # the batched decoder (one pass over all distinct words), as evaluate_translit uses it
        many = getattr(self.inner, "to_deva_nbest_many", None)
        outs = many(words, k) if many is not None else [self.inner.to_deva_nbest(w, k) for w in words]
        self.outputs.update(zip(words, outs, strict=True))
        return outs

    @property
    def uses_neural(self) -> bool:
        return bool(getattr(self.inner, "uses_neural", False))

    def graphone_view(self) -> Any:
        return self.inner.graphone_view()


def validate(cfg: Any) -> None:
    check_params(cfg, {"shipped": set(), "path": {"path"}})
    check_choices(cfg, "evaluation.metrics", cfg.evaluation.metrics, METRICS)
    check_choices(cfg, "evaluation.baselines", cfg.evaluation.baselines, BASELINES)
    check_choices(cfg, "evaluation.options", list(cfg.evaluation.options), OPTIONS)
    direction = cfg.evaluation.options.get("direction", "latn2deva")
    if direction not in ("latn2deva", "deva2latn"):
        raise cfg.error("evaluation.options.direction", f"{direction!r}: use latn2deva or deva2latn")
    if len(cfg.data.test) != 1:
        raise cfg.error("data.test", "a translit experiment scores exactly one corpus split or file")


def run(cfg: Any, ctx: RunContext) -> TaskResult:
    spec = cfg.data.test[0]
    opts = cfg.evaluation.options
    direction = opts.get("direction", "latn2deva")
    if cfg.model.kind == "path":
        model = Transliterator.load(cfg.model.params["path"])
    else:
        model = Transliterator.load(model_path("translit"))
    df = ctx.data.load(spec, "test")
    proxy = _Recorder(model)
    source = {"file": spec, "corpus": None} if is_file_spec(spec) else {"corpus": spec}
    result = evaluate_translit(proxy, direction=direction, data_dir=ctx.data_dir, limit=opts.get("limit"),
                               baseline=bool(cfg.evaluation.baselines), **source)
    baselines = result.pop("baselines", {})
    metrics, timing = split_timing(result)
    base_metrics = {}
    for name, values in baselines.items():
        m, t = split_timing(values)
        base_metrics[name] = m
        timing.update({f"baseline.{name}.{k}": v for k, v in t.items()})

    if {"deva", "latn"} <= set(df.columns):
        gold = gold_table(list(zip(df["deva"], df["latn"], strict=True)), direction)
    else:
        gold = {}
    rows = []
    for word, out in proxy.outputs.items():
        refs = sorted(gold.get(word, set()))
        best = out[0][0] if out else ""
        rows.append({"source": word, "gold": refs, "pred": best, "nbest": [c for c, _ in out], "correct": best in refs})
    predictions = pd.DataFrame(rows)
    headline = (cfg.evaluation.metrics or ["top1"])[0]
    notes = [f"scored by nlp_social.lang.translit.evaluate on {spec}, direction {direction}"]
    return TaskResult(metrics, base_metrics, predictions, {}, [], None, notes, headline, timing)
