"""`nlp-social stance train|predict|evaluate` on the demo corpus, and the stance corpus loaders."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlp_social.cli import build_app


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory, demo_corpus):
    d = tmp_path_factory.mktemp("stance_cli")
    train = demo_corpus[demo_corpus["split"] == "train"][["text", "target", "label"]]
    test = demo_corpus[demo_corpus["split"] == "test"][["text", "target", "label"]]
    train.to_csv(d / "train.csv", index=False)
    test.rename(columns={"text": "post", "label": "gold"}).to_csv(d / "test.csv", index=False)
    (d / "posts.txt").write_text("ye notebandi sahi hai\nये नोटबंदी सही है\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def trained(demo_files):
    out = demo_files / "model"
    res = CliRunner().invoke(
        build_app(), ["stance", "train", "--file", str(demo_files / "train.csv"), "-o", str(out), "--json"]
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert (
        summary["classes"] == ["AGAINST", "FAVOR", "NONE"]
        and summary["n_train"] + summary["rows_dropped_without_target_or_label"] == 231
    )
    return out


def test_evaluate_file_json_has_metrics_and_baselines(demo_files, trained):
    args = [
        "stance",
        "evaluate",
        "--model",
        str(trained),
        "--file",
        str(demo_files / "test.csv"),
        "--text-col",
        "post",
        "--label-col",
        "gold",
        "--json",
    ]
    res = CliRunner().invoke(build_app(), args)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)  # exactly one JSON object
    for key in ("accuracy", "macro_f1", "f_avg", "per_target", "confusion_matrix"):
        assert key in out
    assert set(out["baselines"]) >= {"majority", "svm_per_target", "fit"}
    assert (
        0.0 <= out["accuracy"] <= 1.0 and out["n"] + out.get("rows_dropped_without_target_or_label", 0) == 70
    )


def test_predict_txt_with_target(demo_files, trained, tmp_path):
    out = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(
        build_app(),
        [
            "stance",
            "predict",
            str(demo_files / "posts.txt"),
            "--target",
            "demonetisation",
            "--model",
            str(trained),
            "-o",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 and {"label", "p_FAVOR", "p_AGAINST", "p_NONE"} <= set(rows[0])
    assert rows[0]["label"] == rows[1]["label"]  # same post in two scripts


def test_train_without_output_fails_cleanly(demo_files):
    res = CliRunner().invoke(build_app(), ["stance", "train", "--file", str(demo_files / "train.csv")])
    assert res.exit_code == 2 and "output" in res.output


def test_evaluate_missing_model_folder_fails_cleanly(demo_files, tmp_path):
    res = CliRunner().invoke(
        build_app(),
        [
            "stance",
            "evaluate",
            "--model",
            str(tmp_path),
            "--file",
            str(demo_files / "test.csv"),
            "--text-col",
            "post",
            "--label-col",
            "gold",
        ],
    )
    assert res.exit_code == 2 and "nlp_social.json" in res.output


# ---------------------------------------------------------------- loaders on the real corpora


def test_swami_loader_and_split(data_dir):
    from nlp_social.corpora import load_corpus

    all_ = load_corpus("swami2018_codemixed_stance:all", data_dir=data_dir)
    train = load_corpus("swami2018_codemixed_stance:train", data_dir=data_dir)
    dev = load_corpus("swami2018_codemixed_stance:dev", data_dir=data_dir)
    assert len(all_) == 2836 and len(train) + len(dev) == 2836
    assert not set(train["id"]) & set(dev["id"])
    assert set(all_["label"]) == {"AGAINST", "FAVOR", "NONE"}
    row = all_.iloc[0]
    assert len(row["tokens"]) == len(row["tags"]) and "hi" in row["tags"]


@pytest.mark.parametrize(
    "spec,n,targets",
    [
        ("semeval2016_task6_stance:train", 2914, 5),
        ("covid19_stance_glandt:val", 800, 4),
        ("pstance_li2021:val", 2193, 3),
        ("ukp_argmin_stance_ckd:val", 2042, 8),
    ],
)
def test_stance_loaders(data_dir, spec, n, targets):
    from nlp_social.corpora import load_corpus

    df = load_corpus(spec, data_dir=data_dir)
    assert len(df) == n and df["target"].nunique() == targets
    assert set(df["label"]) <= {"AGAINST", "FAVOR", "NONE"} and (df["text"].str.len() > 0).all()


@pytest.mark.parametrize(
    "spec", ["semeval2016_task6_stance:test", "pstance_li2021:test", "swami2018_codemixed_stance:test"]
)
def test_held_back_test_split_names_path_and_url(data_dir, spec):
    from nlp_social.corpora import load_corpus
    from nlp_social.errors import DataNotFoundError

    with pytest.raises(DataNotFoundError, match="http"):
        load_corpus(spec, data_dir=data_dir)
