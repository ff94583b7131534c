"""Throughput of the full social normalizer vs. indic-nlp's bare Devanagari normalizer.

Both normalize the same real posts in one run: a seeded sample from SentiMix 2020 (romanized
Hinglish tweets), CONSTRAINT 2021 (Devanagari posts), TRAC-1 (Hindi/Hinglish Facebook comments) and
SemEval 2016 task 6 (English tweets), training splits only. Runs are interleaved and repeated;
the best of ``--repeat`` runs is reported for each. The full normalizer starts *cold* in every run
(a new instance, its per-token cache and the hashtag-segmentation cache emptied), so the ratio
includes every cache miss. The full normalizer is timed through ``pipe`` (the streaming API the
batch annotator uses) and through one ``normalize`` call per post; both must give the same output; the shipped resources are loaded once before timing (a one-off cost,
reported separately).

    NLP_SOCIAL_DATA_DIR=../shared/data python benchmarks/bench_normalize.py [--per-corpus 2000] [--json]

``--whole-process`` compares *whole processes* on one file instead (issue 17): ``nlp-social normalize
posts.txt -o out.txt`` against a script that runs indic-nlp's bare normalizer over the same file line by line,
start-up, imports and resource loading included. The file holds ``--posts`` posts (one per line) sampled with
replacement (seeded) from the train/dev splits of the social corpora of ``bench_annotate.py``. The two
commands alternate ``--repeat`` times; wall and CPU seconds of each process are recorded, the best wall of
each compared. ``--record`` writes the run to ``runs/bench_normalize/<run id>/``. Every process reads
compiled bytecode (a cache in the scratch folder, filled by a warm-up run) as an installed package would;
``--no-bytecode-cache`` keeps the environment's ``PYTHONDONTWRITEBYTECODE`` instead.

    NLP_SOCIAL_DATA_DIR=../shared/data OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_normalize.py \
        --whole-process --posts 160000 --repeat 3 --record
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from pathlib import Path

from nlp_social.paths import data_dir

csv.field_size_limit(sys.maxsize)


def _sentimix(root: Path) -> list[str]:
    posts, tokens = [], []
    with (root / "sentimix2020_hinglish/Hinglish_train_14k_split_conll.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\r\n").split("\t")
            if parts[0] == "meta":
                if tokens:
                    posts.append(" ".join(tokens))
                tokens = []
            elif parts[0]:
                tokens.append(parts[0])
    if tokens:
        posts.append(" ".join(tokens))
    return posts


def _constraint(root: Path) -> list[str]:
    path = root / "constraint2021_hindi_hostility/constraint_Hindi_Train - Sheet1.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [row[0] for row in csv.reader(fh) if row and row[0].strip()]


def _trac1(root: Path) -> list[str]:
    with (root / "trac1_hindi_fb/agr_hi_train.csv").open(encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh) if row.get("text")]


def _semeval(root: Path) -> list[str]:
    path = root / "semeval2016_task6_stance/Original_Annotation/SemEval16_TweetTask_A_Train.txt"
    with path.open(encoding="utf-8", errors="replace") as fh:
        return [line.split("<s>", 1)[1].strip() for line in fh if "<s>" in line]


CORPORA = {"sentimix2020_hinglish": _sentimix, "constraint2021_hindi_hostility": _constraint}
CORPORA.update({"trac1_hindi_fb": _trac1, "semeval2016_task6_stance": _semeval})


def sample_posts(per_corpus: int, seed: int = 13) -> tuple[list[str], dict[str, int]]:
    root = data_dir()
    rng = random.Random(seed)
    posts: list[str] = []
    counts: dict[str, int] = {}
    for name, reader in CORPORA.items():
        items = reader(root)
        chosen = rng.sample(items, min(per_corpus, len(items)))
        counts[name] = len(chosen)
        posts.extend(chosen)
    rng.shuffle(posts)
    return posts, counts


BARE_SCRIPT = """import sys
from indicnlp.normalize.indic_normalize import IndicNormalizerFactory

