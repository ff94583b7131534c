"""`nlp-social report`: one self-contained HTML page for an annotation output."""

from __future__ import annotations

from pathlib import Path

import typer

from nlp_social.cli._util import JsonOpt, handle_errors, print_json

# The library is imported inside each command, when it runs: `nlp-social --help` and every other
# command must not pay for pandas, scikit-learn or torch.


def report_command(
    out_dir: Path = typer.Argument(..., help="Output folder of nlp-social annotate."),
    output: Path = typer.Option(
        None, "-o", "--output", help="HTML file to write (default: OUT_DIR/report.html).", show_default=False
    ),
    max_targets: int = typer.Option(
        20, "--max-targets", help="Stance sections for the N most frequent targets."
    ),
    examples: int = typer.Option(2, "--examples", help="Example posts per (target, topic, stance) cell."),
    period: str = typer.Option(
        "auto", "--period", help="Time step of the stance charts: auto, day, week, month, quarter or year."
    ),
    memory_limit: str = typer.Option(
        "1GB", "--memory-limit", help="DuckDB memory limit (it spills beyond it)."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show progress on stderr."),
    json_out: bool = JsonOpt,
) -> None:
    """Write an HTML report (corpus, topics, stance per target, models) that opens from disk with no network."""
    import time

    from nlp_social.report.data import SECTIONS
    from nlp_social.report.page import write_report

    t0 = time.perf_counter()
    with handle_errors(), _progress(progress and not json_out, len(SECTIONS) + 1) as advance:
        path = write_report(
            out_dir, output, on_table=advance, max_targets=max_targets, examples=examples, period=period,
            memory_limit=memory_limit,
        )  # fmt: skip
    seconds = round(time.perf_counter() - t0, 2)
    if json_out:
        print_json({"report": str(path), "bytes": path.stat().st_size, "seconds": seconds})
    else:
        typer.secho(f"report: {path} ({path.stat().st_size / 1e6:.1f} MB, {seconds:.1f}s)", err=True)


class _progress:
    """A rich progress bar over the report's queries (then the page), or nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled
        self.total = total

    def __enter__(self):
        if not self.enabled:
            return lambda name: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("[bold]report"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
            TimeElapsedColumn(), console=Console(stderr=True), transient=True,
        )  # fmt: skip
        self.bar.start()
        task = self.bar.add_task("", total=self.total)
        started = []

        def advance(name: str) -> None:
            if started:
                self.bar.advance(task)
            started.append(name)
            self.bar.update(task, description=name)

        return advance

    def __exit__(self, *exc) -> bool:
        if self.enabled:
            self.bar.stop()
        return False


def register(app: typer.Typer) -> None:
    """Add the `report` command to the main app."""
    app.command("report")(report_command)
