"""Retrieval scores on a file or corpus of sentence pairs: the function behind ``nlp-social embed evaluate``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from nlp_social.embed.evaluate import corpus_pairs, evaluate_retrieval, read_pairs
from nlp_social.errors import InputError


def evaluate_pairs(
    *,
    pairs: str | os.PathLike | None = None,
    tgt: str | os.PathLike | None = None,
    corpus: str | None = None,
    model: str | None = None,
    baselines: Sequence[str] = ("minilm",),
    teacher: bool = False,
    baseline_limit: int = 0,
    limit: int = 0,
    data_dir: str | os.PathLike | None = None,
) -> dict[str, Any]:
    """P@1 both ways and sentences/s of ``model`` and ``baselines`` (plus the e5 teacher with ``teacher``,
    on its first ``baseline_limit`` pairs when set) on ``pairs`` (SRC [TGT] files or one TSV) or a
    parallel ``corpus`` (NAME[:SPLIT]); ``limit``: only the first N pairs."""
    if (pairs is None) == (corpus is None):
        raise InputError("give either --pairs SRC [TGT] or --corpus NAME[:SPLIT]")
    src, tgt_texts = corpus_pairs(corpus, data_dir) if corpus else read_pairs(pairs, tgt)
    if limit:
        src, tgt_texts = src[:limit], tgt_texts[:limit]
    chosen = {b: b for b in baselines if b and b != "none"}
    if teacher:
        chosen["e5"] = "e5"
    caps = {"e5": baseline_limit} if baseline_limit else None
    result = evaluate_retrieval(src, tgt_texts, model, chosen, baseline_limit=caps)
    result["pairs"] = corpus or (f"{pairs} {tgt}" if tgt else str(pairs))
    return result
