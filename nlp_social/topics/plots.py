"""Plots of a fitted topic model, as PNG files and one self-contained HTML page.

Every ``plot_*`` function returns the matplotlib ``Figure`` (so notebooks display it) and writes it to
``path`` when given. Topic words are drawn in their own script: the package ships Noto Sans Devanagari
(SIL Open Font License 1.1, ``nlp_social/resources/fonts/``) and registers it with matplotlib at plot time, so
a machine without any system Devanagari font still renders Hindi labels. Latin text uses DejaVu Sans (bundled
with matplotlib); each glyph missing there falls back to the Devanagari font. Matplotlib >= 3.11 lays text
out with libraqm, so conjuncts and vowel signs are shaped (``क्रिकेट``, ``हिन्दी``); older matplotlib draws
the glyphs unshaped. The HTML page shows both scripts as text.
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

from nlp_social.errors import DataNotFoundError
from nlp_social.paths import RESOURCES_DIR
from nlp_social.topics.over_time import topics_over_time, topics_per_class


def _quiet(fn):
    """Run a plot function with the package's fonts (rc_context: the user's rcParams are left as they were)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        import matplotlib

        with warnings.catch_warnings(), matplotlib.rc_context({"font.family": font_families()}):
            warnings.simplefilter("ignore", UserWarning)  # tight_layout margins; glyphs no font has (emoji)
            return fn(*args, **kwargs)

    return wrapper


def _mpl():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


FONT_DIR = RESOURCES_DIR / "fonts"
#: the shipped Devanagari font (SIL OFL 1.1; licence in ``OFL.txt`` beside it)
DEVANAGARI_FONT_FILE = FONT_DIR / "NotoSansDevanagari-Regular.ttf"
DEVANAGARI_FAMILY = "Noto Sans Devanagari"
LATIN_FAMILY = "DejaVu Sans"


@lru_cache(maxsize=1)
def devanagari_font() -> str:
    """Register the shipped Devanagari font with matplotlib (once) and return its family name.

    Raises :class:`~nlp_social.errors.DataNotFoundError` when the font file is missing from the install.
    """
    from matplotlib import font_manager

    if not DEVANAGARI_FONT_FILE.exists():
        raise DataNotFoundError(
            f"{DEVANAGARI_FONT_FILE}: the shipped Devanagari font is missing; reinstall nlp-social"
        )
    path = str(DEVANAGARI_FONT_FILE)
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def font_families() -> list[str]:
    """``font.family`` for the plots: Latin first, then the Devanagari font for the glyphs Latin lacks."""
    return [LATIN_FAMILY, devanagari_font()]


def _words(model: Any, topic: int, n: int) -> list[str]:
    """The topic's top words, each in its own script (the shipped font draws Devanagari)."""
    return list(model.topic_repr_[topic]["words"][:n])


def _with_other_script(r: dict[str, Any]) -> list[str]:
    """``word (other-script form)`` for each topic word that has one, else ``word``."""
    out = []
    for w, d, lt in zip(r["words"], r["words_deva"], r["words_latn"], strict=False):
        other = lt if w == d else d
        out.append(f"{w} ({other})" if other and other != w else w)
    return out


def _save(fig: Any, path: str | Path | None) -> None:
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110, bbox_inches="tight")


@_quiet
def plot_topics(model: Any, path: str | Path | None = None, max_topics: int | None = None, top_n: int = 8) -> Any:
    """Topic sizes (first panel) and each topic's top words with c-TF-IDF scores (one panel per topic; all
    topics unless ``max_topics``)."""
    plt = _mpl()
    ids = [t for t in model.topic_ids_ if t >= 0][:max_topics]  # [:None] keeps all
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


