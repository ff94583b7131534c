"""Corpus loaders for topic clustering with gold labels (Devanagari news, romanized Hinglish queries, reviews)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nlp_social.corpora.registry import register_corpus, require_file

_MIDAS_URL = "https://github.com/midas-research/hindi-nli-data"
_BBC_LABELS = {0: "india", 1: "news", 2: "international", 3: "entertainment", 4: "sport", 5: "science"}


def _read_tsv(path: Path, corpus: str) -> pd.DataFrame:
    require_file(path, corpus)
    # quoting=3 (QUOTE_NONE): headlines contain unbalanced quotes that must stay part of the text
    return pd.read_csv(path, sep="\t", dtype=str, quoting=3, keep_default_na=False, encoding="utf-8")


@register_corpus(
    "bbc_hindi_topics_midas",
    task="topic",
    splits=("train", "dev", "test"),
    folder="bbc_hindi_topics_midas",
    url=_MIDAS_URL + " (Classification/BBC)",
    description="BBC Hindi news headlines (Devanagari), 6 topic labels",
    held_back=("test",),
)
def load_bbc_hindi(corpus_dir: Path, split: str) -> pd.DataFrame:
    df = _read_tsv(corpus_dir / f"BBC_{split}_data.tsv", "bbc_hindi_topics_midas")
    labels = df["Topic_Label"].str.strip().astype(int).map(_BBC_LABELS)
    return pd.DataFrame(
        {
            "id": [f"bbc-{split}-{i}" for i in range(len(df))],
            "text": df["Sentence"].str.strip(),
            "label": labels,
            "lang": "hi",
        }
    )


@register_corpus(
    "hinglish_top_domains",
    task="topic",
    splits=("train", "validation", "test"),
    folder="hinglish_top_domains",
    url="https://github.com/google-research-datasets/Hinglish-TOP-Dataset (Dataset/Human Annotated Data)",
    description="Hinglish-TOP code-switched assistant queries (romanized), 8 domain labels; en_query kept",
    held_back=("test",),
)
def load_hinglish_top(corpus_dir: Path, split: str) -> pd.DataFrame:
    df = _read_tsv(corpus_dir / f"{split}.tsv", "hinglish_top_domains")
    return pd.DataFrame(
        {
            "id": [f"htop-{split}-{i}" for i in range(len(df))],
            "text": df["cs_query"].str.strip(),
            "label": df["domain"].str.strip(),
            "lang": "hi-en",
            "en_query": df["en_query"].str.strip(),
        }
    )


@register_corpus(
    "iitp_hindi_product_reviews_midas",
    task="topic",
    splits=("train", "dev", "test"),
    folder="iitp_hindi_product_reviews_midas",
    url=_MIDAS_URL + " (Classification/PR)",
    description="IIT-Patna Hindi product-review sentences (Devanagari); label = sentiment (not a topic)",
)
def load_iitp_reviews(corpus_dir: Path, split: str) -> pd.DataFrame:
    df = _read_tsv(corpus_dir / f"PR_{split}_data.tsv", "iitp_hindi_product_reviews_midas")
    return pd.DataFrame(
        {
            "id": [f"iitp-{split}-{i}" for i in range(len(df))],
            "text": df["Sentence"].str.strip(),
            "label": df["Sentiment_Label"].str.strip(),
            "lang": "hi",
        }
    )
