"""Topics on whole files and corpora: the functions behind ``nlp-social topics fit|assign|plot|evaluate``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from nlp_social.corpora import load_corpus
from nlp_social.errors import ConfigError, InputError
from nlp_social.io.readers import read_table
from nlp_social.io.tables import read_posts, write_table
from nlp_social.topics.cluster import AgglomerativeClusterer, HDBSCANClusterer, KMeansClusterer
from nlp_social.topics.evaluate import evaluate_topics
from nlp_social.topics.model import TopicModel
from nlp_social.topics.plots import write_report

CLUSTERERS = ("default", "kmeans", "hdbscan", "agglomerative")


def make_clusterer(name: str, n_topics: int | None = None, min_topic_size: int | None = None, seed: int = 0):
    """The clusterer called ``name`` (None for ``default``: the model's own choice)."""
    if name == "default":
        return None
    if name == "hdbscan":
        return HDBSCANClusterer(min_cluster_size=min_topic_size or "auto", random_state=seed)
    if name == "kmeans":
        return KMeansClusterer(n_clusters=n_topics or 20, random_state=seed)
    if name == "agglomerative":
        return AgglomerativeClusterer(n_clusters=n_topics or 20, random_state=seed)
    raise ConfigError(f"unknown clusterer {name!r}: use {', '.join(CLUSTERERS)}")


def fit_topics(
    file: str | os.PathLike,
    out: str | os.PathLike,
    *,
    text_col: str = "text",
    embedder: str = "default",
    clusterer: str = "default",
    n_topics: int | None = None,
    min_topic_size: int | None = None,
    seed: int = 0,
) -> tuple[TopicModel, int]:
    """Fit a topic model on the posts of ``file`` and save it to the folder ``out``; returns the model
    and the number of posts. ``n_topics`` with the default clusterer means k-means with that k."""
    df = read_posts(file, text_col=text_col)
    cl = make_clusterer(clusterer, n_topics, min_topic_size, seed)
    nt: int | str = "auto"
    if cl is None and n_topics:
        cl = KMeansClusterer(n_clusters=n_topics, random_state=seed)
    model = TopicModel(embedder=embedder, clusterer=cl, n_topics=nt, random_state=seed)
    model.fit(df["text"].astype(str).tolist())
    model.save(out)
    return model, len(df)


def assign_topics(
    model_dir: str | os.PathLike, file: str | os.PathLike, out: str | os.PathLike, *, text_col: str = "text"
) -> pd.DataFrame:
    """The posts of ``file`` with ``topic``, ``topic_label`` and ``probability``, written to ``out``
    (.jsonl, .csv, .tsv or .parquet)."""
    model = TopicModel.load(model_dir)
    df = read_posts(file, text_col=text_col)
    topics, probs = model.transform(df["text"].astype(str).tolist())
    df["topic"] = topics
    df["topic_label"] = [
        model.get_topic_label(int(t)) if int(t) in model.topic_repr_ else str(t) for t in topics
    ]
    df["probability"] = probs
    write_table(df, out, allowed=("jsonl", "csv", "tsv", "parquet"), option="--out")
    return df


def plot_topics(
    model_dir: str | os.PathLike,
    file: str | os.PathLike,
    out: str | os.PathLike,
    *,
    text_col: str = "text",
    time_col: str = "timestamp",
    class_col: str = "brand",
    freq: str = "M",
) -> dict[str, Path]:
    """Topic plots (sizes + words, 2-D map, over time when ``time_col`` exists, topic x class when
    ``class_col`` exists) and an HTML page in the folder ``out``."""
    model = TopicModel.load(model_dir)
    df = read_posts(file, text_col=text_col)
    ts = df[time_col].tolist() if time_col in df.columns else None
    cls = df[class_col].fillna("(none)").astype(str).tolist() if class_col in df.columns else None
    return write_report(model, out, df["text"].astype(str).tolist(), ts, cls, freq=freq, class_name=class_col)


def evaluate_topics_on(
    *,
    corpus: str | None = None,
    file: str | os.PathLike | None = None,
    text_col: str = "text",
    label_col: str = "label",
    embedder: str = "default",
    clusterer: str = "default",
    n_topics: int | None = None,
    baselines: bool = True,
    seed: int = 0,
    data_dir: str | os.PathLike | None = None,
) -> dict[str, Any]:
    """Fit and score topics against the gold labels of a corpus split or a labelled file (NMI, ARI,
    V-measure, NPMI, diversity, cost), with the k-means and BERTopic baselines unless ``baselines`` is off."""
    if (corpus is None) == (file is None):
        raise InputError("give exactly one of --corpus NAME[:SPLIT] or --file F")
    if corpus:
        df = load_corpus(corpus, data_dir=data_dir)
        source = corpus
    else:
        df = read_table(file, text_col=text_col, label_col=label_col)
        source = str(file)
    labels = df["label"].tolist() if "label" in df.columns else None
    cl = make_clusterer(clusterer, n_topics, None, seed)
    params: dict[str, Any] = {"clusterer": cl} if cl is not None else {}
    if n_topics and cl is None:
        params["n_topics"] = n_topics
    res = evaluate_topics(
        df["text"].astype(str).tolist(), labels, embedder=embedder, model_params=params,
        baselines=() if not baselines else ("kmeans", "bertopic"), random_state=seed,
    )  # fmt: skip
    return {"data": source, **res}
