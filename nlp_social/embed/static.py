"""nlp_social's default embedder: static token embeddings with learned per-token weights.

The model folder is a sentence-transformers model folder (``SentenceTransformer(path)`` loads it through
``StaticEmbedding``, which folds the model2vec-style ``embeddings`` x ``weights`` tensors into one table) and
carries ``normalizer.json`` (text normalization applied before tokenizing) and ``nlp_social_embedder.json``
(format version, training facts). :class:`StaticEmbedder` reads the same folder with numpy, ``tokenizers``
and ``safetensors`` only — no torch at inference.

A sentence vector is the L2-normalized mean of ``weights[t] * embeddings[t]`` over its tokens ``t``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp_social.embed._progress import progress_batches
from nlp_social.embed.base import Embedder, as_text_list, l2_normalize
from nlp_social.errors import ModelFormatError
from nlp_social.model_folder import model_loader
from nlp_social.paths import model_path
from nlp_social.text.normalizer import CONFIG_FILE, Normalizer

log = logging.getLogger(__name__)

FORMAT = "nlp_social.static_embedder"
FORMAT_VERSION = 1
META_FILE = "nlp_social_embedder.json"
REQUIRED_FILES = ("model.safetensors", "tokenizer.json", "modules.json", META_FILE)


def is_static_model(path: str | Path) -> bool:
    """True when ``path`` is a model folder written by :func:`save_static_model`."""
    return (Path(path) / META_FILE).is_file()


def save_static_model(
    path: str | Path,
    tokenizer,
    embeddings: np.ndarray,
    weights: np.ndarray,
    normalizer=None,
    meta: dict | None = None,
) -> Path:
    """Write a sentence-transformers folder (StaticEmbedding + Normalize) plus our metadata.

    ``embeddings`` (vocab, dim) is stored as float16 to keep the folder small; ``weights`` (vocab,) as float32.
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
    if normalizer is not None:
        normalizer.save(path)
    digest = hashlib.sha1(emb16.tobytes() + weights.tobytes()).hexdigest()[:12]
    info = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dim": int(emb16.shape[1]),
        "vocab_size": int(emb16.shape[0]),
        "weights_sha1": digest,
        **(meta or {}),
    }
    _write_json(path / META_FILE, info)
    return path


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class StaticEmbedder(Embedder):
    """Loads a static model folder lazily; ``encode`` is tokenization plus one sparse-dense product."""

    def __init__(
        self, path: str | Path | None = None, normalize: bool = True, apply_normalizer: bool = True
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.normalize = normalize
        self.apply_normalizer = apply_normalizer
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
        missing = [f for f in REQUIRED_FILES if not (folder / f).exists()]
        if missing:
            raise ModelFormatError(f"{folder} is not a static embedder folder: missing {', '.join(missing)}")
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
            raise ModelFormatError(
                f"{folder / META_FILE}: unknown format {meta.get('format')!r} v{meta.get('format_version')!r} "
                f"(this version reads {FORMAT} v{FORMAT_VERSION})"
            )
        tensors = load_file(str(folder / "model.safetensors"))
        table = tensors["embeddings"].astype(np.float32) * tensors["weights"].astype(np.float32)[:, None]
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self.meta_ = meta
        self.table_ = table
        self.tokenizer_ = tokenizer
        self.normalizer_ = _load_normalizer(folder) if self.apply_normalizer else None
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
        return self.normalizer_.normalize(text) if self.normalizer_ is not None else text

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of ``texts`` after normalization (no special tokens)."""
        self._load()
        texts = as_text_list(texts)
        if self.normalizer_ is not None:
            texts = [self.normalizer_.normalize(t) for t in texts]
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


def _load_normalizer(folder: Path):
    if not (folder / CONFIG_FILE).exists():
        return None
    try:
        return Normalizer.load(folder)
    except (ValueError, TypeError) as exc:  # a config from another normalizer version
        raise ModelFormatError(
            f"{folder / CONFIG_FILE}: cannot load the model's normalizer config: {exc}"
        ) from exc
