"""The configurable ``Normalizer``: small pure steps from ``nlp_social.text`` composed in a fixed order.

CONTRACT (other modules rely on it; keep it stable):

- ``NormalizerConfig``: a dataclass of options; ``to_dict()`` / ``from_dict()`` round-trip through JSON.
- ``Normalizer(config=None, **overrides)``: stores options only (no work in ``__init__``).
- ``normalize(text) -> str`` (also ``__call__``): idempotent, never raises on any ``str``.
- ``pipe(texts, batch_size=...) -> Iterator[str]``: streaming, order-preserving.
- ``tokenize(text) -> list[str]``: tokens of the normalized text.
- ``unified_tokens(text) -> list[str]``: script-unified keys (``sarkar``/``sarkaar``/``सरकार`` -> one key).
- ``save(path)`` writes ``normalizer.json`` in folder ``path``; ``Normalizer.load(path)`` reads it back.

Order of the steps (fixed; see docs/normalization.md):

1. whole post: one ``str.translate`` pass (invisible characters, exotic spaces, quotes/dashes/ellipsis,
   Devanagari digits), the ZWJ/ZWNJ policy, NFC. Plain-ASCII posts skip this step entirely.
2. per whitespace token (cached per distinct token): entities are found first (URL, @mention,
   #hashtag, emoji) and handled by their own option; the text between them goes through
   indic-nlp's Devanagari normalizer (Devanagari spans only), elongation, repeated punctuation and
   Latin-only lowercasing.
3. whole post: tokens joined by single spaces, then danda handling (``|``/``||`` after Devanagari).
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from nlp_social.errors import ConfigError
from nlp_social.text import patterns as P
from nlp_social.text import social
from nlp_social.text.unicode import normalize_danda, normalize_devanagari, zero_width

log = logging.getLogger(__name__)

CONFIG_FILE = "normalizer.json"
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
    script_unified: bool = False  # models should use unified_tokens() instead of tokenize()
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
    unified_tokens: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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

    def _state(self) -> tuple[NormalizerConfig, dict, dict, dict]:
        state = self.__dict__.get("_runtime")
        if state is None:
            cfg = self.config_
            table = P.build_table(punctuation=cfg.punctuation, digits=cfg.devanagari_digits)
            state = self.__dict__["_runtime"] = (cfg, table, {}, {})
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
        try:
            return self._normalize(text, self._state()[0].keep_newlines)
        except Exception:  # pragma: no cover - the contract: a batch job never dies on one post
            log.warning("normalizer step failed; returning NFC + whitespace for %r", text[:80], exc_info=True)
            return " ".join(unicodedata.normalize("NFC", text).split())

    __call__ = normalize

    def _prepare(self, text: str) -> str:
        """Step 1 on the whole post (nothing to do for plain ASCII)."""
        if text.isascii():
            return text
        cfg, table, _, _ = self._state()
        text = text.translate(table)
        text = zero_width(text, policy=cfg.zero_width)  # type: ignore[arg-type]
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        return text

    def _normalize(self, text: str, keep_newlines: bool) -> str:
        cfg, _, cache, _ = self._state()
        text = self._prepare(text)
        lines = text.split("\n") if keep_newlines else (text,)
        out_lines = []
        for line in lines:
            words = []
            for chunk in line.split():
                hit = cache.get(chunk)
                if hit is None:
                    if len(cache) >= cfg.cache_size:
                        cache.clear()
                    hit = self._chunk(chunk)
                    if cfg.cache_size:
                        cache[chunk] = hit
                if hit:
                    words.append(hit)
            if words:
                out_lines.append(" ".join(words))
        result = "\n".join(out_lines)
        if cfg.danda and not result.isascii():
            result = normalize_danda(result)
        return result

    def _chunk(self, chunk: str) -> str:
        """Step 2 on one whitespace-delimited token."""
        cfg = self._state()[0]
        # fast path: no entity can start in a chunk without these characters (or non-ASCII)
        if chunk.isascii() and not any(c in chunk for c in "#@:./"):
            return self._plain(chunk)
        pieces: list[tuple[bool, str]] = []  # (is_emoji, text)
        pos = 0
        for m in P.ENTITY.finditer(chunk):
            if m.start() > pos:
                pieces.append((False, self._plain(chunk[pos : m.start()])))
            kind = m.lastgroup or ""
            pieces.append((kind == "emoji", self._entity(kind, m.group(), cfg)))
            pos = m.end()
        if pos == 0:
            return self._plain(chunk)
        if pos < len(chunk):
            pieces.append((False, self._plain(chunk[pos:])))
        out = [pieces[0][1]]
        for (prev_emoji, _), (is_emoji, text) in zip(pieces, pieces[1:], strict=False):
            # emoji become separate words, but a run of emoji stays together ("hai😂😂" -> "hai 😂😂")
            if cfg.space_emoji and cfg.emoji == "keep" and prev_emoji != is_emoji:
                out.append(" ")
            out.append(text)
        return " ".join("".join(out).split())

    def _entity(self, kind: str, value: str, cfg: NormalizerConfig) -> str:
        if kind == "url":
            return {"keep": value, "placeholder": social.URL_PLACEHOLDER, "remove": " "}[cfg.urls]
        if kind == "mention":
            if cfg.mentions == "keep":
                return value.lower() if cfg.lowercase_latin else value
            return social.MENTION_PLACEHOLDER if cfg.mentions == "placeholder" else " "
        if kind == "hashtag":
            if cfg.hashtags == "keep":
                tag = social.lowercase_latin(value) if cfg.lowercase_latin else value
                return self._devanagari(tag)
            if cfg.hashtags == "remove":
                return " "
            return " " + self._plain(" ".join(social.segment_hashtag(value))) + " "
        # emoji
        if cfg.emoji == "remove":
            return " "
        if cfg.emoji == "name":
            return " " + self._plain(social.emoji_token(value, lang=cfg.emoji_lang)) + " "  # type: ignore[arg-type]
        return value

    def _devanagari(self, text: str) -> str:
        cfg, _, _, span_cache = self._state()
        if text.isascii():
            return text
        return normalize_devanagari(
            text,
            remove_nuktas=cfg.remove_nuktas,
            nasals_mode=cfg.nasals_mode,  # type: ignore[arg-type]
            cache=span_cache,
        )

    def _plain(self, text: str) -> str:
        """The text steps on a piece without entities."""
        cfg = self._state()[0]
        text = self._devanagari(text)
        if cfg.elongation:
            text = social.reduce_elongation(text, max_repeat=cfg.max_repeat, use_vocab=cfg.elongation_vocab)
        if cfg.repeated_punct:
            text = social.reduce_punctuation(text)
        if cfg.lowercase_latin:
            text = social.lowercase_latin(text)
        return text

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[str]:
        """Normalize a stream of posts lazily, in order (``batch_size`` is accepted for API symmetry:
        the per-token cache already makes repeated tokens free)."""
        for text in texts:
            yield self.normalize(text)

    # -- tokens and analysis ------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[str]:
        """Tokens (spaCy ``hi``/``en`` rules) of the normalized text."""
        from nlp_social.text.tokenize import tokenize

        return tokenize(self.normalize(text))

    def unified_tokens(self, text: str) -> list[str]:
        """Script-unified token keys via ``nlp_social.lang.unify.unify_tokens`` (plain tokens when the
        language package is not available)."""
        tokens = self.tokenize(text)
        try:
            from nlp_social.lang.unify import unify_tokens
        except ImportError:
            return tokens
        return list(unify_tokens(tokens))

    def model_tokens(self, text: str) -> list[str]:
        """The tokens a model should use: ``unified_tokens`` if ``script_unified`` else ``tokenize``."""
        return self.unified_tokens(text) if self.config_.script_unified else self.tokenize(text)

    def analyze(self, text: str) -> Analysis:
        """Normalized text plus tokens, sentences, entities (raw and resolved) and flags."""
        from nlp_social.text.boilerplate import boilerplate_lines
        from nlp_social.text.sentences import split_sentences
        from nlp_social.text.tokenize import tokenize

        cfg = self.config_
        prepared = self._prepare(text)
        hashtags, mentions, urls, emoji = [], [], [], []
        for m in P.ENTITY.finditer(prepared):
            kind, value = m.lastgroup, m.group()
            if kind == "url":
                urls.append(value)
            elif kind == "mention":
                mentions.append(value)
            elif kind == "hashtag":
                words = " ".join(social.segment_hashtag(value))
                hashtags.append({"raw": value, "segmented": self._plain(words)})
            else:
                emoji.append(
                    {
                        "emoji": value,
                        "name_en": social.emoji_name(value, lang="en"),
                        "name_hi": social.emoji_name(value, lang="hi"),
                    }
                )
        normalized = self.normalize(text)
        tokens = tokenize(normalized)
        sentences = [s for line in self._normalize(text, True).split("\n") for s in split_sentences(line)]
        deva = bool(P.DEVA_ANY.search(prepared))
        latin = bool(P.LATIN_LETTER.search(prepared))
        flags: dict[str, Any] = {
            "empty": not normalized,
            "retweet": bool(P.RETWEET.match(prepared)),
            "script": "mixed" if deva and latin else "deva" if deva else "latn" if latin else "other",
            "boilerplate_lines": [b.to_dict() for b in boilerplate_lines(prepared)],
        }
        flags["boilerplate"] = bool(flags["boilerplate_lines"])
        unified = self.unified_tokens(text) if cfg.script_unified else None
        return Analysis(normalized, tokens, sentences, hashtags, mentions, urls, emoji, flags, unified)

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
