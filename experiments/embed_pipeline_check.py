"""Record how the shipped embedder's two encoding paths and its text pipeline behave.

    python experiments/embed_pipeline_check.py      # writes experiments/records/embed_pipeline.json

1. ``SentenceTransformer(folder).encode(texts)`` against ``load_embedder().encode(texts)`` on the demo corpus
   (plus a few messy social posts): cosine per text, its minimum and mean.
2. The tokenizer pipeline against the package's ``Normalizer``: for 2,000 texts of each corpus, the share of
   texts whose words after the pipeline equal those after Normalizer-then-pipeline, with examples that differ.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "experiments" / "records" / "embed_pipeline.json"
MESSY = ["RT @user … yaarrrr!!!!", "नोटबंदी २०१६", "hai😂😂 kya baat", "Check www.google.com NOW https://t.co/x",
         "क़ानून | अच्छा ||", "हाााा bahuuuut sooooo goood", "“quoted” — dash… ！"]  # fmt: skip
AGREEMENT_CORPORA = (
    "sentimix2020_hinglish:train",
    "swami2018_codemixed_stance:train",
    "covid19_stance_glandt:train",
    "bbc_hindi_topics_midas:dev",
    "hinglish_top_domains:validation",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--per-corpus", type=int, default=2000)
    args = parser.parse_args()

    from sentence_transformers import SentenceTransformer

    from nlp_social.corpora.registry import load_corpus
    from nlp_social.embed import default_model_path, load_embedder
    from nlp_social.embed.pipeline import build_normalizer, build_pre_tokenizer
    from nlp_social.text.normalizer import Normalizer

    texts = load_corpus("demo:all")["text"].astype(str).tolist() + MESSY
    ours = load_embedder().encode(texts)
    theirs = SentenceTransformer(str(default_model_path()), device="cpu").encode(texts, convert_to_numpy=True)
    cos = (ours * theirs).sum(axis=1)
    worst = int(np.argmin(cos))
    record: dict = {
        "model": load_embedder().name,
        "st_vs_package": {
            "texts": len(texts),
            "min_cosine": round(float(cos.min()), 6),
            "mean_cosine": round(float(cos.mean()), 6),
            "worst_text": texts[worst],
        },
    }
    normalizer, pre = build_normalizer(), build_pre_tokenizer()
    old = Normalizer()

    def words(text: str) -> list[str]:
        return [w for w, _ in pre.pre_tokenize_str(normalizer.normalize_str(text))]

    agreement = {}
    for spec in AGREEMENT_CORPORA:
        sample = load_corpus(spec)["text"].astype(str).tolist()[: args.per_corpus]
        same, examples = 0, []
        for text in sample:
            a, b = words(text), words(old.normalize(text))
            if a == b:
                same += 1
            elif len(examples) < 3:
                examples.append({"pipeline": [w for w in a if w not in b][:4], "normalizer": [w for w in b if w not in a][:4]})
        agreement[spec] = {"texts": len(sample), "same_words": round(same / len(sample), 4), "examples": examples}
    record["pipeline_vs_normalizer"] = agreement
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(record["st_vs_package"], ensure_ascii=False))


if __name__ == "__main__":
    main()
