"""Lexicon loaders over the real files (skipped without NLP_SOCIAL_DATA_DIR)."""

from __future__ import annotations

import pytest

from nlp_social.corpora import list_corpora, load_corpus
from nlp_social.errors import DataNotFoundError

EXPECTED_ROWS = {  # counts stated in each folder's PROVENANCE.md
    ("hindi_stopwords_absa", "all"): 225,
    ("hindi_stopwords_iso", "hi"): 225,
    ("hindi_stopwords_iso", "en"): 1298,
    ("stopwords", "en"): 1298,
    ("hindi_wordlists", "all"): 15990,
    ("wordfreq_hi", "all"): 26653,
    ("freedict_eng_hin", "all"): 32934,
    ("emoji_names", "all"): 4022,
    ("hindi_sentiwordnet", "all"): 11929,
}


@pytest.mark.parametrize(("name", "split"), sorted(EXPECTED_ROWS))
def test_lexicon_counts_match_provenance(data_dir, name, split):
    df = load_corpus(name, split, data_dir=data_dir)
    assert len(df) == EXPECTED_ROWS[(name, split)]
    assert {"id", "text"} <= set(df.columns) and df["id"].is_unique
    assert df["text"].map(lambda t: isinstance(t, str) and t.strip() != "").all()


def test_every_lexicon_split_loads(data_dir):
    names = {c.name for c in list_corpora("lexicon")}
    assert {"stopwords", "hinglish_stopwords_guptaanuj166", "english_wordlist_aspell"} <= names
    for info in list_corpora("lexicon"):
        for split in info.splits:
            assert len(load_corpus(info.name, split, data_dir=data_dir)) > 0


def test_stopword_sets_and_fields(data_dir):
    from nlp_social.corpora.lexicons import stopwords

    assert {"के", "है", "और"} <= stopwords("hi", data_dir)
    assert {"the", "and"} <= stopwords("en", data_dir)
    assert {"aap", "abhi", "hai"} <= stopwords("hinglish", data_dir)
    assert not any(any("\u0900" <= ch <= "\u097f" for ch in w) for w in stopwords("en", data_dir))
    with pytest.raises(ValueError):
        stopwords("fr", data_dir)
    hswn = load_corpus("hindi_sentiwordnet", data_dir=data_dir)
    row = hswn[hswn["word"] == "मृत"].iloc[0]
    assert (row["pos_score"], row["neg_score"], row["label"]) == (0.0, 0.75, "negative")
    assert "तक़दीर वाला" in set(hswn["word"])  # multi-word entries joined with '_' in the file
    emoji = load_corpus("emoji_names", data_dir=data_dir).set_index("emoji")
    assert emoji.loc["🙏", "en_name"] == "folded hands" and emoji.loc["🙏", "hi_name"]
    assert isinstance(emoji.loc["🙏", "en_keywords"], list)
    assert load_corpus("hindi_wordlists", data_dir=data_dir)["word"].iloc[0] != "15990"


def test_missing_lexicon_names_path_and_url(tmp_path):
    (tmp_path / "wordfreq_hi").mkdir()
    with pytest.raises(DataNotFoundError) as exc:
        load_corpus("wordfreq_hi", data_dir=tmp_path)
    assert "wordfreq_small_hi.tsv" in str(exc.value) and "pypi.org/project/wordfreq" in str(exc.value)
