"""The fast stance model's distillation table (docs/stance.md), from its committed records."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

BLOCK = "stance-distill"


def distill_table(record_path: Path, train_log: Path) -> str:
    """Selection and dev macro-F1 of the fast candidates and of the teacher, from their records."""
    rec = json.loads(record_path.read_text(encoding="utf-8"))
    log = json.loads(train_log.read_text(encoding="utf-8"))
    corpora = ["swami", "semeval", "covid", "pstance", "ukp"]
    lines = [
        "| model | split | " + " | ".join(corpora) + " | mean | demo (unseen targets) |",
        "|---|---|" + "---|" * (len(corpora) + 2),
    ]
    teacher_sel = log["epochs"][log["best_epoch"] - 1]["selection_macro_f1"]
    lines.append(
        f"| transformer alone (epoch {log['best_epoch']} of {len(log['epochs'])}, chosen on selection) | selection | "
        + " | ".join(f"{teacher_sel[c]:.3f}" for c in corpora)
        + f" | {np.mean([teacher_sel[c] for c in corpora]):.3f} | |"
    )
    lines.append(
        "| transformer alone | dev | "
        + " | ".join(f"{rec['teacher_dev_macro_f1'][c]:.3f}" for c in corpora)
        + f" | {np.mean([rec['teacher_dev_macro_f1'][c] for c in corpora]):.3f} | |"
    )
    for name, cand in rec["candidates"].items():
        chosen = " (chosen)" if name == rec["chosen_on_selection"] else ""
        for split, demo in (("selection", "demo_train"), ("dev", "demo_test")):
            vals = cand[f"{split}_macro_f1"]
            lines.append(
                f"| fast, {name}{chosen} ({cand['rows']} rows) | {split} | "
                + " | ".join(f"{vals[c]:.3f}" for c in corpora)
                + f" | {vals['mean']:.3f} | {cand[f'{demo}_macro_f1']:.3f} ({demo.replace('_', ':')}) |"
            )
    lines += [
        "",
        f"Macro-F1 on romanized rows; {rec['pool_rows_used']} pool posts had a teacher probability of at "
        f"least {rec['min_confidence']}. The candidate is chosen on the mean of the selection mean and "
        "demo:train; dev rows and demo:test are reported apart. Generated from `experiments/records/distill_stance.json` and "
        "`experiments/records/stance_transformer/train_log.json`.",
    ]
    return "\n".join(lines)


def render(root: Path) -> str:
    records = root / "experiments" / "records"
    return distill_table(records / "distill_stance.json", records / "stance_transformer" / "train_log.json")
