"""``KEY=VALUE`` overrides (the ``--set`` option of every command that has one): one parser for all."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from nlp_social.errors import ConfigError


def parse_override(item: str, option: str = "--set") -> tuple[list[str], Any]:
    """``"model.C=0.5"`` -> (["model", "C"], 0.5); the value is parsed as YAML (numbers, booleans, lists,
    JSON; anything else stays text)."""
    key, sep, raw = item.partition("=")
    key = key.strip()
    if not sep or not key or any(not p for p in key.split(".")):
        raise ConfigError(f"{option} {item!r}: expected KEY.PATH=VALUE, e.g. model.C=0.5")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as exc:
        raise ConfigError(f"{option} {item!r}: the value is not valid YAML: {exc}") from None
    return key.split("."), value


def parse_flat_overrides(items: Iterable[str], option: str = "--set") -> dict[str, Any]:
    """``["urls=keep", "max_repeat=3"]`` -> ``{"urls": "keep", "max_repeat": 3}`` (keys without dots)."""
    out: dict[str, Any] = {}
    for item in items:
        path, value = parse_override(item, option)
        if len(path) != 1:
            raise ConfigError(f"{option} {item!r}: expected KEY=VALUE (a plain option name, no dots)")
        out[path[0]] = value
    return out
