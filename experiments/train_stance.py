"""Train the stance model shipped with the package (train splits of all five stance corpora).

    NLP_SOCIAL_DATA_DIR=/work/shared/data nice -n 10 python experiments/train_stance.py

Writes nlp_social/resources/models/stance/ (config.json, arrays.npz, normalizer.json, lexicon.json).
Deterministic: the features are hashed and the solver (lbfgs) is seeded, so a rerun reproduces it.
"""

from __future__ import annotations

import argparse
import time

from nlp_social.paths import MODELS_DIR
from nlp_social.stance.train import DEFAULT_CORPORA, train_stance

# Chosen by cross-validation on Swami train (experiments/stance_cv.py); min_df=3 keeps the file small.
DEFAULT_PARAMS = {"C": 1.0, "class_weight": "balanced", "min_df": 3}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-o", "--output", default=str(MODELS_DIR / "stance"))
    ap.add_argument("--corpus", action="append", help="override the corpora (name[:split]); repeatable")
    args = ap.parse_args()
    t0 = time.time()
    model = train_stance(args.corpus or DEFAULT_CORPORA, params=DEFAULT_PARAMS, output=args.output)
    print(
        f"trained on {model.metadata_['n_train']} rows, {len(model.targets_)} targets, "
        f"{len(model.columns_)} columns in {time.time() - t0:.0f}s -> {args.output}"
    )


if __name__ == "__main__":
    main()
