"""Stance: model, features, lexicon, script robustness, evaluation, save/load (demo corpus, fast)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nlp_social.stance.baselines import MajorityBaseline, PerTargetSVM
from nlp_social.stance.evaluate import evaluate_stance, stance_metrics
from nlp_social.stance.lexicon import Lexicon, squash
from nlp_social.stance.model import StanceModel
from nlp_social.stance.render import render_devanagari, romanize_text, rule_to_latn


@pytest.fixture(scope="module")
def demo_split(demo_corpus):
    demo_corpus = demo_corpus[demo_corpus["target"].notna()]
    train = demo_corpus[demo_corpus["split"] == "train"].reset_index(drop=True)
    test = demo_corpus[demo_corpus["split"] == "test"].reset_index(drop=True)
    return train, test


@pytest.fixture(scope="module")
def demo_model(demo_split):
    train, _ = demo_split
    return StanceModel().fit(train["text"], train["target"], train["label"])


def test_model_beats_majority_on_demo_test(demo_split, demo_model):
    train, test = demo_split
    result = evaluate_stance(demo_model, test, train)
    assert set(result) >= {"accuracy", "macro_f1", "f_avg", "per_target", "confusion_matrix", "baselines"}
    majority = result["baselines"]["majority"]["accuracy"]
    assert result["accuracy"] > majority + 0.1
    assert list(demo_model.classes_) == ["AGAINST", "FAVOR", "NONE"]
    assert sum(map(sum, result["confusion_matrix"]["matrix"])) == len(test)


def test_predict_proba_rows_sum_to_one_and_match_predict(demo_split, demo_model):
    _, test = demo_split
    proba = demo_model.predict_proba(test["text"], targets=test["target"].tolist())
    assert proba.shape == (len(test), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    pred = demo_model.predict(test["text"], targets=test["target"].tolist())
    assert (pred == demo_model.classes_[proba.argmax(axis=1)]).all()


def test_one_target_for_all_and_several_targets_at_once(demo_model):
    texts = ["masks save lives, wear one", "notebandi se kala dhan khatam hoga, sahi faisla"]
    one = demo_model.predict(texts, target="face masks")
    assert one.shape == (2,)
    table = demo_model.predict_targets(texts, ["face masks", "demonetisation", "a brand never seen"])
    assert len(table) == 6
    assert set(table["label"]) <= {"AGAINST", "FAVOR", "NONE"}
    with pytest.raises(ValueError):
        demo_model.predict(texts)  # several known targets: the target must be named


def test_unseen_target_uses_target_text(demo_model):
    w = demo_model.target_weights(["Face Masks", "face mask", "quantum chromodynamics"])
    known = demo_model.targets_.index("face masks")
    assert w[0, known] == 1.0  # case/space-insensitive match of a known target
    assert 0.5 <= w[1, known] < 1.0  # similar text borrows the known target's block
    assert not w[2].any()  # nothing similar: only the shared block
    p1 = demo_model.predict_proba(["wear a mask please"], target="face mask")
    p2 = demo_model.predict_proba(["wear a mask please"], target="quantum chromodynamics")
    assert not np.allclose(p1, p2)


def test_save_load_gives_identical_predictions(tmp_path, demo_split, demo_model):
    _, test = demo_split
    demo_model.save(tmp_path / "m", metadata={"trained_on": ["demo:train"]})
    names = {p.name for p in (tmp_path / "m").iterdir()}
    assert names == {"nlp_social.json", "arrays.npz", "lexicon.json"}
    config = json.loads((tmp_path / "m" / "nlp_social.json").read_text(encoding="utf-8"))
    assert config["format"] == "nlp_social.stance.linear" and config["format_version"] == 2
    assert config["components"].keys() == {"transliterator"}  # it romanizes with the shipped one
    loaded = StanceModel.load(tmp_path / "m")
    args = (test["text"].tolist(),)
    kw = {"targets": test["target"].tolist() + []}
    np.testing.assert_array_equal(demo_model.predict_proba(*args, **kw), loaded.predict_proba(*args, **kw))
    assert loaded.metadata_["trained_on"] == ["demo:train"]
    # the unseen-target path too
    np.testing.assert_array_equal(
        demo_model.predict_proba(["x y z"], target="face mask"),
        loaded.predict_proba(["x y z"], target="face mask"),
    )


def test_load_rejects_a_folder_that_is_not_a_model(tmp_path):
    from nlp_social.errors import ModelFormatError

    with pytest.raises(ModelFormatError, match="nlp_social.json"):
        StanceModel.load(tmp_path)
    # the old layout (config.json + normalizer.json): one clear line
    (tmp_path / "config.json").write_text(json.dumps({"format": "nlp_social.stance.linear/1"}))
    with pytest.raises(ModelFormatError, match="older nlp_social") as info:
        StanceModel.load(tmp_path)
    assert "\n" not in str(info.value)
    (tmp_path / "nlp_social.json").write_text(
        json.dumps({"format": "nlp_social.lid", "format_version": 4, "versions": {}})
    )
    with pytest.raises(ModelFormatError, match="not 'nlp_social.stance.linear'"):
        StanceModel.load(tmp_path)


def test_refuses_other_components_lexicon_and_arrays(tmp_path, demo_model, monkeypatch):
    """A model predicts only with the parts it was saved with: shipped transliterator, lexicon, arrays."""
    from nlp_social.errors import ModelFormatError
    from nlp_social.lang import components

    demo_model.save(tmp_path / "m")
    recorded = demo_model.components_["transliterator"]
    monkeypatch.setitem(components.SHIPPED, "transliterator", lambda: "0000")
    with pytest.raises(ModelFormatError, match=f"transliterator {recorded}, but the installed one is 0000"):
        StanceModel.load(tmp_path / "m")
    # an explicit choice: accept the installed one; saving records it
    StanceModel.load(tmp_path / "m", accept_components=True).save(tmp_path / "accepted")
    assert StanceModel.load(tmp_path / "accepted").components_ == {"transliterator": "0000"}
    monkeypatch.setitem(components.SHIPPED, "transliterator", lambda: recorded)
    lex = json.loads((tmp_path / "m" / "lexicon.json").read_text(encoding="utf-8"))
    lex["scores"]["zzzz"] = [1.0, 0.0]
    (tmp_path / "m" / "lexicon.json").write_text(json.dumps(lex), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="not the lexicon this model was trained with"):
        StanceModel.load(tmp_path / "m")
    demo_model.save(tmp_path / "m")
    other = StanceModel(C=0.05).fit(["good", "bad", "meh"] * 3, "x", ["FAVOR", "AGAINST", "NONE"] * 3)
    other.save(tmp_path / "o")
    (tmp_path / "m" / "arrays.npz").write_bytes((tmp_path / "o" / "arrays.npz").read_bytes())
    with pytest.raises(ModelFormatError, match="arrays.npz: its arrays and nlp_social.json"):
        StanceModel.load(tmp_path / "m")


def test_shipped_lexicon_is_shipped_once():
    from nlp_social.paths import MODELS_DIR

    files = sorted(p.relative_to(MODELS_DIR).as_posix() for p in MODELS_DIR.rglob("lexicon*.json"))
    assert files == ["stance/lexicon.json"]
    shipped = sorted(p.relative_to(MODELS_DIR).as_posix() for p in MODELS_DIR.glob("stance*/**/*") if p.is_file())
    assert shipped == [
        "stance/arrays.npz",
        "stance/lexicon.json",
        "stance/nlp_social.json",
        "stance_accurate/nlp_social.json",
        "stance_accurate/weights.safetensors",
    ]
    assert Lexicon.default().fingerprint() == Lexicon.load(MODELS_DIR / "stance").fingerprint()


def test_model_without_none_says_so(demo_split):
    train, _ = demo_split
    two = train[train["label"] != "NONE"]
    m = StanceModel().fit(two["text"], two["target"], two["label"])
    assert list(m.classes_) == ["AGAINST", "FAVOR"] and not m.has_none_
    proba = m.predict_proba(["anything at all"], target="face masks")
    assert proba.shape == (1, 2)
    assert set(m.predict(train["text"], targets=train["target"].tolist())) <= {"AGAINST", "FAVOR"}


def test_fit_rejects_bad_labels():
    from nlp_social.errors import InputError

    with pytest.raises(InputError, match="unknown stance label"):
        StanceModel().fit(["a", "b"], "t", ["FAVOR", "MAYBE"])
    with pytest.raises(InputError, match="targets"):
        StanceModel().fit(["a", "b"], ["t"], ["FAVOR", "AGAINST"])


def test_devanagari_and_romanized_posts_get_the_same_stance(demo_model):
    pairs = [
        ("ye notebandi sahi hai", "ये नोटबंदी सही है"),
        ("notebandi galat faisla hai", "नोटबंदी गलत फैसला है"),
    ]
    for latn, deva in pairs:
        assert (
            demo_model.predict([latn], target="demonetisation")[0]
            == demo_model.predict([deva], target="demonetisation")[0]
        )
    toks = demo_model.featurizer_.prepare("ये नोटबंदी सही है")
    assert all(t.isascii() for t in toks)


def test_rule_romanizer_uses_hinglish_conventions():
    assert rule_to_latn("सही") == "sahi"
    assert rule_to_latn("सरकार") == "sarkar"
    assert rule_to_latn("नहीं") == "nahin"
    assert rule_to_latn("बढ़िया") == "badhiya"
    assert romanize_text("modi ji ka फैसला sahi") == "modi ji ka faisla sahi"


def test_render_devanagari_converts_only_hindi_tagged_tokens():
    out = render_devanagari(
        ["ye", "policy", "sahi", "hai", "!"], ["hi", "en", "hi", "hi", "rest"], lambda w: "<" + w + ">"
    )
    assert out == "<ye> policy <sahi> <hai> !"


def test_lexicon_negation_in_hindi_and_english():
    lex = Lexicon.default()
    plain = lex.features("ye faisla accha hai".split())
    negated = lex.features("ye faisla accha nahi hai".split())
    en_neg = lex.features("this is not good".split())
    assert plain[0] > 0 and plain[2] == 0  # positive, not negated
    assert negated[0] == 0 and negated[2] > 0 and negated[4] > 0  # positive under negation
    assert en_neg[2] > 0
    assert squash("sarkaar") == squash("sarkar") and squash("acchha") == squash("achha")


def test_shipped_lexicon_has_hindi_sentiwordnet_entries():
    lex = Lexicon.default()
    assert len(lex.scores) > 2000, "run experiments/build_stance_lexicon.py"
    assert any(not k.isascii() for k in lex.scores)  # Devanagari side of Hindi SentiWordNet


def test_stance_metrics_by_hand():
    gold = ["FAVOR", "FAVOR", "AGAINST", "NONE"]
    pred = ["FAVOR", "AGAINST", "AGAINST", "NONE"]
    m = stance_metrics(gold, pred, ["a", "a", "b", "b"])
    assert m["accuracy"] == 0.75
    # F1 FAVOR = 2/3, AGAINST = 2/3, NONE = 1
    assert m["f_avg"] == pytest.approx(2 / 3)
    assert m["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert m["per_target"]["b"]["accuracy"] == 1.0
    # two-class gold (P-Stance): macro-F1 averages the gold classes only
    m2 = stance_metrics(["FAVOR", "AGAINST"], ["FAVOR", "NONE"])
    assert m2["macro_f1"] == pytest.approx(0.5)


def test_baselines(demo_split):
    train, test = demo_split
    maj = MajorityBaseline().fit(train["text"], train["target"], train["label"])
    assert set(maj.predict(test["text"], test["target"])) == {train["label"].value_counts().idxmax()}
    # one SVM per target: the same words mean opposite stances toward two targets
    texts = ["good stuff", "bad stuff", "so good", "so bad"] * 3
    labels_a = ["FAVOR", "AGAINST"] * 6
    labels_b = ["AGAINST", "FAVOR"] * 6
    svm = PerTargetSVM().fit(texts * 2, ["a"] * 12 + ["b"] * 12, labels_a + labels_b)
    assert list(svm.predict(["good good", "good good"], ["a", "b"])) == ["FAVOR", "AGAINST"]
    proba = svm.predict_proba(["bad"], ["a"])
    assert proba.shape == (1, 3) and proba[0].argmax() == 0
    assert len(svm.predict(["hello"], ["a brand-new target"])) == 1  # falls back to the joint SVM


def test_shipped_default_model():
    m = StanceModel.default()
    assert list(m.classes_) == ["AGAINST", "FAVOR", "NONE"]
    assert len(m.metadata_["trained_on"]) == 5  # all five stance corpora
    latn, deva = m.predict(["ye notebandi sahi hai", "ये नोटबंदी सही है"], target="demonetisation")
    assert latn == deva
    posts = [
        "Wear a mask, protect your family and neighbours.",
        "Masks are useless and I will never wear one.",
        "Mask mandates are tyranny. Take it off.",
    ]
    proba = m.predict_proba(posts, target="face masks")
    assert proba.shape == (3, 3)
    assert list(m.classes_[proba.argmax(axis=1)]) == ["FAVOR", "AGAINST", "AGAINST"]
    # Known miss of the distilled default (issue #13's closing note): "Masks save lives. Wear one." gets
    # AGAINST 0.50 vs FAVOR 0.48; the accurate model says FAVOR.


def test_tune_offsets_recovers_a_shifted_class():
    from nlp_social.stance.model import _tune_offsets

    rng = np.random.default_rng(0)
    gold = rng.integers(0, 3, 600)
    z = rng.normal(0, 0.3, (600, 3))
    z[np.arange(600), gold] += 1.0
    z[:, 0] -= 0.6  # class 0 is under-predicted by a constant: the offsets should undo it
    b = _tune_offsets(z, gold, "macro_f1")
    assert b.shape == (3,) and b[2] == 0.0
    assert 0.3 <= b[0] - b[1] <= 0.9
    fixed = np.argmax(z + b, axis=1)
    assert (fixed == gold).mean() > (np.argmax(z, axis=1) == gold).mean()
    # no evidence of a shift: the margins stay as they are (ties go to the smallest offsets)
    assert not _tune_offsets(np.eye(3)[gold] * 5, gold, "mix").any()


def test_class_offsets_are_fitted_saved_and_applied(tmp_path, demo_split):
    train, test = demo_split
    m = StanceModel(tune_bias="macro_f1", bias_min_rows=10**9).fit(
        train["text"], train["target"], train["label"]
    )
    assert m.class_bias_.shape == (len(m.targets_) + 1, 3)
    assert (m.class_bias_ == m.class_bias_[0]).all()  # no target has enough rows for its own offsets
    plain = StanceModel(tune_bias=None).fit(train["text"], train["target"], train["label"])
    assert not plain.class_bias_.any()
    m.save(tmp_path / "m")
    loaded = StanceModel.load(tmp_path / "m")
    np.testing.assert_array_equal(loaded.class_bias_, m.class_bias_)
    texts, tg = test["text"].tolist(), test["target"].tolist()
    np.testing.assert_array_equal(loaded.predict_proba(texts, targets=tg), m.predict_proba(texts, targets=tg))
    with pytest.raises(ValueError, match="tune_bias"):
        StanceModel(tune_bias="recall").fit(train["text"], train["target"], train["label"])


def test_target_scale_changes_only_the_per_target_block(demo_split):
    train, _ = demo_split
    a = StanceModel(target_scale=1.0)
    b = StanceModel(target_scale=3.0)
    for m in (a, b):
        m.fit(train["text"], train["target"], train["label"])
    texts = train["text"].tolist()[:5]
    tg = train["target"].tolist()[:5]
    assert not np.allclose(a.decision_function(texts, targets=tg), b.decision_function(texts, targets=tg))


def test_embedding_features_are_saved_as_a_spec_and_reloaded(tmp_path, demo_split):
    train, test = demo_split
    m = StanceModel(embedder="default").fit(train["text"], train["target"], train["label"])
    assert m.featurizer_.config.extra_dense == m.embedder_.dim
    m.save(tmp_path / "m")
    assert not (tmp_path / "m" / "sentiment").exists()
    loaded = StanceModel.load(tmp_path / "m")
    assert loaded.embedder == "default"
    texts, tg = test["text"].tolist(), test["target"].tolist()
    np.testing.assert_allclose(
        loaded.predict_proba(texts, targets=tg), m.predict_proba(texts, targets=tg), rtol=1e-5, atol=1e-6
    )
    with pytest.raises(ValueError, match="spec"):
        StanceModel(embedder=object()).fit(train["text"], train["target"], train["label"])


class _HashEmbedder:
    """A tiny deterministic embedder (character counts), ``salt`` makes a different one."""

    name = "hash-embedder"
    dim = 8

    def __init__(self, salt: int = 0) -> None:
        self.salt = salt

    def encode(self, texts, batch_size: int = 32):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for ch in str(t):
                out[i, (ord(ch) + self.salt) % self.dim] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_embedding_stance_model_folder_refuses_another_embedder(tmp_path):
    from nlp_social.errors import ModelFormatError
    from nlp_social.stance.embedding import EmbeddingStanceModel

    texts = ["masks save lives", "masks are useless", "it rained today"] * 4
    labels = ["FAVOR", "AGAINST", "NONE"] * 4
    m = EmbeddingStanceModel(_HashEmbedder()).fit(texts, "face masks", labels)
    m.save(tmp_path / "e")
    config = json.loads((tmp_path / "e" / "nlp_social.json").read_text(encoding="utf-8"))
    assert config["format"] == "nlp_social.stance.embedding" and config["embedder_name"] == "hash-embedder"
    again = EmbeddingStanceModel.load(tmp_path / "e", embedder=_HashEmbedder())
    np.testing.assert_array_equal(
        again.predict_proba(texts, target="face masks"), m.predict_proba(texts, target="face masks")
    )
    with pytest.raises(ModelFormatError, match="other embeddings"):
        EmbeddingStanceModel.load(tmp_path / "e", embedder=_HashEmbedder(salt=3))


def test_sentiment_sub_model_is_saved_inside_and_checked(tmp_path, demo_split):
    from nlp_social.errors import ModelFormatError

    train, test = demo_split
    sent = StanceModel(target_mode="joint").fit(train["text"], "sentiment", train["label"])
    m = StanceModel(sentiment=sent).fit(train["text"], train["target"], train["label"])
    m.save(tmp_path / "m")
    config = json.loads((tmp_path / "m" / "nlp_social.json").read_text(encoding="utf-8"))
    assert config["sentiment"] == {"folder": "sentiment", "fingerprint": sent.fingerprint_}
    loaded = StanceModel.load(tmp_path / "m")
    texts, tg = test["text"].tolist(), test["target"].tolist()
    np.testing.assert_array_equal(loaded.predict_proba(texts, targets=tg), m.predict_proba(texts, targets=tg))
    # another sentiment model in its place is refused
    StanceModel(target_mode="joint", C=0.01).fit(train["text"], "sentiment", train["label"]).save(
        tmp_path / "m" / "sentiment"
    )
    with pytest.raises(ModelFormatError, match="not the sentiment model"):
        StanceModel.load(tmp_path / "m")


@pytest.mark.parametrize(
    ("module", "old_file", "old_format"),
    [
        ("nlp_social.stance.embedding", "config.json", "nlp_social.stance.embedding/1"),
        ("nlp_social.stance.crossencoder", "stance_config.json", "nlp_social.stance.crossencoder/1"),
    ],
)
def test_other_stance_families_refuse_old_and_foreign_folders(tmp_path, module, old_file, old_format):
    import importlib

    from nlp_social.errors import ModelFormatError

    family = importlib.import_module(module)
    cls = family.EmbeddingStanceModel if "embedding" in module else family.CrossEncoderStance
    (tmp_path / old_file).write_text(json.dumps({"format": old_format}))
    with pytest.raises(ModelFormatError, match="older nlp_social") as info:
        cls.load(tmp_path)
    assert "\n" not in str(info.value)
    (tmp_path / "nlp_social.json").write_text(
        json.dumps({"format": "nlp_social.stance.linear", "format_version": 2, "versions": {}})
    )
    with pytest.raises(ModelFormatError, match=f"not '{family.FORMAT}'"):
        cls.load(tmp_path)
