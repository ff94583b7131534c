"""Fit the neural n-best rescoring weights (word prior, OOV log-prob, lexicon) on held-out *train* words.

    NLP_SOCIAL_DATA_DIR=../shared/data OMP_NUM_THREADS=1 nice -n 10 python experiments/fit_translit_rescore.py \\
        --model nlp_social/resources/models/translit --write

The held-out slice is the one ``experiments/train_translit_nn.py`` kept out of training (same seed and
size): Dakshina *train* words, never dev or test. To make the slice look like unseen words, the word prior is
rebuilt without the slice's training-pair entries and the lexicon loses the slice's Devanagari words. Grid
search over the weights by top-1 (then top-5); ``--write`` stores the best in the model folder's params.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_social.lang.translit import CONFIG_FILE, Transliterator, rescore  # noqa: E402
from nlp_social.lang.translit.train import hindi_vocab, nn_split_pairs  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--model", required=True, help="transliterator model folder (with a neural model)")
    parser.add_argument("--heldout", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--retrieve", type=int, nargs="*", default=[0, 10, 20])
    parser.add_argument("--beam", type=int, nargs="*", default=[5], help="neural beam widths (nn_beam)")
    parser.add_argument("--write", action="store_true", help="store the best weights in the model folder")
    args = parser.parse_args()

    train, held = nn_split_pairs(args.data_dir, args.heldout, args.seed)
    held_deva = {d for _, d in held}
    gold: dict[str, set[str]] = {}
    for latn, deva in held:
        gold.setdefault(latn, set()).add(deva)
    words = sorted(gold)
    model = Transliterator.load(args.model)
    model.vocab_ = Transliterator._prior_from_counts(
        hindi_vocab(args.data_dir, extra_words={d for _, d in train})
    )
    model.lexicon_latn_ = {
        latn: kept
        for latn, v in model.lexicon_latn_.items()
        if (kept := [(d, c) for d, c in v if d not in held_deva])
    }
    model._rkeys = model._rindex = model._rsorted = None
    # full candidate lists: the retrieval skip depends on the weights being fitted
    model.nn_skip_margin = None
    in_vocab = sum(any(g in model.vocab_ for g in gold[w]) for w in words) / len(words)
    print(f"{len(words)} held-out romanized words; gold in the prior vocabulary: {in_vocab:.3f}", flush=True)

    grid = {
        "prior_weight": [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8],
        "oov_logp": [-15.0, -20.0, -25.0, -30.0, -35.0],
        "lexicon_weight": [0.0, 0.5, 1.0],
        "length_weight": [0.0, 0.2, 0.4, 0.6, 0.8],
    }
    results = []
    for beam, retrieve in itertools.product(args.beam, args.retrieve):
        model.nn_beam, model.nn_retrieve = beam, retrieve
        t0 = time.process_time()
        cands = model.neural_candidates(words, 5)
        cpu = time.process_time() - t0
        for pw, oov, lw, lenw in itertools.product(*grid.values()):
            top1 = top5 = 0
            for w, c in zip(words, cands, strict=True):
                ranked = rescore(
                    c,
                    model.vocab_,
                    dict(model.lexicon_latn_.get(w, ())),
                    prior_weight=pw,
                    oov_logp=oov,
                    lexicon_weight=lw,
                    k=5,
                    length_weight=lenw,
                )
                top1 += ranked[0][0] in gold[w]
                top5 += any(r in gold[w] for r, _ in ranked)
            results.append(
                {
                    "nn_beam": beam,
                    "nn_retrieve": retrieve,
                    "nn_prior_weight": pw,
                    "nn_oov_logp": oov,
                    "nn_lexicon_weight": lw,
                    "nn_length_weight": lenw,
                    "top1": top1 / len(words),
                    "top5": top5 / len(words),
                    "candidates_cpu_s": round(cpu, 2),
                }
            )
        mine = [r for r in results if (r["nn_beam"], r["nn_retrieve"]) == (beam, retrieve)]
        base = max((r for r in mine if r["nn_prior_weight"] == 0.0), key=lambda r: (r["top1"], r["top5"]))
        best_r = max(mine, key=lambda r: (r["top1"], r["top5"]))
        print(
            f"beam={beam} retrieve={retrieve}: no prior {base['top1']:.4f}/{base['top5']:.4f}; best {json.dumps(best_r)}",
            flush=True,
        )
    best = max(results, key=lambda r: (r["top1"], r["top5"]))
    print(json.dumps({"best": best}, indent=1))
    if args.write:
        path = Path(args.model) / CONFIG_FILE
        config = json.loads(path.read_text(encoding="utf-8"))
        for key in (
            "nn_beam",
            "nn_retrieve",
            "nn_prior_weight",
            "nn_oov_logp",
            "nn_lexicon_weight",
            "nn_length_weight",
        ):
            config["params"][key] = best[key]
        config["params"]["neural"] = True
        config["nn_rescore_fit"] = {"heldout_words": len(words), **best}
        path.write_text(json.dumps(config, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
