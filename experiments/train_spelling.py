"""Train the shipped romanized-Hindi spelling normalizer and report its hinglishNorm evaluation.

    NLP_SOCIAL_DATA_DIR=../shared/data nice -n 10 python experiments/train_spelling.py

writes ``nlp_social/resources/models/spelling/`` (nlp_social.json + spelling.npz) from FIRE-2013, Xlit-Crowd, Dakshina train
and Singh 2018 variant pairs plus the hinglishNorm train split, then prints the evaluation (5-fold
cross-validation on hinglishNorm train while its test split is held back; identity and pairs-only
baselines in the same run). Deterministic: retraining reproduces the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_social.lang.spelling_train import evaluate_spelling, train_spelling  # noqa: E402
from nlp_social.paths import MODELS_DIR  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=None, help="corpora folder (default: $NLP_SOCIAL_DATA_DIR)")
    parser.add_argument("--out", default=str(MODELS_DIR / "spelling"), help="model folder to write")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-eval", action="store_true")
    parser.add_argument("--report", default=None, help="also write the JSON report to this file")
    args = parser.parse_args()
    train_spelling(args.data_dir, out=args.out)
    report = {"model": args.out}
    if not args.no_eval:
        report["hinglishnorm"] = evaluate_spelling(data_dir=args.data_dir, folds=args.folds)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.report:
        Path(args.report).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
