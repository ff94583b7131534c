"""Plotly figures for the report, each drawn from one of :func:`nlp_social.report.data.summary`'s tables.

Functions return figures and never write files (the page module places them), so a notebook can show
any of them on its own: ``stance_shares(summary(out)["stance"]).show()``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from nlp_social.paths import RESOURCES_DIR
from nlp_social.report.data import PERIOD_DAYS

# Devanagari-capable fonts first, so that plotly's SVG text renders Hindi wherever one is installed; the
# page also inlines the package's own Noto Sans Devanagari (OFL 1.1) as "nlp_social Devanagari"
# (:func:`font_face_css`), so Hindi renders on a machine without any Devanagari font too.
FONT_FAMILY = (
    '"Noto Sans", "Noto Sans Devanagari", "nlp_social Devanagari", "Lohit Devanagari", "Mangal", "Nirmala UI", '
    '"Kohinoor Devanagari", "DejaVu Sans", sans-serif'
)
#: the shipped Devanagari font (licence: OFL.txt beside it)
DEVANAGARI_FONT_FILE = RESOURCES_DIR / "fonts" / "NotoSansDevanagari-Regular.ttf"


def font_face_css() -> str:
    """A CSS ``@font-face`` rule with the shipped Devanagari font inlined (base64), named "nlp_social Devanagari"."""
    import base64

    data = base64.b64encode(DEVANAGARI_FONT_FILE.read_bytes()).decode("ascii")
    return ('@font-face { font-family: "nlp_social Devanagari"; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}\n')
STANCE_COLORS = {"FAVOR": "#2a9d8f", "AGAINST": "#d1495b", "NONE": "#9aa5b1"}
PALETTE = ["#3366cc", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00", "#b82e2e"]


def _layout(fig: Any, title: str, height: int = 360, **kwargs: Any) -> Any:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        font={"family": FONT_FAMILY, "size": 12},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
        **kwargs,
    )
    fig.update_xaxes(gridcolor="#eee", automargin=True)
    fig.update_yaxes(gridcolor="#eee", automargin=True)
    return fig


def _stance_order(values: pd.Series) -> list[str]:
    known = [s for s in STANCE_COLORS if s in set(values)]
    return known + sorted(set(values) - set(known))


def _interval(df: pd.DataFrame) -> dict[str, Any]:
    """Plotly error bars from a table's ``share``, ``ci_low`` and ``ci_high`` columns."""
    return {
        "type": "data",
        "symmetric": False,
        "array": df["ci_high"] - df["share"],
        "arrayminus": df["share"] - df["ci_low"],
    }


