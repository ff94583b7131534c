"""spaCy pipeline components: ``nlp_social_lid`` and ``nlp_social_normalizer``.

Registered through the ``spacy_factories`` entry points (so ``spacy.blank("hi").add_pipe("nlp_social_lid")``
works once the package is installed) and by ``@Language.factory`` when this module is imported.

``nlp_social_lid`` sets ``Token._.lang`` (hi/en/other), ``Token._.lang_prob``, ``Token._.script`` (ISO 15924),
``Token._.norm_key`` (script-unified key, :mod:`nlp_social.lang.unify`), ``Doc._.cmi`` (Code-Mixing Index),
``Doc._.lang_mix`` (share per language) and ``Doc._.dominant_lang``.

``nlp_social_normalizer`` sets ``Token.norm_`` to the token's normalized form, ``Doc._.normalized`` to the
normalized text and, with ``script_unified``, ``Token._.norm_key``.
"""

# No `from __future__ import annotations`: spaCy validates factory arguments from real annotations.
from collections.abc import Iterable, Iterator
from typing import Any, Optional

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Token

from nlp_social.lang.lid import CLASSES, LanguageIdentifier
from nlp_social.lang.mix import PostMix, script_of
from nlp_social.lang.unify import unify_tokens
from nlp_social.text.normalizer import Normalizer

_TOKEN_EXTS = ("lang", "lang_prob", "script", "norm_key")
_DOC_EXTS = ("cmi", "lang_mix", "dominant_lang", "normalized")


def _ensure_extensions() -> None:
    for name in _TOKEN_EXTS:
        if not Token.has_extension(name):
            Token.set_extension(name, default=None)
    for name in _DOC_EXTS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class LanguageIdComponent:
    """Tags every token of a Doc with language, script and script-unified key; the Doc with its mix and CMI."""

    def __init__(self, nlp: Language, name: str, model: Optional[str] = None, batch_size: int = 256) -> None:  # noqa: UP045

        _ensure_extensions()
        self.name = name
        self.model_path = model
        self.batch_size = batch_size
        self.identifier = LanguageIdentifier.load(model) if model else LanguageIdentifier.default()

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: Optional[int] = None) -> Iterator[Doc]:  # noqa: UP045
        batch: list[Doc] = []
        size = batch_size or self.batch_size
        for doc in stream:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._tag(batch)
                batch = []
        if batch:
            yield from self._tag(batch)

    def _tag(self, docs: list[Doc]) -> list[Doc]:
        probas = self.identifier.predict_proba([[t.text for t in doc] for doc in docs])
        for doc, proba in zip(docs, probas, strict=True):
            best = np.argmax(proba, axis=1) if len(proba) else np.zeros(0, dtype=int)
            langs = [CLASSES[k] for k in best.tolist()]
            keys = unify_tokens([t.text for t in doc], langs)
            for tok, lang, k, p, key in zip(doc, langs, best.tolist(), proba, keys, strict=True):
                tok._.lang = lang
                tok._.lang_prob = float(p[k])
                tok._.script = script_of(tok.text)
                tok._.norm_key = key
            mix = PostMix.from_tags(langs)
            doc._.cmi = mix.cmi
            doc._.lang_mix = mix.mix
            doc._.dominant_lang = mix.dominant
        return docs


class NormalizerComponent:
    """Sets ``Token.norm_`` (normalized token) and ``Doc._.normalized`` with the package's Normalizer."""

    def __init__(self, nlp: Language, name: str, options: dict[str, Any]) -> None:
        _ensure_extensions()
        self.name = name
        self.normalizer = Normalizer(**options)
        self.script_unified = bool(self.normalizer.config_.script_unified)

    def __call__(self, doc: Doc) -> Doc:
        normalize = self.normalizer.normalize
        for tok in doc:
            if not tok.is_space:
                norm = normalize(tok.text)
                tok.norm_ = norm or tok.text
        doc._.normalized = normalize(doc.text)
        if self.script_unified:
            for tok, key in zip(doc, unify_tokens([t.norm_ for t in doc]), strict=True):
                tok._.norm_key = key
        return doc


@Language.factory(
    "nlp_social_lid",
    default_config={"model": None, "batch_size": 256},
    assigns=["token._.lang", "token._.script", "token._.norm_key", "doc._.cmi", "doc._.lang_mix"],
)
def make_lid_component(nlp: Language, name: str, model: Optional[str], batch_size: int) -> LanguageIdComponent:  # noqa: UP045
    """Factory of the language-ID component (``model``: a model folder; None = the shipped model)."""
    return LanguageIdComponent(nlp, name, model=model, batch_size=batch_size)


@Language.factory(
    "nlp_social_normalizer",
    default_config={"options": {}},
    assigns=["token.norm", "doc._.normalized", "token._.norm_key"],
)
def make_normalizer_component(nlp: Language, name: str, options: dict[str, Any]) -> NormalizerComponent:
    """Factory of the normalizer component (``options``: NormalizerConfig fields)."""
    return NormalizerComponent(nlp, name, options)
