"""Script-unified keys: Devanagari normalization, the consonant skeleton, and the wired models (no silent fallback)."""

from __future__ import annotations

import pytest

from nlp_social.errors import ModelFormatError
from nlp_social.lang import unify
from nlp_social.lang.unify import deva_key, model_tokens, norm_key, skeleton_key, text_keys, unify_tokens


def test_deva_key_normalizes_variants():
    assert deva_key("हिन्दी") == deva_key("हिंदी")
    assert deva_key("क़ानून") == deva_key("कानून")
    assert deva_key("हूँ") == deva_key("हूं")
    assert deva_key("सरकार") == "सरकार"
    assert deva_key("का") != deva_key("की")


def test_skeleton_merges_spellings_and_scripts():
    assert skeleton_key("sarkar") == skeleton_key("sarkaar") == skeleton_key("सरकार") == "~srkr"
    assert skeleton_key("khana") == skeleton_key("खाना") != skeleton_key("kana")
    assert skeleton_key("pakka") == skeleton_key("पक्का")
    assert skeleton_key("zindagi") == skeleton_key("ज़िंदगी") == skeleton_key("jindagi")
    assert skeleton_key("bhai") != skeleton_key("bai")


def test_norm_key_by_language():
    assert norm_key("Government", "en") == "government"
    assert norm_key("#Notebandi", "other") == "#notebandi"
    assert norm_key("", "hi") == ""
    assert norm_key("Sarkar", "hi") == norm_key("sarkar", "hi")
    assert norm_key("हिन्दी", "hi") == norm_key("हिंदी", "hi")


def test_unify_tokens_with_and_without_tags():
    keys = unify_tokens(["Sarkar", "ka", "decision"], ["hi", "hi", "en"])
    assert keys == [norm_key("sarkar", "hi"), norm_key("ka", "hi"), "decision"]
    with pytest.raises(ValueError):
        unify_tokens(["a", "b"], ["hi"])
    # languages from the shipped LID model
    keys = unify_tokens("सरकार का ये decision बिल्कुल सही है".split())
    assert keys[3] == "decision" and keys[0] == norm_key("सरकार", "hi")
    assert unify_tokens([]) == []


def test_no_silent_skeleton_when_translit_fails(monkeypatch):
    def broken():
        raise ModelFormatError("transliteration model: broken")

    monkeypatch.setattr(unify, "_translit", broken)
    unify._hindi_latin_key.cache_clear()
    try:
        with pytest.raises(ModelFormatError):
            norm_key("sarkaar", "hi")
    finally:
        unify._hindi_latin_key.cache_clear()


def test_translit_backend():
    from nlp_social.lang.translit import Transliterator

    key = norm_key("sarkaar", "hi")
    assert unify.script_of(key) == "Deva"
    canon = unify._speller().normalize_token("sarkaar")
    assert key == deva_key(Transliterator.default().to_deva(canon))  # wired: spelling fold -> to_deva -> deva_key
    # spelling variants and the native spelling meet in one key (as far as the transliterator gets it right)
    assert norm_key("nahi", "hi") == norm_key("nahin", "hi") == norm_key("नहीं", "hi")
    assert norm_key("bahut", "hi") == norm_key("bohot", "hi") == norm_key("बहुत", "hi")


def test_text_keys_and_model_tokens_use_the_normalizer_tokens():
    from nlp_social.text.normalizer import Normalizer

    n = Normalizer()
    assert text_keys(n, "Sarkar सरकार", langs=["hi", "hi"]) == unify_tokens(["sarkar", "सरकार"], ["hi", "hi"])
    assert model_tokens(n, "A b") == ["a", "b"]  # script_unified off: plain tokens
    assert model_tokens(Normalizer(script_unified=True), "Sarkar") == text_keys(n, "Sarkar")


def test_batched_prefetch_gives_the_same_keys():
    words = ["sarkaar", "nahi", "bohot", "dosti", "kitaaben", "zindagi"]
    unify.prefetch_latin(words)  # one batched decode fills the transliterator's cache
    assert unify_tokens(words, ["hi"] * len(words)) == [norm_key(w, "hi") for w in words]
    unify.prefetch_latin([])  # nothing to do
