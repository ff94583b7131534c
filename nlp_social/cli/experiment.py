"""`nlp-social experiment run|list|compare`: declarative, recorded, comparable experiments."""

from __future__ import annotations

import typer

from nlp_social.cli._util import DataDirOpt, JsonOpt, handle_errors, print_json

# The library is imported inside each command, when it runs: `nlp-social --help` and every other
# command must not pay for pandas, scikit-learn or torch.

RunsDirOpt = typer.Option("runs", "--runs-dir", help="Folder of recorded runs.")


def run_command(
    config: str = typer.Argument(..., help="Experiment YAML (see experiments/)."),
    sets: list[str] = typer.Option(None, "--set", help="Override a config key: --set model.C=0.5 (repeatable)."),
    runs_dir: str = RunsDirOpt,
    data_dir: str = DataDirOpt,
    mlflow: bool = typer.Option(False, "--mlflow", help="Also log to a local MLflow file store (runs/mlruns)."),
    as_json: bool = JsonOpt,
) -> None:
    """Run CONFIG and record it in runs/<name>/<timestamp>-<hash>/ (config, versions, data hashes, metrics, report)."""
    import json
    from pathlib import Path

    from nlp_social.experiments.runner import run_experiment

    with handle_errors():
        run_dir = run_experiment(config, list(sets or []), runs_dir=runs_dir, data_dir=data_dir, mlflow=mlflow)
    metrics = json.loads((Path(run_dir) / "metrics.json").read_text(encoding="utf-8"))
    if as_json:
        print_json({**metrics["metrics"], "baselines": metrics["baselines"], "run_dir": str(run_dir)})
        return
    typer.echo(f"run recorded in {run_dir}")
    typer.echo(f"report: {Path(run_dir) / 'report.md'}")
    head = metrics.get("headline")
    if head and head in metrics["metrics"]:
        parts = [f"{head} = {metrics['metrics'][head]:.4f}"]
        for name, values in metrics["baselines"].items():
            if head in values:
                parts.append(f"{name}: {values[head]:.4f}")
        typer.echo("; ".join(parts))


def list_command(
    runs_dir: str = RunsDirOpt,
    name: str = typer.Option(None, "--name", help="Only runs of this experiment."),
    as_json: bool = JsonOpt,
) -> None:
    """Recorded runs, oldest first, with their headline metric."""
    from nlp_social.experiments.compare import list_runs

    df = list_runs(runs_dir, name)
    if as_json:
        print_json({"runs": df.to_dict("records")})
        return
    if df.empty:
        typer.echo(f"no runs in {runs_dir}/")
        return
    from nlp_social.experiments.report import markdown_table

    typer.echo(markdown_table(df.drop(columns="path"), index=False))


def compare_command(
    runs: list[str] = typer.Argument(..., help="Run folders or experiment names (their latest run)."),
    fmt: str = typer.Option("md", "--format", help="md (Markdown) or csv."),
    metrics: str = typer.Option(None, "--metrics", help="Comma-separated metric names to keep (e.g. macro_f1,f_avg)."),
    no_baselines: bool = typer.Option(False, "--no-baselines", help="Leave the baselines out."),
    runs_dir: str = RunsDirOpt,
) -> None:
    """A table of metrics side by side (rows: metrics, columns: runs)."""
    from nlp_social.experiments.compare import compare_runs, format_table

    with handle_errors():
        keep = [m.strip() for m in metrics.split(",")] if metrics else None
        df = compare_runs(list(runs), runs_dir=runs_dir, metrics=keep, baselines=not no_baselines)
        typer.echo(format_table(df, fmt).rstrip("\n"))


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Run experiment configs (experiments/*.yaml), list and compare recorded runs.")
    group.command("run")(run_command)
    group.command("list")(list_command)
    group.command("compare")(compare_command)
    app.add_typer(group, name="experiment")
