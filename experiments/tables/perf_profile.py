"""docs/performance.md: the annotation hot path, CPU per step and costliest functions (profile_annotate)."""

from __future__ import annotations

from pathlib import Path

from _runs import latest_bench  # noqa: I001 (experiments/tables is on the path)

BLOCK = "perf-profile"


def render(root: Path) -> str:
    folder, m, config, env = latest_bench(root, "profile_annotate")
    first, m0, _, _ = latest_bench(root, "profile_annotate", index=0)  # the profile before the work
    total = sum(m["step_cpu_s"].values())
    if first != folder:
        total0 = sum(m0["step_cpu_s"].values())
        lines = ["| step | CPU (s), before | share, before | CPU (s), now | share, now | posts/CPU-s, now |",
                 "|---|---:|---:|---:|---:|---:|"]
        for step, sec in m["step_cpu_s"].items():
            sec0 = m0["step_cpu_s"].get(step)
            rate = f"{m['posts'] / sec:,.0f}" if sec else "–"
            before = f"{sec0:.2f} | {sec0 / total0:.0%}" if sec0 is not None else "– | –"
            lines.append(f"| {step} | {before} | {sec:.2f} | {sec / total:.0%} | {rate} |")
        lines.append(f"| all steps | {total0:.2f} | 100% | {total:.2f} | 100% | {m['posts'] / total:,.0f} |")
        lines += ["", f"Before: run `{first.relative_to(root)}` ({m0['posts']:,} posts); now: the run below.",
                  "", "Now:"]
    else:
        lines = ["| step | CPU (s) | share | posts/CPU-s |", "|---|---:|---:|---:|"]
        for step, sec in m["step_cpu_s"].items():
            rate = f"{m['posts'] / sec:,.0f}" if sec else "–"
            lines.append(f"| {step} | {sec:.2f} | {sec / total:.0%} | {rate} |")
        lines.append(f"| all steps | {total:.2f} | 100% | {m['posts'] / total:,.0f} |")
    lines += ["", "| share of the profiled time (cumulative) | function |", "|---:|---|"]
    rows = [r for r in m["top_functions"] if "profile_annotate.py" not in r["function"]]
    for row in rows[:20]:
        lines.append(f"| {row['cum_share']:.1%} | `{row['function']}` |")
    lines.append("")
    lines.append(
        f"{m['posts']:,} posts after a {m['warmup_posts']:,}-post warm-up (model loading, first caches: "
        f"{m['warmup_cpu_s']} CPU-s), one process, one thread, under cProfile (which slows Python-level calls). "
        f"Run `{folder.relative_to(root)}`."
    )
    return "\n".join(lines)
