"""nlp_social's default embedder: static token embeddings with learned per-token weights.

The model folder is a sentence-transformers model folder (``SentenceTransformer(path)`` loads it through
``StaticEmbedding``, which folds the model2vec-style ``embeddings`` x ``weights`` tensors into one table) plus
the package's ``nlp_social.json`` (format ``nlp_social.static_embedder``, see :mod:`nlp_social.model_folder`).
Text normalization is part of ``tokenizer.json`` (:mod:`nlp_social.embed.pipeline`), and
:class:`StaticEmbedder` encodes through exactly that tokenizer with numpy, ``tokenizers`` and ``safetensors``
only (no torch at inference): both paths give the same vectors by construction.

A sentence vector is the L2-normalized mean of ``weights[t] * embeddings[t]`` over its tokens ``t``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp_social.embed._progress import progress_batches
from nlp_social.embed.base import Embedder, as_text_list, l2_normalize
from nlp_social.errors import ModelFormatError
from nlp_social.model_folder import (
    MODEL_CONFIG,
    folder_format,
    model_loader,
    read_model_config,
    write_model_config,
)
from nlp_social.paths import model_path

FORMAT = "nlp_social.static_embedder"
#: 2: ``nlp_social.json`` and normalization inside ``tokenizer.json`` (1: ``nlp_social_embedder.json`` and a
#: Python ``normalizer.json`` applied before tokenizing, which SentenceTransformer did not apply).
FORMAT_VERSION = 2
LEGACY_META_FILE = "nlp_social_embedder.json"
REQUIRED_FILES = ("model.safetensors", "tokenizer.json", "modules.json", MODEL_CONFIG)


def is_static_model(path: str | Path) -> bool:
    """True when ``path`` is a static embedder folder (of this or an older version: loading an older one
    raises the one clear error of :func:`~nlp_social.model_folder.read_model_config`)."""
    path = Path(path)
    return folder_format(path) == FORMAT or (path / LEGACY_META_FILE).is_file()


def save_static_model(
    path: str | Path,
    tokenizer,
    embeddings: np.ndarray,
    weights: np.ndarray,
    meta: dict | None = None,
) -> Path:
    """Write a sentence-transformers folder (StaticEmbedding + Normalize) plus ``nlp_social.json``.

    ``embeddings`` (vocab, dim) is stored as float16 to keep the folder small; ``weights`` (vocab,) as float32.
    ``tokenizer`` (HF ``tokenizers``) carries the whole text pipeline: nothing is applied before it.
    """
    from safetensors.numpy import save_file

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    emb16 = np.ascontiguousarray(embeddings, dtype=np.float16)
    weights = np.ascontiguousarray(weights, dtype=np.float32)
    if emb16.shape[0] != weights.shape[0] or emb16.shape[0] != tokenizer.get_vocab_size():
        raise ModelFormatError("embeddings, weights and tokenizer vocabulary differ in size")
    save_file({"embeddings": emb16, "weights": weights}, str(path / "model.safetensors"))
    tokenizer.save(str(path / "tokenizer.json"))
    (path / "2_Normalize").mkdir(exist_ok=True)
    modules = [
        {
            "idx": 0,
            "name": "0",
            "path": "",
            "type": "sentence_transformers.sentence_transformer.modules.StaticEmbedding",
        },
        {"idx": 1, "name": "1", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    _write_json(path / "modules.json", modules)
    _write_json(
        path / "config_sentence_transformers.json",
        {
            "__version__": {"nlp_social": "0.1.0"},
            "prompts": {},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
            "model_type": "SentenceTransformer",
        },
    )
    for stale in (LEGACY_META_FILE, "normalizer.json"):  # a version-1 folder overwritten in place
        (path / stale).unlink(missing_ok=True)
    # The id covers the tokenizer too: the same weights behind another text pipeline are another model
    # (and must not share embedding-cache entries).
    digest = hashlib.sha1(emb16.tobytes() + weights.tobytes() + tokenizer.to_str().encode()).hexdigest()[:12]
    config = {
        "dim": int(emb16.shape[1]),
        "vocab_size": int(emb16.shape[0]),
        "weights_sha1": digest,
        **(meta or {}),
    }
    write_model_config(path, FORMAT, FORMAT_VERSION, config)
    return path


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class StaticEmbedder(Embedder):
    """Loads a static model folder lazily; ``encode`` is tokenization plus one sparse-dense product."""

    def __init__(self, path: str | Path | None = None, normalize: bool = True) -> None:
        self.path = Path(path) if path is not None else None
        self.normalize = normalize
        self._loaded = False

    # -- loading -------------------------------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        if self.path is None:
            return model_path("embedder")
        return self.path

    @model_loader("static embedding model", path_of=lambda self: self.folder)
    def _load(self) -> None:
        if self._loaded:
            return
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = self.folder
        meta = read_model_config(folder, FORMAT, FORMAT_VERSION)
        missing = [f for f in REQUIRED_FILES if not (folder / f).exists()]
        if missing:
            raise ModelFormatError(f"{folder} is not a static embedder folder: missing {', '.join(missing)}")
        tensors = load_file(str(folder / "model.safetensors"))
        table = tensors["embeddings"].astype(np.float32) * tensors["weights"].astype(np.float32)[:, None]
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self.meta_ = meta
        self.table_ = table
        self.tokenizer_ = tokenizer
        self._loaded = True

    @property
    def name(self) -> str:  # type: ignore[override]
        self._load()
        return f"nlp_social-static-{self.meta_.get('weights_sha1', 'unknown')}"

    @property
    def dim(self) -> int:
        self._load()
        return int(self.table_.shape[1])

    @property
    def vocab_size(self) -> int:
        self._load()
        return int(self.table_.shape[0])

    # -- encoding ------------------------------------------------------------------------------------------
    def cache_key(self, text: str) -> str:
        self._load()
        normalizer = self.tokenizer_.normalizer
        return normalizer.normalize_str(text) if normalizer is not None else text

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of ``texts`` as sentence-transformers' ``StaticEmbedding`` computes them: the folder's
        tokenizer (its own normalizer included), no special tokens."""
        self._load()
        texts = as_text_list(texts)
        return [e.ids for e in self.tokenizer_.encode_batch(texts, add_special_tokens=False)]

    def encode(self, texts: Sequence[str], batch_size: int = 4096, show_progress: bool = False) -> np.ndarray:
        from scipy.sparse import csr_matrix

        self._load()
        texts = as_text_list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start, stop in progress_batches(len(texts), batch_size, show_progress, "embedding"):
            ids = self.token_ids(texts[start:stop])
            lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
            indptr = np.concatenate([[0], np.cumsum(lengths)])
            cols = np.fromiter((t for seq in ids for t in seq), dtype=np.int64, count=int(indptr[-1]))
            vals = np.repeat(1.0 / np.maximum(lengths, 1), lengths).astype(np.float32)
            bags = csr_matrix((vals, cols, indptr), shape=(len(ids), self.table_.shape[0]))
            out[start:stop] = bags @ self.table_
        return l2_normalize(out) if self.normalize else out
