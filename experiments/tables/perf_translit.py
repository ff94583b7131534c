"""docs/performance.md: transliteration speed and accuracy (runs/bench_translit, latest run)."""

from __future__ import annotations

import json
from pathlib import Path

BLOCK = "perf-translit"


def latest(root: Path, name: str) -> tuple[Path, dict, dict, dict]:
    """``(folder, metrics, config, environment)`` of the newest ``runs/bench_<name>/<run id>/``."""
    runs = sorted((root / "runs" / f"bench_{name}").glob("*/metrics.json"))
    if not runs:
        raise SystemExit(f"no recorded run in runs/bench_{name}/: run benchmarks/bench_{name}.py --record")
    folder = runs[-1].parent
    read = lambda f: json.loads((folder / f).read_text(encoding="utf-8"))  # noqa: E731
    return folder, read("metrics.json"), read("config.json"), read("environment.json")


def render(root: Path) -> str:
    folder, metrics, config, env = latest(root, "translit")
    summary = metrics["summary"]
    names = {"this": "this branch", "baseline": "before (baseline tree)"}
    lines = [
        "| direction | system | top-1 | top-5 | CER | words/s (median) | words/s (best) | words/CPU-s (median) | words/s, every run |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for direction in config["directions"]:
        for tree in ("this", "baseline"):
            if tree not in summary or direction not in summary[tree]:
                continue
            s = summary[tree][direction]
            runs = ", ".join(f"{v:,.0f}" for v in s["words_per_s_runs"])
            lines.append(
                f"| {direction} | {names[tree]} | {s['top1']:.4f} | {s['top5']:.4f} | {s['cer']:.4f} "
                f"| {s['words_per_s_median']:,.0f} | {s['words_per_s_best']:,.0f} | {s['words_per_cpu_s_median']:,.0f} | {runs} |"
            )
        for key, label in (
            ("graphone", "graphone decoder (baseline, first run)"),
            ("rules", "rules (baseline, first run)"),
        ):
            b = summary["this"][direction]["baselines"].get(key)
            if b:
                lines.append(
                    f"| {direction} | {label} | {b['top1']:.4f} | {b['top5']:.4f} | {b['cer']:.4f} "
                    f"| {b['words_per_s']:,.0f} | | {b['words_per_cpu_s']:,.0f} | |"
                )
    commits = ", ".join(f"{k} `{(v['commit'] or '?')[:10]}`" for k, v in config["trees"].items())
    lines.append("")
    lines.append(
        f"Run `{folder.relative_to(root)}` ({commits}; {config['repeat']} alternating runs per tree and "
        f"direction, {config['timing']}; 1-minute load average {metrics['load_avg_1m']} on "
        f"{env['machine']['cpu_count']} CPUs)."
    )
    return "\n".join(lines)
