"""Experiment configs, recorded runs, determinism and comparison (small stance config over corpora/)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from nlp_social.cli import build_app
from nlp_social.errors import ConfigError
from nlp_social.experiments import compare_runs, list_runs, load_config, run_experiment
from nlp_social.experiments.compare import format_table

ROOT = Path(__file__).resolve().parent.parent

SMALL = {
    "name": "stance_small",
    "task": "stance",
    "seed": 7,
    "data": {"train": "demo:train", "test": "demo:test"},
    "model": {"kind": "tfidf_svm", "C": 0.5, "char_ngrams": [2, 4]},
    "evaluation": {"metrics": ["macro_f1", "f_avg"], "baselines": ["majority", "per_target_majority"]},
}


def write_config(tmp_path: Path, data: dict, name: str = "exp.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_data_dir(monkeypatch):
    monkeypatch.delenv("NLP_SOCIAL_DATA_DIR", raising=False)


@pytest.mark.parametrize(
    ("patch", "key"),
    [
        ({"seeed": 1}, "'seeed'"),
        ({"data": {"train": "demo:train", "tset": "demo:test"}}, "'data.tset'"),
        ({"evaluation": {"cv_fold": 3}}, "'evaluation.cv_fold'"),
    ],
)
def test_typo_key_names_key_and_file(tmp_path, patch, key):
    path = write_config(tmp_path, {**SMALL, **patch}, "typo.yaml")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert key in str(exc.value) and str(path) in str(exc.value) and "did you mean" in str(exc.value)


def test_unknown_model_parameter_and_values_are_config_errors(tmp_path):
    path = write_config(tmp_path, {**SMALL, "model": {"kind": "tfidf_svm", "CC": 1}})
    with pytest.raises(ConfigError, match=r"exp\.yaml: model\.CC: .*did you mean 'C'"):
        run_experiment(path, runs_dir=tmp_path / "runs")
    path = write_config(tmp_path, {**SMALL, "evaluation": {"baselines": ["coin_flip"]}})
    with pytest.raises(ConfigError, match="evaluation.baselines"):
        run_experiment(path, runs_dir=tmp_path / "runs")
    with pytest.raises(ConfigError, match="model.kind"):
        run_experiment(
            write_config(tmp_path, {**SMALL, "model": {"kind": "bert"}}), runs_dir=tmp_path / "runs"
        )
    assert not (tmp_path / "runs").exists()  # nothing recorded for an invalid config


def test_overrides(tmp_path):
    path = write_config(tmp_path, SMALL)
    cfg = load_config(path, ["model.C=2", "evaluation.baselines=[majority]", "data.limit=50"])
    assert cfg.model.params["C"] == 2 and cfg.evaluation.baselines == ["majority"] and cfg.data.limit == 50
    with pytest.raises(ConfigError, match="model.Cx"):
        run_experiment(path, ["model.Cx=1"], runs_dir=tmp_path / "runs")
    with pytest.raises(ConfigError, match="KEY.PATH=VALUE"):
        load_config(path, ["model.C"])
    with pytest.raises(ConfigError, match="'data.nope'"):
        load_config(path, ["data.nope=1"])


def test_run_twice_same_metrics_and_full_record(tmp_path):
    path = write_config(tmp_path, SMALL)
    runs = tmp_path / "runs"
    first = run_experiment(path, runs_dir=runs)
    second = run_experiment(path, runs_dir=runs)
    assert first != second and first.parent == second.parent == runs / "stance_small"
    m1 = json.loads((first / "metrics.json").read_text())
    m2 = json.loads((second / "metrics.json").read_text())
    assert m1 == m2
    assert m1["metrics"]["macro_f1"] > m1["baselines"]["majority"]["macro_f1"]
    for name in (
        "config.yaml",
        "environment.json",
        "data.json",
        "run.json",
        "predictions.parquet",
        "report.md",
    ):
        assert (first / name).is_file(), name
    assert (first / "plots" / "confusion.png").stat().st_size > 1000
    assert (first / "plots" / "per_target.png").is_file()
    data = json.loads((first / "data.json").read_text())
    assert [d["role"] for d in data] == ["train", "test"] and data[0]["rows"] + data[1]["rows"] == 301
    assert data[0]["files"][0]["path"].endswith("posts.jsonl") and len(data[0]["files"][0]["sha256"]) == 64
    assert data == json.loads((second / "data.json").read_text())
    env = json.loads((first / "environment.json").read_text())
    assert env["packages"]["scikit-learn"] and env["python"]
    resolved = yaml.safe_load((first / "config.yaml").read_text())
    assert resolved["model"] == {"kind": "tfidf_svm", "C": 0.5, "char_ngrams": [2, 4]}
    pred = pd.read_parquet(first / "predictions.parquet")
    assert {"id", "gold", "pred", "target", "pred_majority"} <= set(pred.columns) and len(pred) == 68
    assert (pred["gold"] == pred["pred"]).mean() == pytest.approx(m1["metrics"]["accuracy"], abs=1e-6)
    report = (first / "report.md").read_text()
    assert "baseline: majority" in report and "plots/confusion.png" in report and "Per-target" in report

    table = compare_runs([str(first), "stance_small"], runs_dir=runs, metrics=["macro_f1"])
    assert list(table.index) == [
        "macro_f1",
        "baseline.majority.macro_f1",
        "baseline.per_target_majority.macro_f1",
    ]
    assert table.iloc[0, 0] == table.iloc[0, 1] == m1["metrics"]["macro_f1"]
    md = format_table(table, "md")
    assert md.startswith("| metric |") and f"stance_small/{first.name}" in md
    csv = format_table(table, "csv")
    assert csv.splitlines()[1].startswith("macro_f1,")

    listed = list_runs(runs)
    assert listed["run"].tolist() == [first.name, second.name] and (listed["status"] == "ok").all()


def test_cross_validation_and_learning_curve(tmp_path):
    cfg = {**SMALL, "data": {"train": "demo:train"}, "evaluation": {"cv_folds": 3, "baselines": ["majority"]}}
    run = run_experiment(write_config(tmp_path, cfg), runs_dir=tmp_path / "runs")
    pred = pd.read_parquet(run / "predictions.parquet")
    assert set(pred["fold"]) == {0, 1, 2} and len(pred) == 223  # 231 minus 8 spam rows without target
    full = pred.merge(pd.read_json(ROOT / "corpora/demo/posts.jsonl", lines=True)[["id", "dup_of"]], on="id")
    group = full["dup_of"].fillna(full["id"])
    assert (full.groupby(group)["fold"].nunique() == 1).all()  # retweets stay with their original
    assert "3-fold grouped stratified CV" in (run / "report.md").read_text()

    lc = {**SMALL, "evaluation": {"learning_curve": [0.5, 1.0]}}
    run = run_experiment(write_config(tmp_path, lc, "lc.yaml"), runs_dir=tmp_path / "runs")
    metrics = json.loads((run / "metrics.json").read_text())["metrics"]
    assert set(metrics["learning_curve"]) == {"0.5", "1"} and (run / "plots" / "learning_curve.png").is_file()


def test_cli_run_list_compare_and_mlflow_message(tmp_path):
    path = write_config(tmp_path, SMALL)
    app = build_app()
    runner = CliRunner()
    runs = str(tmp_path / "runs")
    res = runner.invoke(
        app, ["experiment", "run", str(path), "--runs-dir", runs, "--set", "model.C=1", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert "macro_f1" in out and "majority" in out["baselines"] and Path(out["run_dir"]).is_dir()
    res = runner.invoke(app, ["experiment", "list", "--runs-dir", runs])
    assert res.exit_code == 0 and "stance_small" in res.stdout
    res = runner.invoke(app, ["experiment", "compare", "stance_small", "--runs-dir", runs, "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.startswith("metric,")
    res = runner.invoke(app, ["experiment", "compare", "nothing_here", "--runs-dir", runs])
    assert res.exit_code == 2 and "no run found" in res.output
    res = runner.invoke(app, ["experiment", "run", str(path), "--runs-dir", runs, "--set", "seeed=1"])
    assert res.exit_code == 2 and "unknown key 'seeed'" in res.output
    try:
        import mlflow  # noqa: F401
    except ImportError:
        res = runner.invoke(app, ["experiment", "run", str(path), "--runs-dir", runs, "--mlflow"])
        assert res.exit_code == 2 and "pip install 'nlp-social[mlflow]'" in res.output


def test_shipped_configs_validate():
    from nlp_social.experiments.tasks import get_task

    configs = sorted((ROOT / "experiments").glob("*.yaml"))
    assert configs, "experiments/*.yaml missing"
    for path in configs:
        cfg = load_config(path)
        assert cfg.name == path.stem, path
        get_task(cfg.task).validate(cfg)


def test_shipped_stance_model_kind(tmp_path):
    """``kind: shipped`` scores a package model by name without training it; it needs test data."""
    no_test = {**SMALL, "data": {"train": "demo:train"}, "model": {"kind": "shipped", "name": "fast"}}
    with pytest.raises(ConfigError, match="data.test"):
        run_experiment(write_config(tmp_path, no_test), runs_dir=tmp_path / "runs")
    bad_name = {**SMALL, "model": {"kind": "shipped", "name": "huge"}}
    with pytest.raises(ConfigError, match="model.name"):
        run_experiment(write_config(tmp_path, bad_name), runs_dir=tmp_path / "runs")
    ok = {**SMALL, "model": {"kind": "shipped", "name": "fast"}}
    run = run_experiment(write_config(tmp_path, ok), runs_dir=tmp_path / "runs")
    metrics = json.loads((run / "metrics.json").read_text())
    assert 0.0 <= metrics["metrics"]["macro_f1"] <= 1.0 and "majority" in metrics["baselines"]
