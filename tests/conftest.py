"""Shared fixtures. Tests that need the public corpora use ``data_dir`` and skip cleanly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def data_dir() -> Path:
    value = os.environ.get("NLP_SOCIAL_DATA_DIR")
    if not value or not Path(value).is_dir():
        pytest.skip(
            "NLP_SOCIAL_DATA_DIR is not set to the corpora folder; skipping a test that needs real data"
        )
    return Path(value)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_corpus():
    from nlp_social import load_corpus

    return load_corpus("demo")


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's main job, annotated once per session: ``annotate corpora/demo/posts.jsonl seeds/``."""
    from nlp_social.annotate.runner import annotate_files

    out = tmp_path_factory.mktemp("demo_output") / "demo"
    annotate_files([str(ROOT / "corpora" / "demo" / "posts.jsonl"), str(ROOT / "seeds")], out)
    return out
