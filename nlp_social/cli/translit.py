"""`nlp-social translit` commands: transliterate (default), evaluate, spelling, spelling-evaluate."""

from __future__ import annotations

from pathlib import Path

import typer

from nlp_social.cli._util import (
    DataDirOpt,
    JsonOpt,
    default_command_group,
    fail,
    handle_errors,
    print_json,
    read_text_or_file,
)

# The library is imported inside each command, when it runs: `nlp-social --help` and every other
# command must not pay for pandas, scikit-learn or torch.


def convert_command(
    source: str = typer.Argument(..., help="Text, a UTF-8 file (one text per line) or - for stdin."),
    to: str = typer.Option("deva", "--to", help="Target script: deva or latn."),
    nbest: int = typer.Option(
        0, "--nbest", help="Print the n best candidates per word (single words only)."
    ),
    model: Path | None = typer.Option(None, "--model", help="Model folder (default: the shipped model)."),
    json_out: bool = JsonOpt,
) -> None:
    """Transliterate TEXT (or every line of FILE) into --to; only the other script is converted.

    This is the default command: `nlp-social translit TEXT` is `nlp-social translit convert TEXT`.
    """
    if to not in ("deva", "latn"):
        fail(f"--to must be deva or latn, not {to!r}")
    with handle_errors():
        from nlp_social.lang.translit import Transliterator

        model_ = Transliterator.load(model) if model else Transliterator.default()
        lines = read_text_or_file(source)
        converted = model_.transliterate_many(lines, to=to) if nbest <= 0 else lines
        if nbest > 0 and to == "deva":  # one batch for every distinct word of the input
            model_.to_deva_nbest_many([w for line in lines for w in line.split()], nbest)
        for line, out in zip(lines, converted, strict=True):
            if nbest > 0:
                fn = model_.to_deva_nbest if to == "deva" else model_.to_latn_nbest
                words = line.split()
                cands = {w: [[c, round(p, 4)] for c, p in fn(w, nbest)] for w in words}
                if json_out:
                    print_json({"text": line, "nbest": cands})
                else:
                    for w in words:
                        typer.echo(w + "\t" + "  ".join(f"{c} ({p:.3f})" for c, p in cands[w]))
                continue
            if json_out:
                print_json({"text": line, "to": to, "output": out})
            else:
                typer.echo(out)


def evaluate_command(
    corpus: str | None = typer.Option(
        None, "--corpus", help="Corpus[:split] with deva/latn columns, e.g. dakshina_hi_lexicons:dev."
    ),
    file: Path | None = typer.Option(None, "--file", help="CSV/TSV file with columns deva and latn."),
    direction: str = typer.Option("latn2deva", "--direction", help="latn2deva or deva2latn."),
    model: Path | None = typer.Option(None, "--model", help="Model folder (default: the shipped model)."),
    limit: int | None = typer.Option(
        None, "--limit", help="Score only the first N distinct source words."
    ),
    data_dir: Path | None = DataDirOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Top-1, top-5, CER and distinct words/s of the model and the rule-based baseline (same run)."""
    if (corpus is None) == (file is None):
        fail("give exactly one of --corpus NAME[:SPLIT] or --file F")
    if direction not in ("latn2deva", "deva2latn"):
        fail(f"--direction must be latn2deva or deva2latn, not {direction!r}")
    with handle_errors():
        from nlp_social.lang.translit import Transliterator
        from nlp_social.lang.translit.evaluate import evaluate_translit

        model_ = Transliterator.load(model) if model else None
        result = evaluate_translit(
            model_, corpus=corpus, file=file, direction=direction, data_dir=data_dir, limit=limit
        )
        if json_out:
            print_json(result)
            return
        _print_table(result, ["top1", "top5", "cer", "words_per_s"])


def spelling_command(
    source: str = typer.Argument(..., help="Text, a UTF-8 file (one text per line) or - for stdin."),
    model: Path | None = typer.Option(None, "--model", help="Spelling model folder (default: shipped)."),
) -> None:
    """Fold romanized Hindi spelling variants to their canonical spelling (`nhi` -> `nahin`)."""
    with handle_errors():
        from nlp_social.lang.spelling import SpellingNormalizer

        norm = SpellingNormalizer.load(model) if model else SpellingNormalizer.default()
        for line in read_text_or_file(source):
            typer.echo(norm.normalize(line))


def spelling_evaluate_command(
    folds: int = typer.Option(
        5, "--folds", help="Cross-validation folds when the hinglishNorm test split is held back."
    ),
    limit: int | None = typer.Option(None, "--limit", help="Use only N training sentences (quick runs)."),
    data_dir: Path | None = DataDirOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Token accuracy on hinglishNorm vs the hand-normalized text, beside identity / pairs-only baselines."""
    with handle_errors():
        from nlp_social.lang.spelling_train import evaluate_spelling

        result = evaluate_spelling(data_dir=data_dir, folds=folds, limit=limit)
        if json_out:
            print_json(result)
            return
        _print_table(result, ["token_accuracy", "changed_token_accuracy", "tokens_per_s"])


def register(app: typer.Typer) -> None:
    tr = typer.Typer(
        cls=default_command_group("convert"),
        help="Transliterate between Devanagari and romanized Hindi; fold romanized spelling variants.\n\n"
        'Examples: nlp-social translit "mujhe nahin pata" --to deva  ·  nlp-social translit posts.txt --to latn  ·  '
        "nlp-social translit evaluate --corpus dakshina_hi_lexicons:dev --json  ·  "
        'nlp-social translit spelling "nhi pta bhai"',
        no_args_is_help=True,
    )
    tr.command("convert")(convert_command)
    tr.command("evaluate")(evaluate_command)
    tr.command("spelling")(spelling_command)
    tr.command("spelling-evaluate")(spelling_evaluate_command)
    app.add_typer(tr, name="translit")


def _print_table(result: dict, keys: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"{result.get('data') or result.get('protocol', '')} {result.get('direction', '')}".strip()
    )
    table.add_column("system")
    for k in keys:
        table.add_column(k, justify="right")
    rows = [("model", result)] + list(result.get("baselines", {}).items())
    for name, values in rows:
        table.add_row(name, *(f"{values[k]:.4f}" if values[k] < 100 else f"{values[k]:.0f}" for k in keys))
    Console().print(table)
