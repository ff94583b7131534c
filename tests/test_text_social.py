"""Social steps: URLs, mentions, hashtags (segmentation), emoji, elongation, punctuation, case."""

from __future__ import annotations

import pytest

from nlp_social.text import social
from nlp_social.text.segment import segment_hashtag, viterbi_segment


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("#BlackLivesMatter", "black lives matter"),
        ("#ModiHaiToMumkinHai", "modi hai to mumkin hai"),
        ("#blacklivesmatter", "black lives matter"),
        ("#modihaitomumkinhai", "modi hai to mumkin hai"),
        ("#COVID19India", "covid 19 india"),
        ("#jai_shri_ram", "jai shri ram"),
        ("#जय_श्री_राम", "जय श्री राम"),
        ("#मोदीहैतोमुमकिनहै", "मोदी है तो मुमकिन है"),
        ("#stayhomestaysafe", "stay home stay safe"),
        ("#BJP", "bjp"),  # short: kept whole
        ("#hope", "hope"),
    ],
)
def test_hashtag_segmentation(tag, words):
    assert social.hashtag_words(tag) == words


def test_viterbi_never_cuts_before_a_vowel_sign():
    for word in viterbi_segment("मोदीहैतोमुमकिनहै"):
        assert word[0] not in "\u093e\u093f\u0940\u0941\u0942\u0947\u0948\u094b\u094c\u094d\u0902"
    assert segment_hashtag("#") == ()


@pytest.mark.parametrize(
    ("text", "mode", "expected"),
    [
        ("see https://t.co/abc now", "placeholder", "see <url> now"),
        ("see www.example.com/x, now", "placeholder", "see <url>, now"),
        ("bit.ly/xyz", "placeholder", "<url>"),
        ("see https://t.co/abc now", "keep", "see https://t.co/abc now"),
        ("e.g. 5.30 and U.S.", "placeholder", "e.g. 5.30 and U.S."),
    ],
)
def test_urls(text, mode, expected):
    assert " ".join(social.replace_urls(text, mode=mode).split()) == expected


@pytest.mark.parametrize(
    ("text", "mode", "expected"),
    [
        ("hi @RahulGandhi!", "placeholder", "hi @user!"),
        ("hi @RahulGandhi!", "keep", "hi @RahulGandhi!"),
        ("mail a@b.com", "placeholder", "mail a@b.com"),  # an e-mail is not a mention
    ],
)
def test_mentions(text, mode, expected):
    assert social.replace_mentions(text, mode=mode) == expected


def test_find_entities():
    text = "RT @abc: #BlackLivesMatter 😂👍🏽 https://t.co/x"
    assert social.find_mentions(text) == ["@abc"]
    assert social.find_hashtags(text) == ["#BlackLivesMatter"]
    assert social.find_urls(text) == ["https://t.co/x"]
    assert social.find_emoji(text) == ["😂", "👍🏽"]


@pytest.mark.parametrize(
    ("emoji", "lang", "name"),
    [
        ("😂", "en", "face with tears of joy"),
        ("🙏", "en", "folded hands"),
        ("👍🏽", "en", "thumbs up: medium skin tone"),
        ("❤️", "en", "red heart"),
        ("😂", "hi", "खुशी के आँसुओं वाला चेहरा"),
    ],
)
def test_emoji_names(emoji, lang, name):
    assert social.emoji_name(emoji, lang=lang) == name


def test_emoji_modes():
    assert social.replace_emoji("lol 😂", mode="name").split() == ["lol", ":face_with_tears_of_joy:"]
    assert social.replace_emoji("lol 😂", mode="remove").strip() == "lol"
    assert social.replace_emoji("lol 😂", mode="keep") == "lol 😂"
    assert social.emoji_token("👨\u200d👩\u200d👧") == ":family_man_woman_girl:"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sooooo", "so"),
        ("bahuuuut", "bahut"),
        ("goooood", "good"),
        ("hmmmmm", "hm"),  # "hm" is more frequent than "hmm" in the shipped counts
        ("xyzzzzz", "xyzz"),  # unknown word: max_repeat letters
        ("cool", "cool"),  # no elongation: unchanged
        ("bahut", "bahut"),
        ("हाााा", "हा"),
        ("अच्छा", "अच्छा"),
    ],
)
def test_elongation(text, expected):
    assert social.reduce_elongation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wow!!!!!", "wow!"),
        ("what???", "what?"),
        ("what?!?!", "what?!"),
        ("hmm.....", "hmm..."),
        ("a,,,b", "a,b"),
        ("ok... fine!", "ok... fine!"),
    ],
)
def test_punctuation(text, expected):
    assert social.reduce_punctuation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HELLO World", "hello world"),
        ("मेरा NAME", "मेरा name"),
        ("ΣΑΣ Straße", "ΣΑΣ straße"),  # Greek is not Latin: untouched
        ("ÉCOLE", "école"),
    ],
)
def test_lowercase_latin_only(text, expected):
    assert social.lowercase_latin(text) == expected
