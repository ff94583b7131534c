"""`nlp-social corpus list|describe` through typer's CliRunner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlp_social.cli import build_app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_data_dir(monkeypatch):
    monkeypatch.delenv("NLP_SOCIAL_DATA_DIR", raising=False)


def invoke(*args: str):
    return runner.invoke(build_app(), list(args))


def test_list_json_marks_embedded_and_missing_data_dir():
    res = invoke("corpus", "list", "--json")
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in json.loads(res.stdout)["corpora"]}
    assert rows["demo"]["status"] == "embedded" and rows["demo"]["splits"] == ["all", "train", "test"]
    assert rows["seed"]["status"] == "embedded"
    assert rows["stopwords"]["status"] == "no data dir" and rows["stopwords"]["task"] == "lexicon"


def test_list_with_data_dir_present_absent(tmp_path):
    (tmp_path / "stopwords").mkdir()
    res = invoke("corpus", "list", "--task", "lexicon", "--data-dir", str(tmp_path), "--json")
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r["status"] for r in json.loads(res.stdout)["corpora"]}
    assert rows["stopwords"] == "present" and rows["wordfreq_hi"] == "absent"
    assert "demo" not in rows  # filtered by task


def test_list_table():
    res = invoke("corpus", "list")
    assert res.exit_code == 0 and "demo" in res.stdout and "embedded" in res.stdout


def test_describe_demo_json():
    res = invoke("corpus", "describe", "demo", "--json")
    assert res.exit_code == 0, res.output
    stats = json.loads(res.stdout)
    assert stats["rows"] == 301 and stats["split"] == "all"
    assert stats["label"] == {"FAVOR": 110, "AGAINST": 109, "NONE": 82}
    assert sum(stats["target"].values()) == 301 and stats["target"]["∅"] == 10
    mix = stats["script_mix"]
    assert (
        abs(sum(mix.values()) - 1) < 1e-6
        and mix["devanagari"] > 0.1
        and mix["mixed"] > 0.1
        and mix["latin"] > 0.5
    )
    assert stats["lang"]["hi"] == 55


def test_describe_split_and_table():
    res = invoke("corpus", "describe", "demo:test")
    assert res.exit_code == 0, res.output
    assert "demo:test" in res.stdout and "script mix" in res.stdout and "FAVOR" in res.stdout


def test_describe_errors_are_clean():
    res = invoke("corpus", "describe", "nope")
    assert res.exit_code == 2 and "unknown corpus 'nope'" in res.output
    res = invoke("corpus", "describe", "demo:dev")
    assert res.exit_code == 2 and "no split 'dev'" in res.output
    res = invoke("corpus", "describe", "stopwords")
    assert res.exit_code == 2 and "NLP_SOCIAL_DATA_DIR" in res.output


def test_script_of_text():
    from nlp_social.corpora.stats import script_of_text

    assert script_of_text("मास्क पहनो #MaskUp https://x.in @abc") == "devanagari"
    assert script_of_text("mask pehno yaar") == "latin"
    assert script_of_text("मास्क पहनना responsibility है") == "mixed"
    assert script_of_text("🙏 123 !!!") == "none"
    assert script_of_text("RT @x: नोटबंदी।") == "devanagari"
