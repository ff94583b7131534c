"""Choose the topic model's default reduction / clustering / number-of-topics rule on declared selection
parts, for both scripts and for few and many topics at once: Devanagari BBC Hindi headlines (6 classes) and
romanized Hinglish-TOP queries (8 domains), samples of their TRAIN splits, and Devanagari XQuAD-hi sentences of
the EVEN-numbered articles (24 Wikipedia articles; XQuAD has no train split, so it is split by article: even
articles select, odd articles are the dev half, never seen here).

    python experiments/topics_select.py --seed S     # writes experiments/records/topics_select_seed<S>.json

Protocol: for BBC Hindi and Hinglish-TOP the ``selection`` part is a seeded sample (``--seed``,
``--selection-size`` posts) of the *train* split; for XQuAD-hi it is every sentence of the even articles
(``experiments/embed_topic_sets.py`` writes the sentence file). Every candidate setting is fitted and scored
(NMI against the gold classes) on each, with the shipped default embedder (embeddings computed once per
corpus). The criterion is the mean NMI over the three, so no script and no topic count decides alone. Dev /
validation splits and the odd XQuAD articles are not touched here: they are reported afterwards with the
chosen setting by ``nlp-social experiment run experiments/topics_*.yaml``. Official test splits are held back.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPORA = ("bbc_hindi_topics_midas:train", "hinglish_top_domains:train", "xquad_hi:even_articles")


def candidates() -> list[dict]:
    """The grid: PCA dims x lexical-channel weight x dims the number of topics is chosen on."""
    grid = []
    for dims, lex, select in itertools.product((10, 20, 32, 48), (0.5, 1.0, 1.5), (None, 10, 12, 16)):
        if select is not None and select >= dims:
            continue
        grid.append({"reducer": f"pca{dims}", "lexical_weight": lex, "clusterer": "kmeans_auto_tol0.02",
                     "select_dims": select})
    grid.append({"reducer": "pca10", "lexical_weight": 0.5, "clusterer": "hdbscan_auto", "select_dims": None})
    grid.append({"reducer": "umap5", "lexical_weight": 0.5, "clusterer": "kmeans_auto_tol0.02", "select_dims": None})
    return grid


def xquad_half(parity: int):
    """XQuAD-hi sentences of the even (0, selection) or odd (1, dev) articles, as a DataFrame."""
    import pandas as pd

    sys.path.insert(0, str(ROOT / "experiments"))
    from embed_topic_sets import article_half, xquad_sentences

    return pd.DataFrame(article_half(xquad_sentences(), parity))


def build(setting: dict, seed: int):
    from nlp_social.topics.cluster import HDBSCANClusterer, KMeansClusterer
    from nlp_social.topics.reduce import PCAReducer, UMAPReducer

    r = setting["reducer"]
    reducer = (UMAPReducer(n_components=int(r[4:]), random_state=seed) if r.startswith("umap")
               else PCAReducer(n_components=int(r[3:]), random_state=seed))
    c = setting["clusterer"]
    if c.startswith("kmeans_auto_tol"):
        clusterer = KMeansClusterer("auto", tolerance=float(c[len("kmeans_auto_tol"):]),
                                    select_dims=setting.get("select_dims"), random_state=seed)
    else:
        clusterer = HDBSCANClusterer(random_state=seed)
    return reducer, clusterer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--selection-size", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None, help="default: experiments/records/topics_select_seed<S>.json")
    args = ap.parse_args()
    if args.json is None:
        args.json = ROOT / "experiments" / "records" / f"topics_select_seed{args.seed}.json"

    import numpy as np

    from nlp_social.corpora import load_corpus
    from nlp_social.model_folder import library_versions
    from nlp_social.topics.embedders import resolve_embedder
    from nlp_social.topics.evaluate import label_scores
    from nlp_social.topics.model import TopicModel

    data = {}
    for spec in CORPORA:
        if spec.startswith("xquad_hi:"):
            sel = xquad_half(0)
        else:
            df = load_corpus(spec)
            rng = np.random.default_rng(args.seed)
            idx = np.sort(rng.choice(len(df), min(args.selection_size, len(df)), replace=False))
            sel = df.iloc[idx].reset_index(drop=True)
        texts = sel["text"].astype(str).tolist()
        emb_stage = resolve_embedder("default", args.seed)
        emb = np.asarray(emb_stage.encode(texts), np.float32)
        digest = hashlib.sha256("\n".join(sel["id"].astype(str)).encode()).hexdigest()[:16]
        data[spec] = (texts, sel["label"].tolist(), emb, digest)
        print(f"{spec}: selection part {len(texts)} of {len(df)} train posts (ids sha256 {digest})", flush=True)

    rows = []
    for setting in candidates():
        row = {**setting, "scores": {}}
        for spec, (texts, labels, emb, _) in data.items():
            reducer, clusterer = build(setting, args.seed)
            t0 = time.perf_counter()
            m = TopicModel(embedder=None, lexical_weight=setting["lexical_weight"], reducer=reducer,
                           clusterer=clusterer, random_state=args.seed).fit(texts, embeddings=emb)
            s = label_scores(labels, m.topics_)
            row["scores"][spec] = {"nmi": round(s["nmi"], 4), "ari": round(s["ari"], 4),
                                   "n_topics": m.n_topics_, "seconds": round(time.perf_counter() - t0, 2)}
        row["mean_nmi"] = round(float(np.mean([v["nmi"] for v in row["scores"].values()])), 4)
        rows.append(row)
        print(json.dumps(row), flush=True)
    best = max(rows, key=lambda r: r["mean_nmi"])
    record = {
        "protocol": "seeded sample of each TRAIN split (BBC Hindi, Hinglish-TOP) and the even XQuAD-hi "
                    "articles = selection parts; NMI vs gold; criterion mean NMI over the three; "
                    "dev/validation and odd XQuAD articles not used",
        "selection": {spec: {"n": len(v[0]), "ids_sha256": v[3]} for spec, v in data.items()},
        "seed": args.seed,
        "embedder": "default (shipped)",
        "versions": library_versions(),
        "chosen": best,
        "candidates": rows,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("chosen:", json.dumps(best))


if __name__ == "__main__":
    main()
