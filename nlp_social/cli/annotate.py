"""`nlp-social annotate`: annotate whole corpora into Parquet/JSONL (resumable, parallel, Dask)."""

from __future__ import annotations

from pathlib import Path

import typer

from nlp_social.cli._util import JsonOpt, handle_errors, print_json

# The library is imported inside each command, when it runs: `nlp-social --help` and every other
# command must not pay for pandas, scikit-learn or torch.


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def annotate_command(
    inputs: list[str] = typer.Argument(
        ..., help="Input files or folders (JSONL, CSV/TSV, Parquet, .txt one post per line; '-' = stdin)."
    ),
    out: Path = typer.Option(
        ..., "-o", "--out", help="Output folder (one part file per chunk + _summary.json)."
    ),
    steps: str = typer.Option(
        None,
        "--steps",
        help="Comma-separated steps: normalize,lid,embed,topics,stance (or module:Class). Default: all available.",
        show_default=False,
    ),
    targets: str = typer.Option(
        None,
        "--targets",
        help="Comma-separated stance targets for every post (default: each record's 'target' field).",
        show_default=False,
    ),
    topic_model: Path = typer.Option(
        None,
        "--topic-model",
        help="Folder of a fitted TopicModel, or 'fit' / 'fit:N' to fit one on the first N posts (the default when "
        "no model is given or shipped; N=10000).",
        show_default=False,
    ),
    stance_model: str = typer.Option(
        None,
        "--stance-model",
        help="'fast' (default), 'accurate' (fine-tuned transformer, slower; needs torch) or a stance model folder.",
        show_default=False,
    ),
    lid_model: Path = typer.Option(
        None,
        "--lid-model",
        help="Folder of a LanguageIdentifier (default: the shipped one).",
        show_default=False,
    ),
    embed_model: str = typer.Option(
        None,
        "--embed-model",
        help="Embedder spec for load_embedder (default: the shipped one).",
        show_default=False,
    ),
    text_col: str = typer.Option("text", "--text-col", help="Text column/field of the input."),
    id_col: str = typer.Option(
        None, "--id-col", help="Id column/field (default: 'id' if present, else file:line)."
    ),
    fmt: str = typer.Option("parquet", "--format", help="Output format: parquet or jsonl."),
    workers: int = typer.Option(
        1, "--workers", help="Worker processes (local) or LocalCluster workers (dask)."
    ),
    engine: str = typer.Option("local", "--engine", help="local or dask."),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address (default: start a LocalCluster).",
        show_default=False,
    ),
    rejects: Path = typer.Option(
        None, "--rejects", help="Rejects file (default: OUT/_rejects.jsonl).", show_default=False
    ),
    force: bool = typer.Option(
        False, "--force", help="Overwrite a finished (or differently configured) output."
    ),
    chunk_size: int = typer.Option(
        5000, "--chunk-size", help="Records per chunk (= per part file and checkpoint)."
    ),
    batch_size: int = typer.Option(256, "--batch-size", help="Records per model batch inside a chunk."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Longer posts are rejected."),
    threads: int = typer.Option(
        1, "--threads", help="Torch threads per worker (fixed so output is reproducible)."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
    json_out: bool = JsonOpt,
) -> None:
    """Annotate corpora: normalize, language-tag, embed, assign topics and stance, write Parquet or JSONL.

    Rerun the same command after a crash to resume; every unreadable record goes to the rejects file.
    """
    from nlp_social.annotate.runner import annotate_files, import_spacy_without_torch

    import_spacy_without_torch()  # this CLI process tokenizes too when it runs the steps inline
    with handle_errors():
        summary = annotate_files(
            inputs,
            out,
            steps=_split(steps) if steps is not None else None,
            targets=_split(targets),
            topic_model=str(topic_model) if topic_model else None,
            stance_model=str(stance_model) if stance_model else None,
            embed_model=embed_model,
            lid_model=str(lid_model) if lid_model else None,
            progress=progress and not json_out,
            log=lambda msg: typer.secho(msg, err=True, fg=typer.colors.YELLOW),
            fmt=fmt,
            chunk_size=chunk_size,
            batch_size=batch_size,
            text_col=text_col,
            id_col=id_col,
            max_chars=max_chars,
            rejects=rejects,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            threads=threads,
            force=force,
        )
    if json_out:
        print_json(summary)
    elif not summary.get("already_complete"):
        _print_summary(summary)


def _print_summary(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True)
    c = summary["counts"]
    run = summary["this_run"]
    table = Table(title=f"annotate -> {summary['out']}", show_header=True)
    table.add_column("")
    table.add_column("value", justify="right")
    table.add_row("records in", f"{c['in']:,}")
    table.add_row("annotated (out)", f"{c['out']:,}")
    table.add_row("rejected", f"{c['rejected']:,}")
    check = "yes" if summary["balanced"] else "NO"
    table.add_row("in = out + rejected", check)
    if summary.get("stance_without_target"):
        table.add_row("stance: posts without a target", f"{summary['stance_without_target']:,}")
    table.add_row("parts", str(summary["parts"]))
    if summary["resumed_from_chunk"]:
        table.add_row("resumed after chunk", str(summary["resumed_from_chunk"]))
    table.add_row("this run: seconds", f"{run['seconds']:.1f}")
    table.add_row("this run: posts/s", f"{run['posts_per_s'] or 0:,.0f}")
    for name, sec in run["step_seconds"].items():
        table.add_row(f"step {name}: seconds", f"{sec:.1f}")
    console.print(table)
    console.print(f"rejects: {summary['rejects_file']}   schema: {Path(summary['out']) / '_schema.json'}")


def register(app: typer.Typer) -> None:
    """Add the `annotate` command to the main app."""
    app.command("annotate")(annotate_command)
