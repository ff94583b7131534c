"""Where data and shipped models live. Explicit, configurable, never the network."""

from __future__ import annotations

import os
from pathlib import Path

from nlp_social.errors import DataNotFoundError

DATA_DIR_ENV = "NLP_SOCIAL_DATA_DIR"
CACHE_DIR_ENV = "NLP_SOCIAL_CACHE_DIR"

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
MODELS_DIR = RESOURCES_DIR / "models"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The directory holding the public corpora: ``explicit``, else ``$NLP_SOCIAL_DATA_DIR``."""
    value = explicit if explicit is not None else os.environ.get(DATA_DIR_ENV)
    if not value:
        raise DataNotFoundError(
            f"no data directory: pass data_dir=... (--data-dir on the CLI) or set {DATA_DIR_ENV} "
            "to the folder that holds the corpora (see README, 'Data')"
        )
    path = Path(value).expanduser()
    if not path.is_dir():
        raise DataNotFoundError(f"data directory {path} does not exist (from {DATA_DIR_ENV} or --data-dir)")
    return path


def cache_dir() -> Path:
    """Per-user cache (embedding cache, transliteration cache): ``$NLP_SOCIAL_CACHE_DIR`` or ~/.cache/nlp_social."""
    value = os.environ.get(CACHE_DIR_ENV)
    path = Path(value).expanduser() if value else Path.home() / ".cache" / "nlp_social"
    path.mkdir(parents=True, exist_ok=True)
    return path


def model_path(name: str) -> Path:
    """Folder of a model shipped inside the package (``resources/models/<name>``)."""
    path = MODELS_DIR / name
    if not path.exists():
        raise DataNotFoundError(
            f"shipped model {name!r} not found at {path}; retrain it with the script in experiments/ "
            "(see README, 'Models')"
        )
    return path


def project_root() -> Path | None:
    """The source checkout (for corpora/ and seeds/) when running from one, else None."""
    root = PACKAGE_DIR.parent
    return root if (root / "corpora").is_dir() else None


#: The demo corpus inside ``corpora/`` of a checkout and inside the package's ``resources/corpora/``.
DEMO_CORPUS = Path("demo") / "posts.jsonl"


def demo_corpus_file() -> Path:
    """The demo corpus, wherever the package runs from (never the working directory).

    In a source checkout it is ``corpora/demo/posts.jsonl``; an installed package reads the copy that
    ``corpora/build_demo.py`` writes into ``nlp_social/resources/corpora/`` (shipped as package data;
    a test keeps the two identical).
    """
    root = project_root()
    if root is not None and (root / "corpora" / DEMO_CORPUS).is_file():
        return root / "corpora" / DEMO_CORPUS
    return RESOURCES_DIR / "corpora" / DEMO_CORPUS
