"""`nlp-social lid` commands: tag tokens with their language (default) and evaluate against gold tags."""

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


def _load_model(model: Path | None):
    from nlp_social.lang.lid import LanguageIdentifier

    return LanguageIdentifier.load(model) if model else LanguageIdentifier.default()


def tag_command(
    source: str = typer.Argument(
        ..., help="Text to tag, a UTF-8 file with one post per line, or - for stdin."
    ),
    model: Path | None = typer.Option(None, "--model", help="Model folder (default: the shipped model)."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per post (JSON Lines)."),
) -> None:
    """Tag every token of TEXT (or of each line of FILE): language, script, mix, dominant language, CMI.

    This is the default command: `nlp-social lid TEXT` is `nlp-social lid tag TEXT`.
    """
    with handle_errors():
        from nlp_social.lang.mix import PostMix

        posts = read_text_or_file(source)
        identifier = _load_model(model)
        tagged = identifier.tag_many(posts)
        if json_out:
            for text, tags in zip(posts, tagged, strict=True):
                mix = PostMix.from_tags([t.lang for t in tags])
                print_json(
                    {
                        "text": text,
                        "tokens": [t.token for t in tags],
                        "langs": [t.lang for t in tags],
                        "scripts": [t.script for t in tags],
                        "mix": mix.mix,
                        "dominant": mix.dominant,
                        "cmi": round(mix.cmi, 2),
                    }
                )
            return
        from rich.console import Console
        from rich.table import Table

        console = Console()
        for text, tags in zip(posts, tagged, strict=True):
            mix = PostMix.from_tags([t.lang for t in tags])
            table = Table(title=text if len(text) < 100 else text[:97] + "...", title_justify="left")
            for col in ("token", "lang", "script", "p"):
                table.add_column(col)
            for t in tags:
                table.add_row(t.token, t.lang, t.script, f"{t.prob:.2f}")
            console.print(table)
            shares = ", ".join(f"{k} {v:.0%}" for k, v in mix.mix.items()) or "no language tokens"
            console.print(f"mix: {shares} · dominant: {mix.dominant} · CMI: {mix.cmi:.1f}\n")


def evaluate_command(
    corpus: str | None = typer.Option(
        None, "--corpus", help="Registered LID corpus NAME[:SPLIT], e.g. sentimix2020_hinglish:dev."
    ),
    file: Path | None = typer.Option(
        None, "--file", help="CoNLL file: token<TAB>tag per line, blank line between posts."
    ),
    model: Path | None = typer.Option(None, "--model", help="Model folder (default: the shipped model)."),
    all_rows: bool = typer.Option(
        False,
        "--all-rows",
        help="Score every post, even those the model was trained on (default: held-out only).",
    ),
    data_dir: Path | None = DataDirOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Token accuracy (gold hi/en tokens), macro-F1 (hi, en) and tokens/s, beside a word-list baseline."""
    if (corpus is None) == (file is None):
        fail("give exactly one of --corpus NAME[:SPLIT] or --file CONLL")
    with handle_errors():
        from nlp_social.lang.lid_evaluate import evaluate_corpus, evaluate_file

        identifier = _load_model(model)
        if corpus is not None:
            result = evaluate_corpus(
                corpus, identifier, data_dir, heldout_only=False if all_rows else None
            )
        else:
            result = evaluate_file(file, identifier)
    if json_out:
        print_json(result)
        return
    base = result["baselines"]["wordlist"]
    typer.echo(f"{result.get('corpus') or result.get('file')}: {result['n_eval_tokens']} hi/en tokens")
    typer.echo(f"{'':10}{'accuracy':>10}{'macro-F1':>10}{'tokens/s':>12}")
    typer.echo(
        f"{'model':10}{result['token_accuracy']:>10.4f}{result['macro_f1']:>10.4f}{result['tokens_per_s']:>12,}"
    )
    typer.echo(
        f"{'wordlist':10}{base['token_accuracy']:>10.4f}{base['macro_f1']:>10.4f}{base['tokens_per_s']:>12,}"
    )


def register(app: typer.Typer) -> None:
    lid = typer.Typer(
        cls=default_command_group("tag"),
        help="Token-level language ID (hi / en / other) with script, language mix and Code-Mixing Index.\n\n"
        'Examples: nlp-social lid "ye brand bilkul fake hai"  ·  nlp-social lid posts.txt --json  ·  '
        "nlp-social lid evaluate --corpus sentimix2020_hinglish:dev --json",
        no_args_is_help=True,
    )
    lid.command("tag")(tag_command)
    lid.command("evaluate")(evaluate_command)
    app.add_typer(lid, name="lid")
