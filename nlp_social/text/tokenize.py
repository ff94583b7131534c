"""Tokenization on spaCy's rule-based tokenizers for Hindi and English (the ones ``spacy.blank``
builds), with URLs, @mentions, #hashtags, placeholders and whole emoji sequences kept as one token.

The tokenizers are created lazily, once per language and process. They are assembled from the
language defaults directly (not through ``spacy.blank``) so that no spaCy pipeline, factory or
entry point is loaded just to split words.
"""

from __future__ import annotations

import re
from functools import cache

from nlp_social.text import patterns as P

_SPECIAL = re.compile(
    rf"^(?:{P.URL_PATTERN}|{P.MENTION_PATTERN}|{P.HASHTAG_PATTERN}|<url>|:[a-z0-9_\-]+:|{P.EMOJI_PATTERN})$",
    re.IGNORECASE,
)
_EMOJI_SPLIT = re.compile(f"({P.EMOJI_PATTERN})")


@cache
def spacy_tokenizer(lang: str = "en"):
    """spaCy's default tokenizer for ``lang`` ("hi" or "en"), with social tokens kept whole."""
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, get_lang_class
    from spacy.vocab import Vocab

    defaults = get_lang_class(lang).Defaults
    vocab = Vocab(lex_attr_getters=dict(defaults.lex_attr_getters))
    # the double danda is missing from spaCy's punctuation lists
    prefixes = [*(defaults.prefixes or ()), "॥"]
    suffixes = [*(defaults.suffixes or ()), "॥"]
    infixes = defaults.infixes or ()
    return Tokenizer(
        vocab,
        rules={**defaults.tokenizer_exceptions, "<url>": [{ORTH: "<url>"}]},
        prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
        suffix_search=compile_suffix_regex(suffixes).search if suffixes else None,
        infix_finditer=compile_infix_regex(infixes).finditer if infixes else None,
        token_match=_SPECIAL.match,
        url_match=defaults.url_match,
    )


def spacy_tokens(text: str, *, lang: str | None = None) -> list[str]:
    """spaCy ``hi``/``en`` rule tokens of ``text`` (already normalized). ``lang`` picks the tokenizer; by default ``hi`` when
    the text has Devanagari, else ``en``. Emoji sequences (👨‍👩‍👧, 👍🏽, 🇮🇳) stay single tokens."""
    if not text:
        return []
    if lang is None:
        lang = "hi" if not text.isascii() and P.DEVA_ANY.search(text) else "en"
    if not text.isascii() and P.EMOJI.search(text):
        # spaCy would cut ZWJ sequences and skin tones apart: isolate emoji first
        text = _EMOJI_SPLIT.sub(r" \1 ", text)
    return [t.text for t in spacy_tokenizer(lang)(text) if not t.text.isspace()]


class CachedTokenizer:
    """:func:`spacy_tokens` for many texts, cached per distinct whitespace-separated chunk.

    spaCy's tokenizer splits on whitespace first and handles each chunk on its own (affixes, special
    cases, URL and token matches, emoji isolation all stay inside a chunk), so the tokens of a text are
    the tokens of its chunks one after the other, for the tokenizer its language picks. A corpus then
    costs one spaCy call per distinct chunk instead of one per post. ``max_size`` bounds the cache
    (it is cleared when full).
    """

    def __init__(self, max_size: int = 500_000) -> None:
        self.max_size = max_size
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}

    def __call__(self, text: str) -> list[str]:
        if not text:
            return []
        lang = "hi" if not text.isascii() and P.DEVA_ANY.search(text) else "en"
        cache = self._cache
        out: list[str] = []
        for chunk in text.split():
            key = (lang, chunk)
            toks = cache.get(key)
            if toks is None:
                if len(cache) >= self.max_size:
                    cache.clear()
                toks = cache[key] = tuple(spacy_tokens(chunk, lang=lang))
            out.extend(toks)
        return out
