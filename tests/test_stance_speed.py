"""The fast stance model's prediction path: sped up (issue 17), its outputs pinned to those before.

The numbers below were computed with the shipped ``fast`` model by the prediction code of commit 601f3b4
(before the per-word caches and the shared-block featurization); any change of the prediction path must
reproduce them (``atol 1e-9``), so the shipped accurate model's fingerprint check keeps passing too.
"""

from __future__ import annotations

import numpy as np
import pytest

from nlp_social import load_corpus
from nlp_social.stance.load import load_stance_model

ROWS = [0, 1, 2, 7, 8, 5]  # demo posts; 7 and 8 are Devanagari
ROW_TARGETS = [
    "face masks",
    "lockdown",
    "demonetisation",
    "Black Lives Matter",
    "demonetisation",
    "a brand new unseen target",
]
PINNED = [
    [0.11978262986013483, 0.16751622574144487, 0.7127011443984204],
    [0.08737606161695397, 0.13699966067402553, 0.7756242777090204],
    [0.15017422776282086, 0.15901329233433664, 0.6908124799028424],
    [0.18634696458534034, 0.48854234000977453, 0.3251106954048851],
    [0.34688463887668136, 0.4135900659929559, 0.23952529513036278],
    [0.3885160457394802, 0.37472559774693065, 0.2367583565135891],
]
# every demo post against every demo target (post-major, as the annotate stance step calls it)
ALL_SUMS = [852.6059967836848, 866.4205611453802, 1290.9734420709285]
ALL_ARGMAX_COUNTS = [714, 708, 1588]


@pytest.fixture(scope="module")
def fast():
    return load_stance_model("fast")


@pytest.fixture(scope="module")
def demo():
    df = load_corpus("demo")
    texts = [str(t) for t in df["text"]]
    targets = sorted({t.strip() for t in df["target"] if isinstance(t, str) and t.strip()})
    return texts, targets


def test_pinned_probabilities_of_the_shipped_fast_model(fast, demo):
    texts, _ = demo
    p = fast.predict_proba([texts[i] for i in ROWS], targets=ROW_TARGETS)
    np.testing.assert_allclose(p, np.array(PINNED), rtol=0, atol=1e-9)


def test_every_demo_post_against_every_demo_target_is_unchanged(fast, demo):
    texts, targets = demo
    p = fast.predict_proba([t for t in texts for _ in targets], targets=[g for _ in texts for g in targets])
    assert p.shape == (len(texts) * len(targets), 3)
    np.testing.assert_allclose(p.sum(axis=0), ALL_SUMS, rtol=0, atol=1e-9 * len(p))
    assert np.bincount(p.argmax(axis=1), minlength=3).tolist() == ALL_ARGMAX_COUNTS


def test_batching_and_repeats_do_not_change_probabilities(fast, demo):
    """A post's probabilities do not depend on what else is in the batch (nor on the caches)."""
    texts, targets = demo
    sub = texts[:40]
    rows_t = [t for t in sub for _ in targets[:3]] + sub[:5]
    rows_g = [g for _ in sub for g in targets[:3]] + ["an unseen target"] * 5
    together = fast.predict_proba(rows_t, targets=rows_g)
    for i in range(0, len(rows_t), 17):
        alone = fast.predict_proba([rows_t[i]], targets=[rows_g[i]])
        np.testing.assert_allclose(alone[0], together[i], rtol=0, atol=1e-12)
    again = fast.predict_proba(rows_t[::-1], targets=rows_g[::-1])
    np.testing.assert_allclose(again[::-1], together, rtol=0, atol=1e-12)


def _hashers():
    from sklearn.feature_extraction.text import HashingVectorizer

    word = HashingVectorizer(
        n_features=2**10,
        analyzer="word",
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        alternate_sign=False,
        norm=None,
    )
    char = HashingVectorizer(
        n_features=2**12,
        analyzer="char_wb",
        lowercase=False,
        ngram_range=(2, 5),
        alternate_sign=False,
        norm=None,
    )
    return word, char


def _same(a, b):
    a, b = a.tocsr(), b.tocsr()
    assert a.shape == b.shape and a.dtype == b.dtype
    assert a.has_canonical_format and b.has_canonical_format
    for attr in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(a, attr), getattr(b, attr))


@pytest.mark.parametrize("max_words", [3, 200_000])
def test_cached_ngram_counts_equal_hashing_the_joined_text(max_words):
    """Per-word cached columns give exactly the hashers' counts (also when the caches are emptied)."""
    from nlp_social.stance.ngrams import NgramCounter

    word, char = _hashers()
    counter = NgramCounter(word, char, max_words=max_words)
    docs = [
        ["modi", "ji", "ka", "#notebandi", "notebandi", "!", "!"],
        [],
        ["a"],
        ["नोटबंदी", "बुरी", "है", "नोटबंदी"],
        ["ji", "ka", "ji", "ka", "don't", "x_y"],
        ["modi"],
    ]
    for batch in (docs, docs[::-1], docs[2:4], [["new", "words", "here"]] + docs):
        _same(counter.word_counts(batch), word.transform([" ".join(d) for d in batch]))
        _same(counter.char_counts(batch), char.transform([" ".join(d) for d in batch]))


def test_token_keys_give_the_cue_keys(fast, demo):
    texts, _ = demo
    f = fast.featurizer_
    toks = [f.prepare(t) for t in texts[:60]]
    _, _, cues = f._token_keys(toks)
    assert cues == [f.cue_keys(t) for t in toks]


def test_no_posts_no_rows(fast):
    assert fast.predict_proba([], targets=[]).shape == (0, 3)
    assert len(fast.predict_targets([], ["face masks"])) == 0