norm = IndicNormalizerFactory().get_normalizer("hi")
with open(sys.argv[1], encoding="utf-8") as fin, open(sys.argv[2], "w", encoding="utf-8") as fout:
    for line in fin:
        fout.write(norm.normalize(line.rstrip("\\n")) + "\\n")
"""


def build_posts_file(n: int, path: Path, seed: int = 0) -> dict[str, int]:
    """``n`` real posts, one per line (line breaks inside a post become spaces), sampled with replacement."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_annotate import POOL, load_pool

    pool = [" ".join(t.split()) for t in load_pool()]
    pool = sorted({t for t in pool if t})
    rng = random.Random(seed)
    chosen = [rng.choice(pool) for _ in range(n)]
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(post + "\n" for post in chosen)
    # (sampling with replacement repeats posts: `nlp-social normalize` answers a repeated line from its
    # line cache, so the share of distinct lines is part of what the run measures)
    return {"pool_distinct_posts": len(pool), "pool_corpora": len(POOL), "distinct_lines": len(set(chosen))}


def whole_process(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _record import sha256_file, write_record
    from bench_annotate import POOL, run_one

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    posts = work / f"posts_{args.posts}.txt"
    pool_info = build_posts_file(args.posts, posts)
    bare_script = work / "indic_bare.py"
    bare_script.write_text(BARE_SCRIPT, encoding="utf-8")
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if not args.no_bytecode_cache:
        # Every process reads compiled bytecode, as from an installed package: with
        # PYTHONDONTWRITEBYTECODE=1 (set on the shared machine) a process of the checkout compiled the
        # package's modules from source at each start, while indic-nlp's came compiled from
        # site-packages. The cache lives in the work folder; a warm-up run fills it before timing.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    commands = {
        "nlp_social": [
            sys.executable,
            "-c",
            "from nlp_social.cli import main; main()",
            "normalize",
            str(posts),
            "-o",
            str(work / "out_ours.txt"),
        ],  # fmt: skip
        "indicnlp_bare": [sys.executable, str(bare_script), str(posts), str(work / "out_bare.txt")],
    }
    envs: dict[str, dict[str, str]] = {}
    if args.baseline_src:  # the same CLI from another source tree (e.g. the main branch before this work)
        commands["nlp_social_before"] = [c.replace("out_ours", "out_before") for c in commands["nlp_social"]]
        envs["nlp_social_before"] = dict(env, PYTHONPATH=str(Path(args.baseline_src).resolve()))
        # `python -c` puts the working directory first on sys.path: run from outside both trees
        os.chdir(work)
    # start-up: the same commands on a one-post file (imports, resources, argument parsing)
    one = work / "one_post.txt"
    one.write_text(
        "yaar ye bahut accha hai #GoodVibes @user https://t.co/x मुझे नहीं पता 😂\n", encoding="utf-8"
    )
    for name, cmd in commands.items():  # warm-up (bytecode cache, file cache), not timed
        small = [str(one) if c == str(posts) else c for c in cmd]
        run_one(small, envs.get(name, env))
    startup: dict[str, list[dict[str, float]]] = {k: [] for k in commands}
    for _ in range(args.repeat):
        for name, cmd in commands.items():
            small = [str(one) if c == str(posts) else c for c in cmd]
            rc, wall, cpu, _, _, stderr = run_one(small, envs.get(name, env))
            if rc != 0:
                raise SystemExit(f"{name} failed on one post (exit {rc}): {stderr[-2000:]}")
            startup[name].append({"wall_s": round(wall, 3), "cpu_s": round(cpu, 3)})
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in commands}
    for _ in range(args.repeat):
        for name, cmd in commands.items():
            rc, wall, cpu, peak, _, stderr = run_one(cmd, envs.get(name, env))
            if rc != 0:
                raise SystemExit(f"{name} failed (exit {rc}): {stderr[-2000:]}")
            runs[name].append(
                {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "peak_rss_mb": round(peak / 2**20, 1)}
            )
            print(name, runs[name][-1], file=sys.stderr)
    # the same two processes on the file's distinct lines (first occurrences, in order): no line repeats,
    # so no line-cache hit -- what each costs on text it has not seen
    with open(posts, encoding="utf-8") as fh:
        all_lines = fh.readlines()
    n_lines = len(all_lines)
    distinct_file = work / f"posts_{args.posts}_distinct.txt"
    distinct_file.write_text("".join(dict.fromkeys(all_lines)), encoding="utf-8")
    distinct_runs: dict[str, list[dict[str, float]]] = {"nlp_social": [], "indicnlp_bare": []}
    for _ in range(args.repeat):
        for name in distinct_runs:
            cmd = [str(distinct_file) if c == str(posts) else c.replace("out_", "out_distinct_") for c in commands[name]]
            rc, wall, cpu, _, _, stderr = run_one(cmd, envs.get(name, env))
            if rc != 0:
                raise SystemExit(f"{name} failed on the distinct lines (exit {rc}): {stderr[-2000:]}")
            distinct_runs[name].append({"wall_s": round(wall, 3), "cpu_s": round(cpu, 3)})
    metrics: dict[str, object] = {"posts": n_lines}
    metrics["distinct_file"] = {
        "lines": len(dict.fromkeys(all_lines)),
        **{
            name: {"best_wall_s": min(r["wall_s"] for r in rows), "best_cpu_s": min(r["cpu_s"] for r in rows),
                   "runs": rows}
            for name, rows in distinct_runs.items()
        },
    }  # fmt: skip
    d = metrics["distinct_file"]
    d["speed_ratio_wall"] = round(d["indicnlp_bare"]["best_wall_s"] / d["nlp_social"]["best_wall_s"], 3)
    for name, rows in runs.items():
        best = min(r["wall_s"] for r in rows)
        metrics[name] = {
            "best_wall_s": best,
            "best_cpu_s": min(r["cpu_s"] for r in rows),
            "posts_per_s": round(n_lines / best, 1),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in rows),
            "runs": rows,
            "startup_best_wall_s": min(r["wall_s"] for r in startup[name]),
            "startup_best_cpu_s": min(r["cpu_s"] for r in startup[name]),
        }
    ours, bare = metrics["nlp_social"], metrics["indicnlp_bare"]
    metrics["speed_ratio_wall"] = round(bare["best_wall_s"] / ours["best_wall_s"], 3)  # > 1: ours faster
    metrics["distinct_lines"] = pool_info["distinct_lines"]
    if "nlp_social_before" in commands:  # the speed work must not change a byte of the output
        metrics["output_identical_to_baseline"] = sha256_file(work / "out_ours.txt") == sha256_file(
            work / "out_before.txt"
        )
    metrics["speed_ratio_cpu"] = round(bare["best_cpu_s"] / ours["best_cpu_s"], 3)
    metrics["load_avg_1m"] = round(os.getloadavg()[0], 2)
    print(json.dumps({k: v for k, v in metrics.items() if k not in ("nlp_social", "indicnlp_bare")}))
    print(
        f"nlp-social normalize: {ours['best_wall_s']} s  ({ours['posts_per_s']:,} posts/s, CPU {ours['best_cpu_s']} s)"
    )
    print(
        f"indic-nlp bare      : {bare['best_wall_s']} s  ({bare['posts_per_s']:,} posts/s, CPU {bare['best_cpu_s']} s)"
    )
    if args.record:
        config = {"mode": "whole-process", "posts": args.posts, "repeat": args.repeat, "seed": 0,
                  "bytecode_cache": not args.no_bytecode_cache,
                  "pool": POOL, "commands": {k: " ".join(Path(c).name if i == 0 else c for i, c in enumerate(v))
                                            for k, v in commands.items()}}  # fmt: skip
        data = [{"path": posts.name, "lines": n_lines, "sha256": sha256_file(posts), **pool_info}]
        print(f"recorded {write_record('normalize', config, data, metrics)}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-corpus", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument(
        "--whole-process", action="store_true", help="ours vs indic-nlp as whole processes on a file"
    )
    ap.add_argument("--posts", type=int, default=160_000, help="posts in the file (--whole-process)")
    ap.add_argument(
        "--work", default="/tmp/nlp_social_bench_normalize", help="scratch folder (--whole-process)"
    )
    ap.add_argument(
        "--record", action="store_true", help="write runs/bench_normalize/<run id>/ (--whole-process)"
    )
    ap.add_argument("--baseline-src", default=None, help="also run `nlp-social normalize` of this source tree")
    ap.add_argument(
        "--no-bytecode-cache", action="store_true", help="leave PYTHONDONTWRITEBYTECODE as it is (--whole-process)"
    )
    args = ap.parse_args()
    if args.whole_process:
        whole_process(args)
        return

    from indicnlp.normalize.indic_normalize import IndicNormalizerFactory

    from nlp_social.text import resources, segment
    from nlp_social.text.normalizer import Normalizer

    posts, counts = sample_posts(args.per_corpus)
    n_chars = sum(len(p) for p in posts)
    t0 = time.perf_counter()
    resources.word_costs(), resources.emoji_names()
    load_s = time.perf_counter() - t0
    bare = IndicNormalizerFactory().get_normalizer("hi")
    Normalizer().normalize("warm up imports #WarmUp 😂 हिंदी")  # imports only; caches are reset below

    bare_times, full_times, single_times = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for p in posts:
            bare.normalize(p)
        bare_times.append(time.perf_counter() - t0)

        segment.segment_hashtag.cache_clear()
        full = Normalizer()  # cold per-token cache
        t0 = time.perf_counter()
        out_pipe = list(full.pipe(posts, batch_size=args.batch_size))
        full_times.append(time.perf_counter() - t0)

        segment.segment_hashtag.cache_clear()
        single = Normalizer()  # cold again, one post per call
        t0 = time.perf_counter()
        out_single = [single.normalize(p) for p in posts]
        single_times.append(time.perf_counter() - t0)
    if out_pipe != out_single:
        raise SystemExit("pipe() and normalize() disagree: a bug")
    warm_t0 = time.perf_counter()
    list(full.pipe(posts, batch_size=args.batch_size))
    warm_s = time.perf_counter() - warm_t0

    n = len(posts)
    bare_pps, full_pps, single_pps = n / min(bare_times), n / min(full_times), n / min(single_times)
    result = {
        "posts": n,
        "chars": n_chars,
        "per_corpus": counts,
        "full_posts_per_s": round(full_pps, 1),
        "indicnlp_bare_posts_per_s": round(bare_pps, 1),
        "ratio_full_over_bare": round(full_pps / bare_pps, 3),
        "full_warm_posts_per_s": round(n / warm_s, 1),
        "normalize_per_post_posts_per_s": round(single_pps, 1),
        "ratio_per_post_over_bare": round(single_pps / bare_pps, 3),
        "batch_size": args.batch_size,
        "resource_load_s": round(load_s, 3),
        "repeat": args.repeat,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"posts: {n} ({', '.join(f'{k} {v}' for k, v in counts.items())}), {n_chars:,} chars")
    print(f"indic-nlp bare normalizer : {bare_pps:10.1f} posts/s")
    print(
        f"full social normalizer    : {full_pps:10.1f} posts/s "
        f"(pipe, batch_size={args.batch_size}, cold cache; warm: {n / warm_s:.1f} posts/s)"
    )
    print(f"  one post per normalize(): {single_pps:10.1f} posts/s (cold cache)")
    print(f"ratio full / bare         : {full_pps / bare_pps:10.3f}  (target >= 0.5)")
    print(f"ratio per-post / bare     : {single_pps / bare_pps:10.3f}")
    print(f"resource load (once)      : {load_s:.3f} s")


if __name__ == "__main__":
    main()
