"""spaCy components: found through entry points in a fresh interpreter, and set the documented attributes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

spacy = pytest.importorskip("spacy")


def test_entry_points_register_factories_without_import():
    # a fresh interpreter that never imports nlp_social: spaCy must find the factories via entry points
    code = textwrap.dedent(
        """
        import sys, spacy
        nlp = spacy.blank("hi")
        nlp.add_pipe("nlp_social_lid")
        doc = nlp("सरकार का ये decision बिल्कुल सही है")
        print([t._.lang for t in doc], round(doc._.cmi, 1))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    if out.returncode != 0 and "Can't find factory" in out.stderr:
        pytest.fail("entry points missing: run `pip install -e .` in the venv\n" + out.stderr[-2000:])
    assert out.returncode == 0, out.stderr[-2000:]
    assert "'en'" in out.stdout and "'hi'" in out.stdout


def test_lid_component_sets_attributes():
    from nlp_social.lang import spacy_components  # noqa: F401  (also registers via @Language.factory)

    nlp = spacy.blank("hi")
    nlp.add_pipe("nlp_social_lid")
    doc = nlp("ye brand bilkul fake hai , never buying again 😂")
    langs = [t._.lang for t in doc]
    assert [langs[i] for i in (0, 1, 2, 4, 6, 7)] == ["hi", "en", "hi", "hi", "en", "en"]
    assert langs[5] == "other" and langs[-1] == "other"
    assert [t._.script for t in doc][:2] == ["Latn", "Latn"] and doc[-1]._.script == "Zyyy"
    assert all(t._.norm_key for t in doc)
    assert doc[1]._.norm_key == "brand"
    from nlp_social.lang.mix import cmi, dominant_lang

    assert 0 < doc._.cmi <= 50 and doc._.cmi == pytest.approx(cmi(langs))
    assert set(doc._.lang_mix) == {"hi", "en"} and doc._.dominant_lang == dominant_lang(langs)
    assert 0.5 <= doc[0]._.lang_prob <= 1.0
    # batched pipe gives the same tags as one by one
    texts = ["kya great movie thi yaar", "सरकार का ये decision बिल्कुल सही है", ""]
    piped = [[t._.lang for t in d] for d in nlp.pipe(texts, batch_size=2)]
    single = [[t._.lang for t in nlp(x)] for x in texts]
    assert piped == single


def test_normalizer_component():
    from nlp_social.lang import spacy_components  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("nlp_social_normalizer", config={"options": {"lowercase_latin": True}})
    doc = nlp("Sooooo GOOD yaar")
    assert doc._.normalized == doc._.normalized.lower()
    assert doc[1].norm_ == "good"
    nlp2 = spacy.blank("hi")
    nlp2.add_pipe("nlp_social_normalizer", config={"options": {"script_unified": True}})
    doc2 = nlp2("सरकार decision")
    assert doc2[1]._.norm_key == "decision" and doc2[0]._.norm_key


def test_lid_component_with_model_path(tmp_path):
    from nlp_social.lang.lid import LanguageIdentifier

    LanguageIdentifier.default().save(tmp_path / "lid")
    nlp = spacy.blank("hi")
    nlp.add_pipe("nlp_social_lid", config={"model": str(tmp_path / "lid")})
    assert [t._.lang for t in nlp("yaar this is great")][1:] == ["en", "en", "en"]
