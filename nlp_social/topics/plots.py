"""Plots of a fitted topic model, as PNG files and one self-contained HTML page.

Every ``plot_*`` function returns the matplotlib ``Figure`` (so notebooks display it) and writes it to
``path`` when given. PNG text uses the Latin form of each topic word unless a Devanagari-capable font is
installed (matplotlib's bundled fonts have no Devanagari glyphs); the HTML page shows both scripts as text.
"""

from __future__ import annotations

import base64
import html
import io
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp_social.topics.over_time import topics_over_time, topics_per_class


def _quiet(fn):
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # missing Devanagari glyphs, tight_layout margins
            return fn(*args, **kwargs)

    return wrapper


def _mpl():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


@lru_cache(maxsize=1)
def devanagari_font() -> str | None:
    """Name of an installed font with Devanagari glyphs, or None."""
    from matplotlib import font_manager

    for f in font_manager.fontManager.ttflist:
        if any(k in f.name for k in ("Devanagari", "Lohit", "Mangal", "Nirmala", "Kohinoor", "Gargi")):
            return f.name
    return None


def _words(model: Any, topic: int, n: int) -> list[str]:
    r = model.topic_repr_[topic]
    if devanagari_font():
        return r["words"][:n]
    return [lt or w for lt, w in zip(r["words_latn"], r["words"], strict=False)][:n]


def _save(fig: Any, path: str | Path | None) -> None:
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # missing-glyph warnings
            fig.savefig(path, dpi=110, bbox_inches="tight")


def _setup_font(plt: Any) -> None:
    font = devanagari_font()
    if font:
        plt.rcParams["font.family"] = ["DejaVu Sans", font]


@_quiet
def plot_topics(model: Any, path: str | Path | None = None, max_topics: int = 12, top_n: int = 8) -> Any:
    """Topic sizes (first panel) and each topic's top words with c-TF-IDF scores (one panel per topic)."""
    plt = _mpl()
    _setup_font(plt)
    ids = [t for t in model.topic_ids_ if t >= 0][:max_topics]
    ncols = 4
    nrows = 1 + int(np.ceil(len(ids) / ncols))
    fig = plt.figure(figsize=(4 * ncols, 2.6 * nrows))
    ax0 = fig.add_subplot(nrows, 1, 1)
    all_ids = list(model.topic_ids_)
    sizes = [model.topic_sizes_[t] for t in all_ids]
    ax0.bar([str(t) for t in all_ids], sizes, color=["#bbbbbb" if t == -1 else "#3b6ea8" for t in all_ids])
    ax0.set_title("Topic sizes (posts); -1 = outliers")
    ax0.set_xlabel("topic")
    for i, t in enumerate(ids):
        ax = fig.add_subplot(nrows, ncols, ncols + i + 1)
        words = _words(model, t, top_n)[::-1]
        scores = model.topic_repr_[t]["scores"][:top_n][::-1]
        ax.barh(words, scores, color="#e07b39")
        ax.set_title(f"topic {t} ({model.topic_sizes_[t]})", fontsize=10)
        ax.tick_params(axis="both", labelsize=8)
    fig.tight_layout()
    _save(fig, path)
    return fig


@_quiet
def plot_over_time(model: Any, over_time: pd.DataFrame, path: str | Path | None = None, max_topics: int = 8) -> Any:
    """Posts per topic per time bin (from :func:`nlp_social.topics.over_time.topics_over_time`)."""
    plt = _mpl()
    _setup_font(plt)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    top = [t for t in model.topic_ids_ if t >= 0][:max_topics]
    for t in top:
        d = over_time[over_time["Topic"] == t]
        label = f"{t}: " + ", ".join(_words(model, t, 3))
        ax.plot(d["Timestamp"], d["Frequency"], marker="o", label=label)
    ax.set_ylabel("posts")
    ax.set_title("Topics over time")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.autofmt_xdate()
    fig.tight_layout()
    _save(fig, path)
    return fig


@_quiet
def plot_map(model: Any, coords_or_reduced: np.ndarray, topics: Sequence[int], path: str | Path | None = None,
             max_points: int = 20_000, random_state: int = 0) -> Any:
    """2-D map of posts coloured by topic (first two principal axes of the reducer's output)."""
    plt = _mpl()
    _setup_font(plt)
    Z = np.asarray(coords_or_reduced, np.float32)
    topics = np.asarray(topics)
    if len(Z) > max_points:
        idx = np.sort(np.random.default_rng(random_state).choice(len(Z), max_points, replace=False))
        Z, topics = Z[idx], topics[idx]
    if Z.shape[1] > 2:
        Zc = Z - Z.mean(axis=0)
        _, _, vt = np.linalg.svd(Zc, full_matrices=False)
        Z = Zc @ vt[:2].T
    fig, ax = plt.subplots(figsize=(8, 7))
    cmap = plt.get_cmap("tab20")
    for t in sorted(set(topics.tolist())):
        m = topics == t
        color = "#cccccc" if t == -1 else cmap(t % 20)
        ax.scatter(Z[m, 0], Z[m, 1], s=4, color=color, alpha=0.6, label=None)
        if t >= 0 and m.any():
            cx, cy = np.median(Z[m, 0]), np.median(Z[m, 1])
            ax.annotate(f"{t}: " + " ".join(_words(model, t, 2)), (cx, cy), fontsize=8, weight="bold")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("Posts by topic (2-D projection)")
    fig.tight_layout()
    _save(fig, path)
    return fig


