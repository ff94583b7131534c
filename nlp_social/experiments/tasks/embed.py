"""Embedding experiments: bitext retrieval (P@1 both ways) on a parallel corpus through
:func:`nlp_social.embed.evaluate.evaluate_retrieval` (the function behind ``nlp-social embed evaluate``),
with baseline embedders scored on the same pairs in the same run.

Model kinds: ``default`` (the shipped embedder), ``e5``, ``minilm``, ``path`` (``path:`` a local model).
Parameters: ``batch_size``. Baselines: embedder specs (``e5``, ``minilm``, ``default`` or a path).
Options: ``baseline_limit`` ({baseline: max pairs} for slow baselines).
Data: ``data.test`` = one parallel corpus spec or a file with ``src``/``tgt`` columns; ``data.limit`` caps
the pairs (seeded sample).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from nlp_social.corpora.parallel import load_parallel
from nlp_social.embed import load_embedder
from nlp_social.embed.base import Embedder
from nlp_social.embed.evaluate import evaluate_retrieval
from nlp_social.errors import InputError
from nlp_social.experiments.tasks.base import (
    RunContext,
    TaskResult,
    check_choices,
    check_params,
    split_timing,
)
from nlp_social.io import read_table

METRICS = {"p_at_1_src_tgt", "p_at_1_tgt_src", "p_at_1_mean"}
OPTIONS = {"baseline_limit"}


def _recording_embedder(inner: Any):
    class Recording(Embedder):
        """Passes through to ``inner`` and keeps the vectors of each call (for per-pair predictions)."""

        def __init__(self) -> None:
            self.inner = inner
            self.name = getattr(inner, "name", "embedder")
            self.calls: list[tuple[list[str], np.ndarray]] = []

        @property
        def dim(self) -> int:
            return self.inner.dim

        def encode(self, texts: Sequence[str], batch_size: int = 256, show_progress: bool = False) -> np.ndarray:
            vecs = self.inner.encode(texts, batch_size=batch_size)
            self.calls.append((list(texts), vecs))
            return vecs

    return Recording()


def validate(cfg: Any) -> None:
    params = {"batch_size"}
    check_params(cfg, {"default": params, "e5": params, "minilm": params, "path": params | {"path"}})
    check_choices(cfg, "evaluation.metrics", cfg.evaluation.metrics, METRICS)
    check_choices(cfg, "evaluation.options", list(cfg.evaluation.options), OPTIONS)
    if len(cfg.data.test) != 1:
        raise cfg.error("data.test", "an embed experiment scores exactly one parallel corpus split")


def _pairs(spec: str, data_dir: Any) -> pd.DataFrame:
    df = load_parallel(spec, data_dir=data_dir).dropna(subset=["src", "tgt"]).reset_index(drop=True)
    if "id" not in df.columns:
        df["id"] = [f"{spec}:{i}" for i in range(len(df))]
    df["text"] = df["src"]
    return df


def _pairs_file(path: str) -> pd.DataFrame:
    """A user's table of aligned pairs: columns ``src`` and ``tgt`` (CSV/TSV/JSONL/Parquet)."""

    df = read_table(path, text_col="src")
    if "tgt" not in df.columns:
        raise InputError("a parallel file needs 'src' and 'tgt' columns", path=path, field="tgt")
    return df.assign(src=df["text"])


def run(cfg: Any, ctx: RunContext) -> TaskResult:
    spec = cfg.data.test[0]
    df = ctx.data.load(spec, "test", loader=_pairs, file_reader=_pairs_file)
    src, tgt = df["src"].astype(str).tolist(), df["tgt"].astype(str).tolist()
    kind, params = cfg.model.kind, cfg.model.params
    model_spec = params["path"] if kind == "path" else kind
    model = _recording_embedder(load_embedder(model_spec))
    baselines = {b: b for b in cfg.evaluation.baselines}
    result = evaluate_retrieval(src, tgt, embedder=model, baselines=baselines, batch_size=params.get("batch_size", 256),
                                baseline_limit=cfg.evaluation.options.get("baseline_limit"))
    base_raw = result.pop("baselines", {})
    metrics, timing = split_timing(result)
    metrics["p_at_1_mean"] = (metrics["p_at_1_src_tgt"] + metrics["p_at_1_tgt_src"]) / 2
    base_metrics = {}
    for name, values in base_raw.items():
        m, t = split_timing(values)
        if "p_at_1_src_tgt" in m:
            m["p_at_1_mean"] = (m["p_at_1_src_tgt"] + m["p_at_1_tgt_src"]) / 2
        base_metrics[name] = m
        timing.update({f"baseline.{name}.{k}": v for k, v in t.items()})

    vec = {}
    for texts, vecs in model.calls:  # the full src and tgt passes of the scored run
        if texts == src:
            vec["src"] = vecs
        elif texts == tgt:
            vec["tgt"] = vecs
    predictions = pd.DataFrame({"id": df["id"].astype(str), "src": src, "tgt": tgt})
    if len(vec) == 2:
        sims = vec["src"] @ vec["tgt"].T
        fwd = sims.argmax(axis=1)
        predictions["retrieved_tgt"] = [tgt[j] for j in fwd]
        predictions["correct"] = [i == j or tgt[j] == tgt[i] for i, j in enumerate(fwd)]
        predictions["similarity"] = sims[np.arange(len(src)), fwd]
    headline = (cfg.evaluation.metrics or ["p_at_1_mean"])[0]
    notes = [f"bitext retrieval on {spec} ({len(src)} pairs) by nlp_social.embed.evaluate.evaluate_retrieval"]
    return TaskResult(metrics, base_metrics, predictions, {}, [], None, notes, headline, timing)
