"""Training data, training and evaluation of :class:`SpellingNormalizer` (hinglishNorm, word-pair lexicons)."""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from nlp_social.corpora import load_corpus
from nlp_social.errors import DataNotFoundError
from nlp_social.lang.spelling import SpellingNormalizer

SPELLING_PAIR_SOURCES = (
    "fire2013_hindi_translit_pairs",
    "xlit_crowd",
    "dakshina_hi_lexicons:train",
    "singh2018_translit:all",
)


def aligned_sentences(df) -> list[tuple[list[str], list[str], list[str]]]:
    """hinglishNorm rows as token-aligned ``(inputs, gold_outputs, tags)``.

    One input token maps to one gold token when the lengths agree; a token tagged ``Split`` maps to two
    (joined by a space). Sentences that cannot be aligned this way (acronym expansions, merges) are left out.
    """
    out = []
    for toks, norm, tags in zip(df["tokens"], df["norm_tokens"], df["tags"], strict=False):
        toks, norm, tags = list(toks), list(norm), list(tags)
        if len(tags) != len(toks):
            tags = ["?"] * len(toks)
        if len(toks) == len(norm):
            out.append((toks, norm, tags))
            continue
        if sum(2 if t == "Split" else 1 for t in tags) == len(norm):
            gold, j = [], 0
            for t in tags:
                width = 2 if t == "Split" else 1
                gold.append(" ".join(norm[j : j + width]))
                j += width
            out.append((toks, gold, tags))
    return out


def spelling_pairs(data_dir: str | os.PathLike | None = None) -> list[tuple[str, str, int]]:
    """``(deva, latn, count)`` variant pairs from the word-pair corpora."""
    pairs: list[tuple[str, str, int]] = []
    for spec in SPELLING_PAIR_SOURCES:
        df = load_corpus(spec, data_dir=data_dir)
        pairs.extend(zip(df["deva"], df["latn"], (int(c) for c in df["count"]), strict=False))
    return pairs


def english_words(data_dir: str | os.PathLike | None = None) -> list[str]:
    df = load_corpus("english_wordlist_aspell", data_dir=data_dir)
    return [w for w in df["text"] if w.isalpha() and w.islower()]


def _examples(sentences: Sequence[tuple[list[str], list[str], list[str]]]) -> list[tuple[str, str]]:
    return [(t, g) for toks, gold, _ in sentences for t, g in zip(toks, gold, strict=False)]


def train_spelling(
    data_dir: str | os.PathLike | None = None,
    *,
    out: str | os.PathLike | None = None,
    sentences: Sequence | None = None,
    pairs: Sequence | None = None,
    english: Sequence[str] | None = None,
    **params: Any,
) -> SpellingNormalizer:
    """Fit the normalizer on the variant pairs + hinglishNorm train (or the given ``sentences``)."""
    if sentences is None:
        sentences = aligned_sentences(load_corpus("hinglishnorm", "train", data_dir=data_dir))
    pairs = spelling_pairs(data_dir) if pairs is None else pairs
    english = english_words(data_dir) if english is None else english
    model = SpellingNormalizer(**params).fit(pairs, _examples(sentences), english)
    if out is not None:
        model.save(out)
    return model


def _score(predict, sentences) -> dict[str, Any]:
    correct = total = changed = changed_ok = 0
    per_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    start = time.perf_counter()
    for toks, gold, tags in sentences:
        pred = predict(toks)
        for t, p, g, tag in zip(toks, pred, gold, tags, strict=False):
            ok = p.lower() == g.lower()
            correct += ok
            total += 1
            per_tag[tag][0] += ok
            per_tag[tag][1] += 1
            if t.lower() != g.lower():
                changed += 1
                changed_ok += ok
    elapsed = time.perf_counter() - start
    return {
        "token_accuracy": correct / max(total, 1),
        "changed_token_accuracy": changed_ok / max(changed, 1),
        "tokens": total,
        "tokens_per_s": total / elapsed if elapsed > 0 else float("inf"),
        "per_tag_accuracy": {k: v[0] / v[1] for k, v in sorted(per_tag.items(), key=lambda kv: -kv[1][1])},
    }


def evaluate_spelling(
    model: SpellingNormalizer | None = None,
    *,
    data_dir: str | os.PathLike | None = None,
    folds: int = 5,
    random_state: int = 0,
    limit: int | None = None,
) -> dict[str, Any]:
    """Token accuracy on hinglishNorm against the hand-normalized text, beside the identity baseline.

    With the official test split present, ``model`` (default: trained on the train split) is scored on it.
    Otherwise (test held back) the score is a ``folds``-fold cross-validation over the train split: each
    fold is normalized by a model fitted without it. Baselines: ``identity`` (change nothing) and
    ``pairs_only`` (the same normalizer without hinglishNorm examples).
    """
    pairs = spelling_pairs(data_dir)
    english = english_words(data_dir)
    try:
        test = aligned_sentences(load_corpus("hinglishnorm", "test", data_dir=data_dir))
    except DataNotFoundError:
        test = None
    train = aligned_sentences(load_corpus("hinglishnorm", "train", data_dir=data_dir))
    if test is not None:
        m = model or train_spelling(data_dir, sentences=train, pairs=pairs, english=english)
        plans = [(m, test)]
        protocol = "hinglishnorm train -> test"
    else:
        rng = np.random.default_rng(random_state)
        order = rng.permutation(len(train))
        if limit is not None:
            order = order[:limit]
        fold_of = {int(i): k % folds for k, i in enumerate(order)}
        plans = []
        for f in range(folds):
            held = [train[i] for i, k in fold_of.items() if k == f]
            rest = [train[i] for i in range(len(train)) if fold_of.get(i) != f]
            plans.append((train_spelling(data_dir, sentences=rest, pairs=pairs, english=english), held))
        protocol = f"{folds}-fold cross-validation on hinglishnorm train (test split held back)"
    pairs_only = SpellingNormalizer().fit(pairs, (), english)
    eval_sents = [s for _, held in plans for s in held]

    # fold models differ, so predictions are made per fold and then scored together
    ours_sents: list[tuple[list[str], list[str], list[str]]] = []
    preds: list[list[str]] = []
    start = time.perf_counter()
    for m, held in plans:
        for toks, gold, tags in held:
            ours_sents.append((toks, gold, tags))
            preds.append(m.predict(toks))
    elapsed = time.perf_counter() - start
    lookup = iter(preds)
    result = _score(lambda toks: next(lookup), ours_sents)
    result["tokens_per_s"] = result["tokens"] / elapsed if elapsed > 0 else float("inf")
    result.update({"protocol": protocol, "sentences": len(eval_sents)})
    result["baselines"] = {
        "identity": _score(lambda toks: list(toks), eval_sents),
        "pairs_only": _score(pairs_only.predict, eval_sents),
    }
    counts = Counter(t for _, _, tags in eval_sents for t in tags)
    result["tag_counts"] = dict(counts.most_common())
    return result
