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


def test_topics_step_matches_the_model(tmp_path: Path, project_root: Path) -> None:
    from nlp_social.topics.model import TopicModel

    rows = _demo_texts(project_root)
    texts = [r["text"] for r in rows]
    TopicModel(embedder="lexical", random_state=0).fit(texts).save(str(tmp_path / "topics"))
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
    from nlp_social.lang.mix import tokenize

    hi = set(
        "hai nahi sarkar kya ka ki ke ne kiya bahut accha acchi yeh mein aur ko se par bhi toh hum thi".split()
    )
    toks = [tokenize(r["text"]) for r in _demo_texts(root)]
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
