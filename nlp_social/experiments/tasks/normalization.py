"""Normalization experiments, two protocols.

1. ``spelling_cv``: :func:`nlp_social.lang.spelling_train.evaluate_spelling` (the spelling helper's own
   evaluation): token accuracy against hinglishNorm's hand normalization, by ``evaluation.cv_folds``-fold
   cross-validation on its train split (each fold normalized by a model trained without it; the test
   split is held back), beside the ``identity`` and ``pairs_only`` baselines it measures in the same call.
   Data: ``data.train`` = ``hinglishnorm:train`` (recorded); option ``limit`` (sentences).

2. Key-based unification: does a token normalizer unify the spelling variants of romanized Hindi
(``yar`` / ``yaar``, ``abhi`` / ``abhee``) without merging different words?

Protocol on a corpus with gold normalized tokens (``hinglishnorm``: ``tokens``, ``norm_tokens``, ``tags``):
posts whose tokens align one-to-one with their normalization; Hindi-tagged (or ``options.tags``)
tokens. A system maps a word to a key; then

- ``variant_recall``: share of (written form, gold normalized form) pairs that differ as strings but
  get the same key (the variant is unified with its standard spelling);
- ``false_merge_rate``: share of seeded random pairs of *different* gold words that get the same key;
- ``balanced``: harmonic mean of ``variant_recall`` and ``1 - false_merge_rate``.

Model kinds: ``norm_key`` (:func:`nlp_social.lang.unify.norm_key`, script-unified key via the spelling
normalizer and transliterator), ``spelling`` (``SpellingNormalizer.default().normalize_token``),
``skeleton_key`` (:func:`nlp_social.lang.unify.skeleton_key`). Baselines: ``identity`` (lower-case),
``dedup`` (lower-case, repeated letters collapsed), ``skeleton`` (consonant skeleton).
Options: ``tags`` (gold tags to score, default ``[Hindi]``), ``false_merge_pairs`` (default 20000).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from nlp_social.experiments.report import grouped_bars_png
from nlp_social.experiments.tasks.base import (
    RunContext,
    TaskResult,
    check_choices,
    check_params,
    plain,
    split_timing,
)
from nlp_social.lang.spelling import SpellingNormalizer
from nlp_social.lang.spelling_train import evaluate_spelling
from nlp_social.lang.unify import norm_key, skeleton_key

METRICS = {"variant_recall", "false_merge_rate", "balanced"}
BASELINES = {"identity", "dedup", "skeleton"}
OPTIONS = {"tags", "false_merge_pairs"}
CV_METRICS = {"token_accuracy", "changed_token_accuracy"}
CV_BASELINES = {"identity", "pairs_only"}
_REPEATS = re.compile(r"(.)\1+")


def validate(cfg: Any) -> None:
    check_params(cfg, {"norm_key": set(), "spelling": set(), "skeleton_key": set(), "spelling_cv": set()})
    if cfg.model.kind == "spelling_cv":
        check_choices(cfg, "evaluation.metrics", cfg.evaluation.metrics, CV_METRICS)
        check_choices(cfg, "evaluation.baselines", cfg.evaluation.baselines, CV_BASELINES)
        check_choices(cfg, "evaluation.options", list(cfg.evaluation.options), {"limit"})
        if not cfg.data.train:
            raise cfg.error("data.train", "spelling_cv cross-validates on data.train (hinglishnorm:train)")
        return
    check_choices(cfg, "evaluation.metrics", cfg.evaluation.metrics, METRICS)
    check_choices(cfg, "evaluation.baselines", cfg.evaluation.baselines, BASELINES)
    check_choices(cfg, "evaluation.options", list(cfg.evaluation.options), OPTIONS)
    if not cfg.data.test:
        raise cfg.error("data.test", "a normalization experiment needs data.test (tokens with gold norm_tokens)")


def key_function(kind: str) -> Callable[[str], str]:
    """The word -> key function of a system (model kind or baseline name)."""
    if kind == "identity":
        return str.lower
    if kind == "dedup":
        return lambda w: _REPEATS.sub(r"\1", w.lower())
    if kind in ("skeleton", "skeleton_key"):
        return skeleton_key
    if kind == "norm_key":
        return lambda w: norm_key(w, "hi")
    if kind == "spelling":
        speller = SpellingNormalizer.default()
        return speller.normalize_token
    raise ValueError(kind)


def aligned_pairs(df: pd.DataFrame, tags: set[str]) -> pd.DataFrame:
    rows = []
    for pid, toks, norms, gtags in zip(df["id"], df["tokens"], df["norm_tokens"], df["tags"], strict=True):
        if len(toks) != len(norms) or len(toks) != len(gtags):
            continue
        for i, (t, n, g) in enumerate(zip(toks, norms, gtags, strict=True)):
            if g in tags and t and n:
                rows.append({"id": f"{pid}:{i}", "word": str(t), "norm": str(n), "tag": g})
    return pd.DataFrame(rows, columns=["id", "word", "norm", "tag"])


def score(key: Callable[[str], str], pairs: pd.DataFrame, distinct: list[tuple[str, str]]) -> tuple[dict[str, float], np.ndarray]:
    cache: dict[str, str] = {}

    def k(w: str) -> str:
        if w not in cache:
            cache[w] = key(w)
        return cache[w]

    variants = pairs["word"].str.lower() != pairs["norm"].str.lower()
    match = np.array([k(w) == k(n) for w, n in zip(pairs["word"], pairs["norm"], strict=True)])
    recall = float(match[variants.to_numpy()].mean()) if variants.any() else float("nan")
    merges = float(np.mean([k(a) == k(b) for a, b in distinct])) if distinct else float("nan")
    balanced = 2 * recall * (1 - merges) / (recall + 1 - merges) if recall + 1 - merges > 0 else 0.0
    return {
        "variant_recall": recall,
        "false_merge_rate": merges,
        "balanced": balanced,
        "n_variant_pairs": int(variants.sum()),
        "n_distinct_pairs": len(distinct),
    }, match


def _run_spelling_cv(cfg: Any, ctx: RunContext) -> TaskResult:
    for spec in cfg.data.train:
        ctx.data.load(spec, "train")  # fingerprint of what evaluate_spelling reads
    result = evaluate_spelling(data_dir=ctx.data_dir, folds=cfg.evaluation.cv_folds, random_state=cfg.seed,
                               limit=cfg.evaluation.options.get("limit"))
    baselines = result.pop("baselines", {})
    tag_counts = result.pop("tag_counts", {})
    metrics, timing = split_timing(plain(result))
    base_metrics = {}
    for name, values in baselines.items():
        if cfg.evaluation.baselines and name not in cfg.evaluation.baselines:
            continue
        m, t = split_timing(plain(values))
        base_metrics[name] = m
        timing.update({f"baseline.{name}.{k}": v for k, v in t.items()})
    table = pd.DataFrame({"tokens": pd.Series(tag_counts, dtype=float),
                          "model": pd.Series(metrics.pop("per_tag_accuracy", {}), dtype=float)})
    for name, m in base_metrics.items():
        table[name] = pd.Series(m.pop("per_tag_accuracy", {}), dtype=float)
    table.index.name = "gold tag"
    plots = []
    if len(table):
        plots.append(("Token accuracy per gold tag",
                      grouped_bars_png(table.drop(columns="tokens").fillna(0), ctx.plots_dir / "per_tag.png",
                                       f"{cfg.name}: token accuracy", "token accuracy")))
    notes = [f"protocol: {metrics.get('protocol')}",
             "evaluate_spelling does not return per-token predictions (fold models are internal); "
             "predictions.parquet is empty for this kind"]
    headline = (cfg.evaluation.metrics or ["token_accuracy"])[0]
    return TaskResult(metrics, base_metrics, pd.DataFrame(), {"Token accuracy per gold tag": table}, plots, None,
                      notes, headline, timing)


def run(cfg: Any, ctx: RunContext) -> TaskResult:
    if cfg.model.kind == "spelling_cv":
        return _run_spelling_cv(cfg, ctx)
    opts = cfg.evaluation.options
    tags = set(opts.get("tags", ["Hindi"]))
    df = ctx.data.load_many(cfg.data.test, "test")
    for col in ("tokens", "norm_tokens", "tags"):
        if col not in df.columns:
            raise cfg.error("data.test", f"the data has no {col!r} column (needs tokens, norm_tokens, tags)")
    pairs = aligned_pairs(df, tags)
    norms = sorted(set(pairs["norm"].str.lower()))
    rng = np.random.default_rng(cfg.seed)
    n_pairs = int(opts.get("false_merge_pairs", 20_000))
    distinct = []
    if len(norms) > 1:
        a = rng.integers(0, len(norms), n_pairs)
        b = rng.integers(0, len(norms), n_pairs)
        distinct = [(norms[i], norms[j]) for i, j in zip(a, b, strict=True) if i != j]

    metrics, match = score(key_function(cfg.model.kind), pairs, distinct)
    predictions = pairs.assign(variant=pairs["word"].str.lower() != pairs["norm"].str.lower(), unified=match)
    baselines = {}
    for name in cfg.evaluation.baselines:
        baselines[name], bmatch = score(key_function(name), pairs, distinct)
        predictions[f"unified_{name}"] = bmatch
    per_tag = {}
    for tag, sub in predictions[predictions["variant"]].groupby("tag"):
        row = {"n": len(sub), "model": float(sub["unified"].mean())}
        row.update({name: float(sub[f"unified_{name}"].mean()) for name in baselines})
        per_tag[tag] = row
    table = pd.DataFrame(per_tag).T
    table.index.name = "gold tag"
    plots = []
    if len(table):
        plots.append(("Variant recall per gold tag",
                      grouped_bars_png(table.drop(columns="n"), ctx.plots_dir / "per_tag.png",
                                       f"{cfg.name}: variant recall", "variant_recall")))
    notes = [f"{len(pairs)} aligned tokens tagged {sorted(tags)} from {', '.join(cfg.data.test)}; "
             f"{len(distinct)} random pairs of different gold words for false merges"]
    headline = (cfg.evaluation.metrics or ["balanced"])[0]
    return TaskResult(metrics, baselines, predictions, {"Variant recall per gold tag": table}, plots, None, notes, headline)
