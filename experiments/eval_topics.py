"""Evaluate the default TopicModel against gold labels on the topic corpora, with baselines in the same run.

    python experiments/eval_topics.py --corpora bbc_hindi_topics_midas:dev hinglish_top_domains:validation \
        --embedders default e5 [--no-bertopic] [--json results.json]

For each corpus and embedder this calls :func:`nlp_social.topics.evaluate.evaluate_topics` (the same function
as ``nlp-social topics evaluate``) and prints one JSON line. Only train/dev/validation splits are used here;
the official test splits are held back and never used for choosing settings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--corpora", nargs="+", default=["bbc_hindi_topics_midas:dev", "hinglish_top_domains:validation"]
    )
    ap.add_argument("--embedders", nargs="+", default=["default"])
    ap.add_argument("--no-bertopic", action="store_true")
    ap.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="reuse embeddings saved as <cache>/<embedder>_<corpus>_<split>.npy (written when missing)",
    )
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    import numpy as np

    from nlp_social.corpora import load_corpus
    from nlp_social.topics.embedders import resolve_embedder
    from nlp_social.topics.evaluate import evaluate_topics

    rows = []
    for spec in args.corpora:
        df = load_corpus(spec)
        texts, labels = df["text"].astype(str).tolist(), df["label"].tolist()
        for emb_name in args.embedders:
            emb = None
            if args.cache_dir and emb_name not in ("default", "lexical"):
                f = args.cache_dir / f"{emb_name}_{spec.replace(':', '_')}.npy"
                if f.exists():
                    emb = np.load(f)
                else:
                    emb = np.asarray(resolve_embedder(emb_name).encode(texts), np.float32)
                    args.cache_dir.mkdir(parents=True, exist_ok=True)
                    np.save(f, emb)
            baselines = ("kmeans",) if args.no_bertopic else ("kmeans", "bertopic")
            res = evaluate_topics(texts, labels, embedder=emb_name, embeddings=emb, baselines=baselines)
            res = {"data": spec, "embedder_spec": emb_name, "embeddings_cached": emb is not None, **res}
            rows.append(res)
            print(json.dumps(res, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
