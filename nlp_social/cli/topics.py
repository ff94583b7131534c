"""`nlp-social topics` commands: fit, show, plot, assign, evaluate."""

from __future__ import annotations

from pathlib import Path

import typer

from nlp_social.cli._util import DataDirOpt, JsonOpt, fail, handle_errors, print_json


def _default_file() -> Path:
    from nlp_social.paths import demo_corpus_file

    path = demo_corpus_file()  # from a checkout or an installed package, whatever the working directory
    if not path.exists():
        fail(f"no FILE given and the demo corpus {path} is not there; pass a CSV/TSV/JSONL/Parquet/TXT file")
    return path


def _read(path: Path, text_col: str):
    """A DataFrame with ``text`` (and the file's other columns) from a table or a .txt file."""
    import pandas as pd

    from nlp_social.errors import InputError

    if str(path).endswith(".txt"):
        from nlp_social.io.readers import iter_records
        from nlp_social.io.records import Reject

        rows = []
        for rec in iter_records([str(path)]):
            if isinstance(rec, Reject):
                raise InputError(rec.reason, path=rec.source, line=rec.line)
            rows.append({"id": rec.id, "text": rec.text})
        return pd.DataFrame(rows)
    from nlp_social.io.readers import read_table

    df = read_table(path, text_col=text_col)
    if "text" not in df.columns:
        raise InputError(f"no text column {text_col!r}", path=str(path), field=text_col)
    return df


def _clusterer(name: str, n_topics: int | None, min_topic_size: int | None, seed: int):
    from nlp_social.topics.cluster import AgglomerativeClusterer, HDBSCANClusterer, KMeansClusterer

    if name == "default":
        return None
    if name == "hdbscan":
        return HDBSCANClusterer(min_cluster_size=min_topic_size or "auto", random_state=seed)
    if name == "kmeans":
        return KMeansClusterer(n_clusters=n_topics or 20, random_state=seed)
    if name == "agglomerative":
        return AgglomerativeClusterer(n_clusters=n_topics or 20, random_state=seed)
    fail(f"unknown clusterer {name!r}: use default, kmeans, hdbscan or agglomerative")


