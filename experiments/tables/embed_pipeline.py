"""docs/embeddings.md: SentenceTransformer vs the package, and the tokenizer pipeline vs the Normalizer.

From ``experiments/records/embed_pipeline.json`` (written by ``experiments/embed_pipeline_check.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

BLOCK = "embed-pipeline"
RECORD = Path("experiments") / "records" / "embed_pipeline.json"


def render(root: Path) -> str:
    path = root / RECORD
    if not path.exists():
        raise SystemExit(f"{path}: missing; run python experiments/embed_pipeline_check.py")
    rec = json.loads(path.read_text(encoding="utf-8"))
    st = rec["st_vs_package"]
    lines = [
        f"`SentenceTransformer(path).encode` vs `load_embedder().encode` ({rec['model']}) on the {st['texts']} "
        f"texts of the demo corpus plus messy posts: minimum cosine {st['min_cosine']:.6f}, mean "
        f"{st['mean_cosine']:.6f}.",
        "",
        "| corpus (first texts) | texts | same words after pipeline as after Normalizer + pipeline | a difference |",
        "|---|---|---|---|",
    ]
    for spec, row in rec["pipeline_vs_normalizer"].items():
        ex = row["examples"][0] if row["examples"] else None
        diff = f"pipeline {ex['pipeline']} / Normalizer {ex['normalizer']}" if ex else "–"
        lines.append(f"| {spec} | {row['texts']} | {row['same_words']:.1%} | {diff} |")
    lines += ["", f"Generated from `{RECORD.as_posix()}` (`python experiments/embed_pipeline_check.py`)."]
    return "\n".join(lines)
