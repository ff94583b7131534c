"""Lazy loaders of the shipped text resources (``nlp_social/resources/text``), built by
``experiments/build_text_resources.py``. Each file is read once per process."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache, cached_property
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

    def __init__(
        self, counts: Mapping[str, int] | None = None, *, raw: dict[bytes, bytes] | None = None
    ) -> None:
        # `raw`: UTF-8 word -> digits, as split from the file; elongation looks up a few thousand
        # words of the 130k, so nothing is decoded or converted until something needs all of them
        if (counts is None) == (raw is None):
            raise ValueError("WordCosts needs counts or raw, not both")
        self._raw = raw
        if counts is not None:
            self.counts = dict(counts)

    @cached_property
    def counts(self) -> dict[str, int]:
        """``word -> count``."""
        assert self._raw is not None
        return {w.decode("utf-8"): int(c) for w, c in self._raw.items()}

    @cached_property
    def log_total(self) -> float:
        return math.log(float(sum(self.counts.values())) or 1.0)

    @cached_property
    def cost(self) -> dict[str, float]:
        """``word -> -log p(word)``; built on first use (hashtag segmentation only: elongation needs
        just the counts, and a short ``nlp-social normalize`` run should not pay for it)."""
        log_total, log = self.log_total, math.log
        return {w: log_total - log(c) for w, c in self.counts.items()}

    @cached_property
    def max_len(self) -> int:
        return max(map(len, self.counts), default=1)

    def __contains__(self, word: str) -> bool:
        if self._raw is None:
            return word in self.counts
        return word.encode("utf-8", "surrogatepass") in self._raw

    def count(self, word: str) -> int:
        if self._raw is None:
            return self.counts.get(word, 0)
        return int(self._raw.get(word.encode("utf-8", "surrogatepass"), 0))


@cache
def word_costs() -> WordCosts:
    """The shipped word-frequency vocabulary (``word_freq.tsv``)."""
    path = _path("word_freq.tsv")
    body = path.read_bytes().split(b"\n", 1)[1]
    # one split of the bytes into word, count, word, count, ... (a line-by-line loop over decoded
    # text took most of the load time, which every `nlp-social normalize` run with an elongated word pays)
    fields = body.split()
    tabs = body.count(b"\t")
    if len(fields) != 2 * tabs or tabs != body.rstrip(b"\n").count(b"\n") + 1:
        raise DataNotFoundError(f"text resource {path} is damaged: every line must be word<TAB>count")
    return WordCosts(raw=dict(zip(fields[::2], fields[1::2], strict=True)))


@cache
def stopwords() -> frozenset[str]:
    """Hindi (Devanagari) + English stopwords (stopwords-iso)."""
    return frozenset(_path("stopwords.txt").read_text(encoding="utf-8").split())
