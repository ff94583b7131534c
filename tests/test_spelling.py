"""Romanized Hindi spelling normalization: fit on small data, save/load, the shipped model, evaluation, CLI."""

from __future__ import annotations

import json

import pytest

from nlp_social.lang.spelling import SpellingNormalizer, skeleton

PAIRS = [
    ("नहीं", "nahi", 5),
    ("नहीं", "nahin", 3),
    ("नहीं", "nhi", 2),
    ("नहीं", "nai", 1),
    ("बहुत", "bahut", 4),
    ("बहुत", "bohot", 2),
    ("बहुत", "bht", 1),
    ("बहुत", "bahot", 1),
    ("अच्छा", "accha", 3),
    ("अच्छा", "acha", 2),
    ("अच्छा", "achha", 1),
    ("हाट", "hate", 1),  # a Hindi word whose romanization is also an English word
]
NORMALIZED = [("nahi", "nahin"), ("nhi", "nahin"), ("nahi", "nahin"), ("hu", "hoon"), ("u", "you")]
ENGLISH = ["hate", "good", "you", "the"]


@pytest.fixture(scope="module")
def small() -> SpellingNormalizer:
    return SpellingNormalizer(use_translit=False).fit(PAIRS, NORMALIZED, ENGLISH)


def test_variants_fold_to_one_canonical(small):
    assert {small.normalize_token(w) for w in ["nahi", "nahin", "nhi", "nai"]} == {
        "nahin"
    }  # hand-normalized wins
    assert {small.normalize_token(w) for w in ["bahut", "bohot", "bht", "bahot"]} == {
        "bahut"
    }  # most frequent
    assert small.normalize_token("acha") == "accha"
    assert small.normalize_token("hu") == "hoon"  # direct hand-normalized pair
    assert small.normalize_token("hate") == "hate"  # English is protected
    assert small.normalize_token("xyzzy") == "xyzzy"  # unknown: unchanged
    assert small.normalize_token("123") == "123"
    assert small.normalize("nhi yaar, bht acha!") == "nahin yaar, bahut accha!"
    assert small.group_key("bohot") == "बहुत"


def test_hand_normalized_pair_never_merges_two_words():
    pairs = [("कम", "kam", 8), ("काम", "kam", 6), ("काम", "kaam", 7), ("ज़रा", "zara", 2), ("ज़रा", "jara", 1)]
    examples = [("kam", "kaam"), ("kam", "kaam"), ("kam", "kam"), ("jara", "zara"), ("msg", "message")]
    m = SpellingNormalizer(use_translit=False).fit(pairs, examples, [])
    assert m.normalize_token("kam") == "kam"  # कम stays कम, although annotators wrote kaam more often
    assert m.normalize_token("kaam") == "kaam"
    assert m.normalize_token("jara") == "zara"  # same word ज़रा: folded
    assert m.normalize_token("msg") == "message"  # unknown to the pairs: the example is used


def test_short_forms_expand_despite_letter_transliterations():
    # lexicons transliterate the letter "r" as र; hand-normalized text expands the short form to "are"
    pairs = [("र", "r", 9), ("अरे", "are", 5), ("बस", "bas", 5), ("बीएस", "bs", 4)]
    examples = [("r", "are"), ("r", "are"), ("bs", "bas")]
    m = SpellingNormalizer(use_translit=False).fit(pairs, examples, [])
    assert m.normalize_token("r") == "are" and m.normalize_token("bs") == "bas"
    strict = SpellingNormalizer(use_translit=False, short_form_len=0).fit(pairs, examples, [])
    assert strict.normalize_token("r") == "r"  # without the exemption the word-pair guard blocks it


def test_skeleton():
    assert skeleton("nahin") == skeleton("nhin")
    assert skeleton("bahut") == skeleton("bht") == "bht"


def test_save_load_identical(small, tmp_path):
    words = ["nahi", "nhi", "bohot", "acha", "hate", "hu", "zzz", "u"]
    small.save(tmp_path / "s")
    loaded = SpellingNormalizer.load(tmp_path / "s")
    assert [loaded.normalize_token(w) for w in words] == [small.normalize_token(w) for w in words]
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["nlp_social.json", "spelling.npz"]
    config = json.loads((tmp_path / "s" / "nlp_social.json").read_text(encoding="utf-8"))
    assert config["format"] == "nlp_social.spelling" and config["components"] == {}
    assert loaded.direct_ == small.direct_ and loaded.english_ == small.english_


