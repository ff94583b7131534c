"""Registry of corpus loaders.

Each loader reads one public corpus in its original file layout and returns a DataFrame with the
standard columns ``id, text`` plus whichever of ``lang, target, label, tokens, tags`` (and corpus
specific extras) it has. Loaders are registered with :func:`register_corpus` in the module of the
task that uses them (``stance.py``, ``lid.py``, ...), and looked up by :func:`load_corpus`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nlp_social.errors import DataNotFoundError, NlpSocialError
from nlp_social.paths import data_dir as _data_dir
from nlp_social.paths import project_root

Loader = Callable[[Path, str], pd.DataFrame]

STANDARD_COLUMNS = ("id", "text", "lang", "target", "label", "tokens", "tags")


@dataclass(frozen=True)
class CorpusInfo:
    """What the package knows about one corpus."""

    name: str
    task: str  # stance | lid | translit | normalization | topic | parallel | raw | lexicon | demo
    splits: tuple[str, ...]
    folder: str  # sub-folder of the data directory ("" for corpora shipped in the project)
    url: str  # where users obtain it
    description: str = ""
    held_back: tuple[str, ...] = field(default=())  # official splits not in ../shared/data
    loader: Loader | None = None


_REGISTRY: dict[str, CorpusInfo] = {}


def register_corpus(
    name: str,
    *,
    task: str,
    splits: tuple[str, ...],
    folder: str,
    url: str,
    description: str = "",
    held_back: tuple[str, ...] = (),
) -> Callable[[Loader], Loader]:
    """Decorator: register ``loader(corpus_dir, split) -> DataFrame`` under ``name``."""

    def decorate(loader: Loader) -> Loader:
        _REGISTRY[name] = CorpusInfo(name, task, tuple(splits), folder, url, description, tuple(held_back), loader)
        return loader

    return decorate


def _ensure_loaded() -> None:
    # Import the task modules for their registrations. Deferred: they import this module to register,
    # so a top-level import would be a cycle (and loading every loader is not needed to list names).
    from nlp_social.corpora import _all  # noqa: F401


def corpus_info(name: str) -> CorpusInfo:
    _ensure_loaded()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise NlpSocialError(f"unknown corpus {name!r}; known corpora: {known}") from None


def list_corpora(task: str | None = None) -> list[CorpusInfo]:
    """All registered corpora, optionally only those of one task."""
    _ensure_loaded()
    return sorted((c for c in _REGISTRY.values() if task is None or c.task == task), key=lambda c: c.name)


def parse_corpus_spec(spec: str) -> tuple[str, str | None]:
    """``"name:split"`` -> ``("name", "split")``; ``"name"`` -> ``("name", None)``."""
    name, _, split = spec.partition(":")
    return name, (split or None)


def load_corpus(name: str, split: str | None = None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load corpus ``name`` (``"name:split"`` also accepted) as a DataFrame with standard columns.

    ``split`` defaults to the corpus' first split. The corpus is read from ``data_dir`` or
    ``$NLP_SOCIAL_DATA_DIR``; a missing file raises :class:`DataNotFoundError` naming the path
    and where the corpus is published.
    """
    if split is None:
        name, split = parse_corpus_spec(name)
    info = corpus_info(name)
    split = split or info.splits[0]
    if split not in info.splits:
        raise NlpSocialError(f"corpus {name!r} has no split {split!r}; its splits: {', '.join(info.splits)}")
    if info.folder:
        base = _data_dir(data_dir) / info.folder
        if not base.is_dir():
            raise DataNotFoundError(f"corpus {name!r} not found at {base}; it is published at {info.url}")
    else:
        root = project_root()
        base = root / "corpora" if root else Path("corpora")
    assert info.loader is not None
    df = info.loader(base, split)
    df.attrs["corpus"] = name
    df.attrs["split"] = split
    return df


def require_file(path: Path, corpus: str) -> Path:
    """Return ``path`` if it exists, else raise naming the path and where the corpus is published."""
    if not path.exists():
        info = _REGISTRY.get(corpus)
        url = info.url if info else "its publisher"
        raise DataNotFoundError(
            f"{path} not found (corpus {corpus!r}); this file is not in the data directory — "
            f"obtain it from {url} and place it at that path"
        )
    return path
