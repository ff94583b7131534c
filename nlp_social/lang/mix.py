"""Token-level utilities for code-mixed text: tokenizing, scripts, language mix and the Code-Mixing Index.

Everything here is rule-based and dependency-free; the learned part of language ID lives in
:mod:`nlp_social.lang.lid`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from nlp_social.text import patterns as P

LANG_TAGS = ("hi", "en", "other")  # "ne" (named entity) may appear in gold data and counts as a language-neutral tag
NEUTRAL_TAGS = frozenset({"other", "ne"})

_ASCII_LETTER = re.compile(r"[A-Za-z]")
_DEVA_SCRIPT_CHAR = re.compile(f"[{P.DEVA_SCRIPT}]")

# ISO 15924 codes for the first word of a Unicode character name.
_SCRIPT_BY_NAME = {
    "DEVANAGARI": "Deva",
    "LATIN": "Latn",
    "BENGALI": "Beng",
    "GURMUKHI": "Guru",
    "GUJARATI": "Gujr",
    "ORIYA": "Orya",
    "TAMIL": "Taml",
    "TELUGU": "Telu",
    "KANNADA": "Knda",
    "MALAYALAM": "Mlym",
    "ARABIC": "Arab",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "THAI": "Thai",
    "HANGUL": "Hang",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "CJK": "Hani",
    "SINHALA": "Sinh",
    "TIBETAN": "Tibt",
}


def social_tokens(text: str) -> list[str]:
    """Split social text into tokens: URLs, @mentions, #hashtags, words (any script), and symbol runs."""
    return [m.group(0) for m in P.SOCIAL_TOKEN.finditer(text)]


def social_token_spans(text: str) -> list[tuple[str, int, int]]:
    """Like :func:`social_tokens` but with character offsets ``(token, start, end)``."""
    return [(m.group(0), m.start(), m.end()) for m in P.SOCIAL_TOKEN.finditer(text)]


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    cp = ord(ch)
    if _DEVA_SCRIPT_CHAR.match(ch):
        return "Deva"
    if cp < 0x80:
        return "Latn" if ch.isalpha() else "Zyyy"
    if not (ch.isalpha() or unicodedata.category(ch).startswith("M")):
        return "Zyyy"
    try:
        first = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "Zzzz"
    return _SCRIPT_BY_NAME.get(first, "Zzzz")


@lru_cache(maxsize=200_000)
def script_of(token: str) -> str:
    """ISO 15924 script of a token: the script of most of its letters (``Deva``, ``Latn``, ...).

    Tokens without letters (digits, punctuation, emoji, symbols) are ``Zyyy`` (common); letters of an
    unlisted script give ``Zzzz``. Combining marks count for the script of their block.
    """
    if token.isascii():  # fast path for the bulk of romanized social text
        return "Latn" if _ASCII_LETTER.search(token) else "Zyyy"
    counts: dict[str, int] = {}
    for ch in token:
        script = _char_script(ch)
        if script != "Zyyy":
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "Zyyy"
    return max(counts, key=counts.__getitem__)  # first-seen script wins ties


def is_url(token: str) -> bool:
    return bool(P.URL_LOOSE_TOKEN.match(token))


@lru_cache(maxsize=200_000)
def rule_tag(token: str) -> str | None:
    """The tag fixed by rules alone, or ``None`` when the token needs the learned model.

    Devanagari words are Hindi; URLs, @mentions, #hashtags and tokens without letters (punctuation,
    numbers, emoji, symbols) are ``other``; tokens of any other script are ``other`` too (neither hi nor en).
    """
    if not token or is_url(token) or token[0] in "@#" and len(token) > 1:
        return "other"
    script = script_of(token)
    if script == "Deva":
        return "hi"
    if script == "Latn":
        return None
    return "other"


def cmi(tags: Sequence[str]) -> float:
    """Code-Mixing Index of one post (Das & Gambäck 2014), on their 0-100 scale.

    ``CMI = 100 * (1 - max_i(w_i) / (n - u))`` where ``n`` is the number of tokens, ``u`` the number of
    language-independent tokens (``other`` / ``ne``) and ``w_i`` the number of tokens of language ``i``;
    0 for a monolingual post or one with no language tokens.
    """
    counts = Counter(t for t in tags if t not in NEUTRAL_TAGS)
    lang_tokens = sum(counts.values())
    if lang_tokens == 0:
        return 0.0
    return 100.0 * (1.0 - max(counts.values()) / lang_tokens)


def lang_mix(tags: Iterable[str]) -> dict[str, float]:
    """Share of each language among the language tokens of a post (``other``/``ne`` excluded)."""
    counts = Counter(t for t in tags if t not in NEUTRAL_TAGS)
    total = sum(counts.values())
    return {lang: counts[lang] / total for lang in sorted(counts)} if total else {}


def dominant_lang(tags: Iterable[str]) -> str:
    """Most frequent language of a post (ties -> ``hi`` before ``en``); ``other`` when it has no language token."""
    counts = Counter(t for t in tags if t not in NEUTRAL_TAGS)
    if not counts:
        return "other"
    order = {"hi": 0, "en": 1}
    return min(counts, key=lambda lang: (-counts[lang], order.get(lang, 2), lang))


@dataclass(frozen=True)
class PostMix:
    """Language make-up of one post."""

    mix: dict[str, float]
    dominant: str
    cmi: float
    n_tokens: int

    @classmethod
    def from_tags(cls, tags: Sequence[str]) -> PostMix:
        return cls(lang_mix(tags), dominant_lang(tags), cmi(tags), len(tags))
