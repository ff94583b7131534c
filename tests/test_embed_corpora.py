"""Parallel corpus loaders and the train/eval separation of the embedder's data (real data)."""

from __future__ import annotations

import pytest

from nlp_social.corpora.parallel import load_parallel
from nlp_social.errors import DataNotFoundError

COLUMNS = {"id", "text", "lang", "src", "tgt", "src_lang", "tgt_lang"}


@pytest.mark.parametrize(
    "spec,n,tgt_lang",
    [
        ("flores:dev", 997, "hi"),
        ("en_hinglish_parallel:valid", 942, "hi_Latn"),
        ("dakshina_hi_romanized:dev", 5000, "hi_Latn"),
        ("tico19", 3071, "hi"),
        ("lince_mt_enghinglish:dev", 942, "hi_Latn"),
        ("xquad_hi:questions", 1190, "hi"),
    ],
)
def test_parallel_loaders(data_dir, spec, n, tgt_lang):
    df = load_parallel(spec, data_dir=data_dir)
    assert COLUMNS <= set(df.columns)
    assert len(df) == n
    assert (df["tgt_lang"] == tgt_lang).all()
    assert (df["text"] == df["src"]).all()
    assert df["src"].str.len().gt(0).mean() > 0.99


def test_en_hinglish_cleaning(data_dir):
    df = load_parallel("en_hinglish_parallel:train", data_dir=data_dir)
    assert not df["tgt"].str.contains("<context>").any()
    assert not df["src"].str.contains("â€").any()


@pytest.mark.parametrize(
    "spec", ["flores:devtest", "en_hinglish_parallel:test", "dakshina_hi_romanized:test"]
)
def test_held_back_splits_raise_with_path_and_url(data_dir, spec):
    with pytest.raises(DataNotFoundError, match="not found"):
        load_parallel(spec, data_dir=data_dir)


@pytest.mark.slow
def test_training_pairs_exclude_evaluation_sentences(data_dir):
    from nlp_social.embed.train_data import dedup_key, eval_keys, training_pairs

    pairs = training_pairs(data_dir)
    banned = eval_keys(data_dir)
    assert len(pairs) > 40000
    assert not pairs["src"].map(dedup_key).isin(banned).any()
    assert not pairs["tgt"].map(dedup_key).isin(banned).any()
    assert not pairs["corpus"].str.startswith(("flores", "dakshina")).any()
    assert set(pairs["kind"]) == {"en-hi", "en-hinglish"}
