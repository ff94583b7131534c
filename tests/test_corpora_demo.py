"""The embedded demo corpus and the seed document: load without a data dir, and match SCHEMA.md."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from nlp_social.corpora import corpus_info, load_corpus

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
NOISE = re.compile(r"^RT\b|https?://\S+|[@#]\w+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(autouse=True)
def _no_data_dir(monkeypatch):
    monkeypatch.delenv("NLP_SOCIAL_DATA_DIR", raising=False)


def test_demo_loads_without_data_dir_with_standard_columns():
    df = load_corpus("demo")
    assert len(df) == 301 and df["id"].is_unique
    assert list(df.columns[:5]) == ["id", "text", "lang", "target", "label"]
    assert set(df["label"]) == {"FAVOR", "AGAINST", "NONE"}
    assert set(df["lang"]) == {"en", "hi", "hinglish", "mixed"}
    assert df["topic"].nunique() == 8
    assert df["text"].str.strip().str.len().gt(0).all()
    assert df["timestamp"].min() >= pd.Timestamp("2020-01-01", tz="UTC")
    assert df["timestamp"].max() < pd.Timestamp("2022-01-01", tz="UTC")
    assert df.attrs["corpus"] == "demo"


def test_demo_splits_are_fixed_and_keep_duplicates_together():
    train, test = load_corpus("demo:train"), load_corpus("demo", "test")
    assert len(train) + len(test) == 301 and not set(train["id"]) & set(test["id"])
    assert 0.15 < len(test) / 301 < 0.3
    full = load_corpus("demo").set_index("id")
    group = full["dup_of"].fillna(pd.Series(full.index, index=full.index))
    assert (full.groupby(group)["split"].nunique() == 1).all()
    assert set(test["label"]) == {"FAVOR", "AGAINST", "NONE"}  # every class in test


def test_demo_matches_schema_counts_and_labels():
    df = load_corpus("demo")
    flags = df["flags"].map(tuple)
    assert (flags == ("retweet",)).sum() == 39 and (flags == ("campaign",)).sum() == 17
    spam = df[flags == ("spam",)]
    assert len(spam) == 10 and spam["target"].isna().all() and (spam["label"] == "NONE").all()
    assert df.loc[df["topic"] != "spam", "target"].notna().all()
    # stance is balanced-ish: no class under 25 %
    assert df["label"].value_counts(normalize=True).min() > 0.25
    # every target has all three stances
    per_target = df.dropna(subset=["target"]).groupby("target")["label"].nunique()
    assert (per_target == 3).all()
    retweets = df[flags == ("retweet",)]
    assert retweets["text"].str.startswith("RT @").all() and retweets["dup_of"].notna().all()
    originals = df.set_index("id").loc[retweets["dup_of"]]
    assert (originals["label"].values == retweets["label"].values).all()


def test_demo_lang_tags_agree_with_script():
    df = load_corpus("demo")
    for row in df.itertuples():
        words = NOISE.sub(" ", row.text)
        has_deva = bool(DEVANAGARI.search(words))
        has_latin = bool(LATIN_WORD.search(words))
        if row.lang in ("en", "hinglish"):
            assert not has_deva, row.id
        elif row.lang == "hi":
            assert has_deva and not has_latin, row.id
        else:
            assert has_deva and has_latin, row.id


def test_demo_social_noise_is_present():
    text = "\n".join(load_corpus("demo")["text"])
    for needle in (
        "#BlackLivesMatter",
        "#ModiHaiToMumkinHai",
        "https://",
        "@",
        "sooooo",
        "bahuuut",
        "!!!",
        "😷",
    ):
        assert needle in text


def test_build_script_reproduces_the_committed_file(project_root, tmp_path):
    code = (
        "import sys, json; sys.path.insert(0, 'corpora'); import build_demo; "
        "print(json.dumps(build_demo.build(), ensure_ascii=False))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=project_root, capture_output=True, text=True, check=True
    )
    rebuilt = json.loads(out.stdout)
    committed = [
        json.loads(line) for line in (project_root / "corpora/demo/posts.jsonl").read_text().splitlines()
    ]
    assert rebuilt == committed


def test_seed_corpus_one_paragraph_per_row():
    df = load_corpus("seed")
    assert len(df) > 10 and df["id"].is_unique and (df["lang"] == "hi").all()
    assert not df["text"].str.contains("\n\n").any()
    assert df["text"].iloc[0].startswith("नए दशक")
    assert corpus_info("seed").folder == "" and corpus_info("demo").splits == ("all", "train", "test")


def test_demo_rejects_unknown_split():
    from nlp_social.errors import NlpSocialError

    with pytest.raises(NlpSocialError, match="no split 'dev'"):
        load_corpus("demo:dev")


def test_demo_is_found_from_any_directory_and_from_an_installed_package(tmp_path, monkeypatch):
    """issue #16: load_corpus("demo") must not depend on the working directory, and must work from an
    installed wheel (no corpora/ folder): the package ships an identical copy as package data."""
    from nlp_social import paths

    checkout = paths.project_root()
    packaged = paths.RESOURCES_DIR / "corpora" / paths.DEMO_CORPUS
    assert packaged.is_file()
    if checkout is not None:  # the copy build_demo.py writes is identical to the checkout's file
        assert packaged.read_bytes() == (checkout / "corpora" / paths.DEMO_CORPUS).read_bytes()
    monkeypatch.chdir(tmp_path)
    assert len(load_corpus("demo")) == 301
    monkeypatch.setattr(paths, "project_root", lambda: None)  # as in an installed wheel
    assert paths.demo_corpus_file() == packaged
    assert len(load_corpus("demo:test")) + len(load_corpus("demo:train")) == 301
