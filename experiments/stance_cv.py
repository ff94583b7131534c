"""Model selection for stance by cross-validation on a TRAIN split only (never on test).

    NLP_SOCIAL_DATA_DIR=/work/shared/data nice -n 10 python experiments/stance_cv.py \
        --corpus swami2018_codemixed_stance:train --folds 5 --variants '[{}, {"C": 3}]'

Prints one JSON line per variant: pooled out-of-fold accuracy, macro-F1 and F_avg, plus the baselines on
the same folds (the first variant only, to save time). ``--extra CORPUS`` adds another corpus' training
data to every training fold (cross-corpus transfer); its rows are never scored.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from nlp_social.experiments.record import record_result
from nlp_social.stance.evaluate import stance_metrics
from nlp_social.stance.model import StanceModel
from nlp_social.stance.train import load_stance_frames


def cv_predict(
    params: dict, df: pd.DataFrame, extra: pd.DataFrame | None, folds: int, seed: int
) -> np.ndarray:
    strata = (df["target"] + "|" + df["label"]).tolist()
    pred = np.empty(len(df), dtype=object)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(df, strata):
        train = df.iloc[tr]
        if extra is not None:
            train = pd.concat([train, extra], ignore_index=True)
        m = StanceModel(**params).fit(
            train["text"].tolist(), train["target"].tolist(), train["label"].tolist()
        )
        pred[te] = m.predict(df["text"].iloc[te].tolist(), targets=df["target"].iloc[te].tolist())
    return pred.astype(str)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="swami2018_codemixed_stance:train")
    ap.add_argument("--extra", action="append", default=[])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variants", default="[{}]")
    ap.add_argument("--sentiment", action="store_true", help="add SentiMix sentiment-transfer features")
    args = ap.parse_args()
    df = load_stance_frames([args.corpus])
    extra = load_stance_frames(args.extra) if args.extra else None
    sentiment = None
    if args.sentiment:
        from nlp_social.stance.train import train_sentiment_transfer

        sentiment = train_sentiment_transfer()
    results = []
    for params in json.loads(args.variants):
        if sentiment is not None:
            params = {**params, "sentiment": sentiment}
        t0 = time.time()
        pred = cv_predict(params, df, extra, args.folds, args.seed)
        m = stance_metrics(df["label"].tolist(), pred)
        results.append(
            {
                "corpus": args.corpus,
                "extra": args.extra,
                "params": {k: v for k, v in params.items() if k != "sentiment"},
                "sentiment": sentiment is not None,
                "accuracy": round(m["accuracy"], 4),
                "macro_f1": round(m["macro_f1"], 4),
                "f_avg": round(m["f_avg"], 4),
                "seconds": round(time.time() - t0),
            }
        )
        print(json.dumps(results[-1]), flush=True)
    run = record_result("stance_cv", {"variants": results}, config=vars(args), data=[args.corpus, *args.extra])
    print(f"recorded -> {run}")


if __name__ == "__main__":
    main()
