"""`nlp-social topics` commands: fit, show, plot, assign, evaluate.

Each command is a module-level function that checks its options and calls one importable function of
:mod:`nlp_social.topics.apply` (or ``TopicModel.load``). The topic stack is imported inside the commands,
when one runs, so that `nlp-social --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from nlp_social.cli._util import DataDirOpt, JsonOpt, fail, handle_errors, print_json
from nlp_social.paths import demo_corpus_file
from nlp_social.text import patterns as P


def _default_file() -> Path:
    path = demo_corpus_file()  # from a checkout or an installed package, whatever the working directory
    if not path.exists():
        fail(f"no FILE given and the demo corpus {path} is not there; pass a CSV/TSV/JSONL/Parquet/TXT file")
    return path


def fit_command(
    file: Path = typer.Argument(None, help="Posts (CSV/TSV/JSONL/Parquet/TXT); default: the demo corpus."),
    out: Path = typer.Option(..., "-o", "--out", help="Folder to save the model in."),
    text_col: str = typer.Option("text", help="Column holding the post text."),
    embedder: str = typer.Option("default", help="default | lexical | e5 | a local sentence-transformers path."),
    clusterer: str = typer.Option("default", help="default | kmeans | hdbscan | agglomerative."),
    n_topics: int = typer.Option(None, help="Number of topics (k-means/agglomerative k; merge target)."),
    min_topic_size: int = typer.Option(None, help="HDBSCAN min_cluster_size."),
    seed: int = typer.Option(0, help="random_state."),
) -> None:
    """Fit a topic model on FILE and save it to a folder."""
    from nlp_social.topics.apply import fit_topics

    with handle_errors():
        model, n_posts = fit_topics(
            file or _default_file(), out, text_col=text_col, embedder=embedder, clusterer=clusterer,
            n_topics=n_topics, min_topic_size=min_topic_size, seed=seed,
        )  # fmt: skip
    typer.echo(f"{model.n_topics_} topics from {n_posts} posts; saved to {out}")
    _print_topics(model, 8)


def show_command(
    model_dir: Path = typer.Argument(..., help="A folder written by `topics fit`."),
    top: int = typer.Option(8, help="Words per topic."),
    json_out: bool = JsonOpt,
) -> None:
    """Print the topics of a saved model (both scripts)."""
    from nlp_social.topics.model import TopicModel

    with handle_errors():
        model = TopicModel.load(model_dir)
    if json_out:
        info = model.get_topic_info()
        print_json({"n_topics": model.n_topics_, "topics": info.to_dict(orient="records")})
    else:
        _print_topics(model, top)


def assign_command(
    model_dir: Path = typer.Argument(..., help="A folder written by `topics fit`."),
    file: Path = typer.Argument(..., help="Posts to assign."),
    out: Path = typer.Option(..., "-o", "--out", help="Output file (.jsonl, .csv, .tsv or .parquet)."),
    text_col: str = typer.Option("text", help="Column holding the post text."),
) -> None:
    """Assign each post of FILE to a topic; writes the input columns plus topic, topic_label, probability."""
    from nlp_social.topics.apply import assign_topics

    with handle_errors():
        df = assign_topics(model_dir, file, out, text_col=text_col)
    typer.echo(f"assigned {len(df)} posts to {df['topic'].nunique()} topics; wrote {out}")


def plot_command(
    model_dir: Path = typer.Argument(..., help="A folder written by `topics fit`."),
    file: Path = typer.Argument(None, help="Posts to map; default: the demo corpus."),
    out: Path = typer.Option(..., "-o", "--out", help="Folder for the PNGs and index.html."),
    text_col: str = typer.Option("text"),
    time_col: str = typer.Option("timestamp", help="Timestamp column (topics over time), if present."),
    class_col: str = typer.Option("brand", help="Class column for the topic x class heat map, if present."),
    freq: str = typer.Option("M", help="Time bin: D, W, M, Q, Y."),
) -> None:
    """Write topic plots (sizes + words, 2-D map, over time, topic x class) and an HTML page."""
    from nlp_social.topics.apply import plot_topics

    with handle_errors():
        paths = plot_topics(model_dir, file or _default_file(), out, text_col=text_col, time_col=time_col,
                            class_col=class_col, freq=freq)  # fmt: skip
    for name, p in paths.items():
        typer.echo(f"{name}: {p}")


def evaluate_command(
    corpus: str = typer.Option(None, "--corpus", help="A registered corpus NAME[:SPLIT] with gold labels."),
    file: Path = typer.Option(None, "--file", help="Or a labelled file."),
    label_col: str = typer.Option("label", "--label-col", help="Gold label column of --file."),
    text_col: str = typer.Option("text", "--text-col"),
    embedder: str = typer.Option("default", help="default | lexical | e5 | a local model path."),
    clusterer: str = typer.Option("default", help="default | kmeans | hdbscan | agglomerative."),
    n_topics: int = typer.Option(None),
    no_baselines: bool = typer.Option(False, "--no-baselines", help="Skip k-means and BERTopic."),
    seed: int = typer.Option(0),
    data_dir: Path = DataDirOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Fit and score topics against gold labels: NMI, ARI, V-measure, NPMI, diversity, cost + baselines."""
    from nlp_social.topics.apply import evaluate_topics_on

    if (corpus is None) == (file is None):
        fail("give exactly one of --corpus NAME[:SPLIT] or --file F")
    with handle_errors():
        res = evaluate_topics_on(
            corpus=corpus, file=file, text_col=text_col, label_col=label_col, embedder=embedder,
            clusterer=clusterer, n_topics=n_topics, baselines=not no_baselines, seed=seed, data_dir=data_dir,
        )  # fmt: skip
    if json_out:
        print_json(res)
    else:
        _print_eval(res)


def register(app: typer.Typer) -> None:
    """Add the `topics` command group to the main app."""
    group = typer.Typer(help="Find, inspect, plot, assign and evaluate topics of posts (Hindi/English/Hinglish).",
                        no_args_is_help=True)  # fmt: skip
    group.command("fit")(fit_command)
    group.command("show")(show_command)
    group.command("assign")(assign_command)
    group.command("plot")(plot_command)
    group.command("evaluate")(evaluate_command)
    app.add_typer(group, name="topics")


def _print_topics(model, top: int) -> None:
    """One line per topic: each word in its own script, with its other-script form where it has one."""
    for t in model.topic_ids_:
        r = model.topic_repr_[t]
        shown = []
        for w, d, lt in list(zip(r["words"], r["words_deva"], r["words_latn"], strict=False))[:top]:
            other = lt if script_is_deva(w) else d
            shown.append(f"{w} ({other})" if other and other != w else w)
        typer.echo(f"{t:>3} ({model.topic_sizes_[t]:>5}) " + ", ".join(shown))


def script_is_deva(word: str) -> bool:
    return P.DEVA_ANY.search(word) is not None


def _print_eval(res: dict) -> None:
    keys = ("nmi", "ari", "v_measure", "npmi", "diversity", "n_topics", "outlier_share", "seconds", "peak_memory_mb")
    typer.echo(f"{'model':<16}" + "".join(f"{k:>14}" for k in keys))
    for name, row in [("ours", res)] + list(res.get("baselines", {}).items()):
        if "skipped" in row:
            typer.echo(f"{name:<16}skipped: {row['skipped']}")
            continue
        typer.echo(f"{name:<16}" + "".join(f"{row.get(k, float('nan')):>14}" for k in keys))
