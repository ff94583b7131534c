"""Hashtag segmentation: CamelCase / digit / underscore boundaries first, then a unigram Viterbi
over the shipped English + romanized-Hindi + Devanagari vocabulary for the parts left in one piece
(``#blacklivesmatter`` -> black lives matter, ``#modihaitomumkinhai`` -> modi hai to mumkin hai)."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from nlp_social.text import patterns as P
from nlp_social.text.resources import word_costs

_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[^\x00-\x7f]+")
_MIN_VITERBI = 5  # shorter lowercase parts are kept whole ("bjp", "covid")
_UNKNOWN_BASE = 10.0


def _unknown_cost(word: str, log_total: float) -> float:
    # Norvig's estimate: an unseen word of length n has probability 10 / (N * 10**n)
    return log_total - math.log(_UNKNOWN_BASE) + len(word) * math.log(10.0) + 2.0


def viterbi_segment(text: str) -> list[str]:
    """Most probable split of ``text`` (lowercase Latin or Devanagari) into vocabulary words."""
    vocab = word_costs()
    n = len(text)
    if n == 0:
        return []
    cost = vocab.cost
    max_len = min(vocab.max_len, 24)
    deva = bool(P.DEVA_ANY.search(text))
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        # never cut in front of a Devanagari vowel sign / virama / nukta
        if deva and end < n and P.DEVA_COMBINING.match(text, end):
            continue
        for start in range(max(0, end - max_len), end):
            if best[start] == math.inf:
                continue
            word = text[start:end]
            c = cost.get(word)
            if c is None:
                c = _unknown_cost(word, vocab.log_total)
            total = best[start] + c
            if total < best[end]:
                best[end] = total
                back[end] = start
    words: list[str] = []
    end = n
    while end > 0:
        start = back[end]
        words.append(text[start:end])
        end = start
    return words[::-1]


@lru_cache(maxsize=65536)
def segment_hashtag(tag: str) -> tuple[str, ...]:
    """Words of a hashtag, in their original case (``#`` optional): ``#BlackLivesMatter`` ->
    ``('Black', 'Lives', 'Matter')``; lowercase or Devanagari runs go through :func:`viterbi_segment`."""
    body = tag[1:] if tag.startswith("#") else tag
    words: list[str] = []
    for part in body.replace("#", "_").split("_"):
        for piece in _CAMEL.findall(part):
            low = piece.lower()
            long_lower = piece.islower() or (piece.isupper() and len(piece) > 6)
            if (long_lower and len(piece) >= _MIN_VITERBI and low not in word_costs()) or (
                not piece.isascii() and len(piece) >= 4 and P.DEVA_ANY.search(piece)
            ):
                pieces = viterbi_segment(low if piece.isascii() else piece)
                if piece.isascii() and piece.isupper():
                    pieces = [p.upper() for p in pieces]
                words.extend(pieces)
            else:
                words.append(piece)
    return tuple(w for w in words if w)
