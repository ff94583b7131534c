"""docs/embeddings.md: the shipped embedder against the one before it, on dev data, from recorded runs.

``experiments/records/embed_compare.json`` names, for each model, the run id of each ``embed_*`` experiment
(runs under ``runs/<experiment>/<run id>/``); every number comes from those runs' ``metrics.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

BLOCK = "embed-results"
RECORD = Path("experiments") / "records" / "embed_compare.json"

_RETRIEVAL = (("embed_flores", "FLORES dev en↔hi"), ("embed_en_hinglish", "en↔Hinglish valid"))
_TOPICS = (
    ("embed_topics_xquad_hi", "XQuAD Hindi sentences, 48 unseen articles"),
    ("embed_topics_bbc_hindi", "BBC Hindi headlines dev, 6 categories"),
    ("embed_topics_hinglish_top", "Hinglish-TOP validation, domains"),
)


def _metrics(root: Path, experiment: str, run_id: str) -> dict:
    path = root / "runs" / experiment / run_id / "metrics.json"
    if not path.exists():
        raise SystemExit(f"{path}: missing (named in {RECORD})")
    return json.loads(path.read_text(encoding="utf-8"))


def _speed(root: Path, experiment: str, run_id: str) -> tuple[float | None, float | None]:
    run = json.loads((root / "runs" / experiment / run_id / "run.json").read_text(encoding="utf-8"))
    timing = run.get("timing", {})
    return timing.get("sentences_per_s"), timing.get("baseline.e5.sentences_per_s")


def render(root: Path) -> str:
    record = json.loads((root / RECORD).read_text(encoding="utf-8"))
    models = list(record["models"])
    header = []
    for m in models:
        flores = record["models"][m].get("embed_flores")
        header.append(f"{m} `{_metrics(root, 'embed_flores', flores)['metrics']['model']}`" if flores else m)
    lines = ["| dev measurement | " + " | ".join(header) + " |", "|---|" + "---|" * len(models)]
    for experiment, label in _RETRIEVAL:
        cells, speed_cells = [], []
        for model in models:
            run_id = record["models"][model].get(experiment)
            if run_id is None:
                cells.append("–")
                speed_cells.append("–")
                continue
            m = _metrics(root, experiment, run_id)
            mm = m["metrics"]
            e5 = m["baselines"].get("e5", {})
            cells.append(
                f"{mm['p_at_1_src_tgt']:.3f} / {mm['p_at_1_tgt_src']:.3f} (e5 on its {e5.get('n_pairs', '–')} "
                f"pairs: {e5.get('p_at_1_src_tgt', float('nan')):.3f} / {e5.get('p_at_1_tgt_src', float('nan')):.3f})"
            )
            ours, teacher = _speed(root, experiment, run_id)
            ratio = f"{ours / teacher:.0f}×" if ours and teacher else "–"
            speed_cells.append(f"{ours:,.0f} vs e5 {teacher:,.1f} ({ratio})" if ours and teacher else "–")
        lines.append(f"| P@1 → / ←, {label} | " + " | ".join(cells) + " |")
        lines.append(f"| sentences/s, same run ({label}) | " + " | ".join(speed_cells) + " |")
    for experiment, label in _TOPICS:
        cells = []
        for model in models:
            if experiment not in record["models"][model]:
                cells.append("–")
                continue
            m = _metrics(root, experiment, record["models"][model][experiment])
            mm, base = m["metrics"], m["baselines"]
            bt = base.get("bertopic", {})
            bt_text = f"{bt['nmi']:.3f}" if "nmi" in bt else "skipped"
            km = base.get("kmeans_gold_k", {})
            cells.append(
                f"**{mm['nmi']:.3f}** ({mm['n_topics']} topics); BERTopic {bt_text}; "
                f"k-means gold k {km.get('nmi', float('nan')):.3f}"
            )
        lines.append(f"| topic NMI, {label} | " + " | ".join(cells) + " |")
    runs = "; ".join(
        f"{model}: " + ", ".join(f"`{exp}/{rid}`" for exp, rid in record["models"][model].items())
        for model in models
    )
    lines += [
        "",
        f"{record['note']} Runs: {runs}. Generated from `{RECORD.as_posix()}` and those runs.",
    ]
    return "\n".join(lines)
