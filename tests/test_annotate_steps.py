"""The real annotation steps (lid, embed, topics, stance) produce what their models say, in the schema's shape."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from nlp_social.annotate.pipeline import annotate
from nlp_social.annotate.steps import step_available


def _demo_texts(root: Path, n: int | None = None) -> list[dict]:
    path = root / "corpora" / "demo" / "posts.jsonl"
    if not path.exists():
        pytest.skip(f"demo corpus not built yet: {path}")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:n] if n else rows


def _need(step: str) -> None:
    ok, why = step_available(step)
    if not ok:
        pytest.skip(f"step {step!r} not available here: {why}")


class _FakeTopics:
    """Stands in for a loaded TopicModel: topic = number of words mod 3, -1 for one-word posts."""

    def transform(self, docs):
        topics = np.array([-1 if len(d.split()) == 1 else len(d.split()) % 3 for d in docs])
        return topics, np.full(len(docs), 0.5)

    def get_topic(self, topic):
        return [(f"w{topic}_{i}", 1.0 / (i + 1)) for i in range(12)]


def test_topics_step_columns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from nlp_social.topics import model as topic_module

    monkeypatch.setattr(
        topic_module.TopicModel, "load", classmethod(lambda cls, path, embedder=None: _FakeTopics())
    )
    (tmp_path / "topics").mkdir()
    out = list(
        annotate(
            ["one", "two words", "three words here"], steps=["topics"], topic_model=str(tmp_path / "topics")
        )
    )
    assert [r["topic_id"] for r in out] == [-1, 2, 0]
    assert out[0]["topic_words"] == [] and out[1]["topic_words"] == [f"w2_{i}" for i in range(10)]
    assert [r["topic_prob"] for r in out] == [0.5, 0.5, 0.5]


@pytest.mark.slow
def test_topics_step_matches_the_model(tmp_path: Path, project_root: Path) -> None:
    from nlp_social.embed import default_model_path
    from nlp_social.topics.cluster import KMeansClusterer
    from nlp_social.topics.model import TopicModel
    from nlp_social.topics.vectorize import TopicVectorizer

    _need("embed")

    rows = _demo_texts(project_root, 150)
    texts = [r["text"] for r in rows]
    # the shipped embedder alone, a fixed k and no script unification keep this test fast
    TopicModel(
        embedder=str(default_model_path()),
        clusterer=KMeansClusterer(n_clusters=5, n_init=1),
        vectorizer=TopicVectorizer(unify=False, min_df=1),
        random_state=0,
    ).fit(texts).save(str(tmp_path / "topics"))
    model = TopicModel.load(str(tmp_path / "topics"))
    sample = texts[:40]
    expected, _ = model.transform(sample)
    out = list(annotate(sample, steps=["topics"], topic_model=str(tmp_path / "topics"), batch_size=16))
    assert [r["topic_id"] for r in out] == [int(t) for t in expected]
    for r in out:
        if r["topic_id"] >= 0:
            assert r["topic_words"] == [w for w, _ in model.get_topic(r["topic_id"])][:10]
        assert 0.0 <= r["topic_prob"] <= 1.0 + 1e-6


def _small_lid(root: Path, folder: Path) -> str | None:
    """The shipped LID model, else a small one fitted on the demo posts with rule tags (for the shape checks)."""
    if step_available("lid")[0]:
        return None
    import re

    from nlp_social.lang.lid import LanguageIdentifier
    from nlp_social.lang.mix import social_tokens

    hi = set(
        "hai nahi sarkar kya ka ki ke ne kiya bahut accha acchi yeh mein aur ko se par bhi toh hum thi".split()
    )
    toks = [social_tokens(r["text"]) for r in _demo_texts(root)]
    tags = [
        [
            "hi"
            if re.search("[\u0900-\u097f]", w) or w.lower() in hi
            else "en"
            if w.isascii() and w.isalpha()
            else "other"
            for w in ts
        ]  # fmt: skip
        for ts in toks
    ]
    LanguageIdentifier(bits=12, n_folds=2).fit(toks, tags).save(folder)
    return str(folder)


def test_lid_step_aligns_with_tokens(tmp_path: Path, project_root: Path) -> None:
    model = _small_lid(project_root, tmp_path / "lid")
    posts = ["yeh movie bahut acchi thi, loved it", "सरकार ने गलत किया", "Black Lives Matter 👏", "123 !!!"]
    out = list(annotate(posts, steps=["lid"], lid_model=model))
    for r in out:
        assert len(r["token_langs"]) == len(r["tokens"]) == len(r["token_scripts"])
        assert set(r["token_langs"]) <= {"hi", "en", "other"}
        assert 0.0 <= r["cmi"] <= 100.0
        assert r["lang"] in {"hi", "en", "other"}
    assert out[1]["lang"] == "hi" and out[1]["script_mix"] == "Deva"
    assert out[3]["script_mix"] == "none" and out[3]["cmi"] == 0.0


class _FakeStance:
    """Stands in for a loaded StanceModel: FAVOR when the post names the target, else AGAINST."""

    classes_ = np.array(["AGAINST", "FAVOR", "NONE"])

    def predict_proba(self, texts, target=None, targets=None):
        targets = targets if targets is not None else [target] * len(texts)
        return np.array(
            [
                [0.1, 0.8, 0.1] if g.lower() in t.lower() else [0.6, 0.3, 0.1]
                for t, g in zip(texts, targets, strict=True)
            ]
        )


def test_stance_step_columns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from nlp_social.stance import model as stance_module

    monkeypatch.setattr(stance_module.StanceModel, "load", classmethod(lambda cls, path: _FakeStance()))
    (tmp_path / "stance").mkdir()
    (tmp_path / "stance" / "nlp_social.json").write_text(
        '{"format": "nlp_social.stance.linear", "format_version": 2, "versions": {}}'
    )
    posts = [
        ("Ben & Jerry's ne sahi kiya", {"target": "Ben & Jerry's"}),
        ("kuch nahi", {}),
        ("BLM!", {"target": "BLM"}),
    ]
    out = list(annotate(posts, steps=["stance"], stance_model=str(tmp_path / "stance"), batch_size=2))
    assert out[0]["stance"] == [
        {
            "target": "Ben & Jerry's",
            "label": "FAVOR",
            "score": 0.8,
            "proba": {"AGAINST": 0.1, "FAVOR": 0.8, "NONE": 0.1},
        }
    ]
    assert out[1]["stance"] == [] and out[2]["stance"][0]["label"] == "FAVOR"
    both = list(
        annotate(
            ["kuch nahi"], steps=["stance"], stance_model=str(tmp_path / "stance"), targets=["Xyz", "Qrs"]
        )
    )
    assert [(s["target"], s["label"]) for s in both[0]["stance"]] == [("Xyz", "AGAINST"), ("Qrs", "AGAINST")]


def test_stance_step_every_target(project_root: Path) -> None:
    _need("stance")
    posts = [
        "Ben & Jerry's ne sahi stand liya, proud of them #BlackLivesMatter",
        "Boycott this brand, pure hypocrisy",
    ]
    targets = ["Ben & Jerry's", "Black Lives Matter"]
    out = list(annotate(posts, steps=["stance"], targets=targets))
    for r in out:
        assert [s["target"] for s in r["stance"]] == targets
        for s in r["stance"]:
            assert math.isclose(sum(s["proba"].values()), 1.0, abs_tol=1e-6)
            assert s["label"] == max(s["proba"], key=s["proba"].get) and s["score"] == s["proba"][s["label"]]
    # without --targets, each record's own target field is used
    by_meta = list(annotate([(posts[0], {"target": "Ben & Jerry's"}), (posts[1], {})], steps=["stance"]))
    assert [s["target"] for s in by_meta[0]["stance"]] == ["Ben & Jerry's"] and by_meta[1]["stance"] == []
    assert by_meta[0]["stance"][0]["proba"] == out[0]["stance"][0]["proba"]


def test_embed_step_vectors(project_root: Path) -> None:
    _need("embed")
    out = list(annotate(["sarkar ne galat kiya", "the government was wrong"], steps=["embed"]))
    vecs = np.vstack([r["embedding"] for r in out])
    assert vecs.dtype == np.float32 and vecs.shape[0] == 2 and vecs.shape[1] > 8
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
