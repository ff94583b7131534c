"""Social-media steps: URLs, @mentions, #hashtags, emoji, elongations, repeated punctuation, case.

Pure ``str -> str`` functions with keyword-only options, plus extractors used by ``Normalizer.analyze``.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from nlp_social.text import patterns as P
from nlp_social.text.resources import emoji_names, word_costs
from nlp_social.text.segment import segment_hashtag

EntityMode = Literal["keep", "placeholder", "remove"]
HashtagMode = Literal["keep", "segment", "remove"]
EmojiMode = Literal["keep", "name", "remove"]
EmojiLang = Literal["en", "hi"]

URL_PLACEHOLDER = "<url>"
MENTION_PLACEHOLDER = "@user"


# --- URLs and mentions -------------------------------------------------------------------------
def replace_urls(text: str, *, mode: EntityMode = "placeholder", placeholder: str = URL_PLACEHOLDER) -> str:
    """``https://t.co/x`` -> ``<url>`` (``mode="remove"`` drops it, ``"keep"`` leaves it)."""
    if mode == "keep":
        return text
    return P.URL.sub(placeholder if mode == "placeholder" else " ", text)


def replace_mentions(text: str, *, mode: EntityMode = "keep", placeholder: str = MENTION_PLACEHOLDER) -> str:
    """``@RahulGandhi`` -> ``@user`` (placeholder) or removed; ``keep`` leaves it."""
    if mode == "keep":
        return text
    return P.MENTION.sub(placeholder if mode == "placeholder" else " ", text)


def find_urls(text: str) -> list[str]:
    return P.URL.findall(text)


def find_mentions(text: str) -> list[str]:
    return P.MENTION.findall(text)


def find_hashtags(text: str) -> list[str]:
    return P.HASHTAG.findall(text)


# --- hashtags ------------------------------------------------------------------------------------
def hashtag_words(tag: str, *, lowercase: bool = True) -> str:
    """The words of a hashtag as text: ``#ModiHaiToMumkinHai`` -> ``modi hai to mumkin hai``."""
    words = " ".join(segment_hashtag(tag))
    return lowercase_latin(words) if lowercase else words


def expand_hashtags(text: str, *, mode: HashtagMode = "keep", lowercase: bool = True) -> str:
    """``segment``: replace each hashtag by its words; ``remove``: drop it; ``keep``: leave it."""
    if mode == "keep":
        return text
    if mode == "remove":
        return P.HASHTAG.sub(" ", text)
    return P.HASHTAG.sub(lambda m: f" {hashtag_words(m.group(), lowercase=lowercase)} ", text)


# --- emoji ---------------------------------------------------------------------------------------
def find_emoji(text: str) -> list[str]:
    return P.EMOJI.findall(text)


def emoji_name(emoji: str, *, lang: EmojiLang = "en") -> str | None:
    """CLDR name of an emoji in English or Hindi (``😂`` -> ``face with tears of joy`` /
    ``खुशी के आंसुओं वाला चेहरा``); skin tones and variation selectors fall back to the base emoji."""
    names = emoji_names()
    hit = names.get(emoji)
    if hit is None:
        hit = names.get(P.EMOJI_VARIANTS.sub("", emoji))
    if hit is None:
        return None
    return hit[0] if lang == "en" else hit[1]


def emoji_token(emoji: str, *, lang: EmojiLang = "en") -> str:
    """An emoji as one word-like token: ``:face_with_tears_of_joy:`` (unknown emoji stay as they are)."""
    name = emoji_name(emoji, lang=lang)
    if name is None:
        return emoji
    return ":" + re.sub(r"[\s:,.'\"()]+", "_", name.strip().lower()).strip("_") + ":"


def replace_emoji(text: str, *, mode: EmojiMode = "keep", lang: EmojiLang = "en") -> str:
    """``name``: each emoji -> :func:`emoji_token` between spaces; ``remove``: drop; ``keep``: leave."""
    if mode == "keep":
        return text
    if mode == "remove":
        return P.EMOJI.sub(" ", text)
    return P.EMOJI.sub(lambda m: f" {emoji_token(m.group(), lang=lang)} ", text)


# --- elongation, punctuation, case -------------------------------------------------------------
def _reduce_word(word: str, max_repeat: int, use_vocab: bool) -> str:
    runs = list(P.LETTER_RUN.finditer(word))
    default = P.LETTER_RUN.sub(lambda m: m.group(1) * max_repeat, word)
    if not use_vocab or len(runs) > 4:
        return default
    vocab = word_costs()
    best, best_count = default, -1
    # each elongated run is one or two letters in the intended word: try every combination
    for choice in itertools.product((1, 2), repeat=len(runs)):
        parts, pos = [], 0
        for run, k in zip(runs, choice, strict=False):
            parts.append(word[pos : run.start()])
            parts.append(run.group(1) * k)
            pos = run.end()
        parts.append(word[pos:])
        candidate = "".join(parts)
        count = vocab.count(candidate.lower())
        if count > best_count:
            best, best_count = candidate, count
    return best if best_count > 0 else default


def reduce_elongation(text: str, *, max_repeat: int = 2, use_vocab: bool = True) -> str:
    """Letters typed 3+ times: ``bahuuut`` -> ``bahut``, ``sooooo`` -> ``so`` (the most frequent
    known word among the 1- and 2-letter readings), unknown words keep ``max_repeat`` letters
    (``hmmmmm`` -> ``hmm``). Devanagari signs typed twice or more keep one (``हाााा`` -> ``हा``)."""
    if not text.isascii() and P.DEVA_ANY.search(text):
        text = P.DEVA_SIGN_RUN.sub(r"\1", text)
    if not P.LETTER_RUN.search(text):
        return text
    return P.ELONGATED_WORD.sub(lambda m: _reduce_word(m.group(), max_repeat, use_vocab), text)


def _question_exclaim(m: re.Match) -> str:
    run = m.group()
    if "!" in run and "?" in run:
        return "?!"
    return run[0]


def reduce_punctuation(text: str) -> str:
    """``!!!!!`` -> ``!``, ``??`` -> ``?``, ``?!?!`` -> ``?!``, ``.....`` -> ``...``, ``,,,`` -> ``,``."""
    text = P.QUESTION_EXCLAIM.sub(_question_exclaim, text)
    text = P.DOTS.sub("...", text)
    return P.REPEATED_PUNCT.sub(r"\1", text)


def lowercase_latin(text: str) -> str:
    """Lowercase Latin letters; Devanagari has no case, and the letters of other cased scripts
    (Greek, Cyrillic, ...) are never touched. Character by character, so it gives the same result on
    a whole post as on each of its tokens."""
    if text.isascii() or not P.OTHER_CASED.search(text):
        return text.lower()
    return P.NOT_OTHER_CASED_RUN.sub(lambda m: m.group().lower(), text)
