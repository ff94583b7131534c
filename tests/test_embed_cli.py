"""`nlp-social embed` commands through typer's CliRunner."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from nlp_social.cli import build_app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NLP_SOCIAL_CACHE_DIR", str(tmp_path / "cache"))


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embed_file_to_npy_and_parquet(tmp_path):
    src = tmp_path / "posts.jsonl"
    src.write_text(
        '{"id": "a", "text": "mujhe ye pasand hai"}\n{"id": "b", "text": "मुझे ये पसंद है"}\n{broken\n',
        encoding="utf-8",
    )
    app = build_app()
    out = _json(runner.invoke(app, ["embed", str(src), "-o", str(tmp_path / "v.npy"), "--json"]))
    assert out["n"] == 2 and out["rejects"] == 1
    vecs = np.load(tmp_path / "v.npy")
    assert vecs.shape == (2, out["dim"]) and vecs.dtype == np.float32
    res = runner.invoke(
        app, ["embed", str(src), "-o", str(tmp_path / "v.parquet"), "--rejects", str(tmp_path / "r.jsonl")]
    )
    assert res.exit_code == 0, res.output
    df = pd.read_parquet(tmp_path / "v.parquet")
    assert df["id"].tolist() == ["a", "b"]
    assert np.allclose(np.stack(df["embedding"].to_list()), vecs)
    assert len((tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_embed_bad_output_suffix(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("hello\n", encoding="utf-8")
    res = runner.invoke(build_app(), ["embed", str(src), "-o", str(tmp_path / "v.csv")])
    assert res.exit_code == 2 and ".npy or .parquet" in res.output


def test_embed_info_json():
    info = _json(runner.invoke(build_app(), ["embed", "info", "--json"]))
    assert info["path"].endswith("embedder") and info["dim"] > 0 and info["vocab_size"] > 1000
    assert 0 < info["size_mb"] <= 30


def test_embed_evaluate_pairs_two_files_and_tsv(tmp_path):
    en = ["I like this", "The market fell today", "It is raining", "Where is the station?"]
    hi = ["मुझे ये पसंद है", "आज बाज़ार गिर गया", "बारिश हो रही है", "स्टेशन कहाँ है?"]
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "hi.txt").write_text("\n".join(hi) + "\n", encoding="utf-8")
    app = build_app()
    out = _json(
        runner.invoke(
            app,
            [
                "embed",
                "evaluate",
                "--pairs",
                str(tmp_path / "en.txt"),
                str(tmp_path / "hi.txt"),
                "--baseline",
                "none",
                "--json",
            ],
        )
    )
    for key in ("p_at_1_src_tgt", "p_at_1_tgt_src", "sentences_per_s", "model", "baselines"):
        assert key in out
    assert out["p_at_1_src_tgt"] >= 0.75 and out["baselines"] == {}
    (tmp_path / "p.tsv").write_text(
        "".join(f"{a}\t{b}\n" for a, b in zip(en, hi, strict=False)), encoding="utf-8"
    )
    out2 = _json(runner.invoke(app, ["embed", "evaluate", "--pairs", str(tmp_path / "p.tsv"), "--json"]))
    assert out2["p_at_1_src_tgt"] == out["p_at_1_src_tgt"]
    assert "minilm" in out2["baselines"]


def test_embed_evaluate_needs_input():
    res = runner.invoke(build_app(), ["embed", "evaluate", "--json"])
    assert res.exit_code == 2
