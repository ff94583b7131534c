"""The static embedder's text pipeline, written into its ``tokenizer.json`` (HF ``tokenizers`` components).

Text normalization lives in the tokenizer itself, so ``SentenceTransformer(path)`` (which tokenizes with
``tokenizer.json`` and nothing else) and :class:`~nlp_social.embed.static.StaticEmbedder` (which encodes
through exactly that tokenizer) see the same tokens by construction: there is no Python step in between.

It follows :class:`nlp_social.text.normalizer.Normalizer`'s defaults as far as ``tokenizers`` can express
them (Replace rules take a regex and a literal replacement, no back-references):

- invisible characters dropped, ZWJ/ZWNJ dropped next to Devanagari (emoji ZWJ sequences kept), NFKC,
  exotic spaces and line breaks to a space, curly quotes and dashes to ASCII, Devanagari digits to ASCII,
  chandra a (U+0972) to ए as indic-nlp does, lowercase;
- URLs to ``<url>``; @mentions and #hashtags kept (lowercased);
- elongation: a Latin letter written three or more times becomes two (``yaarrrr`` -> ``yaarr``; the
  Normalizer picks one or two letters from a word list: ``yaar``), a Devanagari vowel or nasal sign typed
  twice or more becomes one;
- repeated punctuation: ``!!!!`` -> ``!``, ``????`` -> ``?``, ``.....`` -> ``...``, runs of ``,;:*~=_+^``
  -> one; ``|`` / ``||`` after Devanagari -> ``।`` / ``॥``, runs of dandas -> ``॥``.

The pre-tokenizer splits every emoji off as a word of its own (``hai😂`` -> ``hai`` ``😂``), then BERT's
whitespace-and-punctuation split.
"""

from __future__ import annotations

import re

from nlp_social.text import patterns as P

#: Version of the rules below; stored in the model folder so a changed pipeline is never silently mixed
#: with embeddings trained on another one.
PIPELINE_VERSION = 1

_DEVA = P.DEVA_CHARS
_URL = r"(?:(?:https?|ftp)://|www\d?\.)[^\s<>\"]*[^\s<>\"'(){}\[\].,;:!?\u0964\u0965]"
_URL_BARE = (
    r"(?<![@\w.])(?:[a-z0-9][a-z0-9-]*\.)+(?:com|org|net|in|co|ly|io|gov|edu|me|tv|info|gl|to|be|us|uk)"
    r"(?:/[^\s<>\"]*[^\s<>\"'(){}\[\].,;:!?\u0964\u0965]|/)?(?![\w.@])"
)
_PUNCT = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u2014": " - ", "\u2015": " - ",
}  # fmt: skip
_DEVA_SIGNS = [chr(c) for c in (*range(0x0901, 0x0904), *range(0x093E, 0x094D))]


def _rules() -> list[tuple[str, str]]:
    """(regex, replacement) pairs applied in order after NFKC and before lowercasing ends."""
    rules: list[tuple[str, str]] = [
        ("[" + re.escape(P.SPACES + P.LINE_BREAKS) + "\n]", " "),
        *((re.escape(k), v) for k, v in _PUNCT.items()),
        *((d, str(i)) for i, d in enumerate(P.DEVA_DIGITS)),
        ("\u0972", "\u090f"),
    ]
    return rules


def _after_lowercase() -> list[tuple[str, str]]:
    rules: list[tuple[str, str]] = [(_URL, " <url> "), (_URL_BARE, " <url> ")]
    rules += [(f"{c}{{3,}}", c * 2) for c in "abcdefghijklmnopqrstuvwxyz"]
    rules += [(f"{c}{{2,}}", c) for c in _DEVA_SIGNS]
    rules += [("!{2,}", "!"), (r"\?{2,}", "?"), (r"\.{4,}", "...")]
    rules += [(f"{re.escape(c)}{{2,}}", c) for c in ",;:*~=_+^"]
    rules += [
        (f"(?<=[{_DEVA}]) ?\\|\\|(?!\\|)", " \u0965"),
        (f"(?<=[{_DEVA}]) ?\\|(?!\\|)", " \u0964"),
        ("[\u0964\u0965]{2,}", "\u0965"),
    ]
    return rules


def build_normalizer():
    """The ``tokenizers`` normalizer of the static embedder (see the module docstring)."""
    from tokenizers import Regex, normalizers

    steps = [
        normalizers.Replace(Regex("[" + re.escape(P.INVISIBLE) + "]"), ""),
        normalizers.Replace(Regex(f"(?<=[{_DEVA}])[\u200c\u200d]+|[\u200c\u200d]+(?=[{_DEVA}])"), ""),
        normalizers.NFKC(),
    ]
    steps += [normalizers.Replace(Regex(p), r) for p, r in _rules()]
    steps.append(normalizers.Lowercase())
    steps += [normalizers.Replace(Regex(p), r) for p, r in _after_lowercase()]
    return normalizers.Sequence(steps)


def build_pre_tokenizer():
    """Emoji split off as words of their own, then BERT's whitespace-and-punctuation split."""
    from tokenizers import Regex, pre_tokenizers

    return pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(P.EMOJI_PATTERN), behavior="isolated"),
            pre_tokenizers.BertPreTokenizer(),
        ]
    )


def normalize(text: str) -> str:
    """The text as the embedder sees it before splitting (for tests and cache keys)."""
    return build_normalizer().normalize_str(text)
