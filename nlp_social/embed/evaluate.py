"""Bitext retrieval evaluation: P@1 both ways and throughput, for our model and baselines in one run."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp_social.corpora.parallel import load_parallel
from nlp_social.embed import load_embedder
from nlp_social.embed.base import Embedder
from nlp_social.errors import InputError


def p_at_1(
    src_vecs: np.ndarray, tgt_vecs: np.ndarray, src: Sequence[str], tgt: Sequence[str], strict: bool = False
) -> tuple[float, float]:
    """P@1 of retrieving the aligned row by cosine similarity, source->target and target->source.

    Corpora repeat sentences (20% of the en–Hinglish valid English lines are duplicates, each with its own
    translation), so by default a retrieved row is a hit when it is aligned with the query's text: its
    target (source) equals the gold one, or its source (target) equals the query. ``strict=True`` counts
    only the row with the same index.
    """
    sims = src_vecs @ tgt_vecs.T
    fwd = sims.argmax(axis=1)
    bwd = sims.argmax(axis=0)
    src = [" ".join(x.split()) for x in src]
    tgt = [" ".join(x.split()) for x in tgt]
    if strict:
        idx = np.arange(len(src))
        return float((fwd == idx).mean()), float((bwd == idx).mean())
    hits_fwd = sum(i == j or tgt[j] == tgt[i] or src[j] == src[i] for i, j in enumerate(fwd))
    hits_bwd = sum(i == j or src[j] == src[i] or tgt[j] == tgt[i] for i, j in enumerate(bwd))
    return hits_fwd / len(src), hits_bwd / len(tgt)


def read_pairs(src_path: str | Path, tgt_path: str | Path | None = None) -> tuple[list[str], list[str]]:
    """Two line-aligned text files, or one TSV file ``source<TAB>target`` (``tgt_path`` None)."""
    src_path = Path(src_path)
    if tgt_path is None:
        src, tgt = [], []
        for number, line in enumerate(src_path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) < 2:
                raise InputError("expected 'source<TAB>target'", path=str(src_path), line=number)
            src.append(parts[0])
            tgt.append(parts[1])
    else:
        src = src_path.read_text(encoding="utf-8-sig").splitlines()
        tgt = Path(tgt_path).read_text(encoding="utf-8-sig").splitlines()
        if len(src) != len(tgt):
            raise InputError(f"{len(src)} source lines but {len(tgt)} target lines", path=str(tgt_path))
    if not src:
        raise InputError("no sentence pairs", path=str(src_path))
    return src, tgt


def corpus_pairs(spec: str, data_dir: str | Path | None = None) -> tuple[list[str], list[str]]:
    """Pairs of a registered parallel corpus ``NAME[:SPLIT]``."""
    df = load_parallel(spec, data_dir=data_dir).dropna(subset=["tgt"])
    return df["src"].tolist(), df["tgt"].tolist()


def _measure(embedder: Embedder, src: list[str], tgt: list[str], batch_size: int) -> dict:
    embedder.encode(src[:8], batch_size=batch_size)  # load the model outside the timed part
    start = time.perf_counter()
    src_vecs = embedder.encode(src, batch_size=batch_size)
    tgt_vecs = embedder.encode(tgt, batch_size=batch_size)
    seconds = time.perf_counter() - start
    fwd, bwd = p_at_1(src_vecs, tgt_vecs, src, tgt)
    sfwd, sbwd = p_at_1(src_vecs, tgt_vecs, src, tgt, strict=True)
    return {
        "model": embedder.name,
        "p_at_1_src_tgt": round(fwd, 4),
        "p_at_1_tgt_src": round(bwd, 4),
        "p_at_1_strict": [round(sfwd, 4), round(sbwd, 4)],
        "sentences_per_s": round((len(src) + len(tgt)) / max(seconds, 1e-9), 1),
        "n_pairs": len(src),
        "dim": embedder.dim,
    }


def evaluate_retrieval(
    src: Sequence[str],
    tgt: Sequence[str],
    embedder: Embedder | str | None = None,
    baselines: dict[str, Embedder | str] | None = None,
    batch_size: int = 256,
    baseline_limit: dict[str, int] | None = None,
) -> dict:
    """Bitext retrieval of ``embedder`` (default model when None) and each baseline on the same pairs.

    Returns one dict: the model's ``p_at_1_src_tgt``, ``p_at_1_tgt_src``, ``sentences_per_s``, ``model`` at the
    top level and ``baselines: {name: {...same keys...}}``. ``baseline_limit`` caps the number of pairs a slow
    baseline sees (its entry then says ``n_pairs``), e.g. ``{"e5": 300}``.
    """
    src, tgt = list(src), list(tgt)
    if len(src) != len(tgt) or not src:
        raise InputError(f"need the same, non-zero number of source and target texts ({len(src)} vs {len(tgt)})")
    model = load_embedder(embedder) if not isinstance(embedder, Embedder) else embedder
    result = _measure(model, src, tgt, batch_size)
    result["baselines"] = {}
    for label, spec in (baselines or {}).items():
        base = load_embedder(spec) if not isinstance(spec, Embedder) else spec
        limit = (baseline_limit or {}).get(label)
        bs, bt = (src[:limit], tgt[:limit]) if limit else (src, tgt)
        entry = _measure(base, bs, bt, min(batch_size, 64))
        if limit and limit < len(src):
            # Same-subset numbers for our model, so the comparison stays like for like.
            sub = _measure(model, bs, bt, batch_size)
            entry["ours_on_same_subset"] = {k: sub[k] for k in ("p_at_1_src_tgt", "p_at_1_tgt_src")}
        result["baselines"][label] = entry
    return result
