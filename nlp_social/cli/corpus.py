"""`nlp-social corpus list|describe`: what corpora the package knows, and what is in one."""

from __future__ import annotations

import typer

from nlp_social.cli._util import DataDirOpt, JsonOpt, handle_errors, print_json

# The library is imported inside each command, when it runs: `nlp-social --help` and every other
# command must not pay for pandas, scikit-learn or torch.


def list_command(
    task: str = typer.Option(None, "--task", help="Only corpora of this task (stance, lid, lexicon, ...)."),
    data_dir: str = DataDirOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Every registered corpus: task, splits, folder and whether it is present in the data directory."""
    from nlp_social.corpora.stats import corpus_rows

    with handle_errors():
        rows = corpus_rows(task=task, data_dir=data_dir)
    if as_json:
        print_json({"corpora": rows})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} corpora", show_lines=False)
    for col in ("name", "task", "splits", "status"):
        table.add_column(col, overflow="fold")
    for r in rows:
        splits = ", ".join(s + ("*" if s in r["held_back"] else "") for s in r["splits"])
        style = {"present": "green", "embedded": "cyan"}.get(r["status"], "yellow")
        table.add_row(r["name"], r["task"], splits, f"[{style}]{r['status']}[/]")
    console = Console()
    console.print(table)
    console.print("* held back: official split not in the shared data; loading it raises with where to get it")


def describe_command(
    spec: str = typer.Argument(..., metavar="NAME[:SPLIT]", help="Corpus name, optionally with a split."),
    data_dir: str = DataDirOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Counts, label / target / language distributions and the Devanagari / Latin / mixed script mix."""
    from nlp_social.corpora import corpus_info, load_corpus, parse_corpus_spec
    from nlp_social.corpora.stats import describe_frame

    with handle_errors():
        name, split = parse_corpus_spec(spec)
        info = corpus_info(name)
        split = split or info.splits[0]
        df = load_corpus(name, split, data_dir=data_dir)
        stats = {"corpus": name, "split": split, "task": info.task, **describe_frame(df)}
    if as_json:
        print_json(stats)
        return
    _print_stats(stats)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="List the known corpora and describe one (counts, labels, targets, script mix).")
    group.command("list")(list_command)
    group.command("describe")(describe_command)
    app.add_typer(group, name="corpus")


def _print_stats(stats: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{stats['corpus']}:{stats['split']}[/] ({stats['task']}): {stats['rows']:,} rows, "
        f"{stats['chars_mean']} chars / {stats['words_mean']} words on average, "
        f"{stats['duplicate_texts']} duplicate texts"
    )
    mix = ", ".join(f"{k} {v:.1%}" for k, v in stats["script_mix"].items() if v)
    console.print(f"script mix: {mix}")
    for key in ("label", "target", "lang", "topic", "tags"):
        dist = stats.get(key)
        if not dist:
            continue
        total = sum(dist.values())
        shown = sum(1 for v in dist if v != "∅")
        more = key == "target" and shown < stats["targets_total"]
        table = Table(title=key + (f" (top {shown} of {stats['targets_total']})" if more else ""))
        table.add_column(key)
        table.add_column("count", justify="right")
        table.add_column("share", justify="right")
        for value, count in dist.items():
            table.add_row(value, f"{count:,}", f"{count / total:.1%}")
        console.print(table)
