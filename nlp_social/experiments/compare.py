"""Reading recorded runs back: list them, and compare their metrics side by side."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from nlp_social.errors import NlpSocialError
from nlp_social.experiments.report import DETAIL_KEYS, markdown_table, scalar_metrics


def _is_run(path: Path) -> bool:
    return (path / "run.json").is_file()


def resolve_run(spec: str | os.PathLike, runs_dir: str | os.PathLike = "runs") -> Path:
    """A run folder from a path, or an experiment name / folder (its latest successful run)."""
    candidates = [Path(spec), Path(runs_dir) / str(spec)]
    for path in candidates:
        if _is_run(path):
            return path
        if path.is_dir():
            runs = sorted(p for p in path.iterdir() if _is_run(p) and (p / "metrics.json").is_file())
            if runs:
                return runs[-1]
    raise NlpSocialError(f"no run found at {spec!r} (nor under {runs_dir}/); list runs with `nlp-social experiment list`")


def load_run(path: str | os.PathLike) -> dict[str, Any]:
    path = Path(path)
    run = json.loads((path / "run.json").read_text(encoding="utf-8"))
    metrics_file = path / "metrics.json"
    run["metrics"] = json.loads(metrics_file.read_text(encoding="utf-8")) if metrics_file.is_file() else None
    run["path"] = str(path)
    return run


def list_runs(runs_dir: str | os.PathLike = "runs", name: str | None = None) -> pd.DataFrame:
    """One row per recorded run (newest last): experiment, run id, task, model, status, headline metric."""
    rows = []
    base = Path(runs_dir)
    if base.is_dir():
        for exp in sorted(p for p in base.iterdir() if p.is_dir() and (name is None or p.name == name)):
            for run_dir in sorted(p for p in exp.iterdir() if _is_run(p)):
                run = load_run(run_dir)
                m = run.get("metrics") or {}
                headline = m.get("headline")
                value = scalar_metrics(m.get("metrics") or {}).get(headline) if headline else None
                rows.append(
                    {
                        "experiment": run["name"],
                        "run": run["run_id"],
                        "task": run["task"],
                        "model": run.get("model"),
                        "status": run.get("status"),
                        "headline": headline,
                        "value": value,
                        "seconds": run.get("duration_s"),
                        "path": str(run_dir),
                    }
                )
    return pd.DataFrame(rows, columns=["experiment", "run", "task", "model", "status", "headline", "value", "seconds", "path"])


def compare_runs(specs: list[str], runs_dir: str | os.PathLike = "runs", metrics: list[str] | None = None,
                 baselines: bool = True) -> pd.DataFrame:
    """Metrics side by side: one row per metric, one column per run (baselines as ``baseline.<name>.<metric>``)."""
    if not specs:
        raise NlpSocialError("give at least one run (path or experiment name)")
    columns: dict[str, dict[str, float]] = {}
    for spec in specs:
        run = load_run(resolve_run(spec, runs_dir))
        if not run.get("metrics"):
            raise NlpSocialError(f"run {run['path']} has no metrics.json (status: {run.get('status')})")
        m = run["metrics"]
        values = scalar_metrics({k: v for k, v in m["metrics"].items() if k not in DETAIL_KEYS})
        if baselines:
            for bname, bvalues in m.get("baselines", {}).items():
                values.update(scalar_metrics({k: v for k, v in bvalues.items() if k not in DETAIL_KEYS}, f"baseline.{bname}."))
        label = f"{run['name']}/{run['run_id']}"
        columns[label] = values
    df = pd.DataFrame(columns)
    if metrics:
        keep = [i for i in df.index if any(i == m or i.endswith("." + m) for m in metrics)]
        df = df.loc[keep]
    df.index.name = "metric"
    return df


def format_table(df: pd.DataFrame, fmt: str = "md") -> str:
    if fmt == "md":
        return markdown_table(df)
    if fmt == "csv":
        return df.to_csv()
    raise NlpSocialError(f"unknown format {fmt!r}; use md or csv")
