"""Casual romanization of Devanagari Hindi, used to make romanized copies of Hindi training sentences.

People type romanized Hindi with free spelling (``hai``/``he``, ``mujhe``/``muje``), so training copies are
*sampled*: each word's romanization is drawn from the spellings native speakers wrote for it in the Dakshina
lexicon (train split), weighted by how many attested it; unknown words fall back to rules with schwa deletion.
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from itertools import accumulate
from pathlib import Path

from nlp_social.text import patterns as P

_VOWELS = {
    "अ": "a", "आ": "aa", "इ": "i", "ई": "ee", "उ": "u", "ऊ": "oo", "ऋ": "ri", "ए": "e", "ऐ": "ai",
    "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e", "ॲ": "e",
}
_MATRAS = {
    "ा": "aa", "ि": "i", "ी": "ee", "ु": "u", "ू": "oo", "ृ": "ri", "े": "e", "ै": "ai", "ो": "o",
    "ौ": "au", "ॉ": "o", "ॅ": "e", "ॆ": "e", "ॊ": "o",
}
_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j", "झ": "jh",
    "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t", "थ": "th", "द": "d",
    "ध": "dh", "न": "n", "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r",
    "ल": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s", "ह": "h", "ळ": "l", "क़": "q", "ख़": "kh",
    "ग़": "g", "ज़": "z", "ड़": "d", "ढ़": "rh", "फ़": "f", "य़": "y",
}
_NUKTA_FORMS = {"क": "क़", "ख": "ख़", "ग": "ग़", "ज": "ज़", "ड": "ड़", "ढ": "ढ़", "फ": "फ़", "य": "य़"}
_DIGITS = {chr(0x0966 + i): str(i) for i in range(10)}
_SIGNS = {"ं": "n", "ँ": "n", "ः": "h", "।": ".", "॥": "."}
_VIRAMA = "्"
_NUKTA = "़"
_WORD = P.DEVA_CHARS_RUN


def rule_romanize(word: str) -> str:
    """Rule-based romanization with the usual Hindi schwa deletion (word-final and ``VC_CV``)."""
    word = unicodedata.normalize("NFC", word)
    # units: (latin, kind) where kind is C (consonant with inherent schwa), c (half consonant), V, M, S
    units: list[list[str]] = []
    i = 0
    while i < len(word):
        ch = word[i]
        if i + 1 < len(word) and word[i + 1] == _NUKTA and ch in _NUKTA_FORMS:
            ch = _NUKTA_FORMS[ch]
            i += 1
        if ch in _CONSONANTS:
            units.append([_CONSONANTS[ch], "C"])
        elif ch == _VIRAMA and units and units[-1][1] == "C":
            units[-1][1] = "c"
        elif ch in _MATRAS and units and units[-1][1] == "C":
            units[-1] = [units[-1][0] + _MATRAS[ch], "CV"]
        elif ch in _VOWELS:
            units.append([_VOWELS[ch], "V"])
        elif ch in _SIGNS:
            units.append([_SIGNS[ch], "S"])
        elif ch in _DIGITS:
            units.append([_DIGITS[ch], "S"])
        elif ch != _NUKTA:
            units.append([ch, "S"])
        i += 1
    out = []
    for k, (latin, kind) in enumerate(units):
        if kind != "C":
            out.append(latin)
            continue
        last = k == len(units) - 1 or all(u[1] == "S" for u in units[k + 1 :])
        prev_vowel = k > 0 and units[k - 1][1] in ("CV", "V", "C")
        next_full = k + 1 < len(units) and units[k + 1][1] in ("CV",) and k + 2 < len(units)
        if (last and k > 0) or (prev_vowel and next_full and k > 1):
            out.append(latin)  # deleted schwa
        else:
            out.append(latin + "a")
    return "".join(out)


class Romanizer:
    """Devanagari -> romanized Hindi; ``sample=True`` draws attested spelling variants (seeded)."""

    def __init__(self, random_state: int = 0) -> None:
        self.random_state = random_state

    def fit_lexicon(self, rows: list[tuple[str, str, int]]) -> Romanizer:
        """``rows``: (Devanagari word, romanization, attestation count)."""
        table: dict[str, dict[str, int]] = defaultdict(dict)
        for deva, latn, count in rows:
            deva = unicodedata.normalize("NFC", deva)
            latn = latn.lower()
            table[deva][latn] = table[deva].get(latn, 0) + int(count)
        self.variants_ = {d: (list(v), list(accumulate(v.values()))) for d, v in table.items()}
        self.best_ = {d: max(v.items(), key=lambda kv: kv[1])[0] for d, v in table.items()}
        self._rng = random.Random(self.random_state)
        return self

    def word(self, word: str, sample: bool = False) -> str:
        lexicon = getattr(self, "variants_", {})
        if word in lexicon:
            if sample:
                forms, cum_weights = lexicon[word]
                return self._rng.choices(forms, cum_weights=cum_weights)[0]
            return self.best_[word]
        return rule_romanize(word)

    def romanize(self, text: str, sample: bool = False) -> str:
        """Romanize every Devanagari word of ``text``; everything else is left as it is."""
        text = unicodedata.normalize("NFC", text)
        return _WORD.sub(lambda m: self.word(m.group(0), sample), text).replace("।", ".")


def dakshina_lexicon_rows(data_dir: str | Path | None = None) -> list[tuple[str, str, int]]:
    """Dakshina Hindi romanization lexicon, train split only (its dev/test belong to the translit evaluation)."""
    # deferred: training-time only; the runtime embedder never loads the corpus registry (pandas)
    from nlp_social.corpora.registry import corpus_info, require_file
    from nlp_social.paths import data_dir as _data_dir

    folder = _data_dir(data_dir) / corpus_info("dakshina_hi_lexicons").folder
    path = require_file(folder / "hi.translit.sampled.train.tsv", "dakshina_hi_lexicons")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] and parts[1]:
            count = int(parts[2]) if len(parts) > 2 and parts[2].strip().isdigit() else 1
            rows.append((parts[0], parts[1], count))
    return rows
