"""docs/embeddings.md: the embedder candidates on the declared selection part of TRAIN.

From ``experiments/records/embed_selection/*.json`` (``experiments/train_embedder.py --record``) and the
choice named in ``experiments/records/embed_compare.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

BLOCK = "embed-selection"
FOLDER = Path("experiments") / "records" / "embed_selection"
COMPARE = Path("experiments") / "records" / "embed_compare.json"


def render(root: Path) -> str:
    files = sorted((root / FOLDER).glob("*.json"))
    if not files:
        raise SystemExit(f"{root / FOLDER}: no candidate records")
    chosen = json.loads((root / COMPARE).read_text(encoding="utf-8")).get("chosen_on_selection")
    lines = [
        "| candidate | single texts (teacher) | weight sim / mono | en→hi / hi→en | en→Hinglish / back "
        "| NMI BBC sel. | NMI Hinglish-TOP sel. | train s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for path in files:
        rec = json.loads(path.read_text(encoding="utf-8"))
        sel = rec["selection"]["scores"]
        cfg = rec["config"]
        mark = " (chosen)" if path.stem == chosen else ""
        lines.append(
            f"| `{path.stem}`{mark} | {rec['teacher_texts_mono']:,} | {cfg['weight_sim']:g} / {cfg['weight_mono']:g} "
            f"| {sel['sel_p1_en-hi'][0]:.3f} / {sel['sel_p1_en-hi'][1]:.3f} "
            f"| {sel['sel_p1_en-hinglish'][0]:.3f} / {sel['sel_p1_en-hinglish'][1]:.3f} "
            f"| {sel['sel_nmi_bbc_hindi_topics_midas']:.3f} | {sel['sel_nmi_hinglish_top_domains']:.3f} "
            f"| {rec['train_seconds']:.0f} |"
        )
    lines += [
        "",
        "Selection = 800 English–Hindi and 800 English–Hinglish training pairs (P@1, duplicate-aware) and 20% of "
        "the BBC Hindi and Hinglish-TOP train texts (k-means NMI, k = number of gold labels, mean of 3 seeds), "
        "all held out of the candidates' training. Train seconds on the shared 2-core machine (1 thread, "
        f"other jobs running). Generated from `{FOLDER.as_posix()}/*.json`.",
    ]
    return "\n".join(lines)
