"""Topics over time and per class (brand / target / language) for a fitted model.

Both return long DataFrames with the topic's share and the words that characterize the topic *within that
slice* (c-TF-IDF of the slice's posts against all topics' words), like BERTopic's ``topics_over_time``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nlp_social.errors import InputError
from nlp_social.topics.represent import ctfidf


def _slice_words(model: Any, X: sp.csr_matrix, topics: np.ndarray, groups: np.ndarray, top_n: int
                 ) -> dict[tuple[Any, int], list[str]]:
    out: dict[tuple[Any, int], list[str]] = {}
    keys = sorted({(g, int(t)) for g, t in zip(groups, topics, strict=False)}, key=lambda k: (str(k[0]), k[1]))
    index = {k: i for i, k in enumerate(keys)}
    rows = np.array([index[(g, int(t))] for g, t in zip(groups, topics, strict=False)])
    ind = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(keys), len(rows)))
    S = ctfidf(ind @ X).tocsr()
    for k, r in index.items():
        s, e = S.indptr[r], S.indptr[r + 1]
        idx, val = S.indices[s:e], S.data[s:e]
        order = np.lexsort((idx, -val))[:top_n]
        out[k] = [model.vectorizer_.display(model.vectorizer_.vocabulary_[idx[i]]) for i in order]
    return out


def _topics_for(model: Any, docs: Sequence[str], topics: Sequence[int] | None) -> np.ndarray:
    if topics is not None:
        return np.asarray(topics, np.int64)
    if getattr(model, "_docs", None) is not None and len(model._docs) == len(docs) and list(model._docs) == list(docs):
        return model.topics_
    return model.transform(docs)[0]


def topics_over_time(model: Any, docs: Sequence[str], timestamps: Sequence[Any], *, freq: str = "W",
                     topics: Sequence[int] | None = None, top_n: int = 5) -> pd.DataFrame:
    """Rows ``Timestamp, Topic, Name, Frequency, Share, Words`` per time bin (``freq``: pandas offset, e.g. D/W/M)."""
    docs = list(docs)
    if len(timestamps) != len(docs):
        raise InputError(f"{len(timestamps)} timestamps for {len(docs)} documents", field="timestamps")
    ts = pd.to_datetime(pd.Series(list(timestamps)), errors="coerce", utc=True)
    if ts.isna().any():
        bad = int(ts.isna().values.argmax())
        raise InputError(f"unparseable timestamp {timestamps[bad]!r}", line=bad + 1, field="timestamp")
    bins = ts.dt.tz_localize(None).dt.to_period(freq).dt.start_time.values
    t = _topics_for(model, docs, topics)
    words = _slice_words(model, model.vectorizer_.transform(docs), t, bins, top_n)
    df = pd.DataFrame({"Timestamp": bins, "Topic": t})
    g = df.groupby(["Timestamp", "Topic"]).size().rename("Frequency").reset_index()
    g["Share"] = g["Frequency"] / g.groupby("Timestamp")["Frequency"].transform("sum")
    g["Name"] = [model.topic_repr_.get(int(x), {}).get("label", str(x)) for x in g["Topic"]]
    g["Words"] = [words.get((ts_, int(tp)), []) for ts_, tp in zip(g["Timestamp"], g["Topic"], strict=False)]
    return g[["Timestamp", "Topic", "Name", "Frequency", "Share", "Words"]].sort_values(["Timestamp", "Topic"],
                                                                                       ignore_index=True)


def topics_per_class(model: Any, docs: Sequence[str], classes: Sequence[Any], *,
                     topics: Sequence[int] | None = None, top_n: int = 5) -> pd.DataFrame:
    """Rows ``Class, Topic, Name, Frequency, Share, Words``; ``Share`` is the topic's share within the class."""
    docs = list(docs)
    if len(classes) != len(docs):
        raise InputError(f"{len(classes)} class values for {len(docs)} documents", field="classes")
    cls = np.asarray([str(c) for c in classes], dtype=object)
    t = _topics_for(model, docs, topics)
    words = _slice_words(model, model.vectorizer_.transform(docs), t, cls, top_n)
    df = pd.DataFrame({"Class": cls, "Topic": t})
    g = df.groupby(["Class", "Topic"]).size().rename("Frequency").reset_index()
    g["Share"] = g["Frequency"] / g.groupby("Class")["Frequency"].transform("sum")
    g["Name"] = [model.topic_repr_.get(int(x), {}).get("label", str(x)) for x in g["Topic"]]
    g["Words"] = [words.get((c, int(tp)), []) for c, tp in zip(g["Class"], g["Topic"], strict=False)]
    return g[["Class", "Topic", "Name", "Frequency", "Share", "Words"]]
