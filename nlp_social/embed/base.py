"""The ``Embedder`` interface every backend follows.

CONTRACT:
- ``encode(texts, batch_size=256, show_progress=False) -> np.ndarray`` of shape ``(len(texts), dim)``,
  dtype float32, L2-normalized rows unless the backend's ``normalize`` option is off.
- ``dim`` (int) and ``name`` (str, a stable model id used as the embedding-cache key).
- No work in ``__init__``: models load lazily on first ``encode``.
- ``cache_key(text) -> str`` (optional override): the text as the model sees it after its own
  normalization; two texts with the same key get the same vector, so the cache stores it once.
"""

from __future__ import annotations

import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from nlp_social.errors import InputError


class Embedder(ABC):
    """Maps texts to fixed-size float32 vectors."""

    name: str = "embedder"

    @property
    @abstractmethod
    def dim(self) -> int:
        """Embedding dimension."""

    @abstractmethod
    def encode(self, texts: Sequence[str], batch_size: int = 256, show_progress: bool = False) -> np.ndarray:
        """Embed ``texts`` -> float32 array ``(n, dim)``."""

    def cache_key(self, text: str) -> str:
        """The text as this model sees it (cache key); default: NFC-normalized text."""
        return unicodedata.normalize("NFC", text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def l2_normalize(matrix: np.ndarray) -> np.ndarray:
    """Row-wise L2 normalization that leaves all-zero rows at zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


def as_text_list(texts: Sequence[str] | str) -> list[str]:
    """Accept a list of strings (or a single string) and check every item is a ``str``."""
    if isinstance(texts, str):
        return [texts]
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise InputError(f"text #{i} is {type(t).__name__}, not str", field="text")
    return out
