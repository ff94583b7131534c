"""Record a benchmark run like an experiment run: ``runs/bench_<name>/<run id>/`` with ``config.json``
(the arguments), ``environment.json`` (versions, git commit, machine, load), ``data.json`` (inputs and
their hashes) and ``metrics.json`` (the numbers). docs/performance.md is generated from these files
(``experiments/tables/performance_*.py``), never typed."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def sha256_file(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def machine() -> dict[str, Any]:
    import platform

    import psutil

    return {
        "cpu_count": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_avg_1m_at_end": round(os.getloadavg()[0], 2),
    }


def write_record(
    name: str,
    config: dict[str, Any],
    data: list[dict[str, Any]],
    metrics: dict[str, Any],
    runs_dir: str | os.PathLike | None = None,
) -> Path:
    """Write the four files of one benchmark run and return its folder."""
    from nlp_social.experiments.runner import environment

    now = datetime.now(timezone.utc)
    run_id = f"{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}"
    folder = Path(runs_dir or ROOT / "runs") / f"bench_{name}" / run_id
    folder.mkdir(parents=True, exist_ok=True)
    env = environment() | {"machine": machine(), "created": now.isoformat(timespec="seconds")}
    for file, obj in (("config", config), ("environment", env), ("data", data), ("metrics", metrics)):
        (folder / f"{file}.json").write_text(
            json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return folder


def latest_record(name: str, root: Path = ROOT) -> tuple[Path, dict[str, Any]]:
    """The newest ``runs/bench_<name>/<run id>/`` and its metrics (raises when there is none)."""
    runs = sorted(p for p in (root / "runs" / f"bench_{name}").glob("*/metrics.json"))
    if not runs:
        raise FileNotFoundError(f"no recorded run in runs/bench_{name}/: run benchmarks/bench_{name}.py")
    path = runs[-1].parent
    return path, json.loads(runs[-1].read_text(encoding="utf-8"))
