"""docs/performance.md: the `nlp-social annotate` scale curve (runs/bench_annotate, latest run; the latest
runs/bench_annotate_before run of a baseline tree beside it when there is one)."""

from __future__ import annotations

from pathlib import Path

from _runs import latest_bench  # noqa: I001 (experiments/tables is on the path)

BLOCK = "perf-annotate"




def render(root: Path) -> str:
    folder, m, config, env = latest_bench(root, "annotate")
    runs = [("this branch", folder, m, env)]
    if list((root / "runs" / "bench_annotate_before").glob("*/metrics.json")):
        b_folder, b_m, _, b_env = latest_bench(root, "annotate_before")
        runs.append(("before", b_folder, b_m, b_env))
    steps = list(m["results"][0]["step_seconds"])
    head = "| tree | posts | wall (s) | CPU (s) | posts/s | peak RSS (MB) | load | "
    head += " | ".join(f"{s} (s)" for s in steps) + " |"
    lines = [head, "|---|" + "---:|" * (6 + len(steps))]
    for name, _, metrics, _ in runs:
        for r in metrics["results"]:
            per_step = " | ".join(f"{r['step_seconds'].get(s, 0):.1f}" for s in steps)
            lines.append(
                f"| {name} | {r['posts']:,} | {r['wall_s']} | {r['cpu_s']} | {r['posts_per_s']:,.1f} "
                f"| {r['peak_rss_mb']:,.0f} | {r['load_avg_1m']} | {per_step} |"
            )
    lines.append("")
    commits = "; ".join(
        f"{name}: `{f.relative_to(root)}` (commit `{(e['git']['commit'] or '?')[:10]}`)"
        for name, f, _, e in runs
    )
    lines.append(
        f"`--workers {config['workers']} --chunk-size {config['chunk_size']}`, steps "
        f"{', '.join(m['results'][0]['steps'])}, stance target {config['targets']!r}, on "
        f"{env['machine']['cpu_count']} CPUs shared with other jobs (load = 1-minute load average). CPU is the "
        "whole process tree's; seconds per step are summed over the workers (wall time inside them, so they "
        f"grow with the load). Runs: {commits}."
    )
    return "\n".join(lines)
