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
"""

from __future__ import annotations

import argparse
import csv
import json
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-corpus", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

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
