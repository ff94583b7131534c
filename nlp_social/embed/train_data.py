"""Training and evaluation data of the default embedder, kept apart.

The evaluation sets (FLORES dev/devtest, en–Hinglish valid/test, Dakshina romanized dev/test) never feed
training: every training pair whose either side equals (after light normalization) an evaluation sentence
is dropped. ``dakshina_hi_wikipedia_valid`` is not used at all: all 5,000 Dakshina romanized dev sentences
occur in it verbatim (and, by construction, the held-back test sentences too).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from nlp_social.corpora.parallel import load_parallel
from nlp_social.corpora.registry import load_corpus
from nlp_social.errors import DataNotFoundError

EVAL_SETS: tuple[tuple[str, str], ...] = (
    ("flores", "dev"),
    ("flores", "devtest"),
    ("en_hinglish_parallel", "valid"),
    ("en_hinglish_parallel", "test"),
    ("dakshina_hi_romanized", "dev"),
    ("dakshina_hi_romanized", "test"),
)

# (corpus, split, kind) in priority order (Hinglish first: the teacher is weakest there).
TRAIN_SETS: tuple[tuple[str, str, str], ...] = (
    ("en_hinglish_parallel", "train", "en-hinglish"),
    ("lince_mt_enghinglish", "train", "en-hinglish"),
    ("tatoeba_manythings", "train", "en-hi"),
    ("tatoeba_manythings", "train2020", "en-hi"),
    ("tatoeba_challenge_test_enghin", "test", "en-hi"),
    ("tico19", "all", "en-hi"),
    ("hindi_english_truncated", "train", "en-hi"),
    ("wmt14_newstest2014_hien", "dev", "en-hi"),
    ("wmt14_newstest2014_hien", "test", "en-hi"),
    ("xquad_hi", "questions", "en-hi"),
    ("enindic", "tune", "en-hi"),
    ("enindic", "test1", "en-hi"),
    ("enindic", "dev", "en-hi"),
    ("enindic", "test2", "en-hi"),
    ("nlpnov21_health", "dev", "en-hi"),
    ("nmt_suryaanything_enhi", "train", "en-hi"),
)

# Topic corpora: TRAIN texts may be teacher targets; their evaluation splits are banned like the pair sets.
TOPIC_TRAIN = ("bbc_hindi_topics_midas:train", "hinglish_top_domains:train")
TOPIC_EVAL = (
    "bbc_hindi_topics_midas:dev",
    "bbc_hindi_topics_midas:test",
    "hinglish_top_domains:validation",
    "hinglish_top_domains:test",
)

_WS = re.compile(r"\s+")


def dedup_key(text: str) -> str:
    """Lowercased, whitespace-collapsed text used to match training against evaluation sentences."""
    return _WS.sub(" ", text.strip().lower())


def eval_keys(data_dir: str | Path | None = None) -> set[str]:
    """Keys of every evaluation sentence that is present (held-back files are skipped when absent)."""
    keys: set[str] = set()
    for name, split in EVAL_SETS:
        try:
            df = load_parallel(name, split, data_dir=data_dir)
        except DataNotFoundError:
            continue
        keys.update(dedup_key(t) for t in df["src"])
        keys.update(dedup_key(t) for t in df["tgt"] if isinstance(t, str))
    return keys


def training_pairs(data_dir: str | Path | None = None, max_chars: int = 400) -> pd.DataFrame:
    """All training pairs ``src`` (English), ``tgt`` (Hindi or Hinglish), ``kind``, ``corpus``; deduplicated,
    evaluation sentences removed."""
    banned = eval_keys(data_dir)
    frames = []
    for name, split, kind in TRAIN_SETS:
        df = load_parallel(name, split, data_dir=data_dir)
        df = df[["src", "tgt"]].dropna()
        df = df.assign(kind=kind, corpus=f"{name}:{split}")
        frames.append(df)
    pairs = pd.concat(frames, ignore_index=True)
    pairs["src"] = pairs["src"].str.strip()
    pairs["tgt"] = pairs["tgt"].str.strip()
    ok = (pairs["src"].str.len() > 0) & (pairs["tgt"].str.len() > 0)
    ok &= (pairs["src"].str.len() <= max_chars) & (pairs["tgt"].str.len() <= max_chars)
    src_key = pairs["src"].map(dedup_key)
    tgt_key = pairs["tgt"].map(dedup_key)
    ok &= ~src_key.isin(banned) & ~tgt_key.isin(banned)
    pairs = pairs[ok]
    pairs = pairs.loc[~(src_key[ok] + "\t" + tgt_key[ok]).duplicated()]
    return pairs.reset_index(drop=True)


def topic_eval_keys(data_dir: str | Path | None = None) -> set[str]:
    """Keys of every topic-evaluation text that is present (held-back splits are skipped)."""
    keys: set[str] = set()
    for spec in TOPIC_EVAL:
        try:
            df = load_corpus(spec, data_dir=data_dir)
        except DataNotFoundError:
            continue
        keys.update(dedup_key(t) for t in df["text"].astype(str))
        if "en_query" in df:
            keys.update(dedup_key(t) for t in df["en_query"].dropna().astype(str))
    return keys


def mono_texts(data_dir: str | Path | None = None, max_chars: int = 400) -> tuple[list[str], list[str]]:
    """Texts that get their own teacher vector: ``(topic, sides)``.

    ``topic``: TRAIN texts of the topic corpora; ``sides``: Hinglish-TOP's English queries and the Hindi /
    Hinglish side of every training pair. Any text equal to a pair- or topic-evaluation text is dropped.
    """
    banned = eval_keys(data_dir) | topic_eval_keys(data_dir)
    topic: list[str] = []
    sides: list[str] = []
    for spec in TOPIC_TRAIN:
        df = load_corpus(spec, data_dir=data_dir)
        topic.extend(df["text"].astype(str).str.strip())
        if "en_query" in df:
            sides.extend(df["en_query"].dropna().astype(str).str.strip())
    sides += training_pairs(data_dir, max_chars)["tgt"].tolist()

    def keep(texts: list[str]) -> list[str]:
        return [t for t in texts if t and len(t) <= max_chars and dedup_key(t) not in banned]

    return keep(topic), keep(sides)


# Wider single-text sources for the monolingual distillation term (TRAIN splits only; none of them is an
# evaluation set of the embedder or of the topic experiments). ``registry`` specs load through the corpus
# registry; ``csv`` entries are read directly (corpora the registry does not list).
MONO_REVIEWS = ("iitp_hindi_product_reviews_midas:train",)
MONO_SOCIAL = (
    "sentimix2020_hinglish:train",
    "swami2018_codemixed_stance:train",
    "hinglishnorm:train",
    "semeval2016_task6_stance:train",
    "covid19_stance_glandt:train",
)
MONO_CSV = (
    ("constraint2021_hindi_hostility", "constraint_Hindi_Train - Sheet1.csv", 0),
    ("trac1_hindi_fb", "agr_hi_train.csv", 1),
)


def _csv_texts(data_dir: str | Path | None, corpus: str, file: str, column: int) -> list[str]:
    from nlp_social.paths import data_dir as resolve_data_dir

    path = resolve_data_dir(data_dir) / corpus / file
    if not path.is_file():
        raise DataNotFoundError(f"{path}: missing (corpus {corpus})")
    df = pd.read_csv(path, header=None if column == 0 else 0, dtype=str, keep_default_na=False)
    return [" ".join(str(t).split()) for t in df.iloc[:, column]]


def mono_texts_wide(
    data_dir: str | Path | None = None, max_chars: int = 400
) -> tuple[list[str], list[str]]:
    """Single texts for the monolingual distillation term: ``(topical, rest)``.

    ``topical``: BBC Hindi headlines, IITP Hindi product-review sentences, Hinglish-TOP utterances and their
    English queries (all TRAIN splits). ``rest``: Hindi / Hinglish / English social-media TRAIN texts
    (SentiMix, Swami, hinglishNorm, CONSTRAINT-2021 Hindi, TRAC-1 Hindi, English SemEval-2016 and COVID-19
    stance tweets; the larger English P-Stance / UKP sets are left out to keep Hindi the majority) and the
    Hindi / Hinglish sides of the training pairs. Evaluation texts (pair and topic) are dropped.
    """
    from nlp_social.corpora.registry import load_corpus

    banned = eval_keys(data_dir) | topic_eval_keys(data_dir)
    topic, sides = mono_texts(data_dir, max_chars)
    topical = list(topic)
    for spec in MONO_REVIEWS:
        topical.extend(load_corpus(spec, data_dir=data_dir)["text"].astype(str).str.strip())
    htop = load_corpus("hinglish_top_domains:train", data_dir=data_dir)
    topical.extend(htop["en_query"].dropna().astype(str).str.strip())
    rest: list[str] = []
    for spec in MONO_SOCIAL:
        rest.extend(load_corpus(spec, data_dir=data_dir)["text"].astype(str).str.strip())
    for corpus, file, column in MONO_CSV:
        rest.extend(_csv_texts(data_dir, corpus, file, column))
    seen = set(topical)
    rest.extend(t for t in sides if t not in seen)

    def keep(texts: list[str]) -> list[str]:
        return [t for t in texts if t and len(t) <= max_chars and dedup_key(t) not in banned]

    return keep(topical), keep(rest)