@_quiet
def plot_heatmap(model: Any, per_class: pd.DataFrame, path: str | Path | None = None, max_topics: int = 20) -> Any:
    """Topic x class (brand / target / language) heat map of the topic's share within each class."""
    plt = _mpl()
    _setup_font(plt)
    pivot = per_class.pivot_table(index="Topic", columns="Class", values="Share", fill_value=0.0)
    pivot = pivot.loc[[t for t in pivot.index if t >= 0][:max_topics]]
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * pivot.shape[1], 0.9 + 0.4 * pivot.shape[0]))
    im = ax.imshow(pivot.values, aspect="auto", cmap="viridis")
    ax.set_xticks(range(pivot.shape[1]), [str(c) for c in pivot.columns], rotation=45, ha="right")
    ax.set_yticks(range(pivot.shape[0]), [f"{t}: " + ", ".join(_words(model, t, 3)) for t in pivot.index])
    fig.colorbar(im, ax=ax, label="share of the class's posts")
    ax.set_title("Topic share per class")
    fig.tight_layout()
    _save(fig, path)
    return fig


def _png_b64(fig: Any) -> str:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


@_quiet
def write_report(model: Any, out_dir: str | Path, docs: Sequence[str] | None = None,
                 timestamps: Sequence[Any] | None = None, classes: Sequence[Any] | None = None,
                 freq: str = "W", class_name: str = "class", max_topics: int = 12) -> dict[str, Path]:
    """Write PNGs and ``index.html`` (self-contained: images inlined) into ``out_dir``; returns their paths."""
    plt = _mpl()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figs: dict[str, Any] = {"topics": plot_topics(model, max_topics=max_topics)}
    if docs is not None:
        docs = list(docs)
        topics, _ = model.transform(docs)
        figs["map"] = plot_map(model, model.reduced_embeddings(docs), topics)
        if timestamps is not None:
            figs["over_time"] = plot_over_time(model, topics_over_time(model, docs, timestamps, freq=freq,
                                                                       topics=topics))
        if classes is not None:
            figs["heatmap"] = plot_heatmap(model, topics_per_class(model, docs, classes, topics=topics))
    paths: dict[str, Path] = {}
    imgs = []
    titles = {"topics": "Topic sizes and words", "map": "Map of posts", "over_time": "Topics over time",
              "heatmap": f"Topics per {class_name}"}
    for name, fig in figs.items():
        p = out / f"{name}.png"
        b64 = _png_b64(fig)  # render once: the same bytes go to the file and into the page
        p.write_bytes(base64.b64decode(b64))
        paths[name] = p
        imgs.append(f"<h2>{html.escape(titles[name])}</h2><img alt='{name}' src='data:image/png;base64,{b64}'/>")
        plt.close(fig)
    rows = []
    for t in model.topic_ids_:
        r = model.topic_repr_[t]
        reps = "".join(f"<li>{html.escape(d)}</li>" for d in model.representative_docs_.get(t, []))
        rows.append(
            f"<tr><td>{t}</td><td>{model.topic_sizes_[t]}</td><td>{html.escape(r['label'])}</td>"
            f"<td>{html.escape(', '.join(w for w in r['words_deva'] if w))}</td>"
            f"<td>{html.escape(', '.join(w for w in r['words_latn'] if w))}</td><td><ul>{reps}</ul></td></tr>")
    page = f"""<!doctype html><html lang="hi"><head><meta charset="utf-8"><title>Topics</title>
<style>body{{font-family:"Noto Sans","Noto Sans Devanagari",Mangal,sans-serif;margin:2em;max-width:1200px}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:14px}}
img{{max-width:100%}}</style></head><body>
<h1>Topics ({model.n_topics_} topics, {sum(model.topic_sizes_.values())} training posts)</h1>
<table><tr><th>topic</th><th>posts</th><th>label</th><th>words (देवनागरी)</th><th>words (Latin)</th>
<th>representative posts</th></tr>{''.join(rows)}</table>
{''.join(imgs)}
</body></html>"""
    paths["html"] = out / "index.html"
    paths["html"].write_text(page, encoding="utf-8")
    return paths
