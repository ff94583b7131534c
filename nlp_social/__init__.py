"""nlp_social: Hindi-aware NLP for social text (Devanagari Hindi, English and romanized Hinglish).

Public names are imported lazily so that ``import nlp_social`` stays fast and never pulls in
torch, typer or other heavy dependencies.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it
_LAZY = {
    "Normalizer": "nlp_social.text.normalizer",
    "NormalizerConfig": "nlp_social.text.normalizer",
    "load_corpus": "nlp_social.corpora",
    "list_corpora": "nlp_social.corpora",
    "read_table": "nlp_social.io.readers",
    "read_conll": "nlp_social.io.readers",
    "LanguageIdentifier": "nlp_social.lang.lid",
    "Transliterator": "nlp_social.lang.translit",
    "SpellingNormalizer": "nlp_social.lang.spelling",
    "Embedder": "nlp_social.embed.base",
    "load_embedder": "nlp_social.embed",
    "TopicModel": "nlp_social.topics.model",
    "StanceModel": "nlp_social.stance.model",
    "TransformerStanceModel": "nlp_social.stance.transformer",
    "load_stance_model": "nlp_social.stance.load",
    "annotate": "nlp_social.annotate.pipeline",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nlp_social' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
