"""The configurable ``Normalizer``: small pure steps from ``nlp_social.text`` composed in a fixed order.

CONTRACT (other modules rely on it; keep it stable):

- ``NormalizerConfig``: a dataclass of options; ``to_dict()`` / ``from_dict()`` round-trip through JSON.
- ``Normalizer(config=None, **overrides)``: stores options only (no work in ``__init__``).
- ``normalize(text) -> str`` (also ``__call__``): idempotent, never raises on any ``str``.
- ``pipe(texts, batch_size=...) -> Iterator[str]``: streaming, order-preserving.
- ``tokenize(text) -> list[str]``: tokens of the normalized text.
- script-unified keys (``sarkar``/``sarkaar``/``सरकार`` -> one key) are the language layer's job:
  ``nlp_social.lang.unify.text_keys(normalizer, text)`` (text/ imports nothing from lang/).
- ``save(path)`` writes ``normalizer.json`` in folder ``path``; ``Normalizer.load(path)`` reads it back.

Order of the steps (fixed; see docs/normalization.md):

1. whole post: one ``str.translate`` pass (invisible characters, exotic spaces, quotes/dashes/ellipsis,
   Devanagari digits), the ZWJ/ZWNJ policy, NFC. Plain-ASCII posts skip this step entirely.
2. per whitespace token (cached per distinct token): entities are found first (URL, @mention,
   #hashtag, emoji) and handled by their own option; the text between them goes through
   indic-nlp's Devanagari normalizer (Devanagari spans only), Latin-only lowercasing, elongation and
   repeated punctuation. (The fast path gives the same result with fewer steps: lowercase and
   whitespace over the whole post or batch, then only tokens with a trigger character.)
3. whole post: tokens joined by single spaces, then danda handling (``|``/``||`` after Devanagari).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from itertools import repeat
from pathlib import Path
from typing import Any

from nlp_social.errors import ConfigError
from nlp_social.model_folder import model_loader
from nlp_social.text import patterns as P
from nlp_social.text import social
from nlp_social.text.scan import latin_triples, punct_pairs
from nlp_social.text.unicode import (
    devanagari_spans,
    nfc_tokens,
    normalize_danda,
    normalize_devanagari,
    zero_width,
)

log = logging.getLogger(__name__)

CONFIG_FILE = "normalizer.json"
_BATCH_SEP = " \x00 "  # NUL as a token of its own: no step reads, changes or moves it
FORMAT_VERSION = 1

_CHOICES: dict[str, tuple[str, ...]] = {
    "zero_width": ("strip", "keep_conjunct"),
    "nasals_mode": ("do_nothing", "to_anusvaara_strict", "to_anusvaara_relaxed", "to_nasal_consonants"),
    "urls": ("keep", "placeholder", "remove"),
    "mentions": ("keep", "placeholder", "remove"),
    "hashtags": ("keep", "segment", "remove"),
    "emoji": ("keep", "name", "remove"),
    "emoji_lang": ("en", "hi"),
}


@dataclass
class NormalizerConfig:
    """Options of the normalizer, saved with every model that uses one (see docs/normalization.md)."""

    lowercase_latin: bool = True  # lowercase Latin letters only; Devanagari is never touched
    script_unified: bool = False  # models should use lang.unify.model_tokens() (script-unified keys)
    zero_width: str = "strip"  # ZWJ/ZWNJ policy: "strip" | "keep_conjunct" (after a virama)
    remove_nuktas: bool = False  # indic-nlp: क़ -> क
    nasals_mode: str = "do_nothing"  # indic-nlp anusvara/nasal-consonant policy
    devanagari_digits: bool = True  # ० - ९ -> 0 - 9
    danda: bool = True  # '|' / '||' after Devanagari -> । / ॥, '।।' -> ॥
    punctuation: bool = True  # curly quotes -> straight, dashes -> '-', '…' -> '...'
    urls: str = "placeholder"  # "keep" | "placeholder" (<url>) | "remove"
    mentions: str = "keep"  # "keep" (lowercased) | "placeholder" (@user) | "remove"
    hashtags: str = "keep"  # "keep" (lowercased tag) | "segment" (its words) | "remove"
    emoji: str = "keep"  # "keep" | "name" (:face_with_tears_of_joy:) | "remove"
    emoji_lang: str = "en"  # language of emoji names: "en" | "hi"
    space_emoji: bool = True  # emoji become separate words: "hai😂" -> "hai 😂"
    elongation: bool = True  # "sooooo" -> "so", "bahuuut" -> "bahut", "हाााा" -> "हा"
    max_repeat: int = 2  # letters kept of an elongation no known word explains ("hmmmm" -> "hmm")
    elongation_vocab: bool = True  # choose 1 or 2 letters by the shipped word frequencies
    repeated_punct: bool = True  # "!!!!" -> "!", "?!?!" -> "?!", "....." -> "..."
    keep_newlines: bool = False  # keep single line breaks (default: a post becomes one line)
    cache_size: int = 500_000  # distinct tokens remembered (the cache is cleared when full)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NormalizerConfig:
        data = dict(data)
        data.pop("format_version", None)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown normalizer option(s): {', '.join(unknown)}")
        config = cls(**data)
        config.validate()
        return config

    def validate(self) -> None:
        for name, allowed in _CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise ConfigError(f"normalizer option {name}={value!r}: must be one of {', '.join(allowed)}")
        if not isinstance(self.max_repeat, int) or not 1 <= self.max_repeat <= 3:
            raise ConfigError(f"normalizer option max_repeat={self.max_repeat!r}: must be 1, 2 or 3")
        if not isinstance(self.cache_size, int) or self.cache_size < 0:
            raise ConfigError(f"normalizer option cache_size={self.cache_size!r}: must be an int >= 0")


@dataclass
class Analysis:
    """Everything ``Normalizer.analyze`` finds in one post."""

    text: str
    tokens: list[str]
    sentences: list[str]
    hashtags: list[dict[str, str]] = field(default_factory=list)  # {"raw", "segmented"}
    mentions: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    emoji: list[dict[str, str | None]] = field(default_factory=list)  # {"emoji", "name_en", "name_hi"}
    flags: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_NFC_PAIR_SET = frozenset(P.DEVA_NFC_PAIRS)


def _nfc_pair_positions(text: str) -> list[int]:
    """Where NFC would change Devanagari: every such pair holds a nukta or a stress mark, which
    str.find locates at memchr speed; the pair itself is then checked around it."""
    out: list[int] = []
    find = text.find
    for ch in "\u093c\u0951\u0952\u0953\u0954":
        i = find(ch)
        while i >= 0:
            if text[i - 1 : i + 1] in _NFC_PAIR_SET or text[i : i + 2] in _NFC_PAIR_SET:
                out.append(i)
            i = find(ch, i + 1)
    return out


class _Runtime:
    """What a Normalizer derives from its config on first use: tables, hints and caches."""

    __slots__ = (
        "cfg",
        "table",
        "needs_translate",
        "ascii_entity_hint",
        "fast",
        "elongation",
        "special",
        "trigger",
        "ascii_trigger",
        "all_devanagari",
        "cache",
        "span_cache",
        "cache_size",
    )

    def __init__(self, cfg: NormalizerConfig) -> None:
        self.cfg = cfg
        self.table = P.build_table(punctuation=cfg.punctuation, digits=cfg.devanagari_digits)
        self.needs_translate = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(self.table)) + "]")
        self.ascii_entity_hint = re.compile(r"[#@:./]|www")
        # the fast path lowercases first: only valid when nothing depends on the original case
        self.fast = cfg.lowercase_latin and cfg.urls != "keep" and cfg.hashtags != "segment"
        self.elongation = cfg.elongation
        self.special = P.special_chars([chr(c) for c in self.table] + ["\n", "\u200c", "\u200d"])
        self.trigger = P.build_trigger(hashtags=cfg.hashtags != "keep", mentions=cfg.mentions != "keep")
        self.ascii_trigger = (
            None  # an ASCII text is scanned by text.scan.punct_pairs
            if cfg.hashtags == "keep" and cfg.mentions == "keep"
            else P.build_trigger(
                hashtags=cfg.hashtags != "keep", mentions=cfg.mentions != "keep", ascii_only=True
            )
        )
        # these options make indic-nlp rewrite ordinary letters: every Devanagari token is a trigger
        self.all_devanagari = cfg.remove_nuktas or cfg.nasals_mode != "do_nothing"
        self.cache: dict[str, str] = {}
        self.span_cache: dict[str, str] = {}
        self.cache_size = cfg.cache_size


class Normalizer:
    """Normalize Hindi (Devanagari), English and romanized Hinglish social text.

    >>> Normalizer().normalize("Sooooo GOOD!!! 😂 #ModiHaiToMumkinHai https://t.co/x")
    'so good! 😂 #modihaitomumkinhai <url>'
    """

    def __init__(self, config: NormalizerConfig | None = None, **overrides: Any) -> None:
        self.config = config
        self.overrides = overrides

    # -- configuration ----------------------------------------------------------------------
    @property
    def config_(self) -> NormalizerConfig:
        """The resolved configuration (``config`` with ``overrides`` applied), validated."""
        cfg = self.__dict__.get("_cfg")
        if cfg is None:
            base = self.config.to_dict() if self.config is not None else NormalizerConfig().to_dict()
            base.update(self.overrides)
            cfg = self.__dict__["_cfg"] = NormalizerConfig.from_dict(base)
        return cfg

    def _state(self) -> _Runtime:
        state = self.__dict__.get("_runtime")
        if state is None:
            state = self.__dict__["_runtime"] = _Runtime(self.config_)
        return state

    def __getstate__(self) -> dict[str, Any]:
        # caches are rebuilt lazily in the worker process (dask, multiprocessing)
        return {"config": self.config, "overrides": self.overrides}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.to_dict().items() if getattr(NormalizerConfig(), k) != v}
        return f"Normalizer({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    # -- normalization --------------------------------------------------------------------------
    def normalize(self, text: str) -> str:
        """The normalized post (idempotent; never raises on a ``str``)."""
        if not isinstance(text, str):
            raise TypeError(f"Normalizer.normalize expects str, got {type(text).__name__}")
        rt = self.__dict__.get("_runtime") or self._state()
        # no fallback output: a step that fails is a bug to fix (the property tests hold it to "never
        # raises"), not a post to return half-normalized
        return self._normalize(text, rt, rt.cfg.keep_newlines)

    __call__ = normalize

    def _prepare(self, text: str, rt: _Runtime | None = None, nfc: bool = True) -> str:
        """Step 1 on the whole post (nothing to do for plain ASCII)."""
        if text.isascii():
            return text
        rt = rt or self._state()
        found = rt.needs_translate.findall(text)
        if found:
            # str.translate with a dict runs per character in Python; replacing the few characters
            # that occur is C-speed on long texts (and batches)
            table = rt.table
            for ch in set(found):
                text = text.replace(ch, table[ord(ch)] or "")
        if "\u200c" in text or "\u200d" in text:
            text = zero_width(text, policy=rt.cfg.zero_width)  # type: ignore[arg-type]
        # Devanagari spans are NFC'd by the per-token step; elsewhere only the tokens NFC could change
        return nfc_tokens(text) if nfc else text

    def _normalize(self, text: str, rt: _Runtime, keep_newlines: bool) -> str:
        if rt.fast:
            return self._normalize_fast(text, rt, keep_newlines)
        return self._normalize_tokens(text, rt, keep_newlines)

    def _normalize_fast(self, text: str, rt: _Runtime, keep_newlines: bool) -> str:
        """The same result as :meth:`_normalize_tokens`, cheaper: lowercase and whitespace in C over
        the whole post, then only the tokens that contain a trigger (entity, emoji, elongation,
        punctuation run, a character indic-nlp or NFC would change) go through the per-token step.
        Used when no option depends on the original case (the tokens are lowercased first)."""
        if text.isascii():
            text = text.lower()
            if not keep_newlines:
                # " ".join(text.split()) without a string per word: other whitespace becomes a space,
                # then runs of spaces are halved until none is left (a few C passes)
                for ch in P.OTHER_WHITESPACE:
                    if ch in text:
                        text = text.replace(ch, " ")
                while "  " in text:
                    text = text.replace("  ", " ")
                text = text.strip(" ")
        else:
            # one scan finds every character the whole-post step must handle
            found = set(rt.special.findall(text))
            unsafe: list[str] = []
            if found:
                table = rt.table
                for ch in found:
                    repl = table.get(ord(ch), ch)
                    if repl != ch:
                        text = text.replace(ch, repl or "")
                    elif ch not in "\n\u200c\u200d":
                        unsafe.append(ch)  # NFC may change it, or a letter of another cased script
                if "\u200c" in found or "\u200d" in found:
                    text = zero_width(text, policy=rt.cfg.zero_width)  # type: ignore[arg-type]
            if unsafe:
                text = nfc_tokens(text, unsafe)
                if any(P.OTHER_CASED.match(ch) for ch in unsafe):
                    text = social.lowercase_latin(text)
                else:
                    text = text.lower()
            else:
                text = text.lower()
            if not keep_newlines:
                if "\n" in text:
                    text = text.replace("\n", " ")
                while "  " in text:
                    text = text.replace("  ", " ")
                text = text.strip(" ")
        if keep_newlines:
            text = "\n".join(
                " ".join(line.split()) for line in text.split("\n") if line and not line.isspace()
            )
        if not text.isascii():
            positions = [m.start() for m in rt.trigger.finditer(text)]
        elif rt.ascii_trigger is None:
            positions = punct_pairs(text)  # (kept hashtags and mentions: only punctuation runs)
        else:
            positions = [m.start() for m in rt.ascii_trigger.finditer(text)]
        positions.extend(m.start() for m in P.DOT_TRIGGER.finditer(text))
        i = text.find("www")
        while i >= 0:
            positions.append(i)
            i = text.find("www", i + 1)
        if rt.elongation:
            positions.extend(latin_triples(text))  # (what P.LATIN_TRIPLE finds, in C loops)
        if not text.isascii():
            if rt.elongation:
                positions.extend(m.start() for m in P.DEVA_SIGN_DOUBLE.finditer(text))
            positions.extend(_nfc_pair_positions(text))
        if rt.all_devanagari and not text.isascii():
            positions.extend(m.start() for m in P.DEVA_SPAN.finditer(text))
        if positions:
            positions.sort()
            text = self._rewrite_tokens(text, positions, rt, keep_newlines)
        if rt.cfg.danda and not text.isascii():
            text = normalize_danda(text)
        return text

    def _rewrite_tokens(self, text: str, positions: list[int], rt: _Runtime, keep_newlines: bool) -> str:
        spans: list[tuple[int, int]] = []
        last = 0
        n = len(text)
        for p in positions:
            if p < last:
                continue
            start = text.rfind(" ", last, p) + 1 or last
            end = text.find(" ", p)
            end = n if end < 0 else end
            if keep_newlines:  # (only then can a token end at a line break)
                start = max(start, text.rfind("\n", last, p) + 1)
                nl = text.find("\n", p, end)
                if nl >= 0:
                    end = nl
            spans.append((start, end))
            last = end
        get = rt.cache.get
        tokens = [text[a:b] for a, b in spans]
        done = [get(t) for t in tokens]
        if None in done:
            missed = [t for t, d in zip(tokens, done, strict=True) if d is None]
            self._prefill_spans(missed, rt)
            done = [
                d if d is not None else self._cached_chunk(t, rt) for t, d in zip(tokens, done, strict=True)
            ]
        out: list[str] = []
        last = 0
        for (a, b), token in zip(spans, done, strict=True):
            out.append(text[last:a])
            out.append(token)
            last = b
            if not token and b < n and text[b] == " ":
                last = b + 1  # an emptied token takes one of its spaces with it
        out.append(text[last:])
        text = "".join(out)
        if keep_newlines:
            return "\n".join(
                " ".join(line.split()) for line in text.split("\n") if line and not line.isspace()
            )
        return text.strip(" ")

    def _normalize_tokens(self, text: str, rt: _Runtime, keep_newlines: bool) -> str:
        """Reference path: every whitespace token through the (cached) per-token step."""
        text = self._prepare(text, rt)
        cache = rt.cache
        get = cache.get
        lines = text.split("\n") if keep_newlines else (text,)
        out_lines = []
        for line in lines:
            chunks = line.split()
            words = [get(c) for c in chunks]
            if None in words:
                missed = [i for i, w in enumerate(words) if w is None]
                if len(cache) + len(missed) > rt.cache_size:
                    cache.clear()
                self._prefill_spans([chunks[i] for i in missed], rt)
                for i in missed:
                    words[i] = hit = self._chunk(chunks[i], rt)
                    if rt.cache_size:
                        cache[chunks[i]] = hit
            line = " ".join([w for w in words if w])
            if line:
                out_lines.append(line)
        result = "\n".join(out_lines)
        if rt.cfg.danda and not result.isascii():
            result = normalize_danda(result)
        return result

    def _cached_chunk(self, chunk: str, rt: _Runtime) -> str:
        hit = rt.cache.get(chunk)
        if hit is None:
            if len(rt.cache) >= rt.cache_size:
                rt.cache.clear()
            hit = self._chunk(chunk, rt)
            if rt.cache_size:
                rt.cache[chunk] = hit
        return hit

    def _prefill_spans(self, chunks: list[str], rt: _Runtime) -> None:
        """One indic-nlp call for all new Devanagari spans of a post's uncached tokens (indic-nlp's
        per-call overhead dominates on short spans, so batching them is what makes spans cheap)."""
        span_cache = rt.span_cache
        new = {
            m.group()
            for c in chunks
            if not c.isascii()
            for m in P.DEVA_SPAN.finditer(c)
            if m.group() not in span_cache
        }
        if not new:
            return
        if len(span_cache) + len(new) > rt.cache_size:
            span_cache.clear()
        cfg = rt.cfg
        new_list = sorted(new)
        for span, out in zip(
            new_list,
            devanagari_spans(new_list, remove_nuktas=cfg.remove_nuktas, nasals_mode=cfg.nasals_mode),
            strict=True,
        ):
            span_cache[span] = out

    def _chunk(self, chunk: str, rt: _Runtime) -> str:
        """Step 2 on one whitespace-delimited token."""
        # fast paths: a whole-token mention, hashtag or URL; a chunk of letters only
        first = chunk[0]
        kind = None
        if first == "@" and P.MENTION_TOKEN.fullmatch(chunk):
            kind = "mention"
        elif first == "#" and P.HASHTAG.fullmatch(chunk):
            kind = "hashtag"
        elif (first == "h" or first == "w" or first == "H" or first == "W") and P.URL_TOKEN.fullmatch(chunk):
            kind = "url"
        if kind is not None:
            return " ".join(self._entity(kind, chunk, rt).split())
        if chunk.isascii():
            if chunk.isalpha() or not rt.ascii_entity_hint.search(chunk):
                return self._plain_ascii(chunk, rt)
        elif P.DEVA_WORD.fullmatch(chunk):
            out = rt.span_cache.get(chunk)
            if out is None:
                out = self._devanagari(chunk, rt)
            if rt.cfg.elongation:
                out = P.DEVA_SIGN_RUN.sub(r"\1", out)
            return out
        cfg = rt.cfg
        pieces: list[tuple[bool, str]] = []  # (is_emoji, text)
        pos = 0
        split_emoji = cfg.space_emoji and cfg.emoji == "keep"
        for m in P.ENTITY.finditer(chunk):
            if m.start() > pos:
                pieces.append((False, self._plain(chunk[pos : m.start()], rt)))
            kind = m.lastgroup or ""
            value = self._entity(kind, m.group(), rt)
            pieces.append((kind == "emoji", value))
            pos = m.end()
            if pos < len(chunk) and (value.endswith(" ") or (kind == "emoji" and split_emoji)):
                # the rest becomes a token of its own in the output, so treat it as one now (else a
                # second pass could find an entity there that this one did not: not idempotent)
                rest = chunk[pos:]
                if P.EMOJI.match(rest):
                    continue
                pieces.append((False, self._chunk(rest, rt)))
                pos = len(chunk)
                break
        if pos == 0:
            return self._plain(chunk, rt)
        if pos < len(chunk):
            pieces.append((False, self._plain(chunk[pos:], rt)))
        out = [pieces[0][1]]
        for (prev_emoji, _), (is_emoji, text) in zip(pieces, pieces[1:], strict=False):
            # emoji become separate words, but a run of emoji stays together ("hai😂😂" -> "hai 😂😂")
            if cfg.space_emoji and cfg.emoji == "keep" and prev_emoji != is_emoji:
                out.append(" ")
            out.append(text)
        return " ".join("".join(out).split())

    def _entity(self, kind: str, value: str, rt: _Runtime) -> str:
        cfg = rt.cfg
        if kind == "url":
            return {"keep": value, "placeholder": social.URL_PLACEHOLDER, "remove": " "}[cfg.urls]
        if kind == "mention":
            if cfg.mentions == "keep":
                return value.lower() if cfg.lowercase_latin else value
            return social.MENTION_PLACEHOLDER if cfg.mentions == "placeholder" else " "
        if kind == "hashtag":
            if cfg.hashtags == "keep":
                tag = social.lowercase_latin(value) if cfg.lowercase_latin else value
                return self._devanagari(tag, rt)
            if cfg.hashtags == "remove":
                return " "
            return " " + self._plain(" ".join(social.segment_hashtag(value)), rt) + " "
        # emoji
        if cfg.emoji == "remove":
            return " "
        if cfg.emoji == "name":
            return " " + self._plain(social.emoji_token(value, lang=cfg.emoji_lang), rt) + " "  # type: ignore[arg-type]
        return value

    def _devanagari(self, text: str, rt: _Runtime) -> str:
        if text.isascii():
            return text
        cfg = rt.cfg
        return normalize_devanagari(
            text,
            remove_nuktas=cfg.remove_nuktas,
            nasals_mode=cfg.nasals_mode,  # type: ignore[arg-type]
            cache=rt.span_cache,
        )

    def _plain_ascii(self, text: str, rt: _Runtime) -> str:
        cfg = rt.cfg
        if cfg.lowercase_latin:
            text = text.lower()
        if cfg.elongation and P.LETTER_RUN.search(text):
            text = social.reduce_elongation(text, max_repeat=cfg.max_repeat, use_vocab=cfg.elongation_vocab)
        if cfg.repeated_punct and P.PUNCT_RUN_HINT.search(text):
            text = social.reduce_punctuation(text)
        return text

    def _plain(self, text: str, rt: _Runtime) -> str:
        """The text steps on a piece without entities."""
        if text.isascii():
            return self._plain_ascii(text, rt)
        cfg = rt.cfg
        text = self._devanagari(text, rt)
        # lowercase before elongation: lowercasing may turn a letter into ASCII ("İ" -> "i̇")
        if cfg.lowercase_latin:
            text = social.lowercase_latin(text)
        if cfg.elongation:
            text = social.reduce_elongation(text, max_repeat=cfg.max_repeat, use_vocab=cfg.elongation_vocab)
        if cfg.repeated_punct and P.PUNCT_RUN_HINT.search(text):
            text = social.reduce_punctuation(text)
        return text

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[str]:
        """Normalize a stream of posts lazily, in order; exactly ``normalize`` on each post.

        Posts are processed ``batch_size`` at a time as one string (joined by a NUL token), so
        every C-level step (translate, NFC, lowercase, trigger scans) runs once per batch instead of
        once per post. A batch with a NUL inside a post falls back to post-by-post."""
        rt = self._state()
        if not rt.fast or rt.cfg.keep_newlines or batch_size <= 1:
            for text in texts:
                yield self.normalize(text)
            return
        batch: list[str] = []
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"Normalizer.pipe expects str items, got {type(text).__name__}")
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._normalize_batch(batch, rt)
                batch = []
        if batch:
            yield from self._normalize_batch(batch, rt)

    def normalize_batch(self, texts: list[str]) -> list[str]:
        """``[normalize(t) for t in texts]``, all of ``texts`` as one batch of :meth:`pipe` (what
        ``nlp-social normalize`` calls on the lines of a text file that its line cache does not hold;
        a repeated text is normalized again)."""
        if set(map(type, texts)) - {str}:
            bad = next(t for t in texts if not isinstance(t, str))
            raise TypeError(f"Normalizer.normalize_batch expects str items, got {type(bad).__name__}")
        rt = self._state()
        if not rt.fast or rt.cfg.keep_newlines:
            return [self._normalize(t, rt, rt.cfg.keep_newlines) for t in texts]
        return self._normalize_batch(texts, rt)

    def _normalize_batch(self, batch: list[str], rt: _Runtime) -> list[str]:
        # Posts are grouped by how Python stores them (ASCII, other BMP text, text with emoji):
        # a joined string takes the widest storage of its parts, and every C-level pass over a
        # 1-byte string is several times faster than over a 4-byte one.
        is_ascii = list(map(str.isascii, batch))
        if all(is_ascii):
            return self._normalize_joined(batch, rt)
        groups: tuple[list[int], list[int], list[int]] = ([i for i, a in enumerate(is_ascii) if a], [], [])
        astral = P.ASTRAL.search
        for i, a in enumerate(is_ascii):
            if not a:
                groups[2 if astral(batch[i]) else 1].append(i)
        out: list[str] = [""] * len(batch)
        for idx in groups:
            if not idx:
                continue
            part = [batch[i] for i in idx]
            for i, result in zip(idx, self._normalize_joined(part, rt), strict=True):
                out[i] = result
        return out

    def _normalize_joined(self, batch: list[str], rt: _Runtime) -> list[str]:
        joined = _BATCH_SEP.join(batch)
        if joined.count("\x00") != len(batch) - 1:
            return [self.normalize(t) for t in batch]
        out = self._normalize_fast(joined, rt, False).split("\x00")
        if len(out) != len(batch):  # pragma: no cover - a separator was lost: a bug, never hidden
            raise RuntimeError(f"batch normalization returned {len(out)} posts for {len(batch)}")
        return list(map(str.strip, out, repeat(" ")))  # (an emptied post leaves its separator's spaces)

    # -- tokens and analysis ------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[str]:
        """Tokens (spaCy ``hi``/``en`` rules) of the normalized text."""
        # imported here: a plain `nlp-social normalize` run (its start-up) never needs spaCy's rules
        from nlp_social.text.tokenize import spacy_tokens

        return spacy_tokens(self.normalize(text))

    def analyze(self, text: str) -> Analysis:
        """Normalized text plus tokens, sentences, entities (raw and resolved) and flags."""
        # imported here: a plain `nlp-social normalize` run (its start-up) never needs them
        from nlp_social.text.boilerplate import boilerplate_lines
        from nlp_social.text.sentences import split_sentences
        from nlp_social.text.tokenize import spacy_tokens

        prepared = self._prepare(text)
        rt = self._state()
        hashtags, mentions, urls, emoji = [], [], [], []
        for m in P.ENTITY.finditer(prepared):
            kind, value = m.lastgroup, m.group()
            if kind == "url":
                urls.append(value)
            elif kind == "mention":
                mentions.append(value)
            elif kind == "hashtag":
                words = " ".join(social.segment_hashtag(value))
                hashtags.append({"raw": value, "segmented": self._plain(words, rt)})
            else:
                emoji.append(
                    {
                        "emoji": value,
                        "name_en": social.emoji_name(value, lang="en"),
                        "name_hi": social.emoji_name(value, lang="hi"),
                    }
                )
        normalized = self.normalize(text)
        tokens = spacy_tokens(normalized)
        sentences = [s for line in self._normalize(text, rt, True).split("\n") for s in split_sentences(line)]
        deva = bool(P.DEVA_ANY.search(prepared))
        latin = bool(P.LATIN_LETTER.search(prepared))
        flags: dict[str, Any] = {
            "empty": not normalized,
            "retweet": bool(P.RETWEET.match(prepared)),
            "script": "mixed" if deva and latin else "deva" if deva else "latn" if latin else "other",
            "boilerplate_lines": [b.to_dict() for b in boilerplate_lines(prepared)],
        }
        flags["boilerplate"] = bool(flags["boilerplate_lines"])
        return Analysis(normalized, tokens, sentences, hashtags, mentions, urls, emoji, flags)

    # -- persistence ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return self.config_.to_dict()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Normalizer:
        return cls(NormalizerConfig.from_dict(data))

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        payload = {"format_version": FORMAT_VERSION, **self.to_dict()}
        (path / CONFIG_FILE).write_text(
            json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return path

    @classmethod
    @model_loader("normalizer")
    def load(cls, path: str | Path) -> Normalizer:
        path = Path(path)
        file = path / CONFIG_FILE if path.is_dir() else path
        if not file.is_file():
            raise ConfigError(f"normalizer config {file} not found (expected {CONFIG_FILE} in the folder)")
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{file}: not valid JSON ({exc})") from exc
        version = data.get("format_version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise ConfigError(
                f"{file}: format_version {version} is not supported (expected {FORMAT_VERSION})"
            )
        try:
            return cls.from_dict(data)
        except ConfigError as exc:
            raise ConfigError(f"{file}: {exc}") from exc