def register(app: typer.Typer) -> None:
    """Add the `topics` command group to the main app."""
    group = typer.Typer(help="Find, inspect, plot, assign and evaluate topics of posts (Hindi/English/Hinglish).",
                        no_args_is_help=True)

    @group.command("fit")
    def fit_cmd(
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
        with handle_errors():
            from nlp_social.topics.model import TopicModel

            df = _read(file or _default_file(), text_col)
            cl = _clusterer(clusterer, n_topics, min_topic_size, seed)
            nt = n_topics if (n_topics and cl is None) else "auto"
            if cl is None and n_topics:
                from nlp_social.topics.cluster import KMeansClusterer

                cl, nt = KMeansClusterer(n_clusters=n_topics, random_state=seed), "auto"
            model = TopicModel(embedder=embedder, clusterer=cl, n_topics=nt, random_state=seed)
            model.fit(df["text"].astype(str).tolist())
            model.save(out)
            typer.echo(f"{model.n_topics_} topics from {len(df)} posts; saved to {out}")
            _print_topics(model, 8)

    @group.command("show")
    def show_cmd(
        model_dir: Path = typer.Argument(..., help="A folder written by `topics fit`."),
        top: int = typer.Option(8, help="Words per topic."),
        json_out: bool = JsonOpt,
    ) -> None:
        """Print the topics of a saved model (both scripts)."""
        with handle_errors():
            from nlp_social.topics.model import TopicModel

            model = TopicModel.load(model_dir)
            if json_out:
                info = model.get_topic_info()
                print_json({"n_topics": model.n_topics_, "topics": info.to_dict(orient="records")})
            else:
                _print_topics(model, top)

    @group.command("assign")
    def assign_cmd(
        model_dir: Path = typer.Argument(..., help="A folder written by `topics fit`."),
        file: Path = typer.Argument(..., help="Posts to assign."),
        out: Path = typer.Option(..., "-o", "--out", help="Output file (.jsonl, .csv, .tsv or .parquet)."),
        text_col: str = typer.Option("text", help="Column holding the post text."),
    ) -> None:
        """Assign each post of FILE to a topic; writes the input columns plus topic, topic_label, probability."""
        with handle_errors():
            from nlp_social.topics.model import TopicModel

            model = TopicModel.load(model_dir)
            df = _read(file, text_col)
            topics, probs = model.transform(df["text"].astype(str).tolist())
            df["topic"] = topics
            df["topic_label"] = [model.get_topic_label(int(t)) if int(t) in model.topic_repr_ else str(t)
                                 for t in topics]
            df["probability"] = probs
            _write(df, out)
            typer.echo(f"assigned {len(df)} posts to {len(set(topics.tolist()))} topics; wrote {out}")

    @group.command("plot")
    def plot_cmd(
        model_dir: Path = typer.Argument(..., help="A folder written by `topics fit`."),
        file: Path = typer.Argument(None, help="Posts to map; default: the demo corpus."),
        out: Path = typer.Option(..., "-o", "--out", help="Folder for the PNGs and index.html."),
        text_col: str = typer.Option("text"),
        time_col: str = typer.Option("timestamp", help="Timestamp column (topics over time), if present."),
        class_col: str = typer.Option("brand", help="Class column for the topic x class heat map, if present."),
        freq: str = typer.Option("M", help="Time bin: D, W, M, Q, Y."),
    ) -> None:
        """Write topic plots (sizes + words, 2-D map, over time, topic x class) and an HTML page."""
        with handle_errors():
            from nlp_social.topics.model import TopicModel
            from nlp_social.topics.plots import write_report

            model = TopicModel.load(model_dir)
            df = _read(file or _default_file(), text_col)
            ts = df[time_col].tolist() if time_col in df.columns else None
            cls = df[class_col].fillna("(none)").astype(str).tolist() if class_col in df.columns else None
            paths = write_report(model, out, df["text"].astype(str).tolist(), ts, cls, freq=freq,
                                 class_name=class_col)
            for name, p in paths.items():
                typer.echo(f"{name}: {p}")

    @group.command("evaluate")
    def evaluate_cmd(
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
        with handle_errors():
            from nlp_social.topics.evaluate import evaluate_topics

            if (corpus is None) == (file is None):
                fail("give exactly one of --corpus NAME[:SPLIT] or --file F")
            if corpus:
                from nlp_social.corpora import load_corpus

                df = load_corpus(corpus, data_dir=data_dir)
                source = corpus
            else:
                from nlp_social.io.readers import read_table

                df = read_table(file, text_col=text_col, label_col=label_col)
                source = str(file)
            labels = df["label"].tolist() if "label" in df.columns else None
            cl = _clusterer(clusterer, n_topics, None, seed)
            params = {"clusterer": cl} if cl is not None else {}
            if n_topics and cl is None:
                params["n_topics"] = n_topics
            res = evaluate_topics(df["text"].astype(str).tolist(), labels, embedder=embedder, model_params=params,
                                  baselines=() if no_baselines else ("kmeans", "bertopic"), random_state=seed)
            res = {"data": source, **res}
            if json_out:
                print_json(res)
            else:
                _print_eval(res)

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
    return any("\u0900" <= ch <= "\u097f" for ch in word)


def _print_eval(res: dict) -> None:
    keys = ("nmi", "ari", "v_measure", "npmi", "diversity", "n_topics", "outlier_share", "seconds", "peak_memory_mb")
    typer.echo(f"{'model':<16}" + "".join(f"{k:>14}" for k in keys))
    for name, row in [("ours", res)] + list(res.get("baselines", {}).items()):
        if "skipped" in row:
            typer.echo(f"{name:<16}skipped: {row['skipped']}")
            continue
        typer.echo(f"{name:<16}" + "".join(f"{row.get(k, float('nan')):>14}" for k in keys))


def _write(df, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    s = str(out)
    if s.endswith(".csv"):
        df.to_csv(out, index=False)
    elif s.endswith(".tsv"):
        df.to_csv(out, index=False, sep="\t")
    elif s.endswith(".parquet"):
        df.to_parquet(out, index=False)
    else:
        df.to_json(out, orient="records", lines=True, force_ascii=False, date_format="iso")
