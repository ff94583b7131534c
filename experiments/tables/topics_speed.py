"""Block ``topics-speed``: time and peak memory of fitting topics, ours vs BERTopic on the same embeddings,
from the latest recorded run of ``benchmarks/bench_topics.py`` (``runs/bench_topics/``)."""

from __future__ import annotations

import json
from pathlib import Path

from _runs import latest_run  # noqa: I001

BLOCK = "topics-speed"


def render(root: Path) -> str:
    run = latest_run(root, "bench_topics")
    rows = json.loads((run / "metrics.json").read_text(encoding="utf-8"))["metrics"]["runs"]
    env = json.loads((run / "environment.json").read_text(encoding="utf-8"))
    lines = ["| posts | model | seconds (embedding included) | seconds without embedding | peak RSS | topics |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        name = "ours (defaults)" if r["model"] == "ours" else "BERTopic defaults, same embeddings"
        if "timed_out_after_s" in r:
            lines.append(f"| {r['n']:,} | {name} | not finished in {r['timed_out_after_s']} s (stopped) | | | |")
            continue
        if "error" in r:
            lines.append(f"| {r['n']:,} | {name} | failed: {' '.join(r['error'])} | | | |")
            continue
        without = r.get("seconds_without_embedding")
        if without is None and "embed" in r.get("timings", {}):
            without = r["seconds"] - r["timings"]["embed"]
        lines.append(
            f"| {r['n']:,} | {name} | {r['seconds']:.1f} | {'' if without is None else f'{without:.1f}'} | "
            f"{r['peak_rss_mb']:,.0f} MB | {r['n_topics']} |"
        )
    lines += ["", "Ours' embedding time includes fitting its lexical channel (TF-IDF + LSA on the corpus). "
              f"Real posts sampled (seeded) from the corpora listed in the run's `data.json`; each measurement in "
              f"its own process with {json.loads((run / 'config.json').read_text(encoding='utf-8'))['threads']} "
              f"threads, on {env['platform']}, Python {env['python']}, a 2-core machine shared with other jobs at "
              f"the time (a speed, not a stable property). Generated from `{run.relative_to(root)}`."]
    return "\n".join(lines)
