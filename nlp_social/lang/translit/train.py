"""Training data assembly and the importable ``train_translit`` used by ``experiments/train_translit.py``."""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from nlp_social.corpora import load_corpus
from nlp_social.corpora.registry import require_file
from nlp_social.errors import DataNotFoundError
from nlp_social.lang.translit import Transliterator
from nlp_social.lang.translit.nn import NeuralTranslit
from nlp_social.paths import data_dir as resolve
from nlp_social.text import patterns as P

# unlabelled Devanagari text for the word prior: independent corpora only. Dakshina's own text
# (dakshina_hi_wikipedia_valid, dakshina_hi_romanized) is left out: it holds the Dakshina dev sentences.
TEXT_SOURCES = (
    "bbc_hindi_topics_midas:train",
    "bbc_hindi_topics_midas:dev",
    "iitp_hindi_product_reviews_midas:train",
    "iitp_hindi_product_reviews_midas:dev",
    "enindic:dev",
    "enindic:tune",
    "nmt_suryaanything_enhi:train",
    "nmt_suryaanything_enhi:val",
    "tico19:all",
    "xquad_hi:contexts",
    "xquad_hi:questions",
    "flores:dev",
    "wmt14_newstest2014_hien:dev",
    "hindi_english_truncated:train",
    "tatoeba_manythings:train",
    "freedict_eng_hin",
)
PAIR_SOURCES = (
    "dakshina_hi_lexicons:train",
    "xlit_crowd",
    "fire2013_hindi_translit_pairs",
    "singh2018_translit:all",
)
_DEVA_WORD = re.compile(f"[{P.DEVA_NON_DIGITS}]+")


def heldout_deva_words(
    data_dir: str | os.PathLike | None = None, splits: tuple[str, ...] = ("dev", "test")
) -> set[str]:
    """Devanagari words of the Dakshina evaluation splits (those present), kept out of all training pairs."""
    words: set[str] = set()
    for split in splits:
        try:
            df = load_corpus("dakshina_hi_lexicons", split, data_dir=data_dir)
        except DataNotFoundError:
            continue  # held back: it cannot leak what is not there
        words.update(df["deva"])
    return words


def training_pairs(
    data_dir: str | os.PathLike | None = None,
    sources: tuple[str, ...] = PAIR_SOURCES,
    exclude_deva: set[str] | None = None,
    weights: dict[str, int] | None = None,
) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """``(deva, latn, count)`` pairs from ``sources`` (counts times ``weights[source]``); rows per source."""
    exclude_deva = exclude_deva or set()
    pairs: list[tuple[str, str, int]] = []
    per_source: dict[str, int] = {}
    for spec in sources:
        df = load_corpus(spec, data_dir=data_dir)
        w = (weights or {}).get(spec, 1)
        rows = [
            (d, latn, int(c) * w)
            for d, latn, c in zip(df["deva"], df["latn"], df["count"], strict=True)
            if d not in exclude_deva
        ]
        per_source[spec] = len(rows)
        pairs.extend(rows)
    return pairs, per_source


def text_word_counts(
    data_dir: str | os.PathLike | None = None, sources: tuple[str, ...] = TEXT_SOURCES
) -> Counter:
    """Devanagari word counts over the text columns of ``sources`` (those present)."""
    counts: Counter = Counter()
    for spec in sources:
        try:
            df = load_corpus(spec, data_dir=data_dir)
        except DataNotFoundError:
            continue
        for col in ("text", "deva", "tgt", "src", "hindi"):
            if col in df.columns:
                for value in df[col]:
                    if isinstance(value, str):
                        counts.update(_DEVA_WORD.findall(unicodedata.normalize("NFC", value)))
    return counts


