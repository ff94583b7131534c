"""docs/performance.md: `nlp-social normalize` vs indic-nlp's bare normalizer as whole processes."""

from __future__ import annotations

from pathlib import Path

from _runs import latest_bench  # noqa: I001 (experiments/tables is on the path)

BLOCK = "perf-normalize"




def render(root: Path) -> str:
    folder, m, config, env = latest_bench(root, "normalize")
    lines = [
        "| process | best wall (s) | best CPU (s) | posts/s (wall) | peak RSS (MB) | wall of every run (s) | one post: wall / CPU (s) |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for key, name in (
        ("nlp_social", "`nlp-social normalize posts.txt -o out.txt`"),
        ("nlp_social_before", "the same, baseline tree (before)"),
        ("indicnlp_bare", "indic-nlp bare normalizer, line by line"),
    ):
        if key not in m:
            continue
        r = m[key]
        runs = ", ".join(str(x["wall_s"]) for x in r["runs"])
        lines.append(
            f"| {name} | {r['best_wall_s']} | {r['best_cpu_s']} | {r['posts_per_s']:,.0f} | {r['peak_rss_mb']} | {runs} "
            f"| {r.get('startup_best_wall_s', '–')} / {r.get('startup_best_cpu_s', '–')} |"
        )
    lines.append("")
    same = m.get("output_identical_to_baseline")
    distinct = m.get("distinct_lines")
    lines.append(
        f"{m['posts']:,} posts"
        + (f" ({distinct:,} distinct lines: sampled with replacement)" if distinct else "")
        + (f"; output byte-identical to the baseline tree's: {'yes' if same else 'NO'}" if same is not None else "")
        + f"; speed ours / indic-nlp: **{m['speed_ratio_wall']}x** by wall time, "
        f"{m['speed_ratio_cpu']}x by CPU time (1.0 = as fast). Run `{folder.relative_to(root)}` "
        f"({config['repeat']} alternating runs each; 1-minute load average {m['load_avg_1m']} on "
        f"{env['machine']['cpu_count']} CPUs)."
    )
    d = m.get("distinct_file")
    if d:
        ours, bare = d["nlp_social"], d["indicnlp_bare"]
        lines.append("")
        lines.append(
            f"The same two processes on the file's {d['lines']:,} distinct lines (no line repeats, so no "
            f"line-cache hit): `nlp-social normalize` {ours['best_wall_s']} s wall / {ours['best_cpu_s']} s CPU, "
            f"indic-nlp bare {bare['best_wall_s']} s / {bare['best_cpu_s']} s: **{d['speed_ratio_wall']}x** by wall time."
        )
    return "\n".join(lines)
