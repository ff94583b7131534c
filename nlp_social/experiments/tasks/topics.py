"""Topic experiments through :func:`nlp_social.topics.evaluate.evaluate_topics` (the function behind
``nlp-social topics evaluate``): label agreement (NMI, ARI, V-measure) with gold classes, NPMI
coherence and diversity, with k-means and BERTopic baselines on the same embeddings in the same run.

Model kind ``topic_model``: :class:`nlp_social.topics.TopicModel` parameters (``embedder``,
``n_topics``, ``outliers``, ...). The fitted model is saved in ``model/``, its topic of every post in
``predictions.parquet``, and a 2-D topic map in ``plots/``.
Data: ``data.train`` = the posts to cluster. Options: ``label_col`` (gold classes; default ``label``,
``topic`` for the demo corpus), ``top_k`` (words per topic for coherence).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from nlp_social.experiments.tasks.base import (
    RunContext,
    TaskResult,
    check_choices,
    check_params,
    plain,
    split_timing,
)
from nlp_social.topics.evaluate import evaluate_topics
from nlp_social.topics.model import TopicModel
from nlp_social.topics.plots import plot_map

METRICS = {"nmi", "ari", "v_measure", "npmi", "diversity"}
BASELINES = {"kmeans", "bertopic"}
OPTIONS = {"label_col", "top_k"}
SIMPLE = (str, int, float, bool, type(None))


def _topic_params() -> set[str]:
    import inspect

    return set(inspect.signature(TopicModel.__init__).parameters) - {"self", "random_state", "verbose"}


def validate(cfg: Any) -> None:
    check_params(cfg, {"topic_model": _topic_params() if cfg.model.kind == "topic_model" else set()})
    for key, value in cfg.model.params.items():
        if not isinstance(value, SIMPLE):
            raise cfg.error(f"model.{key}", "only plain values (names, numbers) can be set from a config")
    check_choices(cfg, "evaluation.metrics", cfg.evaluation.metrics, METRICS)
    check_choices(cfg, "evaluation.baselines", cfg.evaluation.baselines, BASELINES)
    check_choices(cfg, "evaluation.options", list(cfg.evaluation.options), OPTIONS)
    if not cfg.data.train:
        raise cfg.error("data.train", "a topics experiment needs data.train (the posts to cluster)")


def run(cfg: Any, ctx: RunContext) -> TaskResult:
    df = ctx.data.load_many(cfg.data.train, "train")
    label_col = cfg.evaluation.options.get("label_col", "label")
    notes = []
    if label_col in df.columns:
        keep = df[label_col].notna()
        if (~keep).any():
            notes.append(f"{int((~keep).sum())} posts without a {label_col!r} left out")
        df = df[keep].reset_index(drop=True)
        labels = df[label_col].astype(str).tolist()
    else:
        labels = None
        notes.append(f"no {label_col!r} column: label metrics (NMI, ARI) are not computed")
    docs = df["text"].astype(str).tolist()
    params = dict(cfg.model.params)
    embedder = params.pop("embedder", "default")
    kwargs = {"top_k": cfg.evaluation.options["top_k"]} if "top_k" in cfg.evaluation.options else {}
    result = evaluate_topics(docs, labels, embedder=embedder, model_params=params, baselines=tuple(cfg.evaluation.baselines),
                             random_state=cfg.seed, **kwargs)
    base_raw = result.pop("baselines", {})
    metrics, timing = split_timing(plain(result))
    base_metrics = {}
    for name, values in base_raw.items():
        m, t = split_timing(plain(values))
        base_metrics[name] = m
        timing.update({f"baseline.{name}.{k}": v for k, v in t.items()})

    # The same model again (same seed, same data) for per-post topics, the map and the saved folder.
    model = TopicModel(embedder=embedder, random_state=cfg.seed, **params).fit(docs)
    topics = np.asarray(model.topics_)
    predictions = pd.DataFrame({"id": df["id"].astype(str), "text": docs, "topic": topics})
    if labels is not None:
        predictions["gold"] = labels
    info = model.get_topic_info()
    tables = {"Topics": info.set_index(info.columns[0]).head(30)} if len(info) else {}
    if labels is not None:
        cross = pd.crosstab(predictions["topic"], predictions["gold"])
        tables["Topics × gold classes (post counts)"] = cross
    plots = []
    path = ctx.plots_dir / "topic_map.png"
    plot_map(model, model.reduced_embeddings(docs), topics, path, random_state=cfg.seed)
    plots.append(("Topic map", path))
    model.save(str(ctx.model_dir))
    headline = (cfg.evaluation.metrics or (["nmi"] if labels is not None else ["npmi"]))[0]
    return TaskResult(metrics, base_metrics, predictions, tables, plots, ctx.model_dir, notes, headline, timing)
