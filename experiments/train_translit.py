"""Train the shipped transliteration model and report Dakshina dev numbers (both directions).

    NLP_SOCIAL_DATA_DIR=../shared/data nice -n 10 python experiments/train_translit.py

writes ``nlp_social/resources/models/translit/`` (nlp_social.json, lexicon.json, graphone.npz) from Dakshina train,
Xlit-Crowd, FIRE-2013 and Singh 2018 pairs (every Devanagari word of the Dakshina dev and test splits is
removed from all of them first), with a Hindi word prior from independent unlabelled sources only
(wordfreq, hunspell, non-Dakshina Hindi text of the data folder). Then prints one JSON report: the model and the rule baseline on Dakshina dev.
Seeded: retraining reproduces the model. The neural Latin -> Devanagari model files of the folder
(``neural.npz`` + the ``neural`` key, from ``experiments/train_translit_nn.py``) are kept; see docs/translit.md for the order.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_social.lang.translit.evaluate import evaluate_translit  # noqa: E402
from nlp_social.lang.translit.train import train_translit  # noqa: E402
from nlp_social.paths import MODELS_DIR  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=None, help="corpora folder (default: $NLP_SOCIAL_DATA_DIR)")
    parser.add_argument("--out", default=str(MODELS_DIR / "translit"), help="model folder to write")
    parser.add_argument("--order", type=int, default=4, help="graphone n-gram order")
    parser.add_argument("--em-sample", type=int, default=20000, help="pairs used for the EM alignment")
    parser.add_argument("--em-iterations", type=int, default=4)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--per-source", type=int, default=4)
    parser.add_argument(
        "--prior-weight", type=float, default=0.7, help="weight of the Hindi word prior (tuned on dev)"
    )
    parser.add_argument(
        "--oov-logp", type=float, default=-18.0, help="prior log-prob of a word not in the vocabulary"
    )
    parser.add_argument(
        "--lexicon-weight", type=float, default=1.0, help="weight of known training pairs (tuned on dev)"
    )
    parser.add_argument(
        "--retrieve", type=int, default=20, help="vocabulary candidates per word (consonant-key retrieval)"
    )
    parser.add_argument(
        "--confident-align-logp",
        type=float,
        default=-18.0,
        help="skip the beam search when a retrieved word aligns above this log-prob (tuned on dev)",
    )
    parser.add_argument(
        "--rule-bonus", type=float, default=3.0, help="deva2latn: bonus of the rule romanization"
    )
    parser.add_argument(
        "--dakshina-weight", type=int, default=1, help="count multiplier of Dakshina train pairs"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-eval", action="store_true", help="skip the dev evaluation")
    parser.add_argument("--report", default=None, help="also write the JSON report to this file")
    args = parser.parse_args()
    from rich.console import Console

    console = Console(stderr=True)
    t0 = time.time()
    with console.status("aligning (EM) ...") as status:

        def progress(it: int, n: int, graphones: int) -> None:
            status.update(f"EM iteration {it}/{n}: {graphones} graphones ({time.time() - t0:.0f}s)")

        model = train_translit(
            args.data_dir,
            out=args.out,
            progress=progress,
            order=args.order,
            em_sample=args.em_sample,
            em_iterations=args.em_iterations,
            beam=args.beam,
            per_source=args.per_source,
            prior_weight=args.prior_weight,
            oov_logp=args.oov_logp,
            lexicon_weight=args.lexicon_weight,
            retrieve=args.retrieve,
            confident_align_logp=args.confident_align_logp,
            rule_bonus=args.rule_bonus,
            dakshina_weight=args.dakshina_weight,
            random_state=args.seed,
        )
    report = {
        "model": args.out,
        "train_stats": model.train_stats_,
        "train_seconds": round(time.time() - t0, 1),
    }
    if not args.no_eval:
        for direction in ("latn2deva", "deva2latn"):
            console.log(f"evaluating {direction} on dakshina_hi_lexicons:dev")
            report[direction] = evaluate_translit(
                None if args.out else model,
                corpus="dakshina_hi_lexicons:dev",
                direction=direction,
                data_dir=args.data_dir,
            )
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.report:
        Path(args.report).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
