"""`nlp-social lid` commands and the LID corpus loaders on small files."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp_social.cli import build_app

runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(build_app(), list(args))


def test_lid_help_lists_commands():
    res = _invoke("lid", "--help")
    assert res.exit_code == 0
    assert "tag" in res.output and "evaluate" in res.output


def test_lid_tags_text_by_default():
    res = _invoke("lid", "ye brand bilkul fake hai, never buying again", "--json")
    assert res.exit_code == 0, res.output
    obj = json.loads(res.output.strip().splitlines()[0])
    assert obj["tokens"][:2] == ["ye", "brand"]
    assert obj["langs"][:2] == ["hi", "en"] and obj["langs"][5] == "other"
    assert set(obj) >= {"scripts", "mix", "dominant", "cmi"} and obj["cmi"] > 0
    table = _invoke("lid", "सरकार का ये decision")
    assert table.exit_code == 0 and "Deva" in table.output and "CMI" in table.output


def test_lid_tags_file_one_post_per_line(tmp_path: Path):
    f = tmp_path / "posts.txt"
    f.write_text("kya great movie thi yaar\nसरकार का ये decision\n", encoding="utf-8")
    res = _invoke("lid", "tag", str(f), "--json")
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.output.strip().splitlines()]
    assert len(lines) == 2 and lines[1]["scripts"][0] == "Deva"


def test_lid_evaluate_file(tmp_path: Path):
    f = tmp_path / "gold.conll"
    f.write_text(
        "ye\tHin\nphone\tEng\nbekar\tHin\nhai\tHin\n!\tO\n\nthis\tEng\nis\tEng\ngreat\tEng\n",
        encoding="utf-8",
    )
    res = _invoke("lid", "evaluate", "--file", str(f), "--json")
    assert res.exit_code == 0, res.output
    obj = json.loads(res.output)
    assert obj["n_eval_tokens"] == 7
    for key in ("token_accuracy", "macro_f1", "tokens_per_s"):
        assert key in obj and key in obj["baselines"]["wordlist"]
    assert obj["token_accuracy"] >= 6 / 7


def test_lid_evaluate_needs_one_source(tmp_path: Path):
    res = _invoke("lid", "evaluate", "--json")
    assert res.exit_code == 2 and "exactly one" in res.output


def test_lid_evaluate_missing_corpus_is_clean_error(tmp_path: Path):
    res = _invoke(
        "lid", "evaluate", "--corpus", "sentimix2020_hinglish:dev", "--data-dir", str(tmp_path), "--json"
    )
    assert res.exit_code == 2 and "not found" in res.output


def test_sentimix_and_swami_loaders_on_small_files(tmp_path: Path):
    from nlp_social import load_corpus

    sm = tmp_path / "sentimix2020_hinglish"
    sm.mkdir()
    (sm / "Hinglish_dev_3k_split_conll.txt").write_bytes(
        b"meta\t7\tpositive\r\n@\tO\r\nyaar\tHin\r\ngreat\tEng\r\n\r\nmeta\t8\tnegative\r\nbakwas\tHin\r\n"
    )
    df = load_corpus("sentimix2020_hinglish:dev", data_dir=tmp_path)
    assert list(df["id"]) == ["7", "8"] and df.iloc[0]["tags"] == ["O", "Hin", "Eng"]
    assert list(df["label"]) == ["positive", "negative"] and df.iloc[0]["text"] == "@ yaar great"
    sw = tmp_path / "swami2018_codemixed_stance"
    sw.mkdir()
    (sw / "Notebandi_tweets_with_language.txt").write_text(
        "1\n@modi    rest\nsir              en\naaj hi\n\n2\nnotebandi   hi\n", encoding="utf-8"
    )
    df = load_corpus("swami2018_lid", data_dir=tmp_path)
    assert df.iloc[0]["tokens"] == ["@modi", "sir", "aaj"] and df.iloc[0]["tags"] == ["rest", "en", "hi"]
    assert list(df["id"]) == ["1", "2"]


def test_singh_loader_reads_plain_pickle_and_refuses_classes(tmp_path: Path):
    from nlp_social import load_corpus
    from nlp_social.errors import InputError

    folder = tmp_path / "singh2018_hinglish_translit_lid_ner" / "ner_lid_corpus"
    folder.mkdir(parents=True)
    data = [
        [
            ["Gully", "en", "A", "0.6", "B-NP", "ADJ", "UNK", "Gully", "O"],
            ["chal", "hi", "N", "0.3", "B-VG", "VERB", "UNK", "cala", "O"],
        ]
    ]
    (folder / "ner.final.features").write_bytes(pickle.dumps(data, protocol=2))
    df = load_corpus("singh2018_lid", data_dir=tmp_path)
    assert df.iloc[0]["tokens"] == ["Gully", "chal"] and df.iloc[0]["tags"] == ["en", "hi"]
    assert df.iloc[0]["ner"] == ["O", "O"]
    (folder / "ner.final.features").write_bytes(pickle.dumps([Path("x")], protocol=2))
    with pytest.raises(InputError, match="refusing"):
        load_corpus("singh2018_lid", data_dir=tmp_path)


def test_l3cube_and_hinglishnorm_loaders(tmp_path: Path):
    from nlp_social import load_corpus
    from nlp_social.corpora.lid import map_lid_tag, map_lid_tags

    l3 = tmp_path / "l3cube_hinglid"
    l3.mkdir()
    (l3 / "validation.conll").write_text("dahej\tHI\nwoman\tEN\n\nkuch\tHI\n", encoding="utf-8")
    df = load_corpus("l3cube_hinglid:validation", data_dir=tmp_path)
    assert len(df) == 2 and map_lid_tags(df.iloc[0]["tags"], "l3cube_hinglid") == ["hi", "en"]
    hn = tmp_path / "hinglishnorm"
    hn.mkdir()
    (hn / "hinglishNorm_trainSet.json").write_text(
        json.dumps(
            [
                {
                    "id": 1,
                    "inputText": "bahar hu abhi",
                    "tags": "['Hindi', 'Hindi', 'Hindi']",
                    "normalizedText": "baahar hoo abhee",
                }
            ]
        ),
        encoding="utf-8",
    )
    df = load_corpus("hinglishnorm:train", data_dir=tmp_path)
    row = df.iloc[0]
    assert row["tokens"] == ["bahar", "hu", "abhi"] and row["norm_tokens"] == ["baahar", "hoo", "abhee"]
    assert row["tags"] == ["Hindi"] * 3 and row["normalized"] == "baahar hoo abhee"
    assert map_lid_tag("Eng") == "en" and map_lid_tag("rest", "swami2018_lid") == "other"
    assert map_lid_tag("EMT", "sentimix2020_hinglish") == "other"
