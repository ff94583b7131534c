"""`nlp-social stance train|predict|evaluate`: stance of posts toward a target (brand, cause, policy).

Each command is a module-level function that checks its options and calls one importable function of
:mod:`nlp_social.stance` (``train_stance``, ``apply.predict_file``, ``apply.evaluate_source``).
"""

from __future__ import annotations

from pathlib import Path

import typer

from nlp_social.cli._util import DataDirOpt, JsonOpt, fail, handle_errors, print_json

TextColOpt = typer.Option("text", "--text-col", help="Column holding the post text.")
TargetColOpt = typer.Option("target", "--target-col", help="Column holding the target.")
LabelColOpt = typer.Option("label", "--label-col", help="Column holding the gold stance label.")
ModelOpt = typer.Option(
    "fast",
    "--model",
    "-m",
    help="'fast' (the default: linear, distilled from 'accurate'), 'accurate' (fine-tuned multilingual "
    "transformer; needs torch), or a model folder.",
)

# The stance stack (scikit-learn, models) is imported inside the commands, when one runs: importing it
# here would slow every `nlp-social` call, `--help` included.


def train_command(
    config: Path = typer.Argument(None, help="YAML/JSON config: corpora, files, params, output."),
    corpus: list[str] = typer.Option(
        None, "--corpus", "-c", help="Corpus NAME[:SPLIT] (default split train); repeatable."
    ),
    file: list[Path] = typer.Option(None, "--file", "-f", help="Labelled file (text, target, label); repeatable."),
    output: Path = typer.Option(None, "--output", "-o", help="Folder to write the model to."),
    C: float = typer.Option(None, "--C", help="Inverse regularization strength."),
    text_col: str = TextColOpt,
    target_col: str = TargetColOpt,
    label_col: str = LabelColOpt,
    data_dir: str = DataDirOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Train a target-aware stance model and save it as a folder (JSON + arrays)."""
    from nlp_social.stance.train import load_train_config, train_stance

    with handle_errors():
        cfg = load_train_config(config) if config else {}
        corpora = list(corpus or cfg.get("corpora", []))
        files = list(file or cfg.get("files", []))
        out = output or cfg.get("output")
        if not out:
            fail("no output folder: pass -o DIR (or 'output:' in the config)")
        if not corpora and not files:
            fail("no training data: pass a CONFIG, --corpus NAME or --file F")
        params = dict(cfg.get("params", {}))
        if C is not None:
            params["C"] = C
        model = train_stance(
            corpora, files, params=params, data_dir=data_dir or cfg.get("data_dir"), output=out,
            text_col=text_col, target_col=target_col, label_col=label_col,
        )  # fmt: skip
    summary = {"output": str(out), "classes": [str(c) for c in model.classes_], **model.metadata_}
    if as_json:
        print_json(summary)
    else:
        typer.echo(f"trained on {summary['n_train']} rows ({', '.join(summary['trained_on'])}) -> {out}")
        if summary.get("note"):
            typer.echo(f"note: {summary['note']}")


def predict_command(
    file: Path = typer.Argument(..., help="Posts (CSV/TSV/JSONL/Parquet with a text column, or .txt one per line)."),
    target: list[str] = typer.Option(None, "--target", "-t", help="Target text; repeatable (every post x target)."),
    output: Path = typer.Option(..., "--output", "-o", help="Output file (.csv, .tsv or .jsonl)."),
    model: str = ModelOpt,
    text_col: str = TextColOpt,
    target_col: str = TargetColOpt,
) -> None:
    """Predict the stance of every post toward --target (or each row's target column)."""
    from nlp_social.io.tables import output_format
    from nlp_social.stance.apply import PREDICT_FORMATS, predict_file
    from nlp_social.stance.load import load_stance_model

    if output.is_dir():
        fail(f"--output {output} is a folder; name a .csv, .tsv or .jsonl file")
    with handle_errors():
        output_format(output, allowed=PREDICT_FORMATS)  # before the model loads
        n = predict_file(file, output, load_stance_model(model), targets=target, text_col=text_col,
                         target_col=target_col)  # fmt: skip
    typer.echo(f"{n} predictions -> {output}", err=True)


def evaluate_command(
    corpus: str = typer.Option(None, "--corpus", "-c", help="Corpus NAME[:SPLIT] to evaluate on."),
    file: Path = typer.Option(None, "--file", "-f", help="Labelled file (text, target, label)."),
    model: str = ModelOpt,
    train: list[str] = typer.Option(
        None, "--train", help="Corpus NAME[:SPLIT] the baselines are fit on (default: the corpus' train split)."
    ),
    text_col: str = TextColOpt,
    target_col: str = TargetColOpt,
    label_col: str = LabelColOpt,
    data_dir: str = DataDirOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Accuracy, macro-F1, F_avg, per-target scores and confusion matrix; baselines in the same run."""
    from nlp_social.stance.apply import evaluate_source
    from nlp_social.stance.load import load_stance_model

    if (corpus is None) == (file is None):
        fail("give exactly one of --corpus NAME[:SPLIT] or --file F")
    with handle_errors():
        result = evaluate_source(
            load_stance_model(model), corpus=corpus, file=file, train=train or (), model_name=model,
            data_dir=data_dir, text_col=text_col, target_col=target_col, label_col=label_col,
        )  # fmt: skip
    if as_json:
        print_json(result)
        return
    _print_result(result)


def register(app: typer.Typer) -> None:
    """Add the `stance` command group to the main app."""
    group = typer.Typer(help="Stance (AGAINST / FAVOR / NONE) of posts toward a target: train, predict, evaluate.")
    group.command("train")(train_command)
    group.command("predict")(predict_command)
    group.command("evaluate")(evaluate_command)
    app.add_typer(group, name="stance")


def _print_result(r: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"stance on {r['data']} (n={r['n']}, model {r['model']})")
    for col in ("system", "accuracy", "macro-F1", "F_avg"):
        table.add_column(col)
    table.add_row("model", f"{r['accuracy']:.3f}", f"{r['macro_f1']:.3f}", f"{r['f_avg']:.3f}")
    for name, b in r.get("baselines", {}).items():
        if isinstance(b, dict):
            table.add_row(name, f"{b['accuracy']:.3f}", f"{b['macro_f1']:.3f}", f"{b['f_avg']:.3f}")
    console = Console()
    console.print(table)
    if r.get("seen_in_training"):
        console.print("[yellow]warning: this data was part of the model's training data[/]")
