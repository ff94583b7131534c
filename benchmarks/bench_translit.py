"""Speed and accuracy of ``nlp-social translit evaluate`` (Dakshina dev), this checkout against a baseline.

Each run is a fresh process (model loaded fresh, caches cold) of
``nlp-social translit evaluate --corpus dakshina_hi_lexicons:dev --direction D --json`` (its Python function;
the rule and graphone baselines in the first run of this tree only); the runs of this
checkout and of ``--baseline-src`` (another source tree, e.g. the main branch before this work) alternate
``--repeat`` times, so both see the same machine load. Words/s counts *distinct* source words (4,321 for
latn2deva), all decoded as one batch: nothing is cached across the eval set's repeats (there are none) and no
shipped table of precomputed words exists. ``--record`` writes ``runs/bench_translit/<run id>/``.

    NLP_SOCIAL_DATA_DIR=../shared/data OMP_NUM_THREADS=1 python benchmarks/bench_translit.py \\
        --baseline-src ../main --repeat 3 --record
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METRICS = ("top1", "top5", "cer", "words_per_s", "words_per_cpu_s", "n_words")


EVALUATE = (
    "import json, sys; from nlp_social.lang.translit.evaluate import evaluate_translit; "
    "print(json.dumps(evaluate_translit(corpus='dakshina_hi_lexicons:dev', direction=sys.argv[1], "
    "baseline=sys.argv[2] == '1')))"
)


def run_evaluate(src: Path, direction: str, env: dict[str, str], baselines: bool = False) -> dict:
    """One fresh process running what ``nlp-social translit evaluate --json`` runs (the rule and
    graphone baselines only when asked: they take most of a run and do not change between trees)."""
    cmd = [sys.executable, "-c", EVALUATE, direction, "1" if baselines else "0"]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=dict(env, PYTHONPATH=str(src)), cwd=src, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"evaluate failed in {src}: {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    row = {k: out[k] for k in METRICS}
    row["process_wall_s"] = round(wall, 2)
    row["process_cpu_s"] = round(ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 2)
    row["baselines"] = {k: {m: v[m] for m in METRICS} for k, v in out.get("baselines", {}).items()}
    return row


def git_commit(src: Path) -> str | None:
    proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=src, capture_output=True, text=True)
    return proc.stdout.strip() or None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--direction", default="latn2deva,deva2latn")
    ap.add_argument("--baseline-src", default=None, help="another source tree to run in alternation")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--record", action="store_true", help="write runs/bench_translit/<run id>/")
    args = ap.parse_args()
    env = dict(
        os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", HF_HUB_OFFLINE="1"
    )
    trees = {"this": ROOT}
    if args.baseline_src:
        trees["baseline"] = Path(args.baseline_src).resolve()
    results: dict[str, dict[str, list[dict]]] = {name: {} for name in trees}
    for direction in args.direction.split(","):
        for i in range(args.repeat):
            for name, src in trees.items():
                row = run_evaluate(src, direction, env, baselines=(i == 0 and name == "this"))
                results[name].setdefault(direction, []).append(row)
                print(name, direction, {k: row[k] for k in METRICS}, file=sys.stderr, flush=True)
    summary: dict[str, dict] = {}
    for name, by_dir in results.items():
        for direction, rows in by_dir.items():
            best = max(rows, key=lambda r: r["words_per_s"])
            summary.setdefault(name, {})[direction] = {
                **{k: best[k] for k in ("top1", "top5", "cer", "n_words")},
                "words_per_s_best": round(best["words_per_s"], 1),
                "words_per_s_median": round(statistics.median(r["words_per_s"] for r in rows), 1),
                "words_per_cpu_s_median": round(statistics.median(r["words_per_cpu_s"] for r in rows), 1),
                "words_per_s_runs": [round(r["words_per_s"], 1) for r in rows],
                "words_per_cpu_s_runs": [round(r["words_per_cpu_s"], 1) for r in rows],
                "baselines": rows[0]["baselines"],
            }
    print(json.dumps(summary, indent=1))
    if args.record:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from _record import write_record

        config = {"corpus": "dakshina_hi_lexicons:dev", "directions": args.direction.split(","), "repeat": args.repeat,
                  "trees": {k: {"commit": git_commit(v)} for k, v in trees.items()},
                  "timing": "distinct source words decoded as one batch, fresh process, cold caches; median and best of the alternating runs",
                  "threads": 1}  # fmt: skip
        data = [
            {
                "spec": "dakshina_hi_lexicons:dev",
                "note": "Dakshina v1.0 hi lexicon dev split (test held back)",
            }
        ]
        metrics = {"summary": summary, "runs": results, "load_avg_1m": round(os.getloadavg()[0], 2)}
        print(f"recorded {write_record('translit', config, data, metrics)}", file=sys.stderr)


if __name__ == "__main__":
    main()
