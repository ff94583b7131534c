"""Script conversion for stance: romanize Devanagari input, and render romanized Hindi in Devanagari.

The stance models read Hindi in one script (romanized, the way most Hinglish posts are written), so a
post with its Hindi words in Devanagari must be converted first: by the shipped transliterator
(``nlp_social.lang.translit``; romanizer ``"translit"``, which loads or raises), or by :func:`rule_to_latn`
(romanizer ``"rules"``), deterministic rules that need no data (Hinglish conventions: no long-vowel
doubling, inherent ``a`` dropped at word end and between a vowel+consonant and a consonant+vowel). A model
predicts with the romanizer it was trained with, never the other.

:func:`render_devanagari` builds a Devanagari rendering of a romanized test set (Hindi-tagged tokens
converted, English and other tokens left alone) to measure how robust a model is to the script.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from nlp_social.lang.lid import LanguageIdentifier
from nlp_social.lang.translit import Transliterator
from nlp_social.text import patterns as P

_CONS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j", "झ": "jh",
    "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t", "थ": "th", "द": "d",
    "ध": "dh", "न": "n", "प": "p", "फ": "f", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r",
    "ल": "l", "ळ": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s", "ह": "h",
    "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "d", "ढ़": "dh", "फ़": "f", "य़": "y",
}  # fmt: skip
_NUKTA_BASE = {"क": "क़", "ख": "ख़", "ग": "ग़", "ज": "ज़", "ड": "ड़", "ढ": "ढ़", "फ": "फ़", "य": "य़"}
_VOWELS = {
    "अ": "a", "आ": "aa", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ए": "e", "ऐ": "ai", "ओ": "o",
    "औ": "au", "ऋ": "ri", "ऍ": "e", "ऑ": "o",
}  # fmt: skip
_MATRAS = {
    "ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "े": "e", "ै": "ai", "ो": "o", "ौ": "au",
    "ृ": "ri", "ॅ": "e", "ॉ": "o",
}  # fmt: skip
_NASAL = {"ं": "n", "ँ": "n", "ः": "h"}
_VIRAMA, _NUKTA = "्", "़"
_DIGITS = {chr(0x0966 + i): str(i) for i in range(10)}
_DEVA = P.DEVA_ANY


@lru_cache(maxsize=100_000)
def rule_to_latn(word: str) -> str:
    """Romanize one Devanagari word with Hinglish conventions (``नोटबंदी`` -> ``notbandi``)."""
    chars = list(word)
    # Fold consonant + nukta into the precomposed letter.
    folded: list[str] = []
    for ch in chars:
        if ch == _NUKTA and folded and folded[-1] in _NUKTA_BASE:
            folded[-1] = _NUKTA_BASE[folded[-1]]
        elif ch != _NUKTA:
            folded.append(ch)
    # Units: (latin, kind) with kind in C (consonant with inherent a), V (vowel), O (other).
    units: list[list] = []
    for i, ch in enumerate(folded):
        nxt = folded[i + 1] if i + 1 < len(folded) else ""
        if ch in _CONS:
            if nxt in _MATRAS:
                units.append([_CONS[ch] + _MATRAS[nxt], "CV"])
            elif nxt == _VIRAMA:
                units.append([_CONS[ch], "C"])
            else:
                units.append([_CONS[ch] + "a", "Ca"])
        elif ch in _MATRAS or ch == _VIRAMA:
            continue
        elif ch in _VOWELS:
            units.append([_VOWELS[ch], "V"])
        elif ch in _NASAL:
            units.append([_NASAL[ch], "N"])
        elif ch in _DIGITS:
            units.append([_DIGITS[ch], "O"])
        else:
            units.append([ch, "O"])
    # Schwa deletion: word-final, and V C(a) C V in the middle of a word.
    for i, (lat, kind) in enumerate(units):
        if kind != "Ca":
            continue
        last = i == len(units) - 1 or all(k == "N" for _, k in units[i + 1 :])
        if last and i > 0:
            units[i][0] = lat[:-1]
        elif 0 < i < len(units) - 1:
            prev_lat, prev_kind = units[i - 1]
            next_kind = units[i + 1][1]
            prev_has_vowel = prev_kind in ("CV", "V", "N") or (prev_kind == "Ca" and prev_lat.endswith("a"))
            if prev_has_vowel and (next_kind == "CV" or (next_kind == "Ca" and i + 1 < len(units) - 1)):
                units[i][0] = lat[:-1]
    return "".join(u[0] for u in units)


def _default_to_latn() -> Callable[[str], str]:
    # A model trained with the transliterator must predict with it: a failed load raises (no silent
    # switch to the rules, whose romanizations differ and so would the model's features).
    return Transliterator.default().to_latn


@lru_cache(maxsize=4)
def get_romanizer(kind: str = "rules") -> Callable[[str], str]:
    """``"rules"`` (deterministic, built in) or ``"translit"`` (the package transliterator)."""
    if kind == "translit":
        return _default_to_latn()
    if kind == "rules":
        return rule_to_latn
    raise ValueError(f"unknown romanizer {kind!r}; use 'rules' or 'translit'")


_WORD = P.DEVA_BLOCK_RUN


def romanize_text(text: str, to_latn: Callable[[str], str] = rule_to_latn) -> str:
    """Replace every Devanagari word in ``text`` by its romanization; other characters stay."""
    if not _DEVA.search(text):
        return text
    return _WORD.sub(lambda m: to_latn(m.group(0)) or m.group(0), text)


def render_devanagari(
    tokens: Sequence[str], tags: Sequence[str], to_deva: Callable[[str], str], hindi_tag: str = "hi"
) -> str:
    """Join ``tokens`` with the ``hindi_tag`` ones written in Devanagari by ``to_deva``."""
    out = []
    for tok, tag in zip(tokens, tags, strict=False):
        if tag == hindi_tag and tok.isalpha() and tok.isascii():
            out.append(to_deva(tok.lower()) or tok)
        else:
            out.append(tok)
    return " ".join(out)


def lexicon_to_deva(pairs: Sequence[tuple[str, str, int]]) -> Callable[[str], str]:
    """A romanized -> Devanagari lookup from ``(deva, latin, count)`` pairs (e.g. the Dakshina lexicons).

    Unknown words are left as they are, so a rendering only changes words the lexicon knows.
    """
    best: dict[str, tuple[int, str]] = {}
    for deva, latin, count in pairs:
        key = latin.lower()
        if key not in best or count > best[key][0]:
            best[key] = (count, deva)
    table = {k: v for k, (_, v) in best.items()}

    def to_deva(word: str) -> str:
        return table.get(word.lower(), word)

    return to_deva


def render_hindi_devanagari(texts: Sequence[str], lid=None, translit=None) -> list[str]:
    """``texts`` with every romanized word that language ID tags Hindi written in Devanagari.

    English words, user names, links and Devanagari stay as they are. ``lid`` and ``translit`` default to
    the package's shipped :class:`~nlp_social.lang.lid.LanguageIdentifier` and
    :class:`~nlp_social.lang.translit.Transliterator`; each distinct word is transliterated once.
    """
    if lid is None:
        lid = LanguageIdentifier.default()
    if translit is None:
        translit = Transliterator.default()
    tags = lid.tag_many(list(texts))
    words = sorted(
        {
            t.token.lower()
            for row in tags
            for t in row
            if t.lang == "hi" and t.token.isascii() and t.token.isalpha()
        }
    )
    table = dict(zip(words, translit.to_deva_many(words), strict=True)) if words else {}
    out = []
    for text, row in zip(texts, tags, strict=True):
        pieces, last = [], 0
        for t in row:
            deva = (
                table.get(t.token.lower())
                if t.lang == "hi" and t.token.isascii() and t.token.isalpha()
                else None
            )
            if deva:
                pieces.append(text[last : t.start])
                pieces.append(deva)
                last = t.end
        pieces.append(text[last:])
        out.append("".join(pieces))
    return out