def hindi_vocab(
    data_dir: str | os.PathLike | None = None, extra_words: set[str] | None = None
) -> dict[str, float]:
    """Word counts for the Devanagari prior from independent, unlabelled sources only: Hindi text of the
    data folder (:data:`TEXT_SOURCES`, no test split, no Dakshina text), wordfreq (Zipf), the hunspell
    word list, and ``extra_words`` (Devanagari side of the training pairs).

    Words of the Dakshina dev/test lexicons are *not* removed: an independent frequency list attesting
    ``सरकार`` is not an evaluation label. Only the supervised pairs exclude them (:func:`train_translit`).
    """

    base = resolve(data_dir)
    counts: Counter = text_word_counts(data_dir)
    n_text = max(sum(counts.values()), 1_000_000)
    wf = require_file(base / "wordfreq_hi" / "wordfreq_small_hi.tsv", "wordfreq_hi")
    with open(wf, encoding="utf-8") as fh:
        next(fh, None)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and _DEVA_WORD.fullmatch(parts[0]):
                counts[unicodedata.normalize("NFC", parts[0])] += 10 ** (float(parts[1]) - 9) * n_text
    dic = require_file(base / "hindi_wordlists" / "hi_IN.dic", "hindi_wordlists")
    listed = {
        unicodedata.normalize("NFC", w.split("/")[0].strip())
        for w in dic.read_text(encoding="utf-8").splitlines()[1:]
    }
    for w in listed | (extra_words or set()):
        if _DEVA_WORD.fullmatch(w):
            counts[w] += 0.5
    return dict(counts)


def nn_split_pairs(
    data_dir: str | os.PathLike | None = None, heldout_words: int = 1500, seed: int = 0
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(train, heldout)`` ``(latn, deva)`` lists for the neural model.

    Dakshina dev/test Devanagari words are removed from every source; ``heldout_words`` Dakshina *train*
    words (with all their romanizations) are also removed from every source and returned as the held-out
    slice (epoch selection, rescoring weights). Dakshina train pairs appear twice in ``train``: its
    annotators' romanization style is the evaluation target.
    """
    import random

    exclude = heldout_deva_words(data_dir)
    pairs, _ = training_pairs(data_dir, exclude_deva=exclude)
    dak, _ = training_pairs(data_dir, sources=(PAIR_SOURCES[0],), exclude_deva=exclude)

    def clean(rows):
        return [
            (str(latn).strip().lower(), unicodedata.normalize("NFC", str(d).strip()))
            for d, latn, _ in rows
            if str(latn).strip().isascii() and str(latn).strip().isalpha() and str(d).strip()
        ]

    dak_pairs = sorted(set(clean(dak)))
    dak_words = sorted({d for _, d in dak_pairs})
    held = set(random.Random(seed).sample(dak_words, heldout_words))
    train = sorted({p for p in clean(pairs) if p[1] not in held})
    train += [p for p in dak_pairs if p[1] not in held]
    heldout = [p for p in dak_pairs if p[1] in held]
    return train, heldout


def train_translit(
    data_dir: str | os.PathLike | None = None,
    *,
    out: str | os.PathLike | None = None,
    exclude_eval: bool = True,
    dakshina_weight: int = 1,
    progress: Any = None,
    **params: Any,
):
    """Train the shipped transliterator (pairs from :data:`PAIR_SOURCES`, minus Dakshina dev/test words).

    ``dakshina_weight`` multiplies the attestation counts of Dakshina train pairs.
    """
    exclude = heldout_deva_words(data_dir) if exclude_eval else set()
    # the Dakshina annotators' romanization style is the evaluation target; weight it over the other sets
    pairs, per_source = training_pairs(
        data_dir, exclude_deva=exclude, weights={PAIR_SOURCES[0]: dakshina_weight}
    )
    vocab = hindi_vocab(data_dir, extra_words={d for d, _, _ in pairs})
    model = Transliterator(**params).fit(pairs, vocab=vocab, progress=progress)
    model.train_stats_ = dict(
        model.train_stats_,
        sources=per_source,
        excluded_eval_words=len(exclude),
        dakshina_weight=dakshina_weight,
    )
    if out is not None:
        if NeuralTranslit.in_folder(out):
            # keep the neural Latin -> Devanagari model of the folder (experiments/train_translit_nn.py)
            model.nn_ = NeuralTranslit.load(out)
        model.save(Path(out))
    return model
