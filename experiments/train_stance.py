"""Train the stance model shipped with the package (train splits of all five stance corpora).

    NLP_SOCIAL_DATA_DIR=/work/shared/data nice -n 10 python experiments/train_stance.py

Writes nlp_social/resources/models/stance/ (nlp_social.json, arrays.npz, lexicon.json).
Deterministic: the features are hashed and the solver (liblinear SVM + a seeded held-out fifth for the
softmax temperature) is seeded, so a rerun reproduces it. All train rows of the five corpora (~45k).
"""

from __future__ import annotations

import argparse
import time

from nlp_social.paths import MODELS_DIR
from nlp_social.stance.train import DEFAULT_CORPORA, train_stance

# Chosen by 5-fold cross-validation on Swami train (experiments/stance_cv.py); min_df=3 keeps the file small.
DEFAULT_PARAMS = {"C": 0.3, "class_weight": None, "solver": "svm", "min_df": 3}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-o", "--output", default=str(MODELS_DIR / "stance"))
    ap.add_argument("--corpus", action="append", help="override the corpora (name[:split]); repeatable")
    ap.add_argument("--max-per-corpus", type=int, default=0, help="subsample each corpus (seeded); 0 = all")
    ap.add_argument("--max-iter", type=int, default=0, help="solver iterations (0 = the model default)")
    args = ap.parse_args()
    t0 = time.time()
    params = dict(DEFAULT_PARAMS)
    if args.max_iter:
        params["max_iter"] = args.max_iter
    model = train_stance(
        args.corpus or DEFAULT_CORPORA,
        params=params,
        output=args.output,
        max_per_corpus=args.max_per_corpus or None,
    )
    print(
        f"trained on {model.metadata_['n_train']} rows, {len(model.targets_)} targets, "
        f"{len(model.columns_)} columns in {time.time() - t0:.0f}s -> {args.output}"
    )


if __name__ == "__main__":
    main()
