"""docs/performance.md: the `nlp-social annotate` scale curve (runs/bench_annotate, latest run)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BLOCK = "perf-annotate"


def _latest(root: Path, name: str):
    spec = importlib.util.spec_from_file_location(
        "_perf_translit", Path(__file__).with_name("perf_translit.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.latest(root, name)


def render(root: Path) -> str:
    folder, m, config, env = _latest(root, "annotate")
    steps = list(m["results"][0]["step_seconds"])
    head = (
        "| posts | wall (s) | CPU (s) | posts/s | peak RSS (MB) | load | "
        + " | ".join(f"{s} (s)" for s in steps)
        + " |"
    )
    lines = [head, "|" + "---:|" * (6 + len(steps))]
    for r in m["results"]:
        per_step = " | ".join(f"{r['step_seconds'].get(s, 0):.1f}" for s in steps)
        lines.append(
            f"| {r['posts']:,} | {r['wall_s']} | {r['cpu_s']} | {r['posts_per_s']:,.1f} | {r['peak_rss_mb']:,.0f} "
            f"| {r['load_avg_1m']} | {per_step} |"
        )
    lines.append("")
    lines.append(
        f"`--workers {config['workers']} --chunk-size {config['chunk_size']}`, steps {', '.join(m['results'][0]['steps'])}, "
        f"stance target {config['targets']!r}. Seconds per step are summed over the workers (wall time inside "
        f"them). Run `{folder.relative_to(root)}` on {env['machine']['cpu_count']} CPUs."
    )
    return "\n".join(lines)
