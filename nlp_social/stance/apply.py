"""Stance on whole files and corpora: the functions behind ``nlp-social stance predict`` and ``evaluate``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import pandas as pd

from nlp_social.corpora import load_corpus, parse_corpus_spec
from nlp_social.errors import InputError
from nlp_social.io.tables import output_format, read_posts, write_table
from nlp_social.stance.evaluate import evaluate_stance
from nlp_social.stance.train import load_stance_frames, read_stance_file

#: what ``predict_file`` can write
PREDICT_FORMATS = ("csv", "tsv", "jsonl")


def stance_table(model: Any, df: pd.DataFrame, targets: Sequence[str] | None = None) -> pd.DataFrame:
    """``df`` plus ``label`` and one ``p_<class>`` column per class: every post x each of ``targets``, or
    each row toward its own ``target`` column when no targets are given.

    Input columns a prediction column would hide (a gold ``label``, a ``target`` that ``targets`` replaces,
    ``stance``/``score``/``p_*``) are kept as ``input_<name>``: gold and predicted never share a name."""
    own = {"label", "stance", "score"} | ({"target"} if targets else set())
    df = df.rename(columns={c: f"input_{c}" for c in df.columns if c in own or str(c).startswith("p_")})
    texts = df["text"].astype(str).tolist()
    if targets:
        res = model.predict_targets(texts, list(targets))
        out = df.iloc[res["text_index"]].reset_index(drop=True)
        return pd.concat([out, res.drop(columns=["text_index"])], axis=1)
    if "target" not in df.columns:
        raise InputError("no target: give targets or a target column")
    proba = model.predict_proba(texts, targets=df["target"].astype(str).tolist())
    out = df.copy()
    out["label"] = model.classes_[proba.argmax(axis=1)]
    for j, c in enumerate(model.classes_):
        out[f"p_{c}"] = proba[:, j]
    return out


def predict_file(
    file: str | os.PathLike,
    output: str | os.PathLike,
    model: Any,
    *,
    targets: Sequence[str] | None = None,
    text_col: str = "text",
    target_col: str = "target",
) -> int:
    """Predict the stance of every post of ``file`` (a table or a ``.txt`` file, one post per line) and
    write ``output`` (.csv, .tsv or .jsonl); returns the number of predictions."""
    output_format(output, allowed=PREDICT_FORMATS)  # a wrong suffix fails before any work
    df = read_posts(file, text_col=text_col, target_col=target_col)
    if df.empty:
        raise InputError("no posts to predict (the file has no rows)", path=str(file))
    if not targets and "target" not in df.columns:
        raise InputError(f"no --target given and the file has no {target_col!r} column", path=str(file))
    out = stance_table(model, df, targets)
    write_table(out, output, allowed=PREDICT_FORMATS)
    return len(out)


def evaluate_source(
    model: Any,
    *,
    corpus: str | None = None,
    file: str | os.PathLike | None = None,
    train: Sequence[str] = (),
    model_name: str | None = None,
    data_dir: str | os.PathLike | None = None,
    text_col: str = "text",
    target_col: str = "target",
    label_col: str = "label",
) -> dict[str, Any]:
    """Scores of ``model`` on one corpus split (``NAME[:SPLIT]``) or one labelled file, with the baselines
    fit on ``train`` (corpus specs; default for a corpus: its own train split, unless that is the split
    scored) and a flag saying whether the scored data was part of the model's training data."""
    if (corpus is None) == (file is None):
        raise InputError("give exactly one of --corpus NAME[:SPLIT] or --file F")
    train_df = load_stance_frames(list(train), data_dir=data_dir) if train else None
    if corpus is not None:
        name, split = parse_corpus_spec(corpus)
        df = load_corpus(name, split, data_dir=data_dir)
        split = df.attrs.get("split", split)
        source = f"{name}:{split}"
        if train_df is None and split != "train":
            train_df = load_corpus(name, "train", data_dir=data_dir)
    else:
        df = read_stance_file(file, text_col=text_col, target_col=target_col, label_col=label_col)
        source = str(file)
    result = evaluate_stance(model, df, train_df)
    trained_on = (getattr(model, "metadata_", {}) or {}).get("trained_on", [])
    return {"data": source, "model": model_name or "fast", "seen_in_training": source in trained_on, **result}
