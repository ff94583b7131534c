"""docs/performance.md: transliteration speed and accuracy (runs/bench_translit, latest run)."""

from __future__ import annotations

from pathlib import Path

from _runs import latest_bench  # noqa: I001 (experiments/tables is on the path)

BLOCK = "perf-translit"




def render(root: Path) -> str:
    folder, metrics, config, env = latest_bench(root, "translit")
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
