"""Devanagari units and the rule-based transliteration used as fallback and as evaluation baseline.

Devanagari is cut into *units*: a consonant (with nukta and virama when present), a vowel sign, an
independent vowel, a nasal/visarga sign, or the schwa slot :data:`SCHWA` that marks the inherent
vowel of a consonant written without vowel sign or virama. Making the inherent vowel explicit lets a
learned model align Latin ``a`` to it (``kamal`` = क SCHWA म SCHWA ल SCHWA, the last one silent) and
learn schwa deletion from data instead of hard rules.
"""

from __future__ import annotations

import re
import unicodedata

from nlp_social.text import patterns as P

SCHWA = "\u0000"  # pseudo-unit, never in real text; removed by :func:`units_to_deva`

NUKTA = "\u093c"
VIRAMA = "\u094d"
_CONSONANTS = (
    {chr(c) for c in range(0x0915, 0x093A)}
    | {chr(c) for c in range(0x0958, 0x0960)}
    | {"\u0978", "\u0979", "\u097a", "\u097b", "\u097c", "\u097e", "\u097f"}
)
_MATRAS = {chr(c) for c in range(0x093A, 0x094D) if c != 0x093C} | {
    "\u094e",
    "\u094f",
    "\u0955",
    "\u0956",
    "\u0957",
    "\u0962",
    "\u0963",
}
_SIGNS = {"\u0900", "\u0901", "\u0902", "\u0903"}
_DEVA_RE = P.DEVA_ANY
_LATN_RE = re.compile(r"[A-Za-z]")


def is_deva(token: str) -> bool:
    """True when the token contains a Devanagari letter."""
    return bool(_DEVA_RE.search(token))


def is_latn(token: str) -> bool:
    """True when the token contains a Latin letter."""
    return bool(_LATN_RE.search(token))


def deva_units(word: str) -> list[str]:
    """Cut a Devanagari word (NFC) into units, inserting :data:`SCHWA` after bare consonants."""
    word = unicodedata.normalize("NFC", word)
    units: list[str] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch in _CONSONANTS:
            j = i + 1
            if j < n and word[j] == NUKTA:
                j += 1
            if j < n and word[j] == VIRAMA:
                units.append(word[i : j + 1])
                i = j + 1
                continue
            units.append(word[i:j])
            if not (j < n and word[j] in _MATRAS):
                units.append(SCHWA)
            i = j
        else:
            units.append(ch)
            i += 1
    return units


def units_to_deva(units: list[str] | tuple[str, ...]) -> str:
    """Inverse of :func:`deva_units`."""
    return "".join(u for u in units if u != SCHWA)


# --- Devanagari -> Latin (readable Hinglish style, not ITRANS) -------------------------------------

_CONS_LATN = {
    "क": "k",
    "ख": "kh",
    "ग": "g",
    "घ": "gh",
    "ङ": "n",
    "च": "ch",
    "छ": "chh",
    "ज": "j",
    "झ": "jh",
    "ञ": "n",
    "ट": "t",
    "ठ": "th",
    "ड": "d",
    "ढ": "dh",
    "ण": "n",
    "त": "t",
    "थ": "th",
    "द": "d",
    "ध": "dh",
    "न": "n",
    "प": "p",
    "फ": "ph",
    "ब": "b",
    "भ": "bh",
    "म": "m",
    "य": "y",
    "र": "r",
    "ल": "l",
    "ळ": "l",
    "व": "v",
    "श": "sh",
    "ष": "sh",
    "स": "s",
    "ह": "h",
    "क़": "q",
    "ख़": "kh",
    "ग़": "gh",
    "ज़": "z",
    "फ़": "f",
    "ड़": "r",
    "ढ़": "rh",
    "य़": "y",
    "ऩ": "n",
    "ऱ": "r",
}
_VOWEL_LATN = {
    "अ": "a",
    "आ": "aa",
    "इ": "i",
    "ई": "ee",
    "उ": "u",
    "ऊ": "oo",
    "ऋ": "ri",
    "ए": "e",
    "ऐ": "ai",
    "ओ": "o",
    "औ": "au",
    "ऑ": "o",
    "ऍ": "e",
    "ऎ": "e",
    "ऒ": "o",
}
_MATRA_LATN = {
    "ा": "a",
    "ि": "i",
    "ी": "i",
    "ु": "u",
    "ू": "u",
    "ृ": "ri",
    "े": "e",
    "ै": "ai",
    "ो": "o",
    "ौ": "au",
    "ॉ": "o",
    "ॅ": "e",
    "ॆ": "e",
    "ॊ": "o",
}
_SIGN_LATN = {"ं": "n", "ँ": "n", "ः": "h", "ऽ": "", "।": ".", "॥": "."}
_DIGITS = {chr(0x0966 + i): str(i) for i in range(10)}


