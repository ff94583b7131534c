"""Precompiled regular expressions and translation tables: the one home of script ranges and token regexes.

Kept in one module so every layer (text, corpora, lang, embed, topics, stance, cli) uses the same
definition of a URL, a mention, an emoji or a Devanagari span, and so that nothing is compiled per call.
Where two parts differ on purpose (a trained model's features depend on its exact pattern), both
variants live here under names that say how they differ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# --- scripts -----------------------------------------------------------------------------------
#: the Devanagari block (U+0900-U+097F), dandas and digits included
DEVA_BLOCK = "\u0900-\u097f"
#: the Devanagari block plus Devanagari Extended and Vedic Extensions (what counts as script "Deva")
DEVA_SCRIPT = f"{DEVA_BLOCK}\ua8e0-\ua8ff\u1cd0-\u1cff"
#: letters, signs and digits of Devanagari, without the dandas (those are punctuation here)
DEVA_CHARS = "\u0900-\u0963\u0966-\u097f"
#: letters and signs of Devanagari: no dandas, no digits, no abbreviation sign (U+0970)
DEVA_LETTERS = "\u0900-\u0963\u0971-\u097f"
#: Devanagari without dandas and digits, the abbreviation sign kept (the transliterator's word runs)
DEVA_NON_DIGITS = "\u0900-\u0963\u0970-\u097f"
DEVA_ANY = re.compile(f"[{DEVA_BLOCK}]")
#: one run of block characters (dandas and digits included)
DEVA_BLOCK_RUN = re.compile(f"[{DEVA_BLOCK}]+")
#: one run of Devanagari letters, signs and digits (no dandas)
DEVA_CHARS_RUN = re.compile(f"[{DEVA_CHARS}]+")
#: one run of Devanagari (ZWJ/ZWNJ inside a run belong to it: the policy decides their fate)
DEVA_SPAN = re.compile(f"[{DEVA_CHARS}][{DEVA_CHARS}\u200c\u200d]*")
DEVA_DIGITS = "\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f"
VIRAMA = "\u094d"
#: Devanagari combining signs: a word may never be cut just before one of these
DEVA_COMBINING = re.compile("[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
#: word characters for entity boundaries: \w, Devanagari signs and combining marks (so that
#: lowercasing "İ" to "i" + U+0307 never moves a hashtag or mention boundary)
WORD_CHARS = rf"\w{DEVA_CHARS}\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20dc\ufe20-\ufe2f"

# --- emoji -------------------------------------------------------------------------------------
_EMOJI_BASE = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\u2190-\u21ff\u25a0-\u25ff"
    "\u3030\u303d\u3297\u3299\u203c\u2049\u2122\u2139\u2934\u2935\u24c2"
)
_EMOJI_MOD = "(?:\ufe0f|\u20e3|[\U0001f3fb-\U0001f3ff]|[\U000e0020-\U000e007f])*"
_EMOJI_ATOM = (
    f"(?:[\U0001f1e6-\U0001f1ff]{{2}}|[0-9#*]\ufe0f?\u20e3|[\u00a9\u00ae]\ufe0f|[{_EMOJI_BASE}]{_EMOJI_MOD})"
)
EMOJI_PATTERN = f"{_EMOJI_ATOM}(?:\u200d{_EMOJI_ATOM})*"
EMOJI = re.compile(EMOJI_PATTERN)
#: emoji variation selector and skin tones: dropped when looking a name up
EMOJI_VARIANTS = re.compile("[\ufe0f\ufe0e\U0001f3fb-\U0001f3ff]")

# --- social entities ---------------------------------------------------------------------------
_URL_TAIL = r"[^\s<>\"'(){}\[\].,;:!?\u0964\u0965]"
#: case-insensitive only for ASCII letters ((?ai:...)): with plain IGNORECASE, "İ", "ſ" or the
#: Kelvin sign would match ASCII letters before lowercasing and not after (not idempotent)
URL_PATTERN = (
    rf"(?ai:(?:https?|ftp)://|www\d?\.)[^\s<>\"]*{_URL_TAIL}"
    rf"|(?<![@{WORD_CHARS}.])(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+"
    r"(?ai:com|org|net|in|co|ly|io|gov|edu|me|tv|info|gl|to|be|us|uk)"
    rf"(?:/[^\s<>\"]*{_URL_TAIL}|/)?(?![\w.@<])"  # '<': "a.co" glued to a <url> placeholder
)
URL = re.compile(URL_PATTERN)
MENTION_PATTERN = rf"(?<![{WORD_CHARS}.@])@[A-Za-z0-9_]{{1,30}}(?![{WORD_CHARS}@])"
MENTION = re.compile(MENTION_PATTERN)
#: a hashtag; chained tags ("#a#b") are one entity, since the second '#' follows a letter
HASHTAG_PATTERN = (
    rf"(?<![{WORD_CHARS}&])#(?=[{WORD_CHARS}]*[^\W\d_]|[{WORD_CHARS}]*[{DEVA_CHARS}])[{WORD_CHARS}]+"
    rf"(?:#[{WORD_CHARS}]+)*"
)
HASHTAG = re.compile(HASHTAG_PATTERN)
MENTION_TOKEN = re.compile(r"@[A-Za-z0-9_]{1,30}")
#: a token that is one http(s)/www URL and nothing else
URL_TOKEN = re.compile(rf"(?ai:https?://|www\d?\.)[^\s<>\"]*{_URL_TAIL}")
#: the entities that the plain-text steps (case, elongation) must not touch, in priority order
ENTITY = re.compile(
    f"(?P<url>{URL_PATTERN})|(?P<mention>{MENTION_PATTERN})|(?P<hashtag>{HASHTAG_PATTERN})|(?P<emoji>{EMOJI_PATTERN})"
)
RETWEET = re.compile(r"^\s*rt\s*(?=@)", re.IGNORECASE)
#: a loose URL (scheme or www. up to the next space): stance features mask these, corpus statistics skip them
URL_LOOSE_PATTERN = r"https?://\S+|www\.\S+"
URL_LOOSE = re.compile(URL_LOOSE_PATTERN)

# --- the language-ID tokenizer (lang.mix.social_tokens; the shipped LID model's features follow it) ---
#: characters inside a word of any script: \w misses Devanagari vowel signs and virama (category M*),
#: so they are listed, as are combining diacritics and the zero-width (non-)joiners of Indic text
SCRIPT_WORD_CHARS = rf"\w\u0300-\u036F{DEVA_SCRIPT}\u200C\u200D"
SOCIAL_TOKEN = re.compile(
    r"(?:https?://|www\.)\S+"  # URL
    rf"|[@#][{SCRIPT_WORD_CHARS}]+"  # @mention, #hashtag
    rf"|[{SCRIPT_WORD_CHARS}]+(?:['’][{SCRIPT_WORD_CHARS}]+)*"  # word (don't, India's)
    rf"|([^\s{SCRIPT_WORD_CHARS}])\1*",  # a run of one repeated symbol ("...", "!!!", "😭😭")
)
#: a token that is one loose URL and nothing else (any case)
URL_LOOSE_TOKEN = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

# --- elongation and punctuation ----------------------------------------------------------------
#: a Latin word with a letter written three or more times in a row ("sooooo", "bahuuut")
ELONGATED_WORD = re.compile(r"[A-Za-z]*([A-Za-z])\1\1[A-Za-z]*")
LETTER_RUN = re.compile(r"([A-Za-z])\1{2,}")
#: a Devanagari vowel sign or nasal sign typed twice or more ("हाााा")
DEVA_SIGN_RUN = re.compile("([\u0901-\u0903\u093e-\u094c])\\1+")
PUNCT_RUN_HINT = re.compile(r"[!?][!?]|\.\.\.\.|([,;:*~=_+^])\1")
#: a chunk that is one Devanagari word (no entity, punctuation or Latin inside)
DEVA_WORD = re.compile(f"[{DEVA_CHARS}\u200c\u200d]+")
QUESTION_EXCLAIM = re.compile(r"[!?]{2,}")
DOTS = re.compile(r"\.{4,}")
REPEATED_PUNCT = re.compile(r"([,;:*~=_+^])\1+")
#: '|' and '||' typed for danda / double danda after Devanagari (the space before is optional)
#: (the context, a Devanagari letter right before or one space before, is checked in Python: a
#: pattern that starts with the Devanagari class would be tried at every Devanagari letter)
PIPE_DANDA = re.compile(r"\|\|?(?!\|)")
DEVA_CHAR = re.compile(f"[{DEVA_CHARS}]")

WHITESPACE = re.compile(r"\s+")
HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
BLANK_LINES = re.compile(r"\s*\n\s*")

# --- translation tables (one pass of str.translate) ----------------------------------------------
#: invisible format characters dropped everywhere: BOM, zero-width space, soft hyphen, word joiner,
#: invisible operators, bidi marks/embeddings/isolates, Mongolian vowel separator, CGJ
INVISIBLE = (
    "\ufeff\ufffe\u200b\u00ad\u2060\u2061\u2062\u2063\u2064\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u180e\u034f"
)
SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
)
LINE_BREAKS = "\u2028\u2029\x85"
_PUNCT_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u2014": " - ", "\u2015": " - ",
    "\u2026": "...",
}  # fmt: skip


def build_table(*, punctuation: bool, digits: bool) -> dict[int, str | None]:
    """The ``str.translate`` table for the chosen options."""
    table: dict[int, str | None] = {ord(c): None for c in INVISIBLE}
    table.update({ord(c): " " for c in SPACES})
    table.update({ord(c): "\n" for c in LINE_BREAKS})
    if punctuation:
        table.update({ord(k): v for k, v in _PUNCT_MAP.items()})
    if digits:
        table.update({ord(d): str(i) for i, d in enumerate(DEVA_DIGITS)})
    return table


# --- dedup -------------------------------------------------------------------------------------
#: "RT @user:" and "RT:" heads of retweets / quoted copies
RETWEET_HEAD = re.compile(r"^\s*(?:rt\b\s*:?\s*)?(?:@[A-Za-z0-9_]{1,30}\s*:\s*)?", re.IGNORECASE)
NON_WORD = re.compile(rf"[^{WORD_CHARS}\s]+|_")

#: a character outside the Basic Multilingual Plane (most emoji): such text is stored 4 bytes/char
ASTRAL = re.compile("[\U00010000-\U0010ffff]")

# --- fast-path triggers ------------------------------------------------------------------------
#: cased letters of non-Latin scripts (Greek, Cyrillic, Armenian, Georgian, Cherokee, Glagolitic,
#: Coptic, Deseret, Osage, Old Hungarian, Warang Citi, Medefaidrin, Adlam, Vithkuqi...): never lowercased
_OTHER_CASED = (
    "\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u10a0-\u10ff\u13a0-\u13ff\u1c80-\u1cbf\u1f00-\u1fff"
    "\u2c00-\u2c5f\u2c80-\u2cff\u2d00-\u2d2f\ua640-\ua69f\uab70-\uabbf\U00010400-\U0001044f"
    "\U000104b0-\U000104ff\U00010570-\U000105bf\U00010c80-\U00010cff\U000118a0-\U000118ff"
    "\U00016e40-\U00016e9f\U0001e900-\U0001e94b\u2126"
)
OTHER_CASED = re.compile(f"[{_OTHER_CASED}]")
NOT_OTHER_CASED_RUN = re.compile(f"[^{_OTHER_CASED}]+")
#: characters that NFC may change, outside Devanagari (whose spans are NFC'd with indic-nlp's output)
_NFC_SAFE_RANGES = (
    (0x00, 0x7F), (0x0900, 0x097F), (0x2010, 0x205F), (0x20A0, 0x20BF), (0x2190, 0x2BFF), (0x3030, 0x3030),
    (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299), (0xFE0F, 0xFE0F), (0x200C, 0x200D),
    (0x1F000, 0x1FAFF), (0xE0020, 0xE007F),
)  # fmt: skip


def _class(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


_NFC_SAFE = _class(_NFC_SAFE_RANGES)


def special_chars(exclude: Iterable[str]) -> re.Pattern[str]:
    """Characters outside the NFC-safe set, plus ``exclude`` (taken out of the safe set): one scan
    finds everything the whole-post step must handle (translate table, ZWJ/ZWNJ, newlines, NFC)."""
    drop = {ord(c) for c in exclude}
    keep: list[tuple[int, int]] = []
    for a, b in _NFC_SAFE_RANGES:
        start = None
        for cp in range(a, b + 1):
            if cp in drop:
                if start is not None:
                    keep.append((start, cp - 1))
                    start = None
            elif start is None:
                start = cp
        if start is not None:
            keep.append((start, b))
    return re.compile(f"[^{_class(keep)}]")


NFC_UNSAFE = re.compile(f"[^{_NFC_SAFE}]")
#: starts of everything the per-token step may change in a lowercased, whitespace-collapsed post:
#: entities, emoji, punctuation runs, and characters that indic-nlp's Devanagari normalizer changes
#: with the default options (precomposed nukta letters, chandra a) or that NFC may change inside
#: Devanagari (nukta, stress marks). Written as one character set followed by lookbehind checks so
#: the regex engine can skip ahead on that set (an alternation is several times slower).
_INDIC = "\u0929\u0931\u0934\u0958-\u095f\u0972"
_TLDS = "com|org|net|in|co|ly|io|gov|edu|me|tv|info|gl|to|be|us|uk"


def build_trigger(
    *, hashtags: bool = True, mentions: bool = True, ascii_only: bool = False
) -> re.Pattern[str]:
    """The trigger regex; ``#`` / ``@`` only when the hashtag / mention option rewrites them (a kept
    tag or mention is already final once the post is lowercased). Frequent characters ('.', 'w')
    are left to :data:`DOT_TRIGGER` and a literal search for "www". ``ascii_only``: the same
    pattern for ASCII texts only (a small first-character set the engine scans for faster)."""
    single = ("#" if hashtags else "") + ("@" if mentions else "")
    if not ascii_only:
        single += f"{_EMOJI_BASE}\u20e3\ufe0f{_INDIC}"
    lone = f"(?<=[{single}])|" if single else ""
    return re.compile(
        f"[{single}!?,;:*~=_+^](?:{lone}"
        r"(?<=[!?])[!?]|(?<=,),|(?<=;);|(?<=:)(?::|//)"
        r"|(?<=\*)\*|(?<=~)~|(?<==)=|(?<=_)_|(?<=\+)\+|(?<=\^)\^)"
    )


#: a bare-domain ending or four dots (literal '.' prefix: the engine jumps between dots)
DOT_TRIGGER = re.compile(r"\.(?:" + _TLDS + r"|\.\.\.)")
#: whitespace other than the plain space (after the translate step)
OTHER_WHITESPACE = ("\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85")
OTHER_WHITESPACE_RE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1f\x85]")
LATIN_TRIPLE = re.compile(r"([a-z])\1\1")
#: what indic-nlp's Devanagari normalizer changes with the default options (precomposed nukta
#: letters, chandra a) plus what NFC may change inside Devanagari (nukta, stress marks)
INDIC_TRIGGER = re.compile("[\u0929\u0931\u0934\u0958-\u095f\u0972]")
#: two-character sequences that NFC changes inside Devanagari: na/ra/lla + nukta compose, and
#: combining marks in non-canonical order are reordered (virama before nukta, stress marks)
DEVA_NFC_PAIRS = ("\u0928\u093c", "\u0930\u093c", "\u0933\u093c") + tuple(
    a + b
    for a in "\u093c\u094d\u0951\u0952\u0953\u0954"
    for b in "\u093c\u094d\u0951\u0952\u0953\u0954"
    if unicodedata.combining(a) > unicodedata.combining(b) > 0
)
#: a Devanagari vowel or nasal sign typed twice
DEVA_SIGN_DOUBLE = re.compile("([\u0901-\u0903\u093e-\u094c])\\1")
