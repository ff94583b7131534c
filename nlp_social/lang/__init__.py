"""nlp_social.lang: language ID, script-unified keys, transliteration and spelling normalization.

Names are imported lazily (``from nlp_social.lang import LanguageIdentifier`` loads only that module).
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module (each helper adds only its own names)
_LAZY: dict[str, str] = {
    # language ID
    "LanguageIdentifier": "nlp_social.lang.lid",
    "TokenTag": "nlp_social.lang.lid",
    "cmi": "nlp_social.lang.mix",
    "script_of": "nlp_social.lang.mix",
    "lang_mix": "nlp_social.lang.mix",
    "dominant_lang": "nlp_social.lang.mix",
    "PostMix": "nlp_social.lang.mix",
    "norm_key": "nlp_social.lang.unify",
    "unify_tokens": "nlp_social.lang.unify",
    # transliteration / spelling
    "Transliterator": "nlp_social.lang.translit",
    "SpellingNormalizer": "nlp_social.lang.spelling",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nlp_social.lang' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
