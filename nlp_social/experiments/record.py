"""Record a script's or benchmark's result as a run folder, like ``nlp-social experiment run`` does.

Scripts in ``experiments/`` and ``benchmarks/`` that print numbers call :func:`record_result` so that each
number a page quotes traces to committed small files: ``run.json`` (name, id, time, git commit, status,
the command line), ``config.json`` (the script's settings), ``environment.json`` (versions, machine),
``data.json`` (the sources it read, with sizes and hashes) and ``metrics.json``. Pages are generated from
these by ``experiments/make_results_table.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from nlp_social.experiments.data import DataRecorder, is_file_spec
from nlp_social.experiments.runner import environment


def sha256_file(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes."""
    return _sha256(Path(path))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def machine() -> dict[str, Any]:
    """Facts of the machine that a speed depends on: cores, memory, load at the end of the run."""
    return {
        "cpu_count": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_avg_1m_at_end": round(os.getloadavg()[0], 2),
    }


def describe_sources(sources: list[str | Path | dict[str, Any]] | None) -> list[dict[str, Any]]:
    """``data.json`` entries: each file (or every file of a folder) with its size and SHA-256; a corpus
    spec (``name:split``) that is not a path is recorded by its files under the data directory; a dict is
    an entry the caller described already (e.g. a generated corpus with its hash), kept as it is."""
    out: list[dict[str, Any]] = []
    for source in sources or []:
        if isinstance(source, dict):
            out.append(source)
            continue
        path = Path(source)
        if not path.exists():
            if is_file_spec(str(source)):
                raise FileNotFoundError(f"{source}: a recorded data source does not exist")
            files = DataRecorder()._corpus_files(str(source))
            out.append(
                {
                    "spec": str(source),
                    "files": [
                        {"path": str(p), "bytes": p.stat().st_size, "sha256": _sha256(p)} for p in files
                    ],
                }
            )
            continue
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        out.append(
            {
                "spec": str(source),
                "files": [{"path": str(p), "bytes": p.stat().st_size, "sha256": _sha256(p)} for p in files],
            }
        )
    return out


def record_result(
    name: str,
    metrics: dict[str, Any],
    *,
    config: dict[str, Any] | None = None,
    data: list[str | Path | dict[str, Any]] | None = None,
    runs_dir: str | Path = "runs",
    headline: str | None = None,
    baselines: dict[str, Any] | None = None,
    task: str = "script",
) -> Path:
    """Write one recorded run ``runs_dir/<name>/<timestamp>-<config hash>/`` and return its folder.

    ``task`` tells ``nlp-social experiment list`` what kind of run it is (``script``, ``benchmark``);
    ``metrics`` are this run's measurements (top level), ``baselines`` those of the baselines measured in
    the same run; ``config`` the settings that produced them (hashed into the folder name)."""
    config = dict(config or {})
    blob = json.dumps(config, sort_keys=True, default=str).encode()
    config_sha = hashlib.sha256(blob).hexdigest()
    now = datetime.now(timezone.utc)
    base = Path(runs_dir) / name / f"{now:%Y%m%d-%H%M%S}-{config_sha[:8]}"
    run_dir, n = base, 1
    while run_dir.exists():
        n += 1
        run_dir = base.with_name(f"{base.name}-{n}")
    run_dir.mkdir(parents=True)
    env = {**environment(), "machine": machine()}
    files = {
        "config.json": config,
        "environment.json": env,
        "data.json": describe_sources(data),
        "metrics.json": {
            "experiment": name,
            "headline": headline,
            "metrics": metrics,
            "baselines": baselines or {},
        },
        "run.json": {
            "name": name,
            "task": task,
            "run_id": run_dir.name,
            "created": now.isoformat(timespec="seconds"),
            "command": [Path(sys.argv[0]).name, *sys.argv[1:]],
            "config_sha256": config_sha,
            "git_commit": env["git"]["commit"],
            "git_dirty": env["git"]["dirty"],
            "status": "ok",
        },
    }
    for fname, obj in files.items():
        (run_dir / fname).write_text(
            json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
    return run_dir
