"""Block ``topics-speed``: time and peak memory of fitting topics, ours vs BERTopic on the same embeddings,
from the latest recorded run of ``benchmarks/bench_topics.py`` (``runs/bench_topics/``)."""

from __future__ import annotations

import json
from pathlib import Path

from _runs import latest_run  # noqa: I001

BLOCK = "topics-speed"


def _measurements(root: Path) -> dict[tuple[int, str], tuple[dict, Path]]:
    """``(n, model) -> (measurement, run folder)``, newest run winning."""
    latest_run(root, "bench_topics")  # raises when there is no successful run at all
    found: dict[tuple[int, str], tuple[dict, Path]] = {}
    for metrics in sorted((root / "runs" / "bench_topics").glob("*/metrics.json")):
        for r in json.loads(metrics.read_text(encoding="utf-8"))["metrics"]["runs"]:
            found[(r["n"], r["model"])] = (r, metrics.parent)
    return found


def render(root: Path) -> str:
    found = _measurements(root)
    lines = [
        "| posts | model | seconds (embedding included) | seconds without embedding | peak RSS | topics | run |",
        "|---|---|---|---|---|---|---|",
    ]
    runs = []
    for key in sorted(found, key=lambda k: (k[0], k[1] != "ours")):
        r, run = found[key]
        runs.append(run) if run not in runs else None
        tail = f" `{run.name}` |"
        name = "ours (defaults)" if r["model"] == "ours" else "BERTopic defaults, same embeddings"
        if "timed_out_after_s" in r:
            lines.append(
                f"| {r['n']:,} | {name} | not finished in {r['timed_out_after_s']} s (stopped) | | | |" + tail
            )
            continue
        if "error" in r:
            why = r.get("killed") or " ".join(r["error"]) or "killed before finishing, no message"
            lines.append(f"| {r['n']:,} | {name} | failed: {why} | | | |" + tail)
            continue
        without = r.get("seconds_without_embedding")
        if without is None and "embed" in r.get("timings", {}):
            without = r["seconds"] - r["timings"]["embed"]
        lines.append(
            f"| {r['n']:,} | {name} | {r['seconds']:.1f} | {'' if without is None else f'{without:.1f}'} | "
            f"{r['peak_rss_mb']:,.0f} MB | {r['n_topics']} |" + tail
        )
        if "fit_on" in r and r["fit_on"] < r["n"]:
            lines[-1] = lines[-1].replace(
                "| ours (defaults) |", f"| ours (fit on {r['fit_on']:,}, the rest assigned in chunks) |"
            )
    threads = sorted({json.loads((r / "config.json").read_text(encoding="utf-8"))["threads"] for r in runs})
    env = json.loads((runs[-1] / "environment.json").read_text(encoding="utf-8"))
    lines += [
        "",
        "Ours' embedding time includes fitting its lexical channel (TF-IDF + LSA on the corpus). "
        "Real posts sampled (seeded) from the corpora listed in each run's `data.json` (above the pool's "
        "size posts repeat, as retweets do); each measurement in its own process with "
        f"{'/'.join(map(str, threads))} threads, on {env['platform']}, Python {env['python']}, a 2-core "
        "machine shared with other jobs at the time (a speed, not a stable property). Generated from "
        "`runs/bench_topics/`.",
    ]
    return "\n".join(lines)
