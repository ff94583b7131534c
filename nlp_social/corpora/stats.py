"""Descriptive statistics of a loaded corpus: counts, label/target/language distributions, script mix."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd

from nlp_social.corpora.registry import list_corpora
from nlp_social.errors import DataNotFoundError
from nlp_social.paths import data_dir as resolve_data_dir
from nlp_social.text import patterns as P

_DEVANAGARI = P.DEVA_CHAR  # letters and digits, not the dandas
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
# URLs, @mentions, #hashtags and the retweet marker are platform syntax, not the author's script choice
_SOCIAL = re.compile(rf"{P.URL_LOOSE_PATTERN}|[@#][\w.]+|^RT\b")

SCRIPTS = ("devanagari", "latin", "mixed", "none")


def script_of_text(text: str) -> str:
    """``devanagari``, ``latin``, ``mixed`` (both) or ``none`` (neither), ignoring URLs/@/#."""
    body = _SOCIAL.sub(" ", text)
    deva = _DEVANAGARI.search(body) is not None
    latin = _LATIN.search(body) is not None
    if deva and latin:
        return "mixed"
    return "devanagari" if deva else "latin" if latin else "none"


def _distribution(values: pd.Series, top: int | None = None) -> dict[str, int]:
    counts = Counter("∅" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values)
    items = counts.most_common(top)
    return dict(items)


def describe_frame(df: pd.DataFrame, top_targets: int = 25) -> dict[str, Any]:
    """Statistics of a corpus DataFrame with standard columns (``text`` required)."""
    texts = df["text"].astype(str)
    n = len(df)
    scripts = Counter(script_of_text(t) for t in texts)
    out: dict[str, Any] = {
        "rows": n,
        "columns": list(df.columns),
        "chars_mean": round(float(texts.str.len().mean()), 1) if n else 0.0,
        "words_mean": round(float(texts.str.split().str.len().mean()), 1) if n else 0.0,
        "duplicate_texts": int(texts.duplicated().sum()),
        "script_mix": {s: round(scripts.get(s, 0) / n, 4) if n else 0.0 for s in SCRIPTS},
    }
    for col in ("label", "lang", "topic"):
        if col in df.columns:
            out[col] = _distribution(df[col])
    if "target" in df.columns:
        targets = _distribution(df["target"], top=top_targets)
        out["target"] = targets
        out["targets_total"] = int(df["target"].nunique(dropna=True))
    if "tags" in df.columns:
        tags = Counter(tag for seq in df["tags"] if seq is not None and not isinstance(seq, str) for tag in seq)
        out["tokens"] = int(sum(tags.values()))
        out["tags"] = dict(tags.most_common())
    return out


def corpus_rows(task: str | None = None, data_dir: str | None = None) -> list[dict[str, Any]]:
    """One row per registered corpus with ``status``: ``embedded`` (ships with the project),
    ``present`` / ``absent`` (its folder in the data directory) or ``no data dir``."""

    try:
        base = resolve_data_dir(data_dir)
    except DataNotFoundError:
        base = None
    rows = []
    for info in list_corpora(task):
        if not info.folder:
            status = "embedded"
        elif base is None:
            status = "no data dir"
        else:
            status = "present" if (base / info.folder).is_dir() else "absent"
        rows.append(
            {
                "name": info.name,
                "task": info.task,
                "splits": list(info.splits),
                "held_back": list(info.held_back),
                "folder": info.folder,
                "status": status,
                "url": info.url,
                "description": info.description,
            }
        )
    return rows