def test_unfitted_and_bad_folder(tmp_path):
    from nlp_social.errors import ModelFormatError

    with pytest.raises(ModelFormatError):
        SpellingNormalizer().normalize_token("nahi")
    with pytest.raises(ModelFormatError, match="not an nlp_social model folder"):
        SpellingNormalizer.load(tmp_path)
    # the old layout (one spelling.json): one clear line, not a traceback
    (tmp_path / "spelling.json").write_text(json.dumps({"format": "nlp_social.spelling", "version": 1}))
    with pytest.raises(ModelFormatError, match="older nlp_social"):
        SpellingNormalizer.load(tmp_path)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "nlp_social.json").write_text(
        json.dumps({"format": "nlp_social.lid", "format_version": 4, "versions": {}})
    )
    with pytest.raises(ModelFormatError, match="not 'nlp_social.spelling'"):
        SpellingNormalizer.load(foreign)


def test_refuses_another_transliterator(tmp_path, monkeypatch):
    # a model that folds unseen words through the shipped transliterator records its fingerprint and
    # refuses to fold with another one (no silent switch)
    from nlp_social.errors import ModelFormatError
    from nlp_social.lang import components

    monkeypatch.setitem(components.SHIPPED, "transliterator", lambda: "aaaa")
    m = SpellingNormalizer(use_translit=True).fit(PAIRS, NORMALIZED, ENGLISH)
    m.save(tmp_path / "s")
    assert json.loads((tmp_path / "s" / "nlp_social.json").read_text())["components"] == {"transliterator": "aaaa"}
    monkeypatch.setitem(components.SHIPPED, "transliterator", lambda: "bbbb")
    loaded = SpellingNormalizer.load(tmp_path / "s")
    assert loaded.normalize_token("nahi") == "nahin"  # known words need no transliterator
    with pytest.raises(ModelFormatError, match="shipped transliterator aaaa.*installed one is bbbb"):
        loaded.normalize_token("sarkaaar")
    accepted = SpellingNormalizer.load(tmp_path / "s", accept_components=True)
    assert isinstance(accepted.normalize_token("sarkaaar"), str)  # an explicit choice: predicts
    accepted.save(tmp_path / "t")
    assert SpellingNormalizer.load(tmp_path / "t").components_ == {"transliterator": "bbbb"}


def test_shipped_model_folds_common_variants():
    s = SpellingNormalizer.default()
    assert s.components_.keys() == {"transliterator"}
    assert len({s.normalize_token(w) for w in ["nahi", "nahin", "nhi", "nai"]}) == 1
    assert len({s.normalize_token(w) for w in ["bahut", "bohot", "bht"]}) == 1
    assert s.normalize_token("the") == "the"
    # कम (less) and काम (work) are different words: their spellings must not be folded together
    assert s.normalize_token("kam") != s.normalize_token("kaam")


def test_aligned_sentences_handles_splits():
    import pandas as pd

    from nlp_social.lang.spelling_train import aligned_sentences

    df = pd.DataFrame(
        {
            "tokens": [["kahase", "aaye"], ["bsc", "final"], ["hu", "abhi"]],
            "norm_tokens": [
                ["kahaan", "se", "aaye"],
                ["bachelor", "of", "science", "final"],
                ["hoon", "abhee"],
            ],
            "tags": [["Split", "Hindi"], ["Acronym", "Looks Good"], ["Hindi", "Hindi"]],
        }
    )
    out = aligned_sentences(df)
    assert out[0] == (["kahase", "aaye"], ["kahaan se", "aaye"], ["Split", "Hindi"])
    assert out[1] == (["hu", "abhi"], ["hoon", "abhee"], ["Hindi", "Hindi"])
    assert len(out) == 2  # the acronym expansion cannot be aligned token by token


def test_cli_spelling():
    from typer.testing import CliRunner

    from nlp_social.cli import build_app

    res = CliRunner().invoke(build_app(), ["translit", "spelling", "nhi yaar bohot"])
    assert res.exit_code == 0, res.output
    out = res.output.split()
    assert out[0] == SpellingNormalizer.default().normalize_token("nahi")


@pytest.mark.data
@pytest.mark.slow
def test_evaluate_spelling_beats_identity(data_dir):
    from nlp_social.lang.spelling_train import evaluate_spelling

    res = evaluate_spelling(data_dir=data_dir, folds=2, limit=1000)
    assert {"token_accuracy", "baselines", "protocol"} <= set(res)
    assert res["token_accuracy"] > res["baselines"]["identity"]["token_accuracy"]
    json.dumps(res)
