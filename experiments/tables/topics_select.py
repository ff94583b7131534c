"""Block ``topics-select``: the default topic-model settings chosen on declared selection parts (samples of
TRAIN, the even XQuAD-hi articles) by ``experiments/topics_select.py``; records
``experiments/records/topics_select*.json``, one per seed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

BLOCK = "topics-select"
SHOW = 8


def _key(row: dict) -> tuple:
    return (row["reducer"], row["lexical_weight"], row["clusterer"], row.get("select_dims"))


def render(root: Path) -> str:
    files = sorted((root / "experiments" / "records").glob("topics_select*.json"))
    if not files:
        raise SystemExit("experiments/records/topics_select*.json missing: run experiments/topics_select.py")
    recs = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    corpora = list(recs[0]["selection"])
    by_setting: dict[tuple, list[dict]] = {}
    for rec in recs:
        for row in rec["candidates"]:
            by_setting.setdefault(_key(row), []).append(row)
    rows = []
    for key, runs in by_setting.items():
        if len(runs) != len(recs):
            continue
        per = {c: float(np.mean([r["scores"][c]["nmi"] for r in runs])) for c in corpora}
        k = {c: float(np.mean([r["scores"][c]["n_topics"] for r in runs])) for c in corpora}
        rows.append((float(np.mean(list(per.values()))), key, per, k))
    rows.sort(key=lambda r: (-r[0], str(r[1])))
    seeds = ", ".join(str(r["seed"]) for r in recs)
    sizes = ", ".join(f"{c} {recs[0]['selection'][c]['n']}" for c in corpora)
    lines = [
        "| rank | reducer | lexical weight | clusterer (k rule) | k chosen on | mean NMI | " + " | ".join(
            f"{c} NMI (topics)" for c in corpora) + " |",
        "|---|---|---|---|---|---|" + "---|" * len(corpora),
    ]
    for i, (mean, key, per, k) in enumerate(rows[:SHOW], 1):
        lead = "all dims" if key[3] is None else f"first {key[3]} dims"
        lines.append(f"| {i} | {key[0]} | {key[1]} | {key[2]} | {lead} | {mean:.3f} | " + " | ".join(
            f"{per[c]:.3f} ({k[c]:.0f})" for c in corpora) + " |")
    best_per = {c: max(rows, key=lambda r: r[2][c]) for c in corpora}
    lines += [
        "",
        f"{len(rows)} settings, each fitted on the selection parts ({sizes} posts; seeded samples of TRAIN, "
        f"the even XQuAD articles whole; seeds {seeds}; mean over seeds), scored by NMI against the gold "
        "classes. Best per corpus alone: "
        + "; ".join(f"{c.split(':')[0]}: {b[1][0]}, {b[1][1]}, {b[1][2]}, k on "
                    f"{'all' if b[1][3] is None else b[1][3]} dims ({b[2][c]:.3f}, but mean "
                    f"{b[0]:.3f})" for c, b in best_per.items())
        + ". Generated from " + ", ".join(f"`{f.relative_to(root)}`" for f in files) + ".",
    ]
    return "\n".join(lines)