def share_bars(df: pd.DataFrame, category: str, title: str) -> Any:
    """Horizontal bars: share of posts per ``category`` with 95% intervals (a ``_shares`` table)."""
    import plotly.graph_objects as go

    df = df.sort_values("posts")
    fig = go.Figure(
        go.Bar(
            x=df["share"],
            y=df[category].astype(str),
            orientation="h",
            marker_color=PALETTE[0],
            error_x=_interval(df),
            customdata=df[["posts"]],
            hovertemplate="%{y}: %{x:.1%} (%{customdata[0]:,} posts)<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat=".0%", rangemode="tozero")
    return _layout(fig, title, height=140 + 28 * len(df))


def count_bars(df: pd.DataFrame, category: str, value: str, title: str) -> Any:
    """Vertical bars of ``value`` per ``category``, in the table's order."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=df[category].astype(str), y=df[value], marker_color=PALETTE[0]))
    fig.update_yaxes(title=value)
    return _layout(fig, title, height=320)


def topic_sizes(df: pd.DataFrame) -> Any:
    """Posts per topic (the ``topics`` table)."""
    import plotly.graph_objects as go

    df = df.sort_values("posts")
    fig = go.Figure(
        go.Bar(
            x=df["posts"],
            y=df["topic_label"],
            orientation="h",
            marker_color=PALETTE[0],
            customdata=df[["share"]],
            hovertemplate="%{y}: %{x:,} posts (%{customdata[0]:.1%})<extra></extra>",
        )
    )
    return _layout(fig, "Posts per topic", height=140 + 26 * len(df))


def topic_languages(df: pd.DataFrame) -> Any:
    """Stacked shares of each language mix within each topic (the ``topic_lang`` table)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    labels = df.drop_duplicates("topic_id").sort_values("topic_id", ascending=False)["topic_label"]
    for i, (mix, part) in enumerate(df.groupby("lang_mix", sort=True)):
        fig.add_trace(
            go.Bar(
                name=mix,
                x=part["share"],
                y=part["topic_label"],
                orientation="h",
                marker_color=PALETTE[i % len(PALETTE)],
                customdata=part[["posts"]],
                hovertemplate=f"{mix}: " + "%{x:.1%} (%{customdata[0]:,} posts)<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(categoryorder="array", categoryarray=list(labels))
    return _layout(fig, "Language mix per topic", height=170 + 26 * len(labels))


def stance_shares(df: pd.DataFrame) -> Any:
    """Share of each stance per target with 95% intervals (the ``stance`` table)."""
    import plotly.graph_objects as go

    targets = list(dict.fromkeys(df["target"]))
    fig = go.Figure()
    for stance in _stance_order(df["stance"]):
        part = df[df["stance"] == stance]
        fig.add_trace(
            go.Bar(
                name=stance,
                x=part["share"],
                y=part["target"],
                orientation="h",
                marker_color=STANCE_COLORS.get(stance, PALETTE[3]),
                error_x=_interval(part),
                customdata=part[["posts", "total", "ci_low", "ci_high"]],
                hovertemplate=f"{stance}: "
                + "%{x:.1%} [%{customdata[2]:.1%}, %{customdata[3]:.1%}] "
                + "(%{customdata[0]:,} of %{customdata[1]:,})<extra>%{y}</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(categoryorder="array", categoryarray=targets[::-1])
    return _layout(fig, "Stance per target (95% intervals)", height=170 + 60 * len(targets))


def stance_over_time(df: pd.DataFrame, target: str, period: str) -> Any:
    """Share of each stance toward ``target`` per ``period`` with 95% intervals (``stance_time`` rows)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for stance in _stance_order(df["stance"]):
        part = df[df["stance"] == stance].sort_values("period")
        fig.add_trace(
            go.Scatter(
                name=stance,
                x=part["period"],
                y=part["share"],
                mode="lines+markers",
                line={"color": STANCE_COLORS.get(stance, PALETTE[3])},
                error_y={**_interval(part), "thickness": 1},
                customdata=part[["posts", "total"]],
                hovertemplate=f"{stance}: "
                + "%{y:.1%} (%{customdata[0]:,} of %{customdata[1]:,})<extra></extra>",
            )
        )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    if len(df):  # half a step of room on each side, so that a single step is not drawn as a sliver
        half = pd.Timedelta(days=PERIOD_DAYS.get(period, 1) / 2)
        fig.update_xaxes(range=[df["period"].min() - half, df["period"].max() + half])
    return _layout(fig, f"{target}: stance per {period} (95% intervals)", height=330)


def topic_stance_heatmap(df: pd.DataFrame, target: str) -> Any:
    """Topics × stance toward ``target``: share of each stance within the topic (``topic_stance`` rows)."""
    import plotly.graph_objects as go

    stances = _stance_order(pd.concat([pd.Series(list(STANCE_COLORS)), df["stance"]]))  # all three, always
    labels = list(dict.fromkeys(df.sort_values("topic_id")["topic_label"]))
    share = df.pivot_table(index="topic_label", columns="stance", values="share", fill_value=0.0)
    posts = df.pivot_table(index="topic_label", columns="stance", values="posts", fill_value=0)
    share = share.reindex(index=labels, columns=stances, fill_value=0.0)
    posts = posts.reindex(index=labels, columns=stances, fill_value=0)
    fig = go.Figure(
        go.Heatmap(
            z=share.values,
            x=stances,
            y=labels,
            zmin=0,
            zmax=1,
            colorscale="Blues",
            text=posts.values,
            texttemplate="%{text}",
            customdata=posts.values,
            hovertemplate="%{y}<br>%{x}: %{z:.0%} (%{customdata} posts)<extra></extra>",
            colorbar={"tickformat": ".0%", "title": {"text": "share"}},
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, f"{target}: stance within each topic (numbers: posts)", height=150 + 28 * len(labels))


__all__ = [
    "FONT_FAMILY",
    "STANCE_COLORS",
    "count_bars",
    "share_bars",
    "stance_over_time",
    "stance_shares",
    "topic_languages",
    "topic_sizes",
    "topic_stance_heatmap",
]
