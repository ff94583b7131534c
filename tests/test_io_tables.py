"""io.tables: the one writer by suffix, read_posts, and io.options: the one --set parser."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from nlp_social.errors import ConfigError, InputError
from nlp_social.io.options import parse_flat_overrides, parse_override
from nlp_social.io.tables import output_format, read_posts, write_table


def test_output_format_by_suffix_and_explicit():
    assert output_format("a.JSONL") == "jsonl" and output_format("a.csv.gz") == "csv"
    assert output_format("a.tab") == "tsv" and output_format("a.pq") == "parquet"
    assert output_format("a.xyz", "csv") == "csv"
    assert output_format("-", default="txt") == "txt"
    with pytest.raises(InputError, match="cannot tell the output format"):
        output_format("a.xyz")
    with pytest.raises(InputError, match=r"\.csv, \.jsonl"):
        output_format("a.parquet", allowed=("csv", "jsonl"))
    with pytest.raises(InputError, match="unknown output format"):
        output_format("a.csv", "xml")


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".tsv", ".parquet"])
def test_write_table_round_trips(tmp_path, suffix):
    frame = pd.DataFrame({"id": ["a", "b"], "text": ["है", "x,y"], "n": [1, 2]})
    path = tmp_path / "sub" / f"out{suffix}"
    assert write_table(frame, path) == suffix.lstrip(".")
    back = read_posts(path)
    assert back["text"].tolist() == ["है", "x,y"] and back["id"].astype(str).tolist() == ["a", "b"]


def test_write_table_rows_nested_values(tmp_path, capsys):
    rows = [{"id": 1, "tokens": ["a", "b"], "meta": {"k": 1}}]
    write_table(rows, tmp_path / "o.csv")
    assert pd.read_csv(tmp_path / "o.csv")["tokens"].tolist() == ['["a", "b"]']
    write_table(rows, "-")  # stdout: JSON lines, nested values kept
    assert json.loads(capsys.readouterr().out) == rows[0]
    with pytest.raises(InputError, match="Parquet output needs a file"):
        write_table(rows, "-", "parquet")


def test_read_posts_txt_skips_blank_lines(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("a\n\nb\n", encoding="utf-8")
    assert read_posts(path)["text"].tolist() == ["a", "b"]


def test_one_set_parser():
    assert parse_override("model.C=0.5") == (["model", "C"], 0.5)
    assert parse_flat_overrides(["urls=keep", "max_repeat=3", "emoji_lang=hi"]) == {
        "urls": "keep",
        "max_repeat": 3,
        "emoji_lang": "hi",
    }
    with pytest.raises(ConfigError, match="KEY.PATH=VALUE"):
        parse_override("novalue")
    with pytest.raises(ConfigError, match="no dots"):
        parse_flat_overrides(["a.b=1"])


def test_stance_table_keeps_gold_apart():
    import numpy as np

    from nlp_social.stance.apply import stance_table

    class Fake:
        classes_ = np.array(["AGAINST", "FAVOR", "NONE"])

        def predict_proba(self, texts, targets):
            return np.tile([0.1, 0.7, 0.2], (len(texts), 1))

    df = pd.DataFrame({"text": ["a", "b"], "target": ["t", "t"], "label": ["NONE", "NONE"]})
    out = stance_table(Fake(), df)
    assert out["label"].tolist() == ["FAVOR", "FAVOR"] and out["input_label"].tolist() == ["NONE", "NONE"]
    assert out["p_FAVOR"].tolist() == [0.7, 0.7]
