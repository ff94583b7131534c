"""Choose ``embed_scale`` of MiniLM sentence-embedding features by 5-fold CV on a TRAIN split.

    NLP_SOCIAL_DATA_DIR=/work/shared/data OMP_NUM_THREADS=1 nice -n 10 \
        python experiments/stance_embed_cv.py covid19_stance_glandt --val val --scales 0,0.5,1.0

Scale 0 is the plain n-gram model. For each scale prints pooled out-of-fold accuracy / macro-F1 /
F_avg on train and, with ``--val``, the model fit on all of train scored on that split (reported, not
used for the choice). Embeddings are cached on disk (``load_embedder(cache=True)``), so only the first
scale pays for encoding.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from sklearn.model_selection import StratifiedKFold

from nlp_social.corpora import load_corpus
from nlp_social.experiments.record import record_result
from nlp_social.stance.evaluate import stance_metrics
from nlp_social.stance.model import StanceModel


def _fit(df, **params) -> StanceModel:
    return StanceModel(**params).fit(df["text"].tolist(), df["target"].tolist(), df["label"].tolist())


def _scores(gold, pred) -> list[float]:
    r = stance_metrics(list(gold), list(pred))
    return [round(r[k], 4) for k in ("accuracy", "macro_f1", "f_avg")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--val", default=None, help="split scored after the choice (e.g. val, dev)")
    ap.add_argument("--scales", default="0,0.5,1.0")
    ap.add_argument("--embedder", default="minilm")
    ap.add_argument("--folds", type=int, default=5, help="CV folds on train (0: no CV, only --val)")
    args = ap.parse_args()
    train = load_corpus(args.corpus, "train")
    val = load_corpus(args.corpus, args.val) if args.val else None
    strata = (train["target"] + "|" + train["label"]).tolist()
    results = []
    for scale in (float(x) for x in args.scales.split(",")):
        t0 = time.time()
        params = {} if scale == 0 else {"embedder": args.embedder, "embed_scale": scale, "embed_cache": True}
        out = {"corpus": args.corpus, "scale": scale}
        if args.folds >= 2:
            pred = np.empty(len(train), dtype=object)
            for tr, te in StratifiedKFold(args.folds, shuffle=True, random_state=0).split(train, strata):
                m = _fit(train.iloc[tr], **params)
                pred[te] = m.predict(
                    train["text"].iloc[te].tolist(), targets=train["target"].iloc[te].tolist()
                )
            out[f"cv{args.folds}"] = _scores(train["label"], pred.astype(str))
        if val is not None:
            m = _fit(train, **params)
            out[args.val] = _scores(
                val["label"], m.predict(val["text"].tolist(), targets=val["target"].tolist())
            )
        out["seconds"] = round(time.time() - t0)
        results.append(out)
        print(json.dumps(out), flush=True)
    run = record_result("stance_embed_cv", {"scales": results}, config=vars(args), data=[args.corpus])
    print(f"recorded -> {run}")


if __name__ == "__main__":
    main()
