"""Unicode-level steps: parametrized input -> expected tables, including inputs that must not change."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nlp_social.text.patterns import DEVA_NFC_PAIRS, INDIC_TRIGGER
from nlp_social.text.unicode import (
    devanagari_digits_to_ascii,
    devanagari_span,
    devanagari_spans,
    nfc,
    nfc_tokens,
    normalize_danda,
    normalize_devanagari,
    normalize_whitespace,
    translate_chars,
    zero_width,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cafe\u0301", "café"),
        ("\u0929", "\u0929"),
        ("क\u093c", "क\u093c"),  # qa stays decomposed (composition exclusion)
        ("plain ascii", "plain ascii"),
        ("हिंदी", "हिंदी"),
    ],
)
def test_nfc(text, expected):
    assert nfc(text) == expected
    assert nfc_tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\ufeffhello", "hello"),  # BOM
        ("hel\u200blo", "hello"),  # zero-width space
        ("co\u00adop", "coop"),  # soft hyphen
        ("\u200eabc\u200f", "abc"),  # bidi marks
        ("a\u00a0b\u3000c", "a b c"),  # exotic spaces
        ("\u201cquote\u201d \u2018x\u2019", "\"quote\" 'x'"),
        ("a\u2013b", "a-b"),
        ("a\u2014b", "a - b"),
        ("wait\u2026", "wait..."),
        ("\u0968\u0966\u0968\u0966", "2020"),
        ("no change: 'x' - ...", "no change: 'x' - ..."),
    ],
)
def test_translate_chars(text, expected):
    assert translate_chars(text) == expected


def test_translate_options_off():
    assert translate_chars("\u201cx\u201d \u0968", punctuation=False, digits=False) == "\u201cx\u201d \u0968"
    assert devanagari_digits_to_ascii("\u0967\u0968\u0969 abc") == "123 abc"


@pytest.mark.parametrize(
    ("text", "policy", "expected"),
    [
        ("क्\u200dष", "strip", "क्ष"),
        ("क्\u200cष", "strip", "क्ष"),
        ("क्\u200dष", "keep_conjunct", "क्\u200dष"),  # after a virama, before a consonant: kept
        ("क\u200dष", "keep_conjunct", "कष"),  # not after a virama: stripped
        ("👨\u200d👩\u200d👧", "strip", "👨\u200d👩\u200d👧"),  # emoji ZWJ sequence: kept
        ("abc", "strip", "abc"),
    ],
)
def test_zero_width_policy(text, policy, expected):
    assert zero_width(text, policy=policy) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("है|", "है।"),
        ("है |", "है ।"),
        ("है||", "है॥"),
        ("है।।", "है॥"),
        ("है॥।", "है॥"),
        ("a | b", "a | b"),  # a separator between Latin words stays
        ("है |||", "है |||"),
        ("है। ठीक", "है। ठीक"),
    ],
)
def test_danda(text, expected):
    assert normalize_danda(text) == expected
    assert normalize_danda(expected) == expected


@pytest.mark.parametrize(
    ("span", "kwargs", "expected"),
    [
        ("\u0958", {}, "क\u093c"),  # precomposed qa -> ka + nukta (indic-nlp)
        ("क\u093cानून", {"remove_nuktas": True}, "कानून"),
        ("हिन्दी", {"nasals_mode": "to_anusvaara_strict"}, "हिंदी"),
        ("हिन्दी", {}, "हिन्दी"),
    ],
)
def test_devanagari_span(span, kwargs, expected):
    assert devanagari_span(span, **kwargs) == expected
    assert devanagari_spans([span, span], **kwargs) == [expected, expected]


def test_indic_only_on_devanagari_spans():
    # indic-nlp on a whole post would turn ':' after Devanagari into a visarga and '|' into a danda
    assert normalize_devanagari("साझा करें: a|b") == "साझा करें: a|b"
    cache: dict = {}
    assert normalize_devanagari("ज़\u0958 x", cache=cache) == "ज़क\u093c x"
    assert cache


@pytest.mark.parametrize(
    ("text", "keep", "expected"),
    [("  a \t b\n\n c  ", False, "a b c"), ("a  b\n\n\nc ", True, "a b\nc"), ("x", False, "x")],
)
def test_whitespace(text, keep, expected):
    assert normalize_whitespace(text, keep_newlines=keep) == expected


# The fast path skips indic-nlp on Devanagari tokens without a trigger character; this checks the
# claim behind it: with the default options indic-nlp changes nothing else in a Devanagari span.
_NO_TRIGGER = st.text(
    alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F).filter(
        lambda c: not INDIC_TRIGGER.match(c) and c not in "\u0964\u0965"
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(_NO_TRIGGER)
def test_indic_is_identity_without_trigger_characters(span):
    assume(not any(pair in span for pair in DEVA_NFC_PAIRS))
    assert devanagari_span(span) == span


@pytest.mark.parametrize("span", ["न\u093c", "क\u094d\u093c", "र\u093c"])
def test_nfc_pairs_are_triggers(span):
    assert devanagari_span(span) != span
    assert any(pair in span for pair in DEVA_NFC_PAIRS)
