"""On-disk embedding cache: one SQLite file, rows keyed by (model id, sha1 of the model's view of the text)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp_social.embed.base import Embedder, as_text_list
from nlp_social.paths import cache_dir


def default_cache_path() -> Path:
    return cache_dir() / "embeddings.sqlite"


class CachedEmbedder(Embedder):
    """Wraps an embedder; vectors already computed for the same model and normalized text are read back.

    The key is ``sha1(cache_key(text))`` under the wrapped model's ``name``, so a retrained model must get a
    new name (the default model's name carries a hash of its weights).
    """

    def __init__(self, embedder: Embedder, path: str | Path | None = None) -> None:
        self.embedder = embedder
        self.path = Path(path) if path is not None else None
        self.hits = 0
        self.misses = 0
        self._conn: sqlite3.Connection | None = None

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.embedder.name

    @property
    def dim(self) -> int:
        return self.embedder.dim

    def cache_key(self, text: str) -> str:
        return self.embedder.cache_key(text)

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            path = self.path or default_cache_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(path), timeout=60)
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
                "vec BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID"
            )
            self._conn.commit()
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _lookup(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        model = self.name
        for start in range(0, len(keys), 500):  # SQLite limits bound parameters per statement
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({marks})", [model, *chunk]
            )
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def encode(self, texts: Sequence[str], batch_size: int = 256, show_progress: bool = False) -> np.ndarray:
        texts = as_text_list(texts)
        keys = [hashlib.sha1(self.cache_key(t).encode("utf-8")).digest() for t in texts]
        found = self._lookup(sorted(set(keys)))
        todo: dict[bytes, int] = {}
        for i, key in enumerate(keys):
            if key not in found and key not in todo:
                todo[key] = i
        self.hits += len(texts) - sum(1 for k in keys if k not in found)
        self.misses += len(todo)
        if todo:
            order = list(todo.items())
            # Write as we go so an interrupted run keeps what it paid for.
            step = max(batch_size, 1) * 8
            for start in range(0, len(order), step):
                part = order[start : start + step]
                vectors = self.embedder.encode([texts[i] for _, i in part], batch_size, show_progress)
                rows = []
                for (key, _), vec in zip(part, vectors, strict=False):
                    vec = np.asarray(vec, dtype=np.float32)
                    found[key] = vec
                    rows.append((self.name, key, vec.tobytes()))
                self.conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                self.conn.commit()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out
