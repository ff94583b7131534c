"""Profile of the annotation hot path, step by step: CPU seconds per step and the costliest functions.

Runs the annotator in this process (one worker, BLAS and torch at one thread) on posts of the
``bench_annotate.py`` corpus: a first chunk warms the models and caches up (loading is a one-off per worker),
then ``--posts`` further posts are profiled with cProfile. Per step it records CPU seconds and posts per
CPU second; per function the share of the profiled time spent in it (cumulative) for the 40 costliest (nlp_social and library code).
``--record`` writes ``runs/bench_profile_annotate/<run id>/`` (docs/performance.md shows it).

    NLP_SOCIAL_DATA_DIR=../shared/data nice -n 10 python benchmarks/profile_annotate.py --posts 20000 --record
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=20_000, help="posts profiled after the warm-up chunk")
    ap.add_argument("--warmup", type=int, default=5_000)
    ap.add_argument("--targets", default="Black Lives Matter")
    ap.add_argument("--work", default="/tmp/nlp_social_bench_annotate")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()

    from bench_annotate import fit_topic_model, load_pool, write_corpus
    from threadpoolctl import threadpool_limits

    from nlp_social.annotate.pipeline import Annotator, Item
    from nlp_social.annotate.steps import build_steps

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    n = args.warmup + args.posts
    corpus = work / f"posts_{n}.jsonl"
    pool = load_pool()
    if not corpus.exists():
        write_corpus(pool, n, corpus)
    topics = fit_topic_model(pool, work / "topics")
    posts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    items = [Item(f"b{i}", t, {}, corpus.name, i + 1) for i, t in enumerate(posts)]
    steps = build_steps(None, targets=[args.targets], topic_model=str(topics) if topics else None)
    annotator = Annotator(steps)
    annotator.threads = 1
    threadpool_limits(1)

    cpu_per_step = {s.name: 0.0 for s in steps}
    for step in steps:  # CPU seconds per step (the runner's own timings are wall seconds)
        process = step.process

        def timed(batch, _process=process, _name=step.name):
            t0 = time.process_time()
            try:
                return _process(batch)
            finally:
                cpu_per_step[_name] += time.process_time() - t0

        step.process = timed
    t0 = time.process_time()
    annotator.run(items[: args.warmup])
    warm_cpu = time.process_time() - t0
    for k in cpu_per_step:
        cpu_per_step[k] = 0.0
    prof = cProfile.Profile()  # its default (wall) clock: a CPU clock is a system call per event here
    t0, w0 = time.process_time(), time.perf_counter()
    prof.enable()
    annotator.run(items[args.warmup :])
    prof.disable()
    total, wall = time.process_time() - t0, time.perf_counter() - w0
    stats = pstats.Stats(prof)
    rows = []
    for (file, line, func), (_, _, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        short = file.split("site-packages/")[-1].split("/nlp_social/", 1)[-1]
        if "/nlp_social/" in file:
            short = "nlp_social/" + short
        rows.append({"function": f"{short}:{line}({func})", "cum_share": round(cum / wall, 4)})
    rows.sort(key=lambda r: -r["cum_share"])
    top = [r for r in rows if not r["function"].startswith(("~", "<"))][:40]
    metrics = {
        "posts": args.posts,
        "warmup_posts": args.warmup,
        "warmup_cpu_s": round(warm_cpu, 2),
        "cpu_s": round(total, 2),
        "posts_per_cpu_s": round(args.posts / total, 1),
        "step_cpu_s": {k: round(v, 2) for k, v in cpu_per_step.items()},
        "top_functions": top,
        "note": "cProfile slows Python-level calls; the step CPU seconds are measured around each step",
    }
    print(json.dumps({k: v for k, v in metrics.items() if k != "top_functions"}, indent=1))
    for r in top[:25]:
        print(f"{r['cum_share']:7.1%}  {r['function']}")
    if args.record:
        from _record import sha256_file, write_record

        config = {"posts": args.posts, "warmup": args.warmup, "targets": [args.targets], "steps": [s.name for s in steps],
                  "threads": 1, "engine": "in-process (one worker)"}  # fmt: skip
        data = [{"path": corpus.name, "sha256": sha256_file(corpus), "pool_distinct_posts": len(pool)}]
        print(f"recorded {write_record('profile_annotate', config, data, metrics)}", file=sys.stderr)


if __name__ == "__main__":
    main()
