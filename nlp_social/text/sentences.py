"""Sentence splitting: indic-nlp's splitter for Devanagari lines (danda, ?, !, non-breaking
abbreviations such as ``डॉ.`` and ``श्री.``), an English-aware rule for Latin lines.

Line breaks always end a sentence (social posts use them as sentence breaks).
"""

from __future__ import annotations

import re

from nlp_social.text import patterns as P

#: Latin abbreviations after which a period does not end a sentence (lowercase, without the dot)
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc eg ie vol fig approx dept govt est inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft rs pvt sh smt shri".split()
)
_LATIN_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_ELLIPSIS = "\ue010"
_ABBR_DOT = "\ue011"
# "U.S." / "e.g." style dots inside a Devanagari line: protect them from indic-nlp
_LATIN_DOTTED = re.compile(
    r"\b(?:[A-Za-z]\.){{2,}}|\b(?:{})\.".format("|".join(sorted(ABBREVIATIONS))), re.IGNORECASE
)


def _split_latin(line: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _LATIN_BOUNDARY.finditer(line):
        head = line[start : m.start()]
        word = _WORD_BEFORE.search(head)
        if word is not None:
            w = word.group(1).lower()
            # "dr." / "e.g." / single initials ("j. k. rowling") do not end a sentence
            if w in ABBREVIATIONS or len(w) == 1 or "." in w:
                continue
        out.append(head.strip())
        start = m.end()
    out.append(line[start:].strip())
    return [s for s in out if s]


def _split_devanagari(line: str) -> list[str]:
    from indicnlp.tokenize.sentence_tokenize import sentence_split

    protected = line.replace("...", _ELLIPSIS)
    protected = _LATIN_DOTTED.sub(lambda m: m.group().replace(".", _ABBR_DOT), protected)
    pieces = sentence_split(protected, lang="hi")
    return [p.replace(_ELLIPSIS, "...").replace(_ABBR_DOT, ".").strip() for p in pieces if p.strip()]


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` in order; their concatenation keeps every non-space character."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if P.DEVA_ANY.search(line):
            sentences.extend(_split_devanagari(line))
        else:
            sentences.extend(_split_latin(line))
    return sentences
