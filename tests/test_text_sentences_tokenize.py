"""Sentence splitting (indic-nlp for Devanagari, an English rule for Latin) and spaCy tokenization."""

from __future__ import annotations

import pytest

from nlp_social.text.sentences import split_sentences
from nlp_social.text.tokenize import spacy_tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("डॉ. शर्मा आए। वे बोले? हाँ! ठीक है", ["डॉ. शर्मा आए।", "वे बोले?", "हाँ!", "ठीक है"]),
        ("मैं आया॥ तुम गए।", ["मैं आया॥", "तुम गए।"]),
        ("श्री. राम आए। U.S. में गए।", ["श्री. राम आए।", "U.S. में गए।"]),
        ("Dr. Smith came. He left! ok... what? yes", ["Dr. Smith came.", "He left!", "ok... what?", "yes"]),
        ("e.g. this stays. J. K. Rowling wrote it.", ["e.g. this stays.", "J. K. Rowling wrote it."]),
        ("line one\nline two", ["line one", "line two"]),
        ("one sentence only", ["one sentence only"]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hai 😂😂 #blm @x_1 <url>!", ["hai", "😂", "😂", "#blm", "@x_1", "<url>", "!"]),
        ("👨\u200d👩\u200d👧 👍🏽 🇮🇳", ["👨\u200d👩\u200d👧", "👍🏽", "🇮🇳"]),
        ("see https://t.co/abc.", ["see", "https://t.co/abc", "."]),
        ("मैं आया। #जय_श्री_राम ठीक है॥", ["मैं", "आया", "।", "#जय_श्री_राम", "ठीक", "है", "॥"]),
        ("don't stop", ["do", "n't", "stop"]),
        (":face_with_tears_of_joy: lol", [":face_with_tears_of_joy:", "lol"]),
        ("", []),
    ],
)
def test_tokenize(text, expected):
    assert spacy_tokens(text) == expected
