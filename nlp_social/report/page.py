"""The report page: :func:`summary`'s tables and plotly figures in one self-contained HTML file.

plotly.js is inlined once in the page head (no CDN, no MathJax, nothing fetched), each figure is a
``div`` marked ``data-chart``, and every text is HTML-escaped. The page opens from disk with no network.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from nlp_social import __version__
from nlp_social.errors import ConfigError
from nlp_social.report import figures as F
from nlp_social.report.data import summary, wilson

GENERATOR = "nlp_social.report"
DEFAULT_NAME = "report.html"

_CSS = """
body { font-family: %(font)s; margin: 0; color: #1f2933; background: #fafbfc; line-height: 1.45; }
header { background: #243b53; color: white; padding: 18px 32px; }
header h1 { margin: 0 0 4px 0; font-size: 22px; }
header p { margin: 0; opacity: .85; }
nav { padding: 8px 32px; background: #e4e7eb; position: sticky; top: 0; z-index: 10; }
nav a { margin-right: 18px; color: #243b53; text-decoration: none; font-weight: 600; }
main { padding: 8px 32px 40px 32px; max-width: 1200px; }
section { margin-top: 28px; }
h2 { border-bottom: 2px solid #d9e2ec; padding-bottom: 4px; }
h3 { margin-top: 28px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 16px; }
.chart { background: white; border: 1px solid #e4e7eb; border-radius: 6px; padding: 6px; min-height: 120px;
         min-width: 0; overflow: hidden; }
table { border-collapse: collapse; background: white; margin: 8px 0 16px 0; font-size: 13px; }
th, td { border: 1px solid #d9e2ec; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.post { max-width: 520px; }
.note { color: #52606d; font-size: 13px; }
details { margin: 8px 0 16px 0; }
summary { cursor: pointer; font-weight: 600; }
"""

# Each figure is drawn by its own inline script while the page is parsed, before the grid around it is
# complete; once everything is laid out, fit every figure to its final box.
_RESIZE = (
    "window.addEventListener('load', function () {"
    " document.querySelectorAll('.js-plotly-plot').forEach(function (gd) { Plotly.Plots.resize(gd); }); });"
)


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _fmt(value: Any, kind: str) -> str:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if kind == "list":
        return ", ".join(map(str, value))
    if kind == "pct":
        return f"{float(value):.1%}"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "float":
        return f"{float(value):.3f}"
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table_html(df: pd.DataFrame, columns: dict[str, str], *, kinds: dict[str, str] | None = None) -> str:
    """An escaped HTML table of ``df``'s ``columns`` (name -> header); ``kinds``: pct, int, float, list, post."""
    kinds = kinds or {}
    head = "".join(f"<th>{_esc(h)}</th>" for h in columns.values())
    rows = []
    for record in df.to_dict("records"):
        cells = []
        for col in columns:
            kind = kinds.get(col, "")
            css = {"pct": "num", "int": "num", "float": "num", "post": "post"}.get(kind, "")
            attrs = f' class="{css}"' if css else ""
            if kind == "post":
                attrs += ' dir="auto"'
            cells.append(f"<td{attrs}>{_esc(_fmt(record.get(col), kind))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class _Charts:
    """Turns figures into ``div``s with unique ids (plotly.js itself is inlined once in the head)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, fig: Any, name: str) -> str:
        import plotly.io as pio

        self.count += 1
        div = pio.to_html(
            fig,
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            div_id=f"chart-{self.count}",
            config={"displaylogo": False, "responsive": True},
        )
        return f'<div class="chart" data-chart="{_esc(name)}">{div}</div>'


def _overview(t: dict[str, pd.DataFrame], chart: _Charts) -> str:
    parts = ["<section id='overview'><h2>Corpus overview</h2>"]
    parts.append(table_html(_overview_table(t["overview"]), {"metric": "", "value": "value"}))
    if len(t["rejects"]):
        parts.append("<h3>Rejected records, by reason</h3>")
        parts.append(
            table_html(t["rejects"], {"reason": "reason", "records": "records"}, kinds={"records": "int"})
        )
    else:
        parts.append("<p class='note'>No input record was rejected.</p>")
    parts.append("<h3>Languages, scripts and code-mixing</h3><div class='grid'>")
    parts.append(chart(F.share_bars(t["languages"], "lang", "Dominant language of the post"), "languages"))
    parts.append(
        chart(F.share_bars(t["lang_mix"], "lang_mix", "Languages of the tokens (by frequency)"), "lang_mix")
    )
    parts.append(
        chart(F.share_bars(t["scripts"], "script_mix", "Scripts of the tokens (by frequency)"), "scripts")
    )
    parts.append(
        chart(F.count_bars(t["code_mixing"], "cmi", "posts", "Code-Mixing Index (0 = one language)"), "cmi")
    )
    parts.append("</div>")
    if len(t["duplicates"]):
        parts.append("<h3>Largest groups of copies</h3>")
        parts.append(
            table_html(
                t["duplicates"],
                {"dup_group": "first post", "posts": "posts", "text": "text"},
                kinds={"posts": "int", "text": "post"},
            )
        )
    parts.append("</section>")
    return "".join(parts)


def _topics(t: dict[str, pd.DataFrame], chart: _Charts) -> str:
    topics = t["topics"]
    parts = ["<section id='topics'><h2>Topics</h2>"]
    if not len(topics):
        return parts[0] + "<p class='note'>No topic step in this output.</p></section>"
    parts.append("<div class='grid'>")
    parts.append(chart(F.topic_sizes(topics), "topic_sizes"))
    parts.append(chart(F.topic_languages(t["topic_lang"]), "topic_languages"))
    parts.append("</div>")
    examples = t["topic_examples"].groupby("topic_id")["text"].apply(list)
    rows = topics.assign(examples=[examples.get(tid, []) for tid in topics["topic_id"]])
    head = "".join(
        f"<th>{h}</th>"
        for h in ("topic", "posts", "share", "words (in their own scripts)", "representative posts")
    )
    body = []
    for r in rows.to_dict("records"):
        posts = "".join(f"<li dir='auto'>{_esc(x)}</li>" for x in r["examples"])
        body.append(
            f"<tr><td>{_esc(r['topic_label'])}</td><td class='num'>{_fmt(r['posts'], 'int')}</td>"
            f"<td class='num'>{_fmt(r['share'], 'pct')}</td><td dir='auto'>{_esc(_fmt(r['words'], 'list'))}</td>"
            f"<td class='post'><ul>{posts}</ul></td></tr>"
        )
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></section>")
    return "".join(parts)


def _examples_table(cells: pd.DataFrame, labels: dict[int, str]) -> str:
    """Topic rows × stance columns; each cell lists its example posts."""
    stances = [s for s in F.STANCE_COLORS if s in set(cells["stance"])]
    stances += sorted(set(cells["stance"]) - set(stances))
    grouped = cells.groupby(["topic_id", "stance"])["text"].apply(list)
    head = "<th>topic</th>" + "".join(f"<th>{_esc(s)}</th>" for s in stances)
    body = []
    for tid in sorted(set(cells["topic_id"])):
        tds = []
        for s in stances:
            posts = grouped.get((tid, s), [])
            tds.append(
                "<td class='post'><ul>"
                + "".join(f"<li dir='auto'>{_esc(p)}</li>" for p in posts)
                + "</ul></td>"
            )
        body.append(f"<tr><td>{_esc(labels.get(tid, tid))}</td>{''.join(tds)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _stance_table(stance: pd.DataFrame) -> str:
    """One row per target: posts, then each stance's share with its 95% interval."""
    stances = list(F.STANCE_COLORS) + sorted(set(stance["stance"]) - set(F.STANCE_COLORS))
    head = "<th>target</th><th>posts</th>" + "".join(f"<th>{_esc(s)} [95%]</th>" for s in stances)
    body = []
    for target, part in stance.groupby("target", sort=False):
        by = part.set_index("stance")
        cells = []
        n = int(part["total"].iloc[0])
        for s in stances:
            k = int(by.loc[s, "posts"]) if s in by.index else 0
            low, high = wilson(k, n)
            cells.append(f"<td class='num'>{k / n:.1%} [{float(low):.1%}–{float(high):.1%}]</td>")
        total = _fmt(n, "int")
        body.append(
            f"<tr><td dir='auto'>{_esc(target)}</td><td class='num'>{total}</td>{''.join(cells)}</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _overview_table(df: pd.DataFrame) -> pd.DataFrame:
    """The overview's values as display text (shares as percentages, times to the minute in UTC)."""

    def show(metric: str, value: Any) -> str:
        if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
            return ""
        if isinstance(value, pd.Timestamp):
            return value.tz_convert("UTC").strftime("%Y-%m-%d %H:%M UTC") if value.tzinfo else str(value)
        if metric.endswith("share"):
            return f"{float(value):.1%}"
        return _fmt(value, "")

    return df.assign(value=[show(m, v) for m, v in zip(df["metric"], df["value"], strict=True)])


def _stance(t: dict[str, pd.DataFrame], chart: _Charts) -> str:
    stance = t["stance"]
    parts = ["<section id='stance'><h2>Stance per target</h2>"]
    if not len(stance):
        return (
            parts[0]
            + "<p class='note'>No stance rows in this output (no stance step, or no targets).</p></section>"
        )
    period = t["stance_time"].attrs.get("period")
    parts.append(
        "<p class='note'>Shares of the predicted stance among the posts about each target, with 95% Wilson "
        "intervals. "
        + (f"Over time: per {period}." if period else "The posts carry no dates, so there is no time chart.")
        + "</p>"
    )
    parts.append(chart(F.stance_shares(stance), "stance_shares"))
    parts.append(_stance_table(stance))
    labels = dict(zip(t["topics"]["topic_id"], t["topics"]["topic_label"], strict=False))
    for i, target in enumerate(dict.fromkeys(stance["target"])):
        parts.append(f"<h3 id='target-{i}' dir='auto'>{_esc(target)}</h3><div class='grid'>")
        over_time = t["stance_time"][t["stance_time"]["target"] == target]
        if period and len(over_time):
            parts.append(chart(F.stance_over_time(over_time, target, period), "stance_over_time"))
        cells = t["topic_stance"][t["topic_stance"]["target"] == target]
        if len(cells):
            parts.append(chart(F.topic_stance_heatmap(cells, target), "topic_stance"))
        parts.append("</div>")
        examples = t["cell_examples"][t["cell_examples"]["target"] == target]
        if len(examples):
            parts.append(
                f"<details><summary>Example posts per topic and stance ({len(examples)})</summary>"
                f"{_examples_table(examples, labels)}</details>"
            )
    parts.append("</section>")
    return "".join(parts)


def _models(t: dict[str, pd.DataFrame]) -> str:
    return (
        "<section id='models'><h2>Models and versions</h2>"
        + table_html(
            t["models"],
            {
                "component": "component",
                "version": "version",
                "model": "model (fingerprint)",
                "details": "details",
            },
        )
        + "</section>"
    )


def build_report(tables: dict[str, pd.DataFrame], *, title: str = "annotation report") -> str:
    """The HTML page (a string) for :func:`nlp_social.report.summary`'s ``tables``."""
    from plotly import __version__ as plotly_version
    from plotly.offline import get_plotlyjs

    chart = _Charts()
    body = _overview(tables, chart) + _topics(tables, chart) + _stance(tables, chart) + _models(tables)
    nav = "".join(
        f"<a href='#{a}'>{n}</a>"
        for a, n in (
            ("overview", "Overview"),
            ("topics", "Topics"),
            ("stance", "Stance"),
            ("models", "Models"),
        )
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='generator' content='{GENERATOR} {__version__}'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_esc(title)}</title><style>{F.font_face_css()}{_CSS % {'font': F.FONT_FAMILY}}</style>"
        f"<script type='text/javascript'>/* plotly.js {plotly_version} */{get_plotlyjs()}</script></head>"
        f"<body><header><h1>{_esc(title)}</h1><p>nlp_social {__version__} · {chart.count} charts · "
        "rebuild with <code>nlp-social report OUT_DIR</code></p></header>"
        f"<nav>{nav}</nav><main>{body}</main><script>{_RESIZE}</script></body></html>\n"
    )


def _is_ours(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return f"name='generator' content='{GENERATOR}" in fh.read(4096)
    except OSError:
        return False


def write_report(
    out_dir: str | os.PathLike,
    path: str | os.PathLike | None = None,
    *,
    on_table: Callable[[str], None] | None = None,
    **options: Any,
) -> Path:
    """Write the report of the annotation output ``out_dir`` to ``path`` (default ``OUT_DIR/report.html``).

    ``options`` go to :func:`nlp_social.report.summary` (``max_targets``, ``examples``, ``period``, ...).
    An existing file is replaced only if it is a report written by this function.
    """
    out_dir = Path(out_dir)
    target = Path(path) if path is not None else out_dir / DEFAULT_NAME
    if target.exists() and (target.is_dir() or not _is_ours(target)):
        raise ConfigError(
            f"{target} exists and is not a report written by nlp-social report; choose another -o"
        )
    if not target.parent.is_dir():
        raise ConfigError(f"{target}: folder {target.parent} does not exist")
    tables = summary(out_dir, on_table=on_table, **options)
    page = build_report(tables, title=f"{out_dir.resolve().name}: annotation report")
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


__all__ = ["build_report", "write_report", "table_html", "DEFAULT_NAME"]
