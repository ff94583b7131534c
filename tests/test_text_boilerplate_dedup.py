"""Boilerplate flags (never drops) and near-duplicate detection (retweets, copy-paste campaigns)."""

from __future__ import annotations

import pytest

from nlp_social.text.boilerplate import boilerplate_lines, strip_boilerplate
from nlp_social.text.dedup import NearDuplicateIndex, dedup_key, find_near_duplicates


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("अपने दोस्तों के साथ साझा करें:", "pattern:share"),
        ("Share this with your friends!", "pattern:share"),
        ("डाउनलोड करें HASHTAGS सूचकांक आज।", "pattern:download"),
        ("Download the free report today.", "pattern:download"),
        ("Click here to read the full story", "pattern:click_here"),
        ("पूरी खबर के लिए यहाँ क्लिक करें", "pattern:click_here"),
        ("© 2020 Brand. All rights reserved.", "pattern:copyright"),
    ],
)
def test_boilerplate_patterns(text, reason):
    flags = boilerplate_lines(text)
    assert flags and {f.reason for f in flags} == {reason}


@pytest.mark.parametrize(
    "text",
    [
        "जितना मुश्किल हो सकता है, आपको यह साझा करने की आवश्यकता है कि जनता कैसे प्रतिक्रिया करती है।",
        "I downloaded it and it works well",
        "modi ji ne aaj bahut accha bola",
    ],
)
def test_not_boilerplate(text):
    assert boilerplate_lines(text) == []


def test_seed_document_flags(project_root):
    seed = next((project_root / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    flags = boilerplate_lines(seed)
    got = {(f.text, f.reason) for f in flags}
    assert ("एन्जिल्स का अर्थ संख्या", "off_topic") in got
    assert ("अपने दोस्तों के साथ साझा करें:", "pattern:share") in got
    assert ("डाउनलोड करें HASHTAGS सूचकांक आज।", "pattern:download") in got
    assert len(flags) == 3  # headings that introduce their paragraph are not flagged
    stripped = strip_boilerplate(seed)
    assert "एन्जिल्स" not in stripped and "सोशल मीडिया मैनेजर, आप अपने ब्रांड नहीं हैं" in stripped


def test_dedup_key():
    assert dedup_key("RT @abc: Boycott China NOW!! https://t.co/x 😂") == "boycott china now"
    assert dedup_key("कोरोना से बचें, घर पर रहें 🙏") == "कोरोना से बचें घर पर रहें"


def test_near_duplicates():
    texts = [
        "Boycott China products now! #BoycottChina https://t.co/1",
        "RT @abc: Boycott China products now! #BoycottChina https://t.co/2",
        "something else entirely here",
        "Boycott China products now #BoycottChina please",
        "कोरोना से बचें, घर पर रहें",
        "RT @x: कोरोना से बचें, घर पर रहें 🙏",
        "",
        "https://t.co/only-a-link",
    ]
    res = find_near_duplicates(texts)
    assert [r.cluster_id for r in res] == [0, 0, 2, 0, 4, 4, 6, 7]
    assert [r.is_duplicate for r in res] == [False, True, False, True, False, True, False, False]
    assert res[1].retweet and res[1].similarity == 1.0 and res[1].duplicate_of == 0
    assert 0.7 < res[3].similarity < 1.0
    # deterministic: same seed, same result; streaming API agrees with the batch one
    assert find_near_duplicates(texts) == res
    index = NearDuplicateIndex()
    assert [index.add(t) for t in texts] == res


def test_dedup_options_validated():
    with pytest.raises(ValueError):
        NearDuplicateIndex(num_perm=10, bands=3)
