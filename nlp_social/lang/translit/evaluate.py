"""Evaluation of word transliteration: top-1, top-5, character error rate and distinct words per second.

Words are evaluated per distinct source word, the standard way for Dakshina: for ``latn2deva`` each
distinct romanized form is scored against every Devanagari word it romanizes in the gold data; for
``deva2latn`` each distinct Devanagari word counts as right when the output is any of its gold
romanizations. CER is edit distance to the closest gold form, summed over words, divided by the
summed length of those gold forms.
"""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp_social.corpora import load_corpus
from nlp_social.errors import InputError
from nlp_social.lang.translit import RuleTransliterator, Transliterator
from nlp_social.paths import model_path

DIRECTIONS = ("latn2deva", "deva2latn")


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions all cost 1)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def read_pairs_file(path: str | os.PathLike) -> list[tuple[str, str]]:
    """``(deva, latn)`` rows of a CSV/TSV file with columns ``deva`` and ``latn``."""
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path=str(path))
    sep = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        df = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)
    except ValueError as exc:  # pandas' parser, empty-file and decoding errors are all ValueErrors
        raise InputError(
            f"cannot parse as {'TSV' if sep == chr(9) else 'CSV'}: {exc}", path=str(path)
        ) from exc
    for col in ("deva", "latn"):
        if col not in df.columns:
            raise InputError(
                f"missing column {col!r} (columns: {', '.join(df.columns)})", path=str(path), field=col
            )
    rows = []
    for i, (d, latn) in enumerate(zip(df["deva"], df["latn"], strict=False), start=2):
        if not str(d).strip() or not str(latn).strip():
            raise InputError("empty deva or latn value", path=str(path), line=i)
        rows.append((str(d), str(latn)))
    return rows


def gold_table(pairs: Sequence[tuple[str, str]], direction: str) -> dict[str, set[str]]:
    """Distinct source word -> set of acceptable outputs."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    gold: dict[str, set[str]] = {}
    for deva, latn in pairs:
        deva = unicodedata.normalize("NFC", deva.strip())
        latn = latn.strip().lower()
        src, tgt = (latn, deva) if direction == "latn2deva" else (deva, latn)
        gold.setdefault(src, set()).add(tgt)
    return gold


def score_system(system: Any, gold: dict[str, set[str]], direction: str, k: int = 5) -> dict[str, float]:
    """top1/top5/cer/words_per_s of ``system`` (anything with ``to_deva_nbest``/``to_latn_nbest``)."""
    name = "to_deva_nbest" if direction == "latn2deva" else "to_latn_nbest"
    many = getattr(system, name + "_many", None)
    nbest = getattr(system, name)
    words = list(gold)
    start, cpu_start = time.perf_counter(), time.process_time()
    # a batch method (the neural decoder) decodes all distinct words at once: a corpus costs its vocabulary
    outputs = many(words, k) if many is not None else [nbest(w, k) for w in words]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    top1 = top5 = 0
    edits = ref_chars = 0
    for w, out in zip(words, outputs, strict=False):
        refs = gold[w]
        cands = [c for c, _ in out]
        best = cands[0] if cands else ""
        top1 += best in refs
        top5 += any(c in refs for c in cands[:5])
        dist, ref = min((levenshtein(best, r), r) for r in refs)
        edits += dist
        ref_chars += len(ref)
    n = max(len(words), 1)
    return {
        "top1": top1 / n,
        "top5": top5 / n,
        "cer": edits / max(ref_chars, 1),
        "words_per_s": len(words) / elapsed if elapsed > 0 else float("inf"),
        # CPU time of this process only: comparable across runs on a shared, loaded machine
        "words_per_cpu_s": len(words) / cpu if cpu > 0 else float("inf"),
        "n_words": len(words),
    }


def evaluate_translit(
    model: Any = None,
    *,
    corpus: str | None = "dakshina_hi_lexicons:dev",
    file: str | os.PathLike | None = None,
    direction: str = "latn2deva",
    data_dir: str | os.PathLike | None = None,
    limit: int | None = None,
    baseline: bool = True,
) -> dict[str, Any]:
    """Evaluate ``model`` (default: the shipped one, loaded fresh) on a corpus split or a deva/latn file.

    Returns the model's metrics at the top level and the rule-based baseline's under ``baselines``.
    """
    if file is not None:
        pairs = read_pairs_file(file)
        source = str(file)
    else:
        df = load_corpus(corpus, data_dir=data_dir)
        pairs = list(zip(df["deva"], df["latn"], strict=False))
        source = corpus
    gold = gold_table(pairs, direction)
    if limit is not None:
        gold = dict(list(gold.items())[:limit])
    if model is None:
        model = Transliterator.load(model_path("translit"))  # fresh: words/s includes cold caches
    result: dict[str, Any] = {"data": source, "direction": direction}
    result.update(score_system(model, gold, direction))
    if baseline:
        result["baselines"] = {"rules": score_system(RuleTransliterator(), gold, direction)}
        if direction == "latn2deva" and getattr(model, "uses_neural", False):
            # the graphone n-gram decoder of the same model folder (the previous default), same words
            result["baselines"]["graphone"] = score_system(model.graphone_view(), gold, direction)
    return result
