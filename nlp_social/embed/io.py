"""File-level helpers behind the ``nlp-social embed`` commands."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlp_social.embed import load_embedder
from nlp_social.embed.static import StaticEmbedder
from nlp_social.errors import InputError
from nlp_social.io.readers import iter_records
from nlp_social.io.records import Reject, RejectWriter


def embed_file(
    file: str | Path,
    output: str | Path,
    *,
    model: str | None = None,
    text_col: str = "text",
    id_col: str | None = None,
    batch_size: int = 1024,
    cache: bool = True,
    rejects_path: str | Path | None = None,
) -> dict:
    """Embed every readable record of ``file`` into ``output`` (``.npy`` matrix or ``.parquet`` id + vector).

    Unreadable records are counted and, with ``rejects_path``, written there as JSONL.
    """

    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in (".npy", ".parquet"):
        raise InputError("output must end in .npy or .parquet", path=str(output))
    ids: list[str] = []
    texts: list[str] = []
    n_rejects = 0
    writer = RejectWriter(rejects_path) if rejects_path else None
    try:
        for item in iter_records(str(file), text_col=text_col, id_col=id_col):
            if isinstance(item, Reject):
                n_rejects += 1
                if writer is not None:
                    writer.write(item)
                continue
            ids.append(str(item.id))
            texts.append(item.text)
    finally:
        if writer is not None:
            writer.close()
    embedder = load_embedder(model, cache=cache)
    vectors = embedder.encode(texts, batch_size=batch_size, show_progress=len(texts) > 10000)
    output.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".npy":
        np.save(output, vectors)
    else:
        import pandas as pd

        pd.DataFrame({"id": ids, "embedding": list(vectors)}).to_parquet(output, index=False)
    return {
        "output": str(output),
        "n": len(texts),
        "dim": int(vectors.shape[1]) if len(texts) else embedder.dim,
        "model": embedder.name,
        "rejects": n_rejects,
    }


def model_info(model: str | None = None) -> dict:
    """Path, dimension, vocabulary size and size on disk of an embedder (default: the shipped model)."""

    embedder = load_embedder(model)
    info: dict = {"name": embedder.name, "backend": type(embedder).__name__, "dim": embedder.dim}
    folder = getattr(embedder, "folder", None) or getattr(embedder, "path_or_name", None)
    if isinstance(embedder, StaticEmbedder):
        info["vocab_size"] = embedder.vocab_size
        meta = embedder.meta_
        info["training"] = {
            k: meta[k] for k in ("teacher", "teacher_texts", "training_pairs", "train_seconds") if k in meta
        }
    if folder is not None and Path(folder).exists():
        folder = Path(folder)
        info["path"] = str(folder.resolve())
        info["size_bytes"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        info["size_mb"] = round(info["size_bytes"] / 2**20, 2)
    if "vocab_size" not in info:
        tokenizer = getattr(getattr(embedder, "model", None), "tokenizer", None)
        if tokenizer is not None and hasattr(tokenizer, "vocab_size"):
            info["vocab_size"] = int(tokenizer.vocab_size)
    return info
