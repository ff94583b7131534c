"""nlp_social.lang.translit: word transliteration between Devanagari and romanized Hindi.

One sub-system in one package:

- :mod:`.transliterator`: :class:`Transliterator`, the public model (lexicon + neural + graphone + prior);
- :mod:`.nn`: the neural character model's numpy inference (batched beam search);
- :mod:`.model`: the graphone joint n-gram model;
- :mod:`.rules`: the deterministic rule transliterator and the Devanagari unit cutter;
- :mod:`.train`, :mod:`.nn_train`: training (the latter needs torch);
- :mod:`.evaluate`: top-1 / CER / words-per-second evaluation.
"""

from __future__ import annotations

from nlp_social.lang.translit.transliterator import (
    ARRAYS_FILE,
    CONFIG_FILE,
    FORMAT,
    FORMAT_VERSION,
    LEXICON_FILE,
    RuleTransliterator,
    Transliterator,
    rescore,
    retrieval_key,
)

__all__ = [
    "ARRAYS_FILE",
    "CONFIG_FILE",
    "FORMAT",
    "FORMAT_VERSION",
    "LEXICON_FILE",
    "RuleTransliterator",
    "Transliterator",
    "rescore",
    "retrieval_key",
]
