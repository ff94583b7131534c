"""docs/stance.md: the selection-split record that turned on the Devanagari rendering and set the blend."""

from __future__ import annotations

import json
from pathlib import Path

from _runs import bold_best  # noqa: I001

BLOCK = "stance-render"
CORPORA = ("swami", "semeval", "covid", "pstance", "ukp", "mean")


def render(root: Path) -> str:
    path = root / "experiments" / "records" / "stance_render_selection.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    lines = ["| variant | " + " | ".join(CORPORA) + " |", "|---|" + "---|" * len(CORPORA)]
    variants = [k for k in rec if "/" in k]
    columns = {c: bold_best([rec[v][c] for v in variants]) for c in CORPORA}
    for i, variant in enumerate(variants):
        lines.append(f"| {variant} | " + " | ".join(columns[c][i] for c in CORPORA) + " |")
    lines += [
        "",
        f"Macro-F1 on the `selection` rows (never dev); `plain` scores posts as written, `render` writes "
        f"Hindi-tagged romanized words in Devanagari first; `blend` mixes in the linear model's "
        f"probabilities with weight {rec['linear_weight']}. Best of each column bold. Generated from "
        f"`{path.relative_to(root)}` (written by `python experiments/stance_render_selection.py`).",
    ]
    return "\n".join(lines)
