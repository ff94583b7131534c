"""`nlp-social stance train|predict|evaluate`: stance of posts toward a target (brand, cause, policy)."""

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


def _load_model(model: str | None):
    from nlp_social.stance.load import load_stance_model

    return load_stance_model(model)


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Stance (AGAINST / FAVOR / NONE) of posts toward a target: train, predict, evaluate."
    )

    @group.command("train")
    def train_cmd(
        config: Path = typer.Argument(None, help="YAML/JSON config: corpora, files, params, output."),
        corpus: list[str] = typer.Option(
            None, "--corpus", "-c", help="Corpus NAME[:SPLIT] (default split train); repeatable."
        ),
        file: list[Path] = typer.Option(
            None, "--file", "-f", help="Labelled file (text, target, label); repeatable."
        ),
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
                corpora,
                files,
                params=params,
                data_dir=data_dir or cfg.get("data_dir"),
                output=out,
                text_col=text_col,
                target_col=target_col,
                label_col=label_col,
            )
        summary = {"output": str(out), "classes": [str(c) for c in model.classes_], **model.metadata_}
        if as_json:
            print_json(summary)
        else:
            typer.echo(f"trained on {summary['n_train']} rows ({', '.join(summary['trained_on'])}) -> {out}")
            if summary.get("note"):
                typer.echo(f"note: {summary['note']}")

    @group.command("predict")
    def predict_cmd(
        file: Path = typer.Argument(
            ..., help="Posts (CSV/TSV/JSONL/Parquet with a text column, or .txt one per line)."
        ),
        target: list[str] = typer.Option(
            None, "--target", "-t", help="Target text; repeatable (every post x target)."
        ),
        output: Path = typer.Option(..., "--output", "-o", help="Output file (.csv, .tsv or .jsonl)."),
        model: str = ModelOpt,
        text_col: str = TextColOpt,
        target_col: str = TargetColOpt,
    ) -> None:
        """Predict the stance of every post toward --target (or each row's target column)."""
        import pandas as pd

        from nlp_social.stance.train import read_stance_file

        if output.suffix not in (".csv", ".tsv", ".jsonl"):
            fail(
                f"--output {output}: unknown extension {output.suffix or '(none)'!r}; use .csv, .tsv or .jsonl"
            )
        if output.is_dir():
            fail(f"--output {output} is a folder; name a .csv, .tsv or .jsonl file")
        with handle_errors():
            if file.suffix == ".txt":
                lines = file.read_text(encoding="utf-8").splitlines()
                df = pd.DataFrame({"text": [ln for ln in lines if ln.strip()]})
            else:
                df = read_stance_file(file, text_col=text_col, target_col=target_col)
            if df.empty:
                fail(f"{file}: no posts to predict (the file has no rows)")
            # input columns a prediction column would hide (a gold label, a target --target replaces) are
            # kept under input_<name>, so the output never shows gold and predicted values under one name
            own = {"label", "stance", "score"} | ({"target"} if target else set())
            df = df.rename(
                columns={c: f"input_{c}" for c in df.columns if c in own or str(c).startswith("p_")}
            )
            m = _load_model(model)
            if target:
                res = m.predict_targets(df["text"].astype(str).tolist(), list(target))
                out = df.iloc[res["text_index"]].reset_index(drop=True)
                out = pd.concat([out, res.drop(columns=["text_index"])], axis=1)
            elif "target" in df.columns:
                proba = m.predict_proba(
                    df["text"].astype(str).tolist(), targets=df["target"].astype(str).tolist()
                )
                out = df.copy()
                out["label"] = m.classes_[proba.argmax(axis=1)]
                for j, c in enumerate(m.classes_):
                    out[f"p_{c}"] = proba[:, j]
            else:
                fail(f"no --target given and {file} has no {target_col!r} column")
            output.parent.mkdir(parents=True, exist_ok=True)
            if output.suffix == ".jsonl":
                out.to_json(output, orient="records", lines=True, force_ascii=False)
            else:
                out.to_csv(output, sep="\t" if output.suffix == ".tsv" else ",", index=False)
        typer.echo(f"{len(out)} predictions -> {output}", err=True)

    @group.command("evaluate")
    def evaluate_cmd(
        corpus: str = typer.Option(None, "--corpus", "-c", help="Corpus NAME[:SPLIT] to evaluate on."),
        file: Path = typer.Option(None, "--file", "-f", help="Labelled file (text, target, label)."),
        model: str = ModelOpt,
        train: list[str] = typer.Option(
            None,
            "--train",
            help="Corpus NAME[:SPLIT] the baselines are fit on (default: the corpus' train split).",
        ),
        text_col: str = TextColOpt,
        target_col: str = TargetColOpt,
        label_col: str = LabelColOpt,
        data_dir: str = DataDirOpt,
        as_json: bool = JsonOpt,
    ) -> None:
        """Accuracy, macro-F1, F_avg, per-target scores and confusion matrix; baselines in the same run."""
        from nlp_social.corpora import load_corpus, parse_corpus_spec
        from nlp_social.stance.evaluate import evaluate_stance
        from nlp_social.stance.train import load_stance_frames, read_stance_file

        if (corpus is None) == (file is None):
            fail("give exactly one of --corpus NAME[:SPLIT] or --file F")
        with handle_errors():
            train_df = None
            if corpus is not None:
                name, split = parse_corpus_spec(corpus)
                df = load_corpus(name, split, data_dir=data_dir)
                split = df.attrs.get("split", split)
                source = f"{name}:{split}"
                if train:
                    train_df = load_stance_frames(train, data_dir=data_dir)
                elif split != "train":
                    train_df = load_corpus(name, "train", data_dir=data_dir)
            else:
                df = read_stance_file(file, text_col=text_col, target_col=target_col, label_col=label_col)
                source = str(file)
                if train:
                    train_df = load_stance_frames(train, data_dir=data_dir)
            m = _load_model(model)
            result = evaluate_stance(m, df, train_df)
            trained_on = (getattr(m, "metadata_", {}) or {}).get("trained_on", [])
            result = {
                "data": source,
                "model": model or "fast",
                "seen_in_training": source in trained_on,
                **result,
            }
        if as_json:
            print_json(result)
            return
        _print_result(result)

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