def _cons_key(unit: str) -> str:
    return unit[:-1] if unit.endswith(VIRAMA) else unit


def rule_to_latn(word: str) -> str:
    """Rule-based readable romanization with simple schwa deletion (word-final and VC_CV medial)."""
    units = deva_units(word)
    n = len(units)
    # A schwa is silent at the end of a word of more than one syllable, and in the middle when it is
    # flanked by a vowel-bearing syllable on the left and a consonant followed by a vowel on the right
    # (Ohala's rule), applied right to left so that only one of two adjacent schwas is dropped.
    silent = [False] * n
    vowels_before = 0
    for i, u in enumerate(units):
        if u == SCHWA and i == n - 1 and vowels_before >= 1:
            silent[i] = True
        if u == SCHWA or u in _MATRA_LATN or u in _VOWEL_LATN:
            vowels_before += 1
    for i in range(n - 2, 1, -1):
        if units[i] != SCHWA or silent[i]:
            continue
        nxt_cons = i + 1 < n and _cons_key(units[i + 1]) in _CONS_LATN and not units[i + 1].endswith(VIRAMA)
        nxt_vowel = i + 2 < n and (
            units[i + 2] in _MATRA_LATN or (units[i + 2] == SCHWA and not silent[i + 2])
        )
        prev_vowel = i - 2 >= 0 and (
            units[i - 2] in _MATRA_LATN
            or units[i - 2] in _VOWEL_LATN
            or (units[i - 2] == SCHWA and not silent[i - 2])
        )
        if nxt_cons and nxt_vowel and prev_vowel and not silent[i + 2 if i + 2 < n else i]:
            silent[i] = True
    out: list[str] = []
    for i, u in enumerate(units):
        if u == SCHWA:
            out.append("" if silent[i] else "a")
        elif _cons_key(u) in _CONS_LATN:
            latn = _CONS_LATN[_cons_key(u)]
            # anusvara before a labial sounds /m/: "सम्बन्ध" / "संबंध" -> sambandh
            out.append(latn)
        elif u in _MATRA_LATN:
            out.append(_MATRA_LATN[u])
        elif u in _VOWEL_LATN:
            out.append(_VOWEL_LATN[u])
        elif u in _SIGN_LATN:
            nxt = units[i + 1] if i + 1 < n else ""
            out.append("m" if u == "ं" and _cons_key(nxt) in {"प", "फ", "ब", "भ", "म"} else _SIGN_LATN[u])
        elif u in _DIGITS:
            out.append(_DIGITS[u])
        elif u in (NUKTA, VIRAMA):
            continue
        else:
            out.append(u)
    return "".join(out)


# --- Latin -> Devanagari (greedy longest match) -----------------------------------------------------

_L_CONS = {
    "kh": "ख",
    "gh": "घ",
    "chh": "छ",
    "ch": "च",
    "jh": "झ",
    "th": "थ",
    "dh": "ध",
    "ph": "फ",
    "bh": "भ",
    "sh": "श",
    "k": "क",
    "g": "ग",
    "c": "क",
    "j": "ज",
    "t": "त",
    "d": "द",
    "n": "न",
    "p": "प",
    "f": "फ़",
    "b": "ब",
    "m": "म",
    "y": "य",
    "r": "र",
    "l": "ल",
    "v": "व",
    "w": "व",
    "s": "स",
    "h": "ह",
    "q": "क़",
    "z": "ज़",
    "x": "क्स",
}
_L_VOWEL = {  # (independent, matra)
    "aa": ("आ", "ा"),
    "ai": ("ऐ", "ै"),
    "au": ("औ", "ौ"),
    "ee": ("ई", "ी"),
    "oo": ("ऊ", "ू"),
    "ii": ("ई", "ी"),
    "uu": ("ऊ", "ू"),
    "a": ("अ", ""),
    "i": ("इ", "ि"),
    "u": ("उ", "ु"),
    "e": ("ए", "े"),
    "o": ("ओ", "ो"),
}


def rule_to_deva(word: str) -> str:
    """Rule-based Latin -> Devanagari (greedy longest match; inherent vowel for ``a``)."""
    w = word.lower()
    out: list[str] = []
    i, n = 0, len(w)
    prev_cons = False
    while i < n:
        for size in (3, 2, 1):
            piece = w[i : i + size]
            if piece in _L_CONS:
                if prev_cons:
                    out.append(VIRAMA)
                out.append(_L_CONS[piece])
                prev_cons = True
                i += size
                break
            if piece in _L_VOWEL:
                indep, matra = _L_VOWEL[piece]
                out.append(matra if prev_cons else indep)
                prev_cons = False
                i += size
                break
        else:
            out.append(w[i])
            prev_cons = False
            i += 1
    # a final "n" after a vowel is usually nasalisation (nahin -> नहीं)
    return unicodedata.normalize("NFC", "".join(out))
