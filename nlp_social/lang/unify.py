"""Script-unified token keys: ``sarkar``, ``sarkaar`` and ``सरकार`` become one key.

Hindi tokens are keyed in Devanagari:

- Devanagari words are normalized (:func:`deva_key`): NFC, zero-width joiners dropped, nukta removed,
  chandrabindu -> anusvara, a nasal consonant + virama before a consonant -> anusvara (``हिन्दी`` = ``हिंदी``).
- romanized Hindi words are spelling-folded (:class:`~nlp_social.lang.spelling.SpellingNormalizer`), then
  transliterated with :meth:`Transliterator.default().to_deva <nlp_social.lang.translit.Transliterator.to_deva>`
  and normalized the same way. Results are cached per distinct word.

English tokens are lower-cased; ``other`` tokens are kept (lower-cased).

The consonant skeleton (:func:`skeleton_key`, prefixed ``~``) is a separate, explicit key: vowels dropped,
aspirates kept as capitals (``kh`` = ``ख`` -> ``K``), common romanization merges applied (``w``->``v``,
``z``->``j``, ``q``->``k``, ``ph``/``f`` -> ``F``), doubled consonants collapsed; so
``sarkar``/``sarkaar``/``सरकार`` -> ``~srkr``. It is never switched in silently: :func:`norm_key` needs the
shipped transliteration and spelling models and raises when they cannot be loaded.
Keys are opaque: compare them, do not display them.

:func:`text_keys` / :func:`model_tokens` apply the keys to a :class:`~nlp_social.text.normalizer.Normalizer`'s
tokens (the normalizer's ``script_unified`` option says a model should use them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from nlp_social.lang.lid import LanguageIdentifier
from nlp_social.lang.mix import script_of
from nlp_social.lang.spelling import SpellingNormalizer
from nlp_social.lang.translit import Transliterator

if TYPE_CHECKING:  # only a type here; the normalizer's module is not needed to compute keys
    from nlp_social.text.normalizer import Normalizer

NUKTA = "\u093c"
VIRAMA = "\u094d"
_NASAL_CLUSTER = re.compile("[\u0919\u091e\u0923\u0928\u092e]" + VIRAMA + "(?=[\u0915-\u0939])")
_ZW = re.compile("[\u200b-\u200d\ufeff]")


@lru_cache(maxsize=200_000)
def deva_key(word: str) -> str:
    """Normalized Devanagari: no nukta, no zero-width joiners, one sign for vowel nasalization."""
    w = unicodedata.normalize("NFD", _ZW.sub("", word)).replace(NUKTA, "")
    w = unicodedata.normalize("NFC", w).replace("\u0901", "\u0902")  # chandrabindu -> anusvara
    return _NASAL_CLUSTER.sub("\u0902", w)


# --- consonant skeleton (an explicit key, never a fallback) ---------------------------------------------

_DEVA_SKELETON = {
    "क": "k", "ख": "K", "ग": "g", "घ": "G", "ङ": "n", "च": "C", "छ": "C", "ज": "j", "झ": "J", "ञ": "n",
    "ट": "t", "ठ": "T", "ड": "d", "ढ": "D", "ण": "n", "त": "t", "थ": "T", "द": "d", "ध": "D", "न": "n",
    "प": "p", "फ": "F", "ब": "b", "भ": "B", "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "S",
    "ष": "S", "स": "s", "ह": "h", "ळ": "l", "ं": "n", "ः": "h",
}
_LATN_DIGRAPHS = [
    ("chh", "C"), ("ch", "C"), ("kh", "K"), ("gh", "G"), ("jh", "J"), ("th", "T"), ("dh", "D"),
    ("ph", "F"), ("bh", "B"), ("sh", "S"), ("f", "F"), ("w", "v"), ("z", "j"), ("q", "k"), ("x", "ks"),
    ("c", "k"),
]
_LATN_VOWELS = re.compile(r"[aeiou]")
_REPEAT = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def skeleton_key(word: str) -> str:
    """Script-independent consonant skeleton of a Hindi word (Devanagari or romanized)."""
    if script_of(word) == "Deva":
        w = unicodedata.normalize("NFD", word).replace(NUKTA, "")
        out = "".join(_DEVA_SKELETON.get(ch, "") for ch in w)
    else:
        w = word.lower()
        for src, dst in _LATN_DIGRAPHS:
            w = w.replace(src, dst)
        w = _LATN_VOWELS.sub("", w)
        out = "".join(ch for ch in w if ch.isalpha())
    return "~" + _REPEAT.sub(r"\1", out)


# --- the shipped models behind the keys -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _translit() -> Transliterator:
    # loads or raises: a silent switch to the skeleton would change every key a model was trained on
    return Transliterator.default()


@lru_cache(maxsize=1)
def _speller() -> SpellingNormalizer:
    return SpellingNormalizer.default()


@lru_cache(maxsize=200_000)
def _hindi_latin_key(word: str) -> str:
    return deva_key(_translit().to_deva(_speller().normalize_token(word)))


def _hindi_key(word: str) -> str:
    if script_of(word) == "Deva":
        return deva_key(word)
    return _hindi_latin_key(word.lower())


def norm_key(token: str, lang: str | None = None) -> str:
    """Script-unified key of one token; ``lang`` (``hi``/``en``/``other``) from LID, guessed when None."""
    if not token:
        return token
    if lang is None:
        script = script_of(token)
        if script == "Deva":
            lang = "hi"
        elif script == "Latn":
            lang = LanguageIdentifier.default().predict([[token]])[0][0]
        else:
            lang = "other"
    if lang == "hi":
        key = _hindi_key(token)
        return key if key not in ("", "~") else token.lower()
    return unicodedata.normalize("NFC", token).lower()


def unify_tokens(tokens: Sequence[str], langs: Sequence[str] | None = None) -> list[str]:
    """Keys for a post's tokens; languages come from the shipped LID model (with context) when not given."""
    tokens = list(tokens)
    if langs is None:
        langs = LanguageIdentifier.default().predict([tokens])[0] if tokens else []
    if len(langs) != len(tokens):
        raise ValueError(f"{len(tokens)} tokens but {len(langs)} language tags")
    prefetch_latin(
        [tok for tok, lang in zip(tokens, langs, strict=True) if lang == "hi" and script_of(tok) != "Deva"]
    )
    return [norm_key(tok, lang) for tok, lang in zip(tokens, langs, strict=True)]


def prefetch_latin(words: Sequence[str]) -> None:
    """Transliterate many romanized Hindi words in one batch, so later :func:`norm_key` calls hit the
    transliterator's cache (the neural decoder is far faster per word on a batch than one at a time)."""
    if not words:
        return
    translit = _translit()
    raw = list(dict.fromkeys(w.lower() for w in words if w))
    translit.to_deva_many(raw)  # the spelling normalizer's own transliteration lookups
    translit.to_deva_many(list(dict.fromkeys(_speller().normalize_token(w) for w in raw)))


def text_keys(normalizer: Normalizer, text: str, langs: Sequence[str] | None = None) -> list[str]:
    """Script-unified keys of ``normalizer``'s tokens of ``text`` (``langs``: one LID tag per token, else
    the shipped LID model tags them)."""
    return unify_tokens(normalizer.tokenize(text), langs)


def model_tokens(normalizer: Normalizer, text: str) -> list[str]:
    """The tokens a model should use: :func:`text_keys` when the normalizer's ``script_unified`` option
    is on, else its plain tokens."""
    return text_keys(normalizer, text) if normalizer.config_.script_unified else normalizer.tokenize(text)
