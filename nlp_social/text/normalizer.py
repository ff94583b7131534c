"""The configurable ``Normalizer``: small pure steps from ``nlp_social.text`` composed in a fixed order.

CONTRACT (other modules rely on it; keep it stable):

- ``NormalizerConfig``: a dataclass of options; ``to_dict()`` / ``from_dict()`` round-trip through JSON.
- ``Normalizer(config=None, **overrides)``: stores options only (no work in ``__init__``).
- ``normalize(text) -> str`` (also ``__call__``): idempotent, never raises on any ``str``.
- ``pipe(texts, batch_size=...) -> Iterator[str]``: streaming, order-preserving.
- ``tokenize(text) -> list[str]``: tokens of the normalized text.
- ``unified_tokens(text) -> list[str]``: script-unified keys (``sarkar``/``sarkaar``/``सरकार`` -> one key).
- ``save(path)`` writes ``normalizer.json`` in folder ``path``; ``Normalizer.load(path)`` reads it back.

NOTE: this first version is minimal (NFC, whitespace, Latin case); issue #2 replaces the body.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

CONFIG_FILE = "normalizer.json"

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"[\w\u0900-\u097F]+|[^\w\s]", re.UNICODE)


@dataclass
class NormalizerConfig:
    """Options of the normalizer, saved with every model that uses one."""

    lowercase_latin: bool = True
    script_unified: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NormalizerConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown normalizer option(s): {', '.join(unknown)}")
        return cls(**data)


class Normalizer:
    """Normalize Hindi / English / Hinglish social text."""

    def __init__(self, config: NormalizerConfig | None = None, **overrides: Any) -> None:
        self.config = config
        self.overrides = overrides

    @property
    def config_(self) -> NormalizerConfig:
        base = self.config.to_dict() if self.config is not None else NormalizerConfig().to_dict()
        base.update(self.overrides)
        return NormalizerConfig.from_dict(base)

    def normalize(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        text = _WS.sub(" ", text).strip()
        if self.config_.lowercase_latin:
            text = text.lower()
        return text

    __call__ = normalize

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[str]:
        for text in texts:
            yield self.normalize(text)

    def tokenize(self, text: str) -> list[str]:
        return _TOKEN.findall(self.normalize(text))

    def unified_tokens(self, text: str) -> list[str]:
        return self.tokenize(text)

    def to_dict(self) -> dict[str, Any]:
        return self.config_.to_dict()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Normalizer:
        return cls(NormalizerConfig.from_dict(data))

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / CONFIG_FILE).write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> Normalizer:
        path = Path(path)
        file = path / CONFIG_FILE if path.is_dir() else path
        return cls.from_dict(json.loads(file.read_text(encoding="utf-8")))
