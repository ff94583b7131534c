"""Lazy loaders of the shipped text resources (``nlp_social/resources/text``), built by
``experiments/build_text_resources.py``. Each file is read once per process."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from nlp_social.errors import DataNotFoundError
from nlp_social.paths import RESOURCES_DIR

TEXT_RESOURCES = RESOURCES_DIR / "text"


def _path(name: str) -> Path:
    path = TEXT_RESOURCES / name
    if not path.is_file():
        raise DataNotFoundError(
            f"text resource {path} is missing; rebuild it with "
            "`python experiments/build_text_resources.py` (needs NLP_SOCIAL_DATA_DIR)"
        )
    return path


@cache
def emoji_names() -> dict[str, tuple[str, str]]:
    """``emoji -> (english name, hindi name)`` from CLDR 41."""
    data = json.loads(_path("emoji_names.json").read_text(encoding="utf-8"))
    return {k: (v[0], v[1]) for k, v in data.items()}


class WordCosts:
    """Unigram negative log-probabilities of known words (English, romanized Hindi, Devanagari)."""

    def __init__(self, counts: dict[str, int]) -> None:
        total = float(sum(counts.values())) or 1.0
        self.log_total = math.log(total)
        self.counts = counts
        self.cost = {w: self.log_total - math.log(c) for w, c in counts.items()}
        self.max_len = max((len(w) for w in counts), default=1)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)


@cache
def word_costs() -> WordCosts:
    """The shipped word-frequency vocabulary (``word_freq.tsv``)."""
    counts: dict[str, int] = {}
    with _path("word_freq.tsv").open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            word, _, count = line.rstrip("\n").partition("\t")
            if word and count:
                counts[word] = int(count)
    return WordCosts(counts)


@cache
def stopwords() -> frozenset[str]:
    """Hindi (Devanagari) + English stopwords (stopwords-iso)."""
    return frozenset(_path("stopwords.txt").read_text(encoding="utf-8").split())
