"""Loading an experiment's data and fingerprinting it: the sha256 of every file of each source
(corpus folder or user file), the row count, and a hash of the loaded rows themselves."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pandas as pd

from nlp_social.corpora import corpus_info, load_corpus, parse_corpus_spec
from nlp_social.io import read_conll, read_table
from nlp_social.io.readers import _EXTENSIONS
from nlp_social.paths import data_dir as resolve
from nlp_social.paths import demo_corpus_file, project_root


def _sha256_file(path: Path, cache: dict[Path, str]) -> str:
    if path not in cache:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        cache[path] = h.hexdigest()
    return cache[path]


def content_sha256(df: pd.DataFrame) -> str:
    """A hash of the rows a run used (``id``, ``text`` and the label-like columns), order included."""
    h = hashlib.sha256()
    cols = [c for c in ("id", "text", "target", "label", "lang", "topic") if c in df.columns]
    for col in ("tokens", "tags"):
        if col in df.columns:
            cols.append(col)
    for row in df[cols].itertuples(index=False):
        h.update("\x1f".join(str(list(v)) if hasattr(v, "__len__") and not isinstance(v, str) else str(v) for v in row).encode())
        h.update(b"\x1e")
    return h.hexdigest()


def is_file_spec(spec: str) -> bool:
    """A data source is a file when it exists or looks like a path; else it is a corpus spec."""
    path = Path(spec)
    return path.exists() or "/" in spec or os.sep in spec or path.suffix.lower() in _EXTENSIONS


class DataRecorder:
    """Loads sources for a run and remembers what was read (for ``data.json`` and the report)."""

    def __init__(self, data_dir: str | os.PathLike | None = None, seed: int = 0, limit: int | None = None,
                 text_col: str = "text", label_col: str = "label", target_col: str = "target") -> None:
        self.data_dir = data_dir
        self.seed = seed
        self.limit = limit
        self.cols = {"text_col": text_col, "label_col": label_col, "target_col": target_col}
        self.sources: list[dict[str, Any]] = []
        self._hashes: dict[Path, str] = {}

    def load(self, spec: str, role: str, loader: Any = None, file_reader: Any = None) -> pd.DataFrame:
        """Load one source (corpus spec ``name:split`` or file path) and record its fingerprint.

        ``loader(spec, data_dir)`` replaces ``load_corpus`` for corpus specs (e.g. parallel pairs);
        ``file_reader(path)`` replaces ``read_table`` for files (``.conll`` files use ``read_conll``).
        """
        if is_file_spec(spec) and (file_reader is not None or Path(spec).suffix.lower() in (".conll", ".iob", ".bio")):
            df = (file_reader or read_conll)(spec)
            files = [Path(spec)]
        elif loader is not None and not is_file_spec(spec):
            df = loader(spec, self.data_dir)
            files = self._corpus_files(spec)
        elif is_file_spec(spec):
            df = read_table(spec, **self.cols)
            files = [Path(spec)]
        else:
            df = load_corpus(spec, data_dir=self.data_dir)
            files = self._corpus_files(spec)
        rows_total = len(df)
        if self.limit is not None and len(df) > self.limit:
            df = df.sample(n=self.limit, random_state=self.seed).sort_index()
        df = df.reset_index(drop=True)
        self.sources.append(
            {
                "role": role,
                "spec": spec,
                "rows": len(df),
                "rows_in_source": rows_total,
                "content_sha256": content_sha256(df),
                "files": [self._describe(p) for p in files],
            }
        )
        return df

    def load_many(self, specs: list[str], role: str) -> pd.DataFrame:
        frames = [self.load(s, role).assign(source=s) for s in specs]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["id", "text"])

    def _describe(self, path: Path) -> dict[str, Any]:
        return {"path": str(path), "bytes": path.stat().st_size, "sha256": _sha256_file(path, self._hashes)}

    def _corpus_files(self, spec: str) -> list[Path]:
        """The files of the corpus' folder (the loader reads a subset of them; all are hashed)."""

        info = corpus_info(parse_corpus_spec(spec)[0])
        if info.folder:
            base = resolve(self.data_dir) / info.folder
        else:
            root = project_root() or Path.cwd()
            base = {"demo": demo_corpus_file().parent, "seed": root / "seeds"}.get(info.name, root / "corpora")
        if base.is_file():
            return [base]
        return sorted(p for p in base.rglob("*") if p.is_file() and not p.name.startswith("."))
