"""Unicode-level steps: NFC, invisible characters, ZWJ/ZWNJ policy, punctuation, Devanagari.

Every function is a pure ``str -> str`` step with keyword-only options.

ZWJ/ZWNJ policy (``zero_width``):

- ``"strip"`` (default): remove ZWJ (U+200D) and ZWNJ (U+200C) everywhere except the ZWJ that glues an
  emoji sequence (👨‍👩‍👧 stays one emoji). In Hindi they only choose a rendering (half form vs. explicit
  virama, e.g. क्‍ष / क्‌ष); the word is the same, and users type them inconsistently, so stripping
  makes spellings of one word identical — what search, counting and models need. indic-nlp's own
  normalizer strips them too.
- ``"keep_conjunct"``: keep them right after a virama (the only place they change rendering in
  Devanagari), strip them elsewhere. For display-faithful output.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Literal

from nlp_social.text import patterns as P

ZeroWidth = Literal["strip", "keep_conjunct"]
NasalsMode = Literal["do_nothing", "to_anusvaara_strict", "to_anusvaara_relaxed", "to_nasal_consonants"]

_ZW = re.compile("[\u200c\u200d]")
_CONSONANT = re.compile("[\u0915-\u0939\u0958-\u095f]")
_PUA_ZWNJ, _PUA_ZWJ = "\ue000", "\ue001"
_DANDA_PAIRS = ("\u0964\u0964", "\u0964\u0965", "\u0965\u0964", "\u0965\u0965")


def nfc(text: str) -> str:
    """Unicode NFC (canonical composition); a no-op for text that is already NFC."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def translate_chars(text: str, *, punctuation: bool = True, digits: bool = True) -> str:
    """One ``str.translate`` pass: drop invisible format characters (BOM, U+200B, soft hyphen, bidi
    marks), unify exotic spaces, and optionally straighten quotes / dashes / ellipsis and turn
    Devanagari digits into ASCII."""
    return text.translate(_table(punctuation, digits))


@cache
def _table(punctuation: bool, digits: bool) -> dict[int, str | None]:
    return P.build_table(punctuation=punctuation, digits=digits)


def zero_width(text: str, *, policy: ZeroWidth = "strip") -> str:
    """Apply the ZWJ/ZWNJ policy described in the module docstring."""
    if "\u200c" not in text and "\u200d" not in text:
        return text
    keep_conjunct = policy == "keep_conjunct"
    # A ZWJ survives only inside a whole emoji ZWJ sequence as the emoji pattern reads it; judging by its
    # neighbours alone kept a ZWJ after a stray U+FE0F that the emoji step then cut off (not idempotent).
    glue: set[int] = set()
    i = text.find("\u200d")
    while i >= 0:
        # an emoji match never holds a space, so the matches around this ZWJ are those of its
        # space-delimited token (scanning only the tokens with a ZWJ, not a whole batch of posts)
        start = text.rfind(" ", 0, i) + 1
        end = text.find(" ", i)
        end = len(text) if end < 0 else end
        for em in P.EMOJI.finditer(text, start, end):
            if "\u200d" in em.group():
                glue.update(em.start() + k for k, ch in enumerate(em.group()) if ch == "\u200d")
        i = text.find("\u200d", end)

    if not keep_conjunct:
        # (a batch of posts can hold thousands: str.replace and slicing instead of a callback each)
        if not glue:
            return text.replace("\u200c", "").replace("\u200d", "")
        parts: list[str] = []
        last = 0
        for m in _ZW.finditer(text):
            if m.start() not in glue:
                parts.append(text[last : m.start()])
                last = m.end()
        parts.append(text[last:])
        return "".join(parts)

    def repl(m: re.Match) -> str:
        s, i = m.string, m.start()
        if i in glue:
            return m.group()
        prev = s[i - 1] if i else ""
        nxt = s[i + 1 : i + 2]
        if keep_conjunct and prev == P.VIRAMA and nxt and _CONSONANT.match(nxt):
            return m.group()
        return ""

    return _ZW.sub(repl, text)


@cache
def _indic_normalizer(remove_nuktas: bool, nasals_mode: str):
    from indicnlp.normalize.indic_normalize import IndicNormalizerFactory

    return IndicNormalizerFactory().get_normalizer("hi", remove_nuktas=remove_nuktas, nasals_mode=nasals_mode)


def devanagari_span(span: str, *, remove_nuktas: bool = False, nasals_mode: NasalsMode = "do_nothing") -> str:
    """indic-nlp's Devanagari normalizer on one span of Devanagari letters (nukta forms, nasals).

    ZWJ/ZWNJ that survived the policy step are protected from indic-nlp (which would strip them)."""
    protected = span.replace("\u200c", _PUA_ZWNJ).replace("\u200d", _PUA_ZWJ)
    out = _indic_normalizer(remove_nuktas, nasals_mode).normalize(protected)
    return nfc(out.replace(_PUA_ZWNJ, "\u200c").replace(_PUA_ZWJ, "\u200d"))


