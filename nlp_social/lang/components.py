"""Fingerprints of the shipped models that other models use as components, and the check against them.

A spelling model folds unseen words through the shipped transliterator; a stance model romanizes
Devanagari with it, and the accurate stance model renders Hindi with the shipped language ID. A saved
model records the fingerprint of each such component it was trained with and refuses to predict with a
different one (retrained, or another nlp_social), instead of silently producing other features.

A fingerprint is behavioural: the sha256 of what the component returns for a fixed set of probe words
(or posts). It does not depend on how the component's folder is laid out, so rewriting a folder with
the same weights keeps it, while any change in what the component outputs changes it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from nlp_social.errors import ModelFormatError
from nlp_social.lang.lid import LanguageIdentifier
from nlp_social.lang.translit import Transliterator

#: Romanized Hindi words, common and rare, (spelling variants included) for ``to_deva``.
PROBE_LATN = (
    "nahi nahin nhi bahut bohot accha achha sarkar sarkaar kyun hamara janta chunav berozgari "
    "mehngai notebandi bhrashtachar pradhanmantri jhooth zindagi shukriya zaroor"
).split()
#: Devanagari words for ``to_latn``.
PROBE_DEVA = (
    "नहीं बहुत अच्छा सरकार क्यों हैं हमारा जनता चुनाव नौकरी बेरोज़गारी महंगाई किसान आंदोलन नोटबंदी "
    "स्वास्थ्य भ्रष्टाचार प्रधानमंत्री झूठ ज़िंदगी ख़ुशी शुक्रिया बिल्कुल ज़रूर"
).split()
#: Posts for language ID (romanized Hinglish, English, Devanagari, mixed).
PROBE_POSTS = (
    "ye brand bilkul fake hai , never buying again",
    "sarkar ne notebandi ka decision sahi liya , lekin implementation bahut kharab tha",
    "Masks save lives . Wear one .",
    "yaar kal match dekha ? Kohli ne kya khela",
    "सरकार का ये decision बिल्कुल सही है",
    "to be or not to be , is baar to phir se wahi hua",
    "@user bhai tu kab aayega #ghar",
    "Climate change is real and we need to act now",
)


def _digest(value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def transliterator_fingerprint(translit: Any) -> str:
    """Fingerprint of a transliterator: its ``to_deva`` of :data:`PROBE_LATN`, ``to_latn`` of :data:`PROBE_DEVA`."""
    return _digest([list(translit.to_deva_many(PROBE_LATN)), [translit.to_latn(w) for w in PROBE_DEVA]])


def lid_fingerprint(lid: Any) -> str:
    """Fingerprint of a language identifier: its tags of :data:`PROBE_POSTS` (whitespace tokens)."""
    return _digest(lid.predict([p.split() for p in PROBE_POSTS]))


@lru_cache(maxsize=1)
def shipped_transliterator_fingerprint() -> str:
    """Fingerprint of the shipped transliterator (computed once per process)."""
    return transliterator_fingerprint(Transliterator.default())


@lru_cache(maxsize=1)
def shipped_lid_fingerprint() -> str:
    """Fingerprint of the shipped language-ID model (computed once per process)."""
    return lid_fingerprint(LanguageIdentifier.default())


SHIPPED = {
    "transliterator": shipped_transliterator_fingerprint,
    "lid": shipped_lid_fingerprint,
}


def shipped_fingerprints(names: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``{name: fingerprint}`` of the shipped components ``names`` (``transliterator``, ``lid``)."""
    return {name: SHIPPED[name]() for name in names}


def check_components(
    recorded: dict[str, str], folder: str | Path | None, kind: str, accept: bool = False
) -> None:
    """Raise one :class:`ModelFormatError` line when a shipped component differs from the one recorded.

    ``recorded`` is what the model saved (``{name: fingerprint}``); ``kind`` names the model in the error.
    ``accept`` (the loaders' ``accept_components=True``) skips the comparison: an explicit choice to predict
    with the installed components, which the model's next ``save`` records.
    """
    if accept:
        return
    for name, fingerprint in recorded.items():
        if name not in SHIPPED:
            raise ModelFormatError(
                f"{folder or 'the ' + kind}: needs an unknown component {name!r}; this nlp_social has "
                f"{', '.join(SHIPPED)}"
            )
        current = SHIPPED[name]()
        if current != fingerprint:
            raise ModelFormatError(
                f"{folder or 'the ' + kind}: this {kind} was made with the shipped {name} {fingerprint}, "
                f"but the installed one is {current}; retrain it (or load it with accept_components=True "
                "and save it again, to accept the installed one)"
            )


__all__ = [
    "PROBE_DEVA",
    "PROBE_LATN",
    "PROBE_POSTS",
    "check_components",
    "lid_fingerprint",
    "shipped_fingerprints",
    "transliterator_fingerprint",
]
