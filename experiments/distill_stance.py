"""Distil the ``accurate`` transformer into the fast linear ``StanceModel`` (the package default).

    NLP_SOCIAL_DATA_DIR=../shared/data python experiments/distill_stance.py --results .gpu/run1

(``--results`` defaults to the committed record of the shipped model's training run.)

Reads what ``train_stance_transformer.py`` wrote (the rows table of ``prepare`` and the teacher's logits
from ``train``). Candidates, all fitted on the ``fit`` rows only:

- ``gold``: the fit rows with their gold labels (the linear model as before, minus the selection rows);
- ``distilled``: the same plus the unlabelled pool (Hinglish and Devanagari Hindi posts paired with
  targets the corpora never name), labelled by the teacher where it is at least ``--min-confidence`` sure;
- ``distilled_stance``: the same, keeping only the pool rows the teacher calls FAVOR or AGAINST (a random
  post is mostly NONE toward a random target, and those rows teach the shared weights to say NONE).

The candidate is chosen on two selection sets: the ``selection`` rows (mean macro-F1 over the five
corpora; targets seen in training) and ``demo:train`` (brands and causes no training corpus names: the
unseen-target case); the criterion is the mean of the two. ``dev`` rows and ``demo:test`` are reported
apart, with the teacher beside them. The chosen model is saved as the package default.

The shipped ``accurate`` model blends the shipped fast model, named by its fingerprint (its
``nlp_social.json`` key ``linear``; the files are shipped once): after a new default is saved here,
``accurate`` refuses to load until its blend is redone (``train_stance_transformer.py finish``) or the
previous fast model is saved into ``stance_accurate/linear/`` and named there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stance_transformer_data import build_table  # noqa: E402

from nlp_social.paths import MODELS_DIR  # noqa: E402
from nlp_social.stance.lexicon import SHIPPED_LEXICON  # noqa: E402
from nlp_social.stance.model import StanceModel  # noqa: E402

LABELS = np.array(["AGAINST", "FAVOR", "NONE"])
PARAMS = {"C": 0.3, "class_weight": None, "solver": "svm", "min_df": 3}  # as experiments/train_stance.py


def macro_f1(y, p) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, p, average="macro"))


def score(model: StanceModel, rows: pd.DataFrame) -> dict[str, float]:
    pred = model.predict(list(rows["text"]), list(rows["target"]))
    out = {}
    for c, g in rows.assign(pred=pred).groupby("corpus"):
        out[c] = macro_f1(g["label"], g["pred"])
    out["mean"] = float(np.mean(list(out.values())))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=Path("experiments/records/stance_transformer"))
    ap.add_argument("--data-dir", default=os.environ.get("NLP_SOCIAL_DATA_DIR", "../shared/data"))
    ap.add_argument("--seed", type=int, default=0, help="as given to prepare")
    ap.add_argument("--min-confidence", type=float, default=0.6)
    ap.add_argument("--output", type=Path, default=MODELS_DIR / "stance")
    ap.add_argument("--record", type=Path, default=Path("experiments/records/distill_stance.json"))
    a = ap.parse_args()

    if not SHIPPED_LEXICON.is_file():  # Lexicon.default() would raise after hours of work
        raise SystemExit(f"{SHIPPED_LEXICON} is missing: run experiments/build_stance_lexicon.py first")
    rows = build_table(a.data_dir, a.seed)  # the rows prepare tokenized, in its order
    z = np.load(a.results / "main_logits.npz")
    logits = np.full((len(rows), 3), np.nan, dtype=np.float32)
    logits[z["idx"]] = z["logits"]
    p = np.exp(logits - np.nanmax(logits, axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    rows["teacher"] = LABELS[np.nan_to_num(p).argmax(1)]
    rows["teacher_p"] = np.nan_to_num(p).max(1)

    latn = rows["script"] == "latn"
    fit = rows[(rows["part"] == "fit") & latn]
    sel = rows[(rows["part"] == "selection") & latn]
    dev = rows[(rows["part"] == "dev") & latn]
    pool = rows[(rows["part"] == "pool") & (rows["teacher_p"] >= a.min_confidence)]

    stance_pool = pool[pool["teacher"] != "NONE"]
    candidates = {
        "gold": fit[["text", "target_text", "label"]],
        "distilled": pd.concat(
            [
                fit[["text", "target_text", "label"]],
                pool[["text", "target_text", "teacher"]].set_axis(["text", "target_text", "label"], axis=1),
            ],
            ignore_index=True,
        ),
        "distilled_stance": pd.concat(
            [
                fit[["text", "target_text", "label"]],
                stance_pool[["text", "target_text", "teacher"]].set_axis(
                    ["text", "target_text", "label"], axis=1
                ),
            ],
            ignore_index=True,
        ),
    }
    from nlp_social.corpora import load_corpus

    demo_sel, demo_dev = (
        d[d["target"].notna() & d["label"].notna()].assign(corpus="demo")
        for d in (load_corpus("demo", "train"), load_corpus("demo", "test"))
    )
    record: dict = {"min_confidence": a.min_confidence, "pool_rows_used": int(len(pool)), "candidates": {}}
    models = {}
    for name, df in candidates.items():
        t0 = time.time()
        m = StanceModel(**PARAMS).fit(list(df["text"]), list(df["target_text"]), list(df["label"]))
        models[name] = m
        record["candidates"][name] = {
            "rows": int(len(df)),
            "fit_s": round(time.time() - t0, 1),
            "selection_macro_f1": score(m, sel),
            "demo_train_macro_f1": score(m, demo_sel)["demo"],
        }
        c = record["candidates"][name]
        c["criterion"] = (c["selection_macro_f1"]["mean"] + c["demo_train_macro_f1"]) / 2
        print(name, json.dumps(record["candidates"][name]), flush=True)
    chosen = max(models, key=lambda k: record["candidates"][k]["criterion"])
    record["chosen_on_selection"] = chosen
    for name, m in models.items():
        record["candidates"][name]["dev_macro_f1"] = score(m, dev)
        record["candidates"][name]["demo_test_macro_f1"] = score(m, demo_dev)["demo"]
    teacher_dev = {c: macro_f1(g["label"], g["teacher"]) for c, g in dev.groupby("corpus")}
    record["teacher_dev_macro_f1"] = teacher_dev
    print(json.dumps(record, indent=1))
    m = models[chosen]
    m.metadata_ = {
        "trained_on": [
            "swami2018_codemixed_stance:train (fit part)",
            "semeval2016_task6_stance:train_nodev (fit part)",
            "covid19_stance_glandt:train (fit part)",
            "pstance_li2021:train (fit part)",
            "ukp_argmin_stance_ckd:train (fit part)",
        ],
        "fit_part": "train minus a hash-chosen 10% selection part",
        "candidate": chosen,
        "n_train": record["candidates"][chosen]["rows"],
        "distilled_from": None
        if chosen == "gold"
        else "stance_accurate (teacher labels on unlabelled posts)",
    }
    m.save(a.output)
    a.record.parent.mkdir(parents=True, exist_ok=True)
    a.record.write_text(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
