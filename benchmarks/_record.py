"""Benchmarks record their runs through the package's one recorder (``nlp_social.experiments.record``):
``runs/bench_<name>/<run id>/`` with ``run.json``, ``config.json`` (the arguments), ``environment.json``
(versions, git commit, machine, load), ``data.json`` (inputs and their hashes) and ``metrics.json``.
docs/performance.md is generated from these files (``experiments/tables/perf_*.py``), never typed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nlp_social.experiments.record import record_result, sha256_file

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["sha256_file", "write_record"]


def write_record(
    name: str,
    config: dict[str, Any],
    data: list[dict[str, Any]],
    metrics: dict[str, Any],
    runs_dir: str | os.PathLike | None = None,
) -> Path:
    """Record one benchmark run as ``runs/bench_<name>/<run id>/`` and return its folder."""
    return record_result(
        f"bench_{name}",
        metrics,
        config=config,
        data=data,
        runs_dir=runs_dir or ROOT / "runs",
        task="benchmark",
    )
