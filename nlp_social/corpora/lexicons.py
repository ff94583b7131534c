"""Lexicon loaders: stopword lists, Hindi SentiWordNet, emoji names, word lists, word frequencies and
the FreeDict English–Hindi dictionary.

Every loader returns one row per entry with ``id`` and ``text`` (the entry itself, also in ``word``)
plus ``lang`` and the resource's own fields. :func:`stopwords` merges the stopword lists into a set.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from nlp_social.corpora.registry import load_corpus, register_corpus, require_file


def _lines(path: Path, corpus: str) -> list[str]:
    """Non-empty stripped lines of a UTF-8 word list (order kept, duplicates removed)."""
    text = require_file(path, corpus).read_text(encoding="utf-8-sig")
    seen: dict[str, None] = {}
    for line in text.splitlines():
        word = line.strip()
        if word:
            seen.setdefault(word, None)
    return list(seen)


def _word_frame(words: list[str], lang: str | list[str], source: str | list[str], prefix: str) -> pd.DataFrame:
    df = pd.DataFrame({"word": words, "lang": lang, "source": source})
    df.insert(0, "text", df["word"])
    df.insert(0, "id", [f"{prefix}:{i}" for i in range(len(df))])
    return df


# --- stopwords -------------------------------------------------------------------------------------

# file -> (lang, what it is); "hinglish" = romanized Hindi and English function words
_STOPWORD_FILES = {
    "stopwords-iso.hi.txt": "hi",
    "lihisto.hi.txt": "hi",
    "hindi_stopwords_pkg.hi.txt": "hi",
    "trigonaminima.stop_hindi.txt": "hi",
    "stopwords-iso.en.txt": "en",
    "hinglishswd.stopwords_hinglish.txt": "hinglish",
    "hinglishswd.stopwords_hindi.txt": "hinglish",
    "trigonaminima.stop_hinglish.txt": "hinglish",
}


@register_corpus(
    "stopwords",
    task="lexicon",
    splits=("all", "hi", "en", "hinglish"),
    folder="stopwords",
    url="https://github.com/stopwords-iso/stopwords-iso ; https://pypi.org/project/LiHiSTO/ ; "
    "https://pypi.org/project/hindi-stopwords/ ; https://pypi.org/project/hinglishswd/ ; "
    "https://github.com/TrigonaMinima/HinglishNLP",
    description="Hindi (Devanagari), English and Hinglish (romanized) stopword lists from 5 sources",
)
def _load_stopwords(corpus_dir: Path, split: str) -> pd.DataFrame:
    frames = []
    for name, lang in _STOPWORD_FILES.items():
        if split != "all" and lang != split:
            continue
        words = _lines(corpus_dir / name, "stopwords")
        frames.append(_word_frame(words, lang, name.removesuffix(".txt"), name.removesuffix(".txt")))
    return pd.concat(frames, ignore_index=True)


@register_corpus(
    "hindi_stopwords_absa",
    task="lexicon",
    splits=("all",),
    folder="hindi_stopwords_absa",
    url="https://github.com/pnisarg/ABSA (tools/hindi_stopwords.txt)",
    description="Devanagari stopwords from pnisarg/ABSA (225 distinct; same set as stopwords-iso 'hi')",
)
def _load_absa_stopwords(corpus_dir: Path, split: str) -> pd.DataFrame:
    words = _lines(corpus_dir / "hindi_stopwords.txt", "hindi_stopwords_absa")
    return _word_frame(words, "hi", "pnisarg/ABSA", "absa")


@register_corpus(
    "hindi_stopwords_iso",
    task="lexicon",
    splits=("hi", "en"),
    folder="hindi_stopwords_iso",
    url="https://pypi.org/project/stopwordsiso/ (https://github.com/stopwords-iso/stopwords-iso)",
    description="stopwords-iso JSON (all languages); splits pick the language",
)
def _load_iso_stopwords(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "stopwords-iso.json", "hindi_stopwords_iso")
    data = json.loads(path.read_text(encoding="utf-8"))
    words = list(dict.fromkeys(w.strip() for w in data[split] if w.strip()))
    return _word_frame(words, split, "stopwords-iso", f"iso.{split}")


@register_corpus(
    "hinglish_stopwords_guptaanuj166",
    task="lexicon",
    splits=("all",),
    folder="hinglish_stopwords_guptaanuj166",
    url="https://github.com/guptaanuj166/Hinglish-Sentiment-Analysis (stop_hinglish.txt)",
    description="Hinglish stopwords (romanized Hindi + English, with spelling variants and punctuation)",
)
def _load_hinglish_stopwords(corpus_dir: Path, split: str) -> pd.DataFrame:
    words = _lines(corpus_dir / "stop_hinglish.txt", "hinglish_stopwords_guptaanuj166")
    return _word_frame(words, "hinglish", "guptaanuj166", "hinglish")


@lru_cache(maxsize=16)
def _stopword_set(lang: str, data_dir: str | None) -> frozenset[str]:
    words: set[str] = set()
    if lang in ("hi", "en", "hinglish"):
        words |= set(load_corpus("stopwords", lang, data_dir=data_dir)["word"])
    if lang in ("hi", "en"):
        words |= set(load_corpus("hindi_stopwords_iso", lang, data_dir=data_dir)["word"])
    if lang == "hinglish":
        words |= set(load_corpus("hinglish_stopwords_guptaanuj166", "all", data_dir=data_dir)["word"])
    if not words:
        raise ValueError(f"no stopword list for lang {lang!r}; use 'hi', 'en' or 'hinglish'")
    return frozenset(w.lower() for w in words)


def stopwords(lang: str, data_dir: str | os.PathLike | None = None) -> frozenset[str]:
    """The union of the stopword lists for ``lang`` (``hi``, ``en`` or ``hinglish``), lowercased."""
    return _stopword_set(lang, None if data_dir is None else str(data_dir))


# --- sentiment, emoji, word lists, dictionary ------------------------------------------------------


@register_corpus(
    "hindi_sentiwordnet",
    task="lexicon",
    splits=("all",),
    folder="hindi_sentiwordnet",
    url="https://github.com/pnisarg/ABSA (tools/hindi_swn/HSWN_WN.txt); Hindi SentiWordNet, IIT Bombay CFILT",
    description="Hindi SentiWordNet: one row per word of each synset, positive/negative scores",
)
def _load_hswn(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "HSWN_WN.txt", "hindi_sentiwordnet")
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if len(parts) != 5:
            continue  # blank lines; the file has exactly 5 space-separated fields per synset
        pos_tag, synset, pos_score, neg_score, words = parts
        for word in words.split(","):
            if word:
                rows.append(
                    {
                        "word": word.replace("_", " "),
                        "pos": pos_tag,
                        "synset": int(synset),
                        "pos_score": float(pos_score),
                        "neg_score": float(neg_score),
                        "line": lineno,
                    }
                )
    df = pd.DataFrame(rows)
    df["score"] = df["pos_score"] - df["neg_score"]
    df["label"] = ["positive" if s > 0 else "negative" if s < 0 else "neutral" for s in df["score"]]
    df["lang"] = "hi"
    df.insert(0, "text", df["word"])
    df.insert(0, "id", [f"hswn:{i}" for i in range(len(df))])
    return df


def _keywords(value: object) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return []
    return [k.strip() for k in value.split("|") if k.strip()]


@register_corpus(
    "emoji_names",
    task="lexicon",
    splits=("all",),
    folder="emoji_names",
    url="https://cldr.unicode.org/ (CLDR v41 annotations en/hi/hi_Latn) and https://unicode.org/Public/emoji/",
    description="Emoji names and keywords in English, Hindi (Devanagari) and romanized Hindi",
)
def _load_emoji(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "cldr41_emoji_annotations_en_hi_hiLatn.tsv", "emoji_names")
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3, encoding="utf-8")
    df = df.rename(columns={"hi_Latn_name": "hi_latn_name", "hi_Latn_keywords": "hi_latn_keywords"})
    for col in ("en_keywords", "hi_keywords", "hi_latn_keywords"):
        df[col] = df[col].map(_keywords)
    df.insert(0, "text", df["emoji"])
    df.insert(0, "id", [f"emoji:{i}" for i in range(len(df))])
    return df


@register_corpus(
    "english_wordlist_aspell",
    task="lexicon",
    splits=("all",),
    folder="english_wordlist_aspell",
    url="http://wordlist.aspell.net/ (SCOWL; copy from https://github.com/hi-im-buggy/alsii resources/EN.words.txt)",
    description="English word list (aspell/SCOWL), a dictionary feature for en/hi language ID",
)
def _load_english_words(corpus_dir: Path, split: str) -> pd.DataFrame:
    words = _lines(corpus_dir / "EN.words.txt", "english_wordlist_aspell")
    return _word_frame(words, "en", "aspell", "en")


@register_corpus(
    "hindi_wordlists",
    task="lexicon",
    splits=("all",),
    folder="hindi_wordlists",
    url="https://packages.debian.org/bookworm/hunspell-hi (libreoffice-dictionaries hi_IN)",
    description="Hindi spell-check word list (hunspell hi_IN, 15,990 Devanagari words), GPL-2+",
)
def _load_hindi_words(corpus_dir: Path, split: str) -> pd.DataFrame:
    words = _lines(corpus_dir / "hi_IN.dic", "hindi_wordlists")
    if words and words[0].isdigit():  # hunspell .dic starts with the entry count
        words = words[1:]
    words = [w.split("/")[0] for w in words]  # affix flags, should there be any
    return _word_frame(words, "hi", "hunspell hi_IN", "hi")


@register_corpus(
    "wordfreq_hi",
    task="lexicon",
    splits=("all",),
    folder="wordfreq_hi",
    url="https://pypi.org/project/wordfreq/ (https://github.com/rspeer/wordfreq, data CC BY-SA 4.0)",
    description="wordfreq small_hi: 26,653 Hindi tokens with Zipf frequency",
)
def _load_wordfreq(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "wordfreq_small_hi.tsv", "wordfreq_hi")
    df = pd.read_csv(path, sep="\t", dtype={"word": str}, keep_default_na=False, quoting=3, encoding="utf-8")
    df = df[df["word"].str.len() > 0].reset_index(drop=True)
    df["lang"] = "hi"
    df.insert(0, "text", df["word"])
    df.insert(0, "id", [f"wf:{i}" for i in range(len(df))])
    return df


@register_corpus(
    "freedict_eng_hin",
    task="lexicon",
    splits=("all",),
    folder="freedict_eng_hin",
    url="https://freedict.org/ (eng-hin; Debian package dict-freedict-eng-hin), GPL-2+",
    description="FreeDict English–Hindi dictionary parsed to (english, hindi) pairs with POS and an example",
)
def _load_freedict(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "freedict_eng_hin.tsv", "freedict_eng_hin")
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3, encoding="utf-8")
    df["sense"] = pd.to_numeric(df["sense"], errors="coerce").fillna(0).astype(int)
    df["lang"] = "en"
    df.insert(0, "text", df["english"])
    df.insert(0, "id", [f"fd:{i}" for i in range(len(df))])
    return df
