"""Benchmark ``nlp-social annotate``: posts/s and peak memory at growing corpus sizes.

Builds corpora of 10k / 100k / 1M posts by sampling (with replacement, seeded) real social posts from
``$NLP_SOCIAL_DATA_DIR`` (train/dev splits only: tweets and posts in Hindi, English and Hinglish), fits a
topic model on a sample for the ``topics`` step, then runs the CLI once per size in a child process and
records wall time, posts/s, per-step seconds and the peak RSS of the whole process tree (sampled every
0.1 s). Flat memory means peak RSS does not grow with the corpus size.

    NLP_SOCIAL_DATA_DIR=/work/shared/data nice -n 10 python benchmarks/bench_annotate.py \
        --sizes 10000,100000,1000000 --workers 2 --record

``--record`` writes the run like an experiment run (``runs/bench_annotate/<run id>/``: config, versions,
the corpus files' hashes, the scale curve); docs/performance.md is generated from it.

The target (issue 7): >= 1M posts in <= 10 min on 2 cores with normalize + lid + embed + topics + stance,
and peak RSS at 1M <= 1.2 x at 100k.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import psutil

# (corpus:split, target column?) -- only train/dev splits: test splits stay unseen
POOL = [
    "swami2018_codemixed_stance:all",
    "sentimix2020_hinglish:train",
    "l3cube_hinglid:validation",
    "covid19_stance_glandt:train",
    "pstance_li2021:train",
    "semeval2016_task6_stance:train",
    "ukp_argmin_stance_ckd:train",
    "hinglish_top_domains:train",
    "iitp_hindi_product_reviews_midas:train",
    "bbc_hindi_topics_midas:train",
]


def load_pool() -> list[str]:
    from nlp_social import load_corpus

    texts: list[str] = []
    for spec in POOL:
        try:
            df = load_corpus(spec)
        except Exception as exc:  # a corpus missing here must not stop the benchmark
            print(f"  skip {spec}: {exc}", file=sys.stderr)
            continue
        col = df["text"].dropna().astype(str)
        texts.extend(t for t in col if t.strip())
        print(f"  {spec}: {len(col):,} posts", file=sys.stderr)
    return sorted(set(texts))


def write_corpus(pool: list[str], n: int, path: Path, seed: int = 0) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"b{i}", "text": rng.choice(pool)}, ensure_ascii=False) + "\n")


def fit_topic_model(pool: list[str], out: Path, n: int = 5000) -> Path | None:
    try:
        from nlp_social.topics.model import TopicModel
    except ImportError as exc:
        print(f"  no topic model: {exc}", file=sys.stderr)
        return None
    # a scratch copy, reused only while it is what the package's defaults would fit now: the hash of the
    # topics code and of the sample is stored beside it (a model fitted with older defaults still loads,
    # but would time an old model)
    sample = random.Random(1).sample(pool, min(n, len(pool)))
    digest = hashlib.sha256("\n".join(sample).encode()).hexdigest()
    for f in sorted((Path(__file__).resolve().parent.parent / "nlp_social" / "topics").glob("*.py")):
        digest = hashlib.sha256((digest + f.read_text(encoding="utf-8")).encode()).hexdigest()
    stamp = out.parent / (out.name + ".sha256")
    if out.is_dir() and stamp.is_file() and stamp.read_text().strip() == digest:
        print(f"  reusing the topic model in {out}", file=sys.stderr)
        return out
    if out.is_dir():
        print(f"  refitting the topic model in {out} (fitted by other code or on other posts)", file=sys.stderr)
        import shutil

        shutil.rmtree(out)
    t0 = time.perf_counter()
    TopicModel(random_state=0).fit(sample).save(str(out))
    stamp.write_text(digest + "\n")
    print(
        f"  topic model fitted on {len(sample):,} posts in {time.perf_counter() - t0:.1f}s", file=sys.stderr
    )
    return out


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_one(cmd: list[str], env: dict[str, str]) -> tuple[int, float, float, int, str, str]:
    """Run ``cmd``; returns (rc, wall s, CPU s of the whole tree, peak RSS bytes of the tree, stdout, stderr)."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    out_chunks: list[str] = []
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    stdout, stderr = proc.communicate()
    out_chunks.append(stdout)
    wall = time.perf_counter() - t0
    return proc.returncode, wall, _children_cpu() - cpu0, peak, "".join(out_chunks), stderr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes", default="10000,100000", help="comma-separated corpus sizes (add 1000000 for 1M)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk-size", type=int, default=5000)
    ap.add_argument("--steps", default=None, help="default: every available step")
    ap.add_argument("--targets", default="Black Lives Matter", help="stance target(s) for every post")
    ap.add_argument(
        "--work", default="/tmp/nlp_social_bench_annotate", help="scratch folder (corpora, outputs)"
    )
    ap.add_argument("--no-topics", action="store_true", help="do not fit a topic model for the topics step")
    for name in ("lid", "stance", "embed"):
        ap.add_argument(
            f"--{name}-model", default=None, help=f"passed to annotate (default: the shipped {name} model)"
        )
    ap.add_argument("--json", dest="json_out", default=None, help="write the results here")
    ap.add_argument("--record", action="store_true", help="write runs/bench_annotate/<run id>/")
    ap.add_argument(
        "--record-name",
        default="annotate",
        help="record under runs/bench_<NAME>/ (e.g. annotate_before for a baseline tree)",
    )
    args = ap.parse_args()

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print("building the post pool from $NLP_SOCIAL_DATA_DIR", file=sys.stderr)
    pool = load_pool()
    print(f"pool: {len(pool):,} distinct real posts", file=sys.stderr)
    topic_dir = None
    if not args.no_topics and (args.steps is None or "topics" in args.steps):
        topic_dir = fit_topic_model(pool, work / "topics")

    env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    results = []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        corpus = work / f"posts_{n}.jsonl"
        if not corpus.exists():
            write_corpus(pool, n, corpus)
        out = work / f"out_{n}"
        cmd = [sys.executable, "-c", "from nlp_social.cli import main; main()", "annotate", str(corpus), "-o", str(out),
               "--force", "--no-progress", "--json", "--workers", str(args.workers), "--chunk-size", str(args.chunk_size),
               "--targets", args.targets]  # fmt: skip
        if args.steps:
            cmd += ["--steps", args.steps]
        if topic_dir is not None:
            cmd += ["--topic-model", str(topic_dir)]
        for name in ("lid", "stance", "embed"):
            if getattr(args, f"{name}_model"):
                cmd += [f"--{name}-model", getattr(args, f"{name}_model")]
        print(f"annotating {n:,} posts ...", file=sys.stderr)
        rc, wall, cpu, peak, stdout, stderr = run_one(cmd, env)
        if rc != 0:
            print(stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"annotate failed on {n} posts (exit {rc})")
        summary = json.loads(stdout.strip().splitlines()[-1])
        row = {
            "posts": n,
            "wall_s": round(wall, 1),
            "posts_per_s": round(n / wall, 1),
            "cpu_s": round(cpu, 1),
            "posts_per_cpu_s": round(n / cpu, 1) if cpu > 0 else None,
            "load_avg_1m": round(os.getloadavg()[0], 1),
            "peak_rss_mb": round(peak / 2**20, 1),
            "steps": summary["steps"],
            "step_seconds": summary["this_run"]["step_seconds"],
            "counts": summary["counts"],
            "workers": args.workers,
            "models": {k: getattr(args, f"{k}_model") for k in ("lid", "stance", "embed")},
        }
        results.append(row)
        print(json.dumps(row), file=sys.stderr)

    print(
        f"\n| posts | wall (s) | posts/s | CPU (s) | posts/CPU-s | peak RSS (MB) | load | steps (workers={args.workers}) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(
            f"| {r['posts']:,} | {r['wall_s']} | {r['posts_per_s']:,} | {r['cpu_s']} | {r['posts_per_cpu_s']:,} "
            f"| {r['peak_rss_mb']} | {r['load_avg_1m']} | {', '.join(r['steps'])} |"
        )
    if len(results) >= 2:
        ratio = results[-1]["peak_rss_mb"] / results[-2]["peak_rss_mb"]
        print(f"\npeak RSS {results[-1]['posts']:,} / {results[-2]['posts']:,}: {ratio:.2f}x")
    if args.record:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from _record import sha256_file, write_record

        config = {
            k: v for k, v in vars(args).items() if k not in ("json_out", "record", "record_name", "work")
        }
        config["pool"] = POOL
        data = [
            {
                "path": f"posts_{r['posts']}.jsonl",
                "posts": r["posts"],
                "sha256": sha256_file(work / f"posts_{r['posts']}.jsonl"),
            }
            for r in results
        ]
        data.append({"pool_distinct_posts": len(pool), "sampling": "with replacement, seed 0"})
        if topic_dir is not None:
            data.append({"topic_model": "TopicModel(random_state=0) fitted on 5,000 pool posts (seed 1)"})
        config["package"] = str(Path(__import__("nlp_social").__file__).parent)
        folder = write_record(
            args.record_name, config, data, {"cpu_count": os.cpu_count(), "results": results}
        )
        print(f"recorded {folder}", file=sys.stderr)
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(
            json.dumps({"cpu_count": os.cpu_count(), "results": results}, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
