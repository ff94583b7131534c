"""Task adapters and the results-table script (small runs; real-data ones skip without NLP_SOCIAL_DATA_DIR)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from nlp_social.errors import ConfigError, InputError
from nlp_social.experiments import load_config, run_experiment

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_learning_curve_fraction_out_of_range_is_config_error(tmp_path):
    cfg = {
        "name": "x",
        "task": "stance",
        "data": {"train": "demo:train"},
        "model": {"kind": "tfidf_svm"},
        "evaluation": {"learning_curve": [0.5, 1.5]},
    }
    with pytest.raises(ConfigError, match=r"evaluation\.learning_curve.*\(0, 1\]"):
        load_config(write(tmp_path / "x.yaml", cfg))


def test_failed_run_is_recorded(tmp_path):
    cfg = {
        "name": "broken",
        "task": "stance",
        "data": {"train": str(tmp_path / "missing.csv")},
        "model": {"kind": "tfidf_svm"},
    }
    with pytest.raises(InputError, match="no such file"):
        run_experiment(write(tmp_path / "broken.yaml", cfg), runs_dir=tmp_path / "runs")
    (run_dir,) = (tmp_path / "runs" / "broken").iterdir()
    run = json.loads((run_dir / "run.json").read_text())
    assert run["status"] == "failed" and "no such file" in run["error"]
    assert (run_dir / "error.txt").is_file() and not (run_dir / "metrics.json").exists()


def test_stance_on_user_files(tmp_path):
    demo = pd.read_json(ROOT / "corpora/demo/posts.jsonl", lines=True).dropna(subset=["target"])
    demo = demo.rename(columns={"text": "post", "stance": "position"})
    demo[demo["split"] == "train"].to_csv(tmp_path / "train.csv", index=False)
    demo[demo["split"] == "test"].to_parquet(tmp_path / "test.parquet", index=False)
    cfg = {
        "name": "own_files",
        "task": "stance",
        "seed": 1,
        "data": {
            "train": str(tmp_path / "train.csv"),
            "test": str(tmp_path / "test.parquet"),
            "text_col": "post",
            "label_col": "position",
        },
        "model": {"kind": "tfidf_svm", "per_target": True},
        "evaluation": {"baselines": ["majority"]},
    }
    run = run_experiment(write(tmp_path / "own_files.yaml", cfg), runs_dir=tmp_path / "runs")
    data = json.loads((run / "data.json").read_text())
    assert [d["files"][0]["path"] for d in data] == [
        str(tmp_path / "train.csv"),
        str(tmp_path / "test.parquet"),
    ]
    metrics = json.loads((run / "metrics.json").read_text())
    assert (
        metrics["metrics"]["n"] == 68
        and metrics["metrics"]["macro_f1"] > metrics["baselines"]["majority"]["macro_f1"]
    )


def test_results_table_from_runs(tmp_path):
    configs = tmp_path / "experiments"
    configs.mkdir()
    write(
        configs / "tiny.yaml",
        {
            "name": "tiny",
            "task": "stance",
            "seed": 3,
            "data": {"train": "demo:train", "test": "demo:test"},
            "model": {"kind": "tfidf_svm", "char_ngrams": [2, 3]},
            "evaluation": {"metrics": ["f_avg"], "baselines": ["majority"]},
        },
    )
    write(
        configs / "later.yaml",
        {"name": "later", "task": "stance", "data": {"train": "demo:train"}, "model": {"kind": "tfidf_svm"}},
    )
    run = run_experiment(configs / "tiny.yaml", runs_dir=tmp_path / "runs")
    spec = importlib.util.spec_from_file_location(
        "results_table", ROOT / "experiments/tables/results_table.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = {r["experiment"]: r for r in mod.rows(tmp_path / "runs", configs)}
    metrics = json.loads((run / "metrics.json").read_text())
    ours, majority = metrics["metrics"]["f_avg"], metrics["baselines"]["majority"]["f_avg"]
    assert ours > majority  # the best score of the row is bold, whoever's it is
    assert rows["tiny"]["score"] == f"**{ours:.3f}**" and rows["tiny"]["run"] == run.name
    assert rows["tiny"]["baselines"] == f"majority {majority:.3f}"
    assert rows["later"]["score"] == "not run" and "CV on demo:train" in rows["later"]["data"]
    assert rows["tiny"]["selected_on"] == "no"
    text = mod.table(tmp_path / "runs", configs)
    assert text.splitlines()[0].startswith("| experiment |") and "| not run |" in text


def test_normalization_adapter_on_hinglishnorm(data_dir, tmp_path):
    cfg = {
        "name": "norm_small",
        "task": "normalization",
        "seed": 0,
        "data": {"test": "hinglishnorm:train", "limit": 400},
        "model": {"kind": "skeleton_key"},
        "evaluation": {"baselines": ["identity", "dedup"], "options": {"false_merge_pairs": 2000}},
    }
    path = write(tmp_path / "norm_small.yaml", cfg)
    first = run_experiment(path, runs_dir=tmp_path / "runs", data_dir=data_dir)
    m = json.loads((first / "metrics.json").read_text())
    assert m["baselines"]["identity"]["variant_recall"] == 0.0  # variants differ as strings by definition
    assert m["metrics"]["variant_recall"] > m["baselines"]["dedup"]["variant_recall"]
    assert 0 <= m["metrics"]["false_merge_rate"] < 0.05
    pred = pd.read_parquet(first / "predictions.parquet")
    assert {"word", "norm", "unified", "unified_identity"} <= set(pred.columns)
    second = run_experiment(path, runs_dir=tmp_path / "runs", data_dir=data_dir)
    assert json.loads((second / "metrics.json").read_text()) == m
    with pytest.raises(ConfigError, match="evaluation.options"):
        run_experiment(
            write(tmp_path / "bad.yaml", {**cfg, "evaluation": {"options": {"tag": ["Hindi"]}}}),
            runs_dir=tmp_path / "runs",
        )


@pytest.mark.slow
def test_topics_adapter_on_demo(tmp_path):
    cfg = load_config(ROOT / "experiments/topics_demo.yaml").resolved()
    run = run_experiment(write(tmp_path / "topics_demo.yaml", cfg), runs_dir=tmp_path / "runs")
    m = json.loads((run / "metrics.json").read_text())
    assert m["metrics"]["nmi"] > 0 and "kmeans_gold_k" in m["baselines"]
    pred = pd.read_parquet(run / "predictions.parquet")
    assert len(pred) == 301 and {"topic", "gold"} <= set(pred.columns)
    assert (run / "plots" / "topic_map.png").is_file() and (run / "model").is_dir()


@pytest.mark.slow
def test_spelling_cv_adapter(data_dir, tmp_path):
    cfg = load_config(
        ROOT / "experiments/normalization_spelling.yaml",
        ["evaluation.options.limit=200", "evaluation.cv_folds=2"],
    ).resolved()
    run = run_experiment(
        write(tmp_path / "normalization_spelling.yaml", cfg), runs_dir=tmp_path / "runs", data_dir=data_dir
    )
    m = json.loads((run / "metrics.json").read_text())
    assert m["metrics"]["token_accuracy"] > m["baselines"]["identity"]["token_accuracy"]
    assert "per_tag_accuracy" not in m["metrics"] and "tokens_per_s" not in m["metrics"]


def test_lid_adapter_with_a_small_model_and_conll_file(tmp_path):
    from nlp_social.lang.lid import LanguageIdentifier

    hindi = "hai nahi yeh bahut accha mein aur ko se bhi kya ka ki ke toh yaar pehno lagao".split()
    english = "the is a and brand stand statement great service phone delivery masks wear".split()
    posts = [hindi[i : i + 4] + english[i : i + 3] for i in range(0, 12)] * 3
    posts = [p for p in posts if p]
    tags = [["hi" if w in hindi else "en" for w in p] for p in posts]
    LanguageIdentifier(bits=12, n_folds=2).fit(posts, tags).save(tmp_path / "lid")
    conll = tmp_path / "gold.conll"
    conll.write_text(
        "\n\n".join(
            "\n".join(f"{w}\t{t}" for w, t in zip(p, g, strict=True))
            for p, g in zip(posts[:10], tags[:10], strict=True)
        )
        + "\n",
        encoding="utf-8",
    )
    cfg = {
        "name": "lid_small",
        "task": "lid",
        "data": {"test": str(conll)},
        "model": {"kind": "path", "path": str(tmp_path / "lid")},
        "evaluation": {"metrics": ["macro_f1"], "baselines": ["wordlist"]},
    }
    run = run_experiment(write(tmp_path / "lid_small.yaml", cfg), runs_dir=tmp_path / "runs")
    m = json.loads((run / "metrics.json").read_text())
    assert 0 <= m["metrics"]["macro_f1"] <= 1 and "wordlist" in m["baselines"]
    assert "tokens_per_s" not in m["metrics"]  # speeds go to run.json, metrics stay deterministic
    pred = pd.read_parquet(run / "predictions.parquet")
    assert len(pred) == 10 and all(len(a) == len(b) for a, b in zip(pred["gold"], pred["pred"], strict=True))
    assert (run / "plots" / "confusion.png").is_file()
    with pytest.raises(ConfigError, match="model.path"):
        run_experiment(
            write(tmp_path / "nopath.yaml", {**cfg, "model": {"kind": "path"}}), runs_dir=tmp_path / "runs"
        )


@pytest.mark.slow
def test_embed_adapter_on_a_pairs_file(tmp_path):
    pairs = pd.DataFrame(
        {
            "src": [
                "I love ice cream",
                "Wear a mask",
                "The phone is broken",
                "Vaccines are safe",
                "Black lives matter",
                "The delivery was late",
            ],
            "tgt": [
                "मुझे आइसक्रीम पसंद है",
                "मास्क पहनिए",
                "फ़ोन टूट गया है",
                "टीके सुरक्षित हैं",
                "अश्वेत लोगों का जीवन मायने रखता है",
                "डिलीवरी देर से आई",
            ],
        }
    )
    pairs.to_csv(tmp_path / "pairs.csv", index=False)
    cfg = {
        "name": "embed_small",
        "task": "embed",
        "data": {"test": str(tmp_path / "pairs.csv")},
        "model": {"kind": "minilm", "batch_size": 8},
        "evaluation": {"metrics": ["p_at_1_mean"]},
    }
    run = run_experiment(write(tmp_path / "embed_small.yaml", cfg), runs_dir=tmp_path / "runs")
    m = json.loads((run / "metrics.json").read_text())["metrics"]
    assert m["n_pairs"] == 6 and m["p_at_1_mean"] == pytest.approx(
        (m["p_at_1_src_tgt"] + m["p_at_1_tgt_src"]) / 2
    )
    pred = pd.read_parquet(run / "predictions.parquet")
    assert pred["correct"].mean() == pytest.approx(m["p_at_1_src_tgt"], abs=1e-3)  # evaluate rounds to 4 places
