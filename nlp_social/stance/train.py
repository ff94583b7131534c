"""Importable training entry point for stance models (used by the CLI and ``experiments/``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from nlp_social.corpora import load_corpus, parse_corpus_spec
from nlp_social.errors import ConfigError, InputError
from nlp_social.io.readers import read_table
from nlp_social.stance.model import StanceModel

DEFAULT_CORPORA = (
    "swami2018_codemixed_stance:train",
    "semeval2016_task6_stance:train",
    "covid19_stance_glandt:train",
    "pstance_li2021:train",
    "ukp_argmin_stance_ckd:train",
)


def load_stance_frames(
    corpora: Sequence[str] = (),
    files: Sequence[str | os.PathLike] = (),
    data_dir: str | None = None,
    max_per_corpus: int | None = None,
    **cols: str,
) -> pd.DataFrame:
    """Concatenate corpora (``name[:split]``, default split ``train``) and files into ``text, target, label``."""
    frames = []
    for spec in corpora:
        name, split = parse_corpus_spec(spec)
        df = load_corpus(name, split or "train", data_dir=data_dir)
        if max_per_corpus and len(df) > max_per_corpus:
            df = df.sample(max_per_corpus, random_state=0).sort_index()
        frames.append(df[["text", "target", "label"]].assign(source=f"{name}:{split or 'train'}"))
    for f in files:
        df = read_stance_file(f, **cols)
        frames.append(df[["text", "target", "label"]].assign(source=str(f)))
    if not frames:
        raise ConfigError("no training data: name at least one corpus or file")
    return usable_rows(pd.concat(frames, ignore_index=True))


def usable_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Rows with a text, a target and a label; ``attrs['dropped']`` counts the others (e.g. spam posts
    that have no target)."""
    ok = pd.Series(True, index=df.index)
    for col in ("text", "target", "label"):
        if col in df.columns:
            ok &= df[col].notna() & (df[col].astype(str).str.strip() != "")
    out = df[ok].reset_index(drop=True)
    out.attrs["dropped"] = int((~ok).sum())
    return out


def read_stance_file(
    path: str | os.PathLike, text_col: str = "text", target_col: str = "target", label_col: str = "label"
) -> pd.DataFrame:
    """A CSV/TSV/JSONL/Parquet file with text, target and (optionally) label columns."""

    df = read_table(path, text_col=text_col, label_col=label_col, target_col=target_col)
    if "text" not in df.columns:
        raise InputError(f"no text column {text_col!r}", path=str(path), field=text_col)
    if "label" in df.columns:
        df["label"] = df["label"].astype(str).str.strip().str.upper()
    return df


def train_stance(
    corpora: Sequence[str] = DEFAULT_CORPORA,
    files: Sequence[str | os.PathLike] = (),
    *,
    params: dict[str, Any] | None = None,
    data_dir: str | None = None,
    output: str | os.PathLike | None = None,
    max_per_corpus: int | None = None,
    **cols: str,
):
    """Train a :class:`StanceModel` on ``corpora`` and ``files``; save it to ``output`` when given."""
    df = load_stance_frames(corpora, files, data_dir=data_dir, max_per_corpus=max_per_corpus, **cols)
    model = StanceModel(**(params or {})).fit(
        df["text"].tolist(), df["target"].tolist(), df["label"].tolist()
    )
    model.metadata_ = {
        "trained_on": sorted(df["source"].unique().tolist()),
        "max_per_corpus": max_per_corpus,
        "n_train": int(len(df)),
        "label_counts": {k: int(v) for k, v in df["label"].value_counts().items()},
        "rows_dropped_without_target_or_label": df.attrs.get("dropped", 0),
        "note": None if model.has_none_ else "trained without NONE: this model never predicts NONE",
    }
    if output is not None:
        model.save(output)
    return model


def load_train_config(path: str | os.PathLike) -> dict[str, Any]:
    """YAML/JSON config: ``corpora: [...]``, ``files: [...]``, ``params: {...}``, ``output: DIR``."""
    import json

    import yaml

    p = Path(path)
    if not p.exists():
        raise ConfigError(f"config file {p} not found")
    text = p.read_text(encoding="utf-8")
    data = json.loads(text) if p.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: expected a mapping at the top level")
    unknown = sorted(set(data) - {"corpora", "files", "params", "output", "data_dir"})
    if unknown:
        raise ConfigError(f"{p}: unknown key(s) {', '.join(unknown)}")
    return data


SENTIMENT_TO_STANCE = {"positive": "FAVOR", "negative": "AGAINST", "neutral": "NONE"}


def train_sentiment_transfer(split: str = "train", data_dir: str | None = None, C: float = 1.0):
    """A Hinglish sentiment model (SentiMix 2020) in stance form (positive->FAVOR, negative->AGAINST,
    neutral->NONE), whose probabilities the stance model takes as features (``StanceModel(sentiment=...)``)."""

    df = load_corpus("sentimix2020_hinglish", split, data_dir=data_dir)
    texts = [" ".join(toks) for toks in df["tokens"]]
    labels = [SENTIMENT_TO_STANCE[str(lab).strip().lower()] for lab in df["label"]]
    model = StanceModel(
        C=C, target_mode="joint", min_df=3, features={"lexicon": False, "target_cues": False}
    ).fit(texts, "sentiment", labels)
    model.metadata_ = {"trained_on": [f"sentimix2020_hinglish:{split}"], "labels": SENTIMENT_TO_STANCE}
    return model
