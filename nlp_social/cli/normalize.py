"""`nlp-social normalize`: normalize posts from text/JSONL/CSV/TSV/Parquet files or stdin."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import typer

from nlp_social.cli._util import handle_errors


def normalize_command(
    inputs: list[str] = typer.Argument(..., help="Input files or folders; '-' reads stdin.", show_default=False),
    output: str = typer.Option("-", "-o", "--output", help="Output file ('-': stdout). Format from extension."),
    json_out: bool = typer.Option(False, "--json", help="Write full details per post (analyze()) as JSON."),
    text_col: str = typer.Option("text", "--text-col", help="Text field/column of JSONL/CSV/Parquet input."),
    id_col: str = typer.Option(None, "--id-col", help="Id field/column (default: 'id' or file:line)."),
    fmt: str = typer.Option(None, "--format", help="Input format: jsonl, csv, tsv, parquet or txt."),
    to: str = typer.Option(None, "--to", help="Output format: txt, jsonl, csv, tsv or parquet."),
    rejects: str = typer.Option("-", "--rejects", help="Where rejected lines go as JSONL ('-': stderr)."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Longer texts are rejected."),
    config: Path = typer.Option(None, "--config", help="normalizer.json (or its folder) with the options."),
    hashtags: str = typer.Option(None, "--hashtags", help="keep | segment | remove"),
    emoji: str = typer.Option(None, "--emoji", help="keep | name | remove"),
    emoji_lang: str = typer.Option(None, "--emoji-lang", help="en | hi (names for --emoji name)"),
    urls: str = typer.Option(None, "--urls", help="keep | placeholder | remove"),
    mentions: str = typer.Option(None, "--mentions", help="keep | placeholder | remove"),
    options: list[str] = typer.Option(None, "--set", help="Any normalizer option as KEY=VALUE (YAML value)."),
    dedup: bool = typer.Option(False, "--dedup", help="Flag near-duplicate posts (jsonl/csv/parquet output)."),
) -> None:
    """Normalize Hindi / English / Hinglish posts. A .txt input gives one normalized post per line,
    line for line; rejected lines are reported with file, line and reason (never dropped silently)."""
    # deferred: the text stack loads only when this command runs (keeps `nlp-social --help` fast)
    from nlp_social.text.batch import build_normalizer, normalize_records

    with handle_errors():
        overrides: dict = {}
        if options:  # (YAML values: the parser and PyYAML load only when --set is given)
            from nlp_social.io.options import parse_flat_overrides

            overrides = parse_flat_overrides(options)
        named = {"hashtags": hashtags, "emoji": emoji, "emoji_lang": emoji_lang, "urls": urls, "mentions": mentions}
        overrides.update({k: v for k, v in named.items() if v is not None})
        normalizer = build_normalizer(config, overrides)
        keys = None
        if json_out and normalizer.config_.script_unified:
            from nlp_social.lang.unify import text_keys

            keys = partial(text_keys, normalizer)
        stats = normalize_records(
            inputs, output, normalizer=normalizer, details=json_out, dedup=dedup, text_col=text_col,
            id_col=id_col, fmt=fmt, to=to, rejects=rejects, max_chars=max_chars, keys=keys,
        )  # fmt: skip
    where = "" if stats["rejects"] == "-" else f" (see {stats['rejects']})"
    typer.echo(f"normalized {stats['records']} posts, rejected {stats['rejected']}{where}", err=True)


def register(app: typer.Typer) -> None:
    """Add the `normalize` command to the main app."""
    app.command("normalize")(normalize_command)
