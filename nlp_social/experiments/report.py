"""``report.md`` of a run: data, metrics beside baselines, extra tables, and matplotlib plots."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if value.is_integer() and abs(value) >= 1:
            return f"{int(value):,}"
        return f"{value:.4f}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def markdown_table(df: pd.DataFrame, index: bool = True) -> str:
    """A GitHub Markdown table (no tabulate dependency)."""
    frame = df.reset_index() if index else df
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(v).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines)


def scalar_metrics(metrics: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Flatten nested metric dicts to ``a.b`` keys, keeping numbers only."""
    out: dict[str, float] = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(scalar_metrics(value, name + "."))
        elif isinstance(value, (bool, np.bool_)):
            continue
        elif isinstance(value, (int, float, np.integer, np.floating)):
            out[name] = float(value)
    return out


# detail blocks shown in their own tables, not in the metrics table
DETAIL_KEYS = ("per_target", "learning_curve", "per_label", "per_corpus")


def metrics_frame(metrics: dict[str, Any], baselines: dict[str, dict[str, Any]], model_label: str = "model") -> pd.DataFrame:
    """Rows = metrics, columns = the model then each baseline (measured in the same run)."""

    def main(values: dict[str, Any]) -> dict[str, float]:
        return scalar_metrics({k: v for k, v in values.items() if k not in DETAIL_KEYS})

    cols = {model_label: main(metrics)}
    for name, values in baselines.items():
        cols[f"baseline: {name}"] = main(values)
    df = pd.DataFrame(cols)
    df.index.name = "metric"
    return df


def confusion_png(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str], path: Path, title: str) -> Path:
    from sklearn.metrics import confusion_matrix

    plt = _plt()
    cm = confusion_matrix(list(gold), list(pred), labels=list(labels))
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * len(labels), 1.0 + 0.8 * len(labels)), dpi=110)
    ax.imshow(cm, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, str(cm[i, j]), ha="center", va="center", color="white" if cm[i, j] > cm.max() / 2 else "black")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def grouped_bars_png(table: pd.DataFrame, path: Path, title: str, ylabel: str) -> Path:
    """Bars per row of ``table`` (e.g. targets), one colour per column (model, baselines)."""
    plt = _plt()
    n_rows, n_cols = table.shape
    fig, ax = plt.subplots(figsize=(max(5.0, 0.8 * n_rows * max(1, n_cols) / 2 + 2), 3.6), dpi=110)
    width = 0.8 / max(n_cols, 1)
    x = np.arange(n_rows)
    for j, col in enumerate(table.columns):
        ax.bar(x + j * width - 0.4 + width / 2, table[col].to_numpy(dtype=float), width, label=str(col))
    ax.set_xticks(x, [str(i) for i in table.index], rotation=30, ha="right")
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def line_png(x: Sequence[float], series: dict[str, Sequence[float]], path: Path, title: str, xlabel: str, ylabel: str) -> Path:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 3.4), dpi=110)
    for name, ys in series.items():
        ax.plot(list(x), list(ys), marker="o", label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def write_report(run_dir: Path, summary: dict[str, Any], result: Any, sources: list[dict[str, Any]]) -> Path:
    """Write ``report.md`` (summary, data, metrics vs baselines, tables, plots, how to reproduce)."""
    lines = [f"# {summary['name']} ({summary['task']})", ""]
    if summary.get("description"):
        lines += [summary["description"], ""]
    lines += [
        f"- run: `{summary['run_id']}`, {summary['created']}, {summary['duration_s']:.1f} s",
        f"- config: `{summary['config_path']}` (sha256 `{summary['config_sha256'][:12]}`), seed {summary['seed']}",
        f"- nlp_social {summary['version']}, git `{summary.get('git_commit') or 'n/a'}`",
        f"- model: `{summary['model']}`",
        "",
        "## Data",
        "",
    ]
    data = pd.DataFrame(
        [
            {
                "role": s["role"],
                "source": s["spec"],
                "rows": s["rows"],
                "files": len(s["files"]),
                "content sha256": s["content_sha256"][:12],
            }
            for s in sources
        ]
    )
    lines += [markdown_table(data, index=False) if len(data) else "(no data)", ""]
    lines += ["## Metrics", "", "Baselines are measured in the same run, on the same data.", ""]
    lines += [markdown_table(metrics_frame(result.metrics, result.baselines)), ""]
    if getattr(result, "timing", None):
        timing = pd.Series(scalar_metrics(result.timing), name="value")
        timing.index.name = "measure"
        lines += ["## Speed", "", "Measured in this run (varies with the machine; not part of metrics.json).", ""]
        lines += [markdown_table(timing.to_frame()), ""]
    for title, table in result.tables.items():
        lines += [f"## {title}", "", markdown_table(table), ""]
    if result.plots:
        lines += ["## Plots", ""]
        for title, path in result.plots:
            lines += [f"### {title}", "", f"![{title}]({Path(path).relative_to(run_dir).as_posix()})", ""]
    if result.notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in result.notes] + [""]
    sets = " ".join(f"--set {o}" for o in summary.get("overrides", []))
    lines += ["## Reproduce", "", "```bash", f"nlp-social experiment run {summary['config_path']} {sets}".rstrip(), "```", ""]
    path = run_dir / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