def devanagari_spans(
    spans: list[str], *, remove_nuktas: bool = False, nasals_mode: NasalsMode = "do_nothing"
) -> list[str]:
    """:func:`devanagari_span` on many spans with a single indic-nlp call (joined by NUL, which no
    indic-nlp rule reads or writes; rules only look inside a span)."""
    if not spans:
        return []
    joined = "\x00".join(spans).replace("\u200c", _PUA_ZWNJ).replace("\u200d", _PUA_ZWJ)
    out = _indic_normalizer(remove_nuktas, nasals_mode).normalize(joined)
    parts = out.replace(_PUA_ZWNJ, "\u200c").replace(_PUA_ZWJ, "\u200d").split("\x00")
    if len(parts) != len(spans):  # pragma: no cover - defensive: fall back to one call per span
        return [devanagari_span(s, remove_nuktas=remove_nuktas, nasals_mode=nasals_mode) for s in spans]
    return [nfc(p) for p in parts]


def normalize_devanagari(
    text: str,
    *,
    remove_nuktas: bool = False,
    nasals_mode: NasalsMode = "do_nothing",
    cache: dict | None = None,
) -> str:
    """Run indic-nlp only on Devanagari spans; Latin, emoji and punctuation never reach it.

    (indic-nlp on a whole post would also turn every ``|`` into a danda and every ``:`` after a
    Devanagari letter into a visarga — wrong for "साझा करें: ..." — so spans are safer as well as faster.)
    ``cache`` maps span -> result and is shared across calls by the Normalizer.
    """
    if not P.DEVA_ANY.search(text):
        return text

    def repl(m: re.Match) -> str:
        span = m.group()
        if cache is not None:
            hit = cache.get(span)
            if hit is None:
                hit = cache[span] = devanagari_span(
                    span, remove_nuktas=remove_nuktas, nasals_mode=nasals_mode
                )
            return hit
        return devanagari_span(span, remove_nuktas=remove_nuktas, nasals_mode=nasals_mode)

    return P.DEVA_SPAN.sub(repl, text)


def devanagari_digits_to_ascii(text: str) -> str:
    """``२०२०`` -> ``2020``."""
    return text.translate(_table(False, True))


def normalize_danda(text: str) -> str:
    """Dandas: ``|``/``||`` typed after Devanagari -> ``।``/``॥``; ``।।`` -> ``॥``; runs collapse.

    A ``|`` after Latin text or between spaces is left alone (it may be a separator)."""
    if "|" not in text and not any(pair in text for pair in _DANDA_PAIRS):
        return text
    if "|" in text:
        text = P.PIPE_DANDA.sub(_pipe_danda, text)
    # any run of two or more dandas -> one double danda (str.replace: C speed on long batches)
    while any(pair in text for pair in _DANDA_PAIRS):
        for pair in _DANDA_PAIRS:
            text = text.replace(pair, "\u0965")
    return text


def _pipe_danda(m: re.Match) -> str:
    s, i = m.string, m.start()
    if i > 0 and (
        P.DEVA_CHAR.match(s, i - 1)
        or (i > 1 and s[i - 1].isspace() and s[i - 1] != "\n" and P.DEVA_CHAR.match(s, i - 2))
    ):
        return "\u0965" if len(m.group()) == 2 else "\u0964"
    return m.group()


def nfc_tokens(text: str, chars: list[str] | None = None) -> str:
    """NFC applied only to the whitespace-delimited tokens that hold a character NFC may change
    (NFC never acts across a space, and most tokens of a post are plain ASCII or Devanagari).
    ``chars``: those characters when already known (found with str.find instead of a regex scan)."""
    out: list[str] = []
    last = 0
    if chars is None or len(chars) > 4:
        # (many characters: one scan of the class beats a find loop per character over a batch)
        starts: list[int] = [m.start() for m in P.NFC_UNSAFE.finditer(text)]
        if chars is not None:
            wanted = set(chars)
            starts = [i for i in starts if text[i] in wanted]
    else:
        starts = []
        for ch in chars:
            i = text.find(ch)
            while i >= 0:
                starts.append(i)
                i = text.find(ch, i + 1)
        starts.sort()
    for p in starts:
        if p < last:
            continue
        start = max(text.rfind(" ", last, p), text.rfind("\n", last, p)) + 1 or last
        start = max(start, last)
        end = text.find(" ", p)
        end = len(text) if end < 0 else end
        nl = text.find("\n", p, end)  # bounded: never a scan to the end of a long batch
        if nl >= 0:
            end = nl
        token = text[start:end]
        out.append(text[last:start])
        out.append(token if unicodedata.is_normalized("NFC", token) else unicodedata.normalize("NFC", token))
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def normalize_whitespace(text: str, *, keep_newlines: bool = False) -> str:
    """Collapse runs of whitespace to one space (or keep single line breaks) and strip the ends."""
    if keep_newlines:
        text = P.HORIZONTAL_SPACE.sub(" ", text)
        return P.BLANK_LINES.sub("\n", text).strip()
    return P.WHITESPACE.sub(" ", text).strip()
