"""Train the neural Latin -> Devanagari model shipped beside the graphone transliterator.

    NLP_SOCIAL_DATA_DIR=../shared/data OMP_NUM_THREADS=1 nice -n 10 python experiments/train_translit_nn.py

Pairs: Dakshina lexicon train, Xlit-Crowd, FIRE-2013, Singh 2018 (every Devanagari word of the Dakshina
dev/test splits removed first; Dakshina train pairs counted twice: its annotators' style is the target).
A slice of Dakshina *train* words (``--heldout`` Devanagari words, all their romanizations) is kept out of
training; it picks the best epoch and is what ``experiments/fit_translit_rescore.py`` fits the n-best
rescoring weights on. Dev is never used here. Writes ``neural.npz`` + its config (the ``neural`` key of ``nlp_social.json``)
(float32 weights, vocabularies, history) into ``--out``. Seeded (CPU, one thread): reruns reproduce it.

The shipped network is a distilled student (issue #17: speed): 1-layer BiGRU encoder 64/direction,
embeddings 32, GRU decoder 64, no label smoothing (a peaked model), trained on the same pairs plus the
teacher's beam top-1 for every distinct training romanization (sequence-level knowledge distillation;
``--distill-from``: the teacher decodes training words only). Teacher: the 0.5M-parameter network of the
folder at commit ``c6b4fae`` (``git worktree add /tmp/teacher c6b4fae``)::

    T=/tmp/teacher/nlp_social/resources/models/translit
    python experiments/train_translit_nn.py --epochs 20 --emb 32 --enc-hidden 64 --enc-layers 1 --hidden 64 \
        --batch-size 256 --dropout 0.1 --label-smoothing 0 --distill-from $T --out /tmp/st_pre    # ~25 min
    python experiments/train_translit_nn.py --init /tmp/st_pre --dakshina-only --epochs 3 --lr 1e-3 \
        --batch-size 128 --dropout 0.1 --label-smoothing 0 --distill-from $T --out /tmp/st_ft     # ~2 min
    # into the transliterator folder (its config goes under the key "neural"), then the rescoring
    # weights on the held-out slice:
    python -c "from nlp_social.lang.translit.nn import NeuralTranslit as N; N.load('/tmp/st_ft').save('FOLDER')"
    python experiments/fit_translit_rescore.py --model FOLDER --retrieve 10 --write
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_social.lang.translit.train import nn_split_pairs  # noqa: E402
from nlp_social.paths import MODELS_DIR  # noqa: E402


def teacher_pairs(teacher: str, train: list[tuple[str, str]], beam: int) -> list[tuple[str, str]]:
    """``(latn, teacher's beam top-1)`` for every distinct Latin word of ``train`` (sequence-level KD).

    Only the training pairs' own Latin words are decoded, so nothing of the held-out slice, dev or test
    reaches the student through the teacher.
    """
    import time

    from nlp_social.lang.translit.nn import NeuralTranslit

    model = NeuralTranslit.load(teacher)
    words = sorted({latn for latn, _ in train})
    t0 = time.time()
    best = model.nbest(words, k=beam)
    out = [(w, nb[0][0]) for w, nb in zip(words, best, strict=True) if nb and nb[0][0]]
    agree = len(set(out) & set(train)) / max(len(out), 1)
    print(
        f"teacher {teacher}: {len(out):,} distilled pairs from {len(words):,} words "
        f"({time.time() - t0:.0f}s; {agree:.3f} of them are gold pairs)",
        flush=True,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--out", default=str(MODELS_DIR / "translit"))
    parser.add_argument("--heldout", type=int, default=1500, help="Dakshina train words held out")
    parser.add_argument("--epochs", type=int, default=14)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--emb", type=int, default=64)
    parser.add_argument("--enc-hidden", type=int, default=96)
    parser.add_argument("--enc-layers", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument(
        "--label-smoothing",
        type=float,
        default=0.1,
        help="0 gives a peaked model whose beam prunes more (hypotheses > prune nats behind stop)",
    )
    parser.add_argument("--time-budget", type=float, default=None, help="stop after this many seconds")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N pairs (smoke test)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init", default=None, help="continue from this model folder (fine-tuning)")
    parser.add_argument(
        "--distill-from",
        default=None,
        help="teacher model folder: add (word, teacher beam top-1) for every distinct training word "
        "(sequence-level knowledge distillation; training words only, never held-out/dev/test)",
    )
    parser.add_argument("--distill-beam", type=int, default=5, help="teacher beam width")
    parser.add_argument(
        "--dakshina-only", action="store_true", help="train on Dakshina train pairs only (style fine-tuning)"
    )
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    from nlp_social.lang.translit.nn_train import train_nn

    train, heldout = nn_split_pairs(args.data_dir, args.heldout, args.seed)
    if args.dakshina_only:
        from nlp_social.lang.translit.train import PAIR_SOURCES, heldout_deva_words, training_pairs

        dak, _ = training_pairs(
            args.data_dir, sources=PAIR_SOURCES[:1], exclude_deva=heldout_deva_words(args.data_dir)
        )
        held_deva = {d for _, d in heldout}
        train = sorted(
            {
                (str(latn).strip().lower(), d)
                for d, latn, _ in dak
                if d not in held_deva and str(latn).strip().isalpha()
            }
        )
    if args.limit:
        random.Random(args.seed).shuffle(train)
        train = train[: args.limit]
    if args.distill_from:
        train = train + teacher_pairs(args.distill_from, train, args.distill_beam)
    print(f"{len(train):,} training pairs, {len(heldout):,} held-out pairs", flush=True)
    config = train_nn(
        train,
        heldout,
        out=args.out,
        emb=args.emb,
        enc_hidden=args.enc_hidden,
        enc_layers=args.enc_layers,
        hidden=args.hidden,
        dropout=args.dropout,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        label_smoothing=args.label_smoothing,
        time_budget_s=args.time_budget,
        init=args.init,
        random_state=args.seed,
        log=lambda s: print(s, flush=True),
    )
    print(json.dumps({k: v for k, v in config.items() if k not in ("src_vocab", "tgt_vocab")}, indent=1))


if __name__ == "__main__":
    main()
