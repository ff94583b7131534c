"""Training data assembly and the importable training function for the shipped language-ID model.

Train parts (never a test split): SentiMix ``train``; the ~80% non-held-out posts of L3Cube-HingLID
``validation`` (its ``train`` and ``test`` are not in the local copy), of Swami 2018 and of Singh 2018
(when present); ~80% of a sample of monolingual posts (English tweets from SemEval-2016 and P-Stance
train, romanized Hindi sentences from Dakshina dev). Held out for reporting: SentiMix ``dev`` and the
~20% of the other parts chosen by :func:`nlp_social.lang.lid_evaluate.is_heldout_id`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from nlp_social.corpora import load_corpus
from nlp_social.errors import DataNotFoundError
from nlp_social.lang.lid import LanguageIdentifier
from nlp_social.lang.lid_evaluate import corpus_gold, evaluate_lid, is_heldout_id
from nlp_social.lang.mix import rule_tag, social_tokens
from nlp_social.paths import data_dir as _data_dir

# corpus:split used whole for training, and corpus:split whose held-out ~20% is kept for evaluation
FULL_TRAIN = ("sentimix2020_hinglish:train",)
SPLIT_TRAIN = ("l3cube_hinglid:validation", "swami2018_lid:all", "singh2018_lid:all")
DEV_SETS = ("sentimix2020_hinglish:dev",)
# Monolingual posts (corpus:split, language of every Latin word, how many posts at most): every
# code-mixed corpus above was selected for mixing and has no all-English post, so without these the
# model learns that each post holds some Hindi and tags one word of an English tweet `hi`.
MONO_TRAIN = (
    ("semeval2016_task6_stance:train", "en", 3000),
    ("pstance_li2021:train", "en", 3000),
    ("dakshina_hi_romanized:dev", "hi", 3000),
)
MONO_SEED = 0
MONO_SPECS = frozenset(spec for spec, _, _ in MONO_TRAIN)


def _read_pairs(path: Path, latin_col: int, sep: str = "\t") -> list[str]:
    words = []
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            parts = line.rstrip("\n").split(sep)
            if len(parts) > latin_col and parts[latin_col].strip():
                words.append(parts[latin_col].strip().lower())
    return words


def load_wordlists(data_dir: str | os.PathLike | None = None) -> dict[str, set[str]]:
    """Word lists for the features: English (aspell), romanized Hindi (Dakshina train lexicon, Xlit-Crowd,
    FIRE-2013 variants), English stopwords and Hinglish stopwords."""

    base = _data_dir(data_dir)
    english = {w.lower() for w in load_corpus("english_wordlist_aspell", data_dir=data_dir)["text"] if "'" not in w}
    hindi: set[str] = set()
    for rel, col in (
        ("dakshina_hi_lexicons/hi.translit.sampled.train.tsv", 1),
        ("xlit_crowd/crowd_transliterations.hi-en.txt", 0),
        ("fire2013_hindi_translit_pairs/HI.trans.fire2013.txt", 0),
    ):
        path = base / rel
        if not path.exists():
            raise DataNotFoundError(f"{path} not found (word list for language ID)")
        hindi.update(_read_pairs(path, col))
    est = {w.lower() for w in (base / "stopwords/stopwords-iso.en.txt").read_text(encoding="utf-8").split()}
    hst = {
        w.lower()
        for w in (base / "hinglish_stopwords_guptaanuj166/stop_hinglish.txt").read_text(encoding="utf-8").split()
    }
    return {"en": english, "hi": hindi, "est": est, "hst": hst}


def load_mono(spec: str, lang: str, limit: int, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """A monolingual corpus as tagged posts: Latin words get ``lang``, rules tag the rest (seeded sample)."""
    import numpy as np


    name, split = spec.split(":")
    df = load_corpus(name, split, data_dir=data_dir)
    if len(df) > limit:
        rows = np.sort(np.random.default_rng(MONO_SEED).choice(len(df), size=limit, replace=False))
        df = df.iloc[rows]
    tokens = [social_tokens(t) for t in df["text"]]
    gold = [[rule_tag(t) or lang for t in toks] for toks in tokens]
    out = pd.DataFrame({"id": df["id"].astype(str).to_numpy(), "tokens": tokens, "gold": gold})
    return out[out["tokens"].map(len) > 0].reset_index(drop=True)


def load_lid_splits(data_dir: str | os.PathLike | None = None) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """(train parts, held-out parts) as ``{corpus:split -> DataFrame}`` with gold tags mapped to hi/en/other."""
    train: dict[str, pd.DataFrame] = {}
    heldout: dict[str, pd.DataFrame] = {}

    def load(spec: str) -> pd.DataFrame | None:
        name, split = spec.split(":")
        try:
            df = load_corpus(name, split, data_dir=data_dir)
        except DataNotFoundError:
            return None
        df = df.copy()
        df["gold"] = corpus_gold(list(df["tokens"]), list(df["tags"]), name)
        return df

    for spec in FULL_TRAIN:
        df = load(spec)
        if df is not None:
            train[spec] = df
    for spec in SPLIT_TRAIN:
        df = load(spec)
        if df is not None:
            mask = df["id"].map(is_heldout_id)
            train[spec] = df[~mask].reset_index(drop=True)
            heldout[spec] = df[mask].reset_index(drop=True)
    for spec in DEV_SETS:
        df = load(spec)
        if df is not None:
            heldout[spec] = df
    for spec, lang, limit in MONO_TRAIN:
        try:
            df = load_mono(spec, lang, limit, data_dir)
        except DataNotFoundError:
            continue
        mask = df["id"].map(is_heldout_id)
        train[spec] = df[~mask].reset_index(drop=True)
        heldout[spec] = df[mask].reset_index(drop=True)
    if not train:
        raise DataNotFoundError("no language-ID training corpus found in the data directory")
    return train, heldout


def train_lid(
    data_dir: str | os.PathLike | None = None,
    out: str | os.PathLike | None = None,
    params: dict[str, Any] | None = None,
    corpora: Iterable[str] | None = None,
    corpus_weights: dict[str, float] | None = None,
    progress: bool = True,
) -> tuple[Any, dict[str, Any]]:
    """Train a :class:`LanguageIdentifier` on the train parts, evaluate on every held-out part.

    Returns ``(model, report)``; saves the model to ``out`` when given. ``corpora`` restricts the train
    parts (``corpus:split`` names); ``corpus_weights`` weights each part's posts (default 1).
    """
    train, heldout = load_lid_splits(data_dir)
    if corpora is not None:
        keep = set(corpora)
        train = {k: v for k, v in train.items() if k in keep}
    wordlists = load_wordlists(data_dir)
    tokens = [list(t) for df in train.values() for t in df["tokens"]]
    gold = [g for df in train.values() for g in df["gold"]]
    weights = None
    if corpus_weights:
        weights = [float(corpus_weights.get(k, 1.0)) for k, df in train.items() for _ in range(len(df))]
    model = LanguageIdentifier(**(params or {}))
    model.fit(tokens, gold, wordlists=wordlists, post_weights=weights, progress=progress)
    model.training_info_.update(
        {
            "trained_on": sorted(k for k in train if k in FULL_TRAIN),
            "heldout_of": sorted(k for k in train if k in SPLIT_TRAIN),
            "monolingual": sorted(k for k in train if k in MONO_SPECS),
            "heldout_rule": "crc32(id) % 5 == 0 is held out",
            "train_posts": {k: len(v) for k, v in train.items()},
            "corpus_weights": dict(corpus_weights or {}),
        }
    )
    report: dict[str, Any] = {"params": model.get_params(), "train_posts": {k: len(v) for k, v in train.items()}}
    results = {}
    for spec, df in heldout.items():
        results[spec] = evaluate_lid(list(df["tokens"]), list(df["gold"]), model)
    mixed = {k: v for k, v in heldout.items() if k not in MONO_SPECS}  # the code-mixed held-out parts
    all_tokens = [t for df in mixed.values() for t in df["tokens"]]
    all_gold = [g for df in mixed.values() for g in df["gold"]]
    results["all_heldout"] = evaluate_lid(all_tokens, all_gold, model)
    report["heldout"] = results
    model.training_info_["heldout_results"] = {
        k: {m: v[m] for m in ("token_accuracy", "macro_f1", "n_eval_tokens")} for k, v in results.items()
    }
    if out is not None:
        model.save(out)
    return model, report
