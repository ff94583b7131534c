"""docs/performance.md: `nlp-social normalize` vs indic-nlp's bare normalizer as whole processes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BLOCK = "perf-normalize"


def _latest(root: Path, name: str):
    spec = importlib.util.spec_from_file_location(
        "_perf_translit", Path(__file__).with_name("perf_translit.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.latest(root, name)


def render(root: Path) -> str:
    folder, m, config, env = _latest(root, "normalize")
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
    lines.append(
        f"{m['posts']:,} posts; speed ours / indic-nlp: **{m['speed_ratio_wall']}x** by wall time, "
        f"{m['speed_ratio_cpu']}x by CPU time (1.0 = as fast). Run `{folder.relative_to(root)}` "
        f"({config['repeat']} alternating runs each; 1-minute load average {m['load_avg_1m']} on "
        f"{env['machine']['cpu_count']} CPUs)."
    )
    return "\n".join(lines)
