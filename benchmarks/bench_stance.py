"""CPU cost per post of the fast stance model's ``predict_proba`` (what the annotate ``stance`` step calls).

Two workloads on real posts (a seeded sample of train splits: SentiMix 2020 romanized Hinglish, Swami 2018
code-mixed stance, COVID-19 stance tweets, CONSTRAINT 2021 Devanagari posts, TRAC-1 Hindi/Hinglish
comments), single-threaded, in chunks the size of the annotator's:

- ``one``: ``predict_proba(texts, targets=[...])``, one target per post (the post's own target where
  its corpus has one, else ``Black Lives Matter``, the annotate benchmark's default);
- ``demo``: ``predict_proba`` of every post against every target of the demo corpus, flattened post-major
  exactly as :class:`~nlp_social.annotate.steps.StanceStep` does (``predict_targets``'s call too).

Caches start cold: each run is a fresh process, and the model is loaded (and a few unrelated posts
predicted, so loading is not timed) before timing. CPU seconds come from ``time.process_time``.

``--baseline-ref REF`` also runs the same workloads on the package as committed at ``REF`` (``git archive``
into a temporary folder, a child process) and checks that probabilities are equal (``atol 1e-9``, same
argmax) on every row; the run is recorded with ``record_result`` (``runs/bench_stance/``).

    OMP_NUM_THREADS=1 NLP_SOCIAL_DATA_DIR=/work/shared/data nice -n 10 \
        python benchmarks/bench_stance.py --posts 20000 --demo-posts 4000 --baseline-ref 601f3b4
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

csv.field_size_limit(sys.maxsize)

CORPUS_SPECS = [
    "sentimix2020_hinglish:train",
    "swami2018_codemixed_stance:train",
    "covid19_stance_glandt:train",
]
CONSTRAINT_FILE = "constraint2021_hindi_hostility/constraint_Hindi_Train - Sheet1.csv"
TRAC_FILE = "trac1_hindi_fb/agr_hi_train.csv"
DEFAULT_TARGET = "Black Lives Matter"
WARMUP = ["warm up", "गर्मी है"]


def load_posts(n: int, seed: int = 13) -> tuple[list[str], list[str], list[str]]:
    """``(texts, targets, sources)``: ``n`` posts sampled (seeded) from the pool, each with a target."""
    from nlp_social import load_corpus
    from nlp_social.paths import data_dir

    pool: list[tuple[str, str]] = []
    for spec in CORPUS_SPECS:
        df = load_corpus(spec)
        tg = df["target"] if "target" in df.columns else [DEFAULT_TARGET] * len(df)
        pool.extend(
            (str(t), str(g) if isinstance(g, str) and g.strip() else DEFAULT_TARGET)
            for t, g in zip(df["text"], tg, strict=True)
            if isinstance(t, str) and t.strip()
        )
    root = data_dir()
    with (root / CONSTRAINT_FILE).open(encoding="utf-8", newline="") as fh:
        pool.extend((row[0], DEFAULT_TARGET) for row in csv.reader(fh) if row and row[0].strip())
    with (root / TRAC_FILE).open(encoding="utf-8", newline="") as fh:
        pool.extend(
            (row["text"], DEFAULT_TARGET) for row in csv.DictReader(fh) if (row.get("text") or "").strip()
        )
    rng = random.Random(seed)
    chosen = rng.sample(pool, min(n, len(pool)))
    sources = [*CORPUS_SPECS, str(root / CONSTRAINT_FILE), str(root / TRAC_FILE)]
    return [t for t, _ in chosen], [g for _, g in chosen], sources


def demo_targets() -> list[str]:
    from nlp_social import load_corpus

    df = load_corpus("demo")
    return sorted({str(t).strip() for t in df["target"] if isinstance(t, str) and t.strip()})


def timed(model, texts: list[str], targets: list[str], chunk: int) -> tuple[np.ndarray, float, float]:
    """Probabilities of ``predict_proba`` over chunks of ``chunk`` rows; (proba, CPU s, wall s)."""
    parts = []
    c0, w0 = time.process_time(), time.perf_counter()
    for i in range(0, len(texts), chunk):
        parts.append(model.predict_proba(texts[i : i + chunk], targets=targets[i : i + chunk]))
    return np.vstack(parts), time.process_time() - c0, time.perf_counter() - w0


def _rates(cpu: float, wall: float, posts: int, rows: int) -> dict:
    return {
        "posts": posts,
        "rows": rows,
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "posts_per_cpu_s": round(posts / cpu, 1),
        "cpu_ms_per_post": round(1000 * cpu / posts, 4),
        "cpu_ms_per_row": round(1000 * cpu / rows, 4),
    }


def measure(n_posts: int, n_demo: int, chunk: int, save: str | None) -> dict:
    """Run the workloads in this process (the package on ``sys.path``); optionally save the probabilities.

    ``one_cold``: the first pass over the posts (every cache empty: each distinct word is transliterated
    and keyed for the first time); ``one_warm``: the same posts again (the steady state of a long run whose
    vocabulary has been seen); ``demo``: the first ``n_demo`` posts against every demo target (warm)."""
    from nlp_social.stance.load import load_stance_model

    texts, targets, _ = load_posts(n_posts)
    l0 = time.process_time()
    model = load_stance_model("fast")
    model.predict_proba(WARMUP, targets=[DEFAULT_TARGET] * len(WARMUP))
    load_s = time.process_time() - l0
    p_one, cpu_cold, wall_cold = timed(model, texts, targets, chunk)
    p_warm, cpu_warm, wall_warm = timed(model, texts, targets, chunk)
    if not np.array_equal(p_one, p_warm):
        raise SystemExit("bench_stance: a second pass over the same posts gave other probabilities")
    tg = demo_targets()
    demo_texts = texts[:n_demo]
    rows_t = [t for t in demo_texts for _ in tg]
    rows_g = [g for _ in demo_texts for g in tg]
    # chunk of posts (as the annotator batches posts), so len(tg) x rows per call
    p_demo, cpu_demo, wall_demo = timed(model, rows_t, rows_g, chunk * len(tg))
    if save:
        np.savez(save, one=p_one, demo=p_demo)
    return {
        "load_cpu_s": round(load_s, 3),
        "one_cold": _rates(cpu_cold, wall_cold, len(texts), len(texts)),
        "one_warm": _rates(cpu_warm, wall_warm, len(texts), len(texts)),
        "demo": {"targets": len(tg), **_rates(cpu_demo, wall_demo, len(demo_texts), len(rows_t))},
    }


def run_child(pythonpath: str, args: argparse.Namespace, save: str) -> dict:
    env = dict(os.environ, PYTHONPATH=pythonpath, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    cmd = [
        sys.executable,
        __file__,
        "--child",
        "--posts",
        str(args.posts),
        "--demo-posts",
        str(args.demo_posts),
    ]
    cmd += ["--chunk", str(args.chunk), "--save", save]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(a_file: str, b_file: str) -> dict:
    a, b = np.load(a_file), np.load(b_file)
    out = {}
    for key in ("one", "demo"):
        x, y = a[key], b[key]
        same_shape = x.shape == y.shape
        out[key] = {
            "rows": int(len(x)),
            "allclose_1e-9": bool(same_shape and np.allclose(x, y, rtol=0, atol=1e-9)),
            "max_abs_diff": float(np.max(np.abs(x - y))) if same_shape else None,
            "same_argmax": bool(same_shape and np.array_equal(x.argmax(1), y.argmax(1))),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=20000, help="posts of the one-target workload")
    ap.add_argument("--demo-posts", type=int, default=2000, help="posts scored against every demo target")
    ap.add_argument("--chunk", type=int, default=5000, help="posts per predict_proba call (annotate's chunk)")
    ap.add_argument(
        "--baseline-ref", default=None, help="git commit whose package is measured beside this one"
    )
    ap.add_argument("--no-record", action="store_true", help="print only; record no run")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--save", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.posts, args.demo_posts, args.chunk, args.save)))
        return

    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="bench_stance_") as tmp:
        new_file = str(Path(tmp) / "new.npz")
        baseline = equal = None
        if args.baseline_ref:
            old_root = Path(tmp) / "old"
            old_root.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(repo), "archive", args.baseline_ref, "nlp_social"],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(old_root)], input=archive, check=True)
            old_file = str(Path(tmp) / "old.npz")
            baseline = run_child(str(old_root), args, old_file)
            print(f"baseline {args.baseline_ref}: {json.dumps(baseline)}", file=sys.stderr)
        current = run_child(str(repo), args, new_file)
        print(f"current: {json.dumps(current)}", file=sys.stderr)
        if args.baseline_ref:
            equal = compare(old_file, new_file)
            print(f"equal: {json.dumps(equal)}", file=sys.stderr)
    metrics = dict(current)
    if equal is not None:
        metrics["identical_to_baseline"] = equal
        for key in ("one_cold", "one_warm", "demo"):
            metrics[f"speedup_{key}"] = round(baseline[key]["cpu_s"] / current[key]["cpu_s"], 2)
    if not args.no_record:
        from nlp_social.experiments.record import record_result

        _, _, sources = load_posts(1)
        run = record_result(
            "bench_stance",
            metrics,
            config={
                "posts": args.posts,
                "demo_posts": args.demo_posts,
                "chunk": args.chunk,
                "baseline_ref": args.baseline_ref,
                "threads": 1,
                "model": "fast",
            },
            data=[*sources, "demo"],
            baselines={f"git:{args.baseline_ref}": baseline} if baseline else None,
            headline=(
                f"stance fast predict_proba, one target: {current['one_warm']['cpu_ms_per_post']} CPU-ms/post warm, "
                f"{current['one_cold']['cpu_ms_per_post']} cold"
                + (
                    f" (baseline {baseline['one_warm']['cpu_ms_per_post']} warm, "
                    f"{baseline['one_cold']['cpu_ms_per_post']} cold)"
                    if baseline
                    else ""
                )
            ),
            task="benchmark",
            runs_dir=repo / "runs",
        )
        print(f"recorded {run}", file=sys.stderr)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
