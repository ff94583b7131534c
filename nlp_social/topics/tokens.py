"""Devanagari-safe tokenization, script-unified term keys and the topic stop-word list.

BERTopic's default ``CountVectorizer`` pattern ``(?u)\\b\\w\\w+\\b`` cuts ``नमस्ते`` into ``नमस`` because
Python's ``\\w`` excludes the combining vowel signs and virama (Unicode category M). Here a word is a run of
letters *and* Indic combining marks (plus ZWJ/ZWNJ); dandas (।, ॥), digits and punctuation separate words.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from nlp_social.paths import RESOURCES_DIR
from nlp_social.text import patterns as P

# letters ([^\W\d_]) plus Indic blocks without dandas (0964/0965) and Devanagari digits (0966-096F),
# plus combining diacritics and zero-width joiners.
_WORD_CHAR = rf"(?:[^\W\d_]|[{P.DEVA_LETTERS}\u0980-\u0dff\u0300-\u036f\u200c\u200d])"
TOKEN_RE = re.compile(rf"{_WORD_CHAR}+")
_DEVA_RE = P.DEVA_ANY
_REPEAT_RE = re.compile(r"(.)\1{2,}")
STOPWORDS_PATH = RESOURCES_DIR / "topics" / "stopwords.json"


def word_tokens(text: str) -> list[str]:
    """Lower-cased word tokens (Devanagari-safe); ZWJ/ZWNJ dropped, NFC applied."""
    text = unicodedata.normalize("NFC", text).lower()
    return [t.replace("\u200c", "").replace("\u200d", "") for t in TOKEN_RE.findall(text)]


def script(token: str) -> str:
    """``"deva"`` when the token has Devanagari letters, else ``"latn"``."""
    return "deva" if _DEVA_RE.search(token) else "latn"


def _light_key(token: str) -> str:
    # spelling-level folding applied to every key: nukta, chandrabindu -> anusvara, long repeats
    token = token.replace("\u093c", "").replace("\u0901", "\u0902")
    return _REPEAT_RE.sub(r"\1\1", token)


def _unify_fn():
    """:func:`nlp_social.lang.unify.norm_key` (imported only when script-unified keys are asked for)."""
    from nlp_social.lang.unify import norm_key

    return norm_key


class KeyMapper:
    """Maps surface tokens to term keys, caching each distinct token once (fast on large corpora).

    ``unify=True`` keys with :func:`nlp_social.lang.unify.norm_key` (``sarkar`` == ``सरकार``); its errors
    (a shipped LID / transliteration model that does not load) propagate: keys never silently change kind.
    """

    def __init__(self, unify: bool = True):
        self.unify = unify
        self._cache: dict[str, str] = {}
        self._fn = _unify_fn() if unify else None

    def __call__(self, token: str) -> str:
        key = self._cache.get(token)
        if key is None:
            key = (self._fn(token) or token) if self._fn is not None else token
            key = _light_key(key)
            self._cache[token] = key
        return key


@lru_cache(maxsize=4)
def load_stopwords(which: str = "hi+en+hinglish") -> frozenset[str]:
    """The shipped stop words (built by ``experiments/build_stopwords.py``); ``which`` joins list names by ``+``."""
    data = json.loads(STOPWORDS_PATH.read_text(encoding="utf-8"))
    words: set[str] = set()
    for part in which.split("+"):
        part = part.strip()
        if part:
            words.update(data[part])
    return frozenset(words)


def resolve_stopwords(stop_words: str | Iterable[str] | None) -> frozenset[str]:
    if stop_words is None:
        return frozenset()
    if isinstance(stop_words, str):
        return load_stopwords("hi+en+hinglish" if stop_words == "default" else stop_words)
    return frozenset(w.lower() for w in stop_words)
