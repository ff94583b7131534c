"""Time and peak memory of fitting topics on 10k and 100k real posts: ours vs BERTopic (same embeddings).

Posts are sampled (seeded, without replacement, de-duplicated) from the sentence-level corpora in
``$NLP_SOCIAL_DATA_DIR`` (social posts, Hinglish, Hindi news, reviews, parallel sentences; no official test
splits, no word lists). Every measurement runs in a fresh subprocess limited to ``--threads`` BLAS/torch
threads, so the peak RSS it reports is its own.

    OMP_NUM_THREADS=2 python benchmarks/bench_topics.py --sizes 10000 100000 1000000   # records runs/bench_topics/

``ours`` = embedding with the default embedder + fitting ``TopicModel()`` (defaults). ``bertopic`` = BERTopic's
defaults (UMAP + HDBSCAN + CountVectorizer) on the same embeddings; its time is reported with and without the
shared embedding time. Skipped cleanly when BERTopic is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = [
    ("sentimix2020_hinglish", "train"),
    ("l3cube_hinglid", "validation"),
    ("swami2018_codemixed_stance", "all"),
    ("hinglishnorm", "train"),
    ("en_hinglish_parallel", "train"),
    ("lince_mt_enghinglish", "train"),
    ("hinglish_top_domains", "train"),
    ("bbc_hindi_topics_midas", "train"),
    ("iitp_hindi_product_reviews_midas", "train"),
    ("covid19_stance_glandt", "train"),
    ("pstance_li2021", "train"),
    ("semeval2016_task6_stance", "train"),
    ("ukp_argmin_stance_ckd", "train"),
    ("dakshina_hi_romanized", "dev"),
    ("nmt_suryaanything_enhi", "train"),
    ("hindi_english_truncated", "train"),
    ("tatoeba_manythings", "train"),
    ("tico19", "all"),
]


def load_pool() -> list[str]:
    from nlp_social.corpora import load_corpus
    from nlp_social.errors import DataNotFoundError

    seen: set[str] = set()
    pool: list[str] = []
    for name, split in SOURCES:
        try:
            df = load_corpus(name, split)
        except DataNotFoundError as exc:  # a corpus missing from this data dir is skipped, and said so
            print(f"  (skipping {name}:{split}: {type(exc).__name__})", file=sys.stderr)
            continue
        for t in df["text"].astype(str):
            t = t.strip()
            if len(t) >= 10 and t not in seen:
                seen.add(t)
                pool.append(t)
    return pool


def sample(n: int, seed: int = 0) -> list[str]:
    """``n`` posts: distinct while the pool lasts; above the pool size posts repeat, as retweets do."""
    import numpy as np

    pool = load_pool()
    rng = np.random.default_rng(seed)
    if n <= len(pool):
        idx = np.sort(rng.choice(len(pool), n, replace=False))
    else:
        idx = np.concatenate([np.arange(len(pool)), rng.choice(len(pool), n - len(pool), replace=True)])
    return [pool[i] for i in idx]


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_one(which: str, n: int, embedder: str, fit_sample: int = 100_000, chunk: int = 50_000) -> dict:
    """One measurement in this process. ``ours`` fits on the first ``fit_sample`` posts and assigns the
    rest in chunks of ``chunk`` (what ``nlp-social annotate --topic-model fit:N`` does), so its memory stays
    flat; BERTopic gets its documented way of working: ``fit_transform`` on every post."""
    import numpy as np

    docs = sample(n)
    base_mb = _peak_mb()
    if which == "ours":
        from nlp_social.topics.model import TopicModel

        t0 = time.perf_counter()
        model = TopicModel(embedder=embedder).fit(docs[:fit_sample])
        fit_sec = time.perf_counter() - t0
        assigned = 0
        for start in range(fit_sample, n, chunk):
            topics, _ = model.transform(docs[start : start + chunk])
            assigned += len(topics)
        sec = time.perf_counter() - t0
        return {
            "model": "ours",
            "n": n,
            "fit_on": min(n, fit_sample),
            "assigned_in_chunks": assigned,
            "seconds": round(sec, 2),
            "seconds_fit": round(fit_sec, 2),
            "n_topics": model.n_topics_,
            "timings": {k: round(v, 2) for k, v in model.timings_.items()},
            "embedder": type(model.embedder_).__name__,
            "peak_rss_mb": round(_peak_mb(), 1),
            "rss_before_mb": round(base_mb, 1),
        }
    try:
        from bertopic import BERTopic
        from umap import UMAP
    except ImportError:
        return {"model": "bertopic", "n": n, "skipped": "bertopic not installed"}
    from nlp_social.topics.embedders import resolve_embedder

    t0 = time.perf_counter()
    emb_stage = resolve_embedder(embedder)
    if hasattr(emb_stage, "fit") and getattr(emb_stage, "spec", None) is None:
        emb_stage.fit(docs)
    emb = np.asarray(emb_stage.encode(docs), np.float32)
    emb_sec = time.perf_counter() - t0
    t0 = time.perf_counter()
    bt = BERTopic(
        umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=0),
        language="multilingual",
        calculate_probabilities=False,
    )
    topics, _ = bt.fit_transform(docs, embeddings=emb)
    sec = time.perf_counter() - t0
    return {
        "model": "bertopic",
        "n": n,
        "seconds": round(sec + emb_sec, 2),
        "seconds_without_embedding": round(sec, 2),
        "n_topics": int(len(set(topics)) - (1 if -1 in topics else 0)),
        "peak_rss_mb": round(_peak_mb(), 1),
        "rss_before_mb": round(base_mb, 1),
        "embedder": type(emb_stage).__name__,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--models", nargs="+", default=["ours", "bertopic"])
    ap.add_argument("--embedder", default="default")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--timeout", type=int, default=1800, help="seconds per run before it is reported as timed out"
    )
    ap.add_argument(
        "--fit-sample", type=int, default=100_000, help="ours: fit on this many posts, assign the rest"
    )
    ap.add_argument("--runs-dir", type=Path, default=ROOT / "runs", help="where the result is recorded")
    ap.add_argument("--one", nargs=2, metavar=("MODEL", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.embedder, args.fit_sample)))
        return
    env = dict(
        os.environ,
        OMP_NUM_THREADS=str(args.threads),
        OPENBLAS_NUM_THREADS=str(args.threads),
        MKL_NUM_THREADS=str(args.threads),
        NUMBA_NUM_THREADS=str(args.threads),
        HF_HUB_OFFLINE="1",
    )
    results = []
    for n in args.sizes:
        for which in args.models:
            cmd = [sys.executable, __file__, "--one", which, str(n), "--embedder", args.embedder,
                   "--fit-sample", str(args.fit_sample)]  # fmt: skip
            try:
                out = subprocess.run(
                    cmd, env=env, capture_output=True, text=True, timeout=args.timeout, check=True
                )
                res = json.loads(out.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                res = {"model": which, "n": n, "timed_out_after_s": args.timeout}
            except subprocess.CalledProcessError as exc:
                res = {
                    "model": which,
                    "n": n,
                    "error": exc.stderr.strip().splitlines()[-1:],
                    "returncode": exc.returncode,
                }
                if (
                    exc.returncode == -9
                ):  # SIGKILL with no message: the kernel's out-of-memory killer, on Linux
                    res["killed"] = "SIGKILL (out of memory)"
            results.append(res)
            print(json.dumps(res, ensure_ascii=False), flush=True)
    from nlp_social.experiments.record import record_result

    config = {k: v for k, v in vars(args).items() if k not in ("one", "runs_dir")}
    sources = [f"{name}:{split}" for name, split in SOURCES]
    run = record_result("bench_topics", {"runs": results}, config=config, data=sources,
                        runs_dir=args.runs_dir, task="benchmark")  # fmt: skip
    print(f"recorded -> {run}")


if __name__ == "__main__":
    main()
