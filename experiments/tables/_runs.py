"""Shared helpers of the block generators: the latest recorded run of an experiment, number formats."""

from __future__ import annotations

import json
from pathlib import Path

import yaml


def latest_run(root: Path, experiment: str) -> Path:
    """The newest successful run folder of ``experiment`` under ``root/runs`` (raises if none)."""
    runs = sorted((root / "runs" / experiment).glob("*/run.json"))
    ok = [p.parent for p in runs if json.loads(p.read_text(encoding="utf-8")).get("status") == "ok"]
    if not ok:
        raise SystemExit(f"no successful recorded run of {experiment!r} under {root / 'runs'}")
    return ok[-1]


def run_files(run: Path) -> tuple[dict, dict, dict]:
    """``(metrics.json, run.json, resolved config)`` of a run folder."""
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    info = json.loads((run / "run.json").read_text(encoding="utf-8"))
    config = yaml.safe_load((run / "config.yaml").read_text(encoding="utf-8"))
    return metrics, info, config


def bold_best(values: list[float | None], fmt: str = "{:.3f}", lower_is_better: bool = False) -> list[str]:
    """Format numbers, the best of them bold (all ties bold); ``None`` -> an en dash."""
    real = [v for v in values if v is not None]
    best = (min(real) if lower_is_better else max(real)) if real else None
    return ["–" if v is None else (f"**{fmt.format(v)}**" if v == best else fmt.format(v)) for v in values]


def latest_bench(root: Path, name: str, index: int = -1) -> tuple[Path, dict, dict, dict]:
    """``(folder, metrics, config, environment)`` of the newest ``runs/bench_<name>/<run id>/`` (``index``:
    another one in time order, e.g. 0 for the first).

    ``metrics`` is the benchmark's own measurements (the ``metrics`` entry of a recorder-written file)."""
    runs = sorted((root / "runs" / f"bench_{name}").glob("*/metrics.json"))
    if not runs:
        raise SystemExit(f"no recorded run in runs/bench_{name}/: run benchmarks/bench_{name}.py --record")
    folder = runs[index].parent

    def read(file: str) -> dict:
        return json.loads((folder / file).read_text(encoding="utf-8"))

    metrics = read("metrics.json")
    if "experiment" in metrics and isinstance(metrics.get("metrics"), dict):
        metrics = metrics["metrics"]
    return folder, metrics, read("config.json"), read("environment.json")