def _line_styles(n: int) -> list[tuple[Any, str]]:
    """``n`` distinct (colour, line style) pairs: tab20 colours, then the same colours dashed, dotted, ..."""
    import matplotlib

    cmap = matplotlib.colormaps["tab20"]
    styles = ["-", "--", ":", "-."]
    return [(cmap(i % 20), styles[(i // 20) % len(styles)]) for i in range(n)]


@_quiet
def plot_over_time(model: Any, over_time: pd.DataFrame, path: str | Path | None = None,
                   max_topics: int | None = None) -> Any:
    """Posts per topic per time bin (from :func:`nlp_social.topics.over_time.topics_over_time`).

    Every topic gets a line (``max_topics`` keeps only the largest ones when given); bins where a topic has
    no post count as 0, so each line spans the whole period.
    """
    plt = _mpl()
    top = [t for t in model.topic_ids_ if t >= 0]
    if max_topics is not None:
        top = top[:max_topics]
    bins = sorted(pd.unique(over_time["Timestamp"]))
    freq = over_time.pivot_table(index="Timestamp", columns="Topic", values="Frequency", aggfunc="sum",
                                 fill_value=0).reindex(index=bins, fill_value=0)
    fig, ax = plt.subplots(figsize=(11, 4.5 + 0.12 * max(0, len(top) - 12)))
    for t, (color, style) in zip(top, _line_styles(len(top)), strict=True):
        y = freq[t] if t in freq.columns else pd.Series(0, index=freq.index)
        label = f"{t}: " + ", ".join(_words(model, t, 3))
        ax.plot(freq.index, y.values, marker="o", markersize=3, color=color, linestyle=style, label=label)
    ax.set_ylabel("posts")
    ax.set_title(f"Topics over time ({len(top)} topics)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), ncol=1 if len(top) <= 24 else 2)
    fig.autofmt_xdate()
    fig.tight_layout()
    _save(fig, path)
    return fig


@_quiet
def plot_map(model: Any, coords_or_reduced: np.ndarray, topics: Sequence[int], path: str | Path | None = None,
             max_points: int = 20_000, random_state: int = 0) -> Any:
    """2-D map of posts coloured by topic (first two principal axes of the reducer's output)."""
    plt = _mpl()
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
            ax.annotate(f"{t}: " + " ".join(_words(model, t, 2)), (cx, cy), fontsize=9)  # regular: one font file shipped
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("Posts by topic (2-D projection)")
    fig.tight_layout()
    _save(fig, path)
    return fig


@_quiet
def plot_heatmap(model: Any, per_class: pd.DataFrame, path: str | Path | None = None,
                 max_topics: int | None = None) -> Any:
    """Topic x class (brand / target / language) heat map of the topic's share within each class."""
    plt = _mpl()
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
                 freq: str = "W", class_name: str = "class", max_topics: int | None = None) -> dict[str, Path]:
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
            f"<td>{html.escape(', '.join(_with_other_script(r)))}</td><td><ul>{reps}</ul></td></tr>")
    # the shipped font, inlined: the page shows Devanagari on a machine without a Devanagari font too
    font_b64 = base64.b64encode(DEVANAGARI_FONT_FILE.read_bytes()).decode("ascii")
    page = f"""<!doctype html><html lang="hi"><head><meta charset="utf-8"><title>Topics</title>
<style>@font-face{{font-family:"nlp_social Devanagari";src:url(data:font/ttf;base64,{font_b64}) format("truetype")}}
body{{font-family:"DejaVu Sans","Noto Sans","nlp_social Devanagari",sans-serif;margin:2em;max-width:1200px}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:14px}}
img{{max-width:100%}}</style></head><body>
<h1>Topics ({model.n_topics_} topics, {sum(model.topic_sizes_.values())} training posts)</h1>
<p>Each word is shown in the script the posts used most; in brackets its form in the other script (the
posts' own spelling, or a transliteration for a word the language-ID model tagged Hindi; English words are
not transliterated).</p>
<table><tr><th>topic</th><th>posts</th><th>label</th><th>words</th>
<th>representative posts</th></tr>{''.join(rows)}</table>
{''.join(imgs)}
</body></html>"""
    paths["html"] = out / "index.html"
    paths["html"].write_text(page, encoding="utf-8")
    return paths
