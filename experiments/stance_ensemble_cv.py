"""Out-of-fold soft-vote ensembles on swami:train (5-fold): balanced LR, unbalanced LR, per-target SVM.

NLP_SOCIAL_DATA_DIR=/work/shared/data nice -n 10 python experiments/stance_ensemble_cv.py
"""

import os

import numpy as np
from sklearn.model_selection import StratifiedKFold

from nlp_social.corpora import load_corpus
from nlp_social.experiments.record import record_result
from nlp_social.stance.baselines import PerTargetSVM
from nlp_social.stance.evaluate import stance_metrics
from nlp_social.stance.model import StanceModel

df = load_corpus("swami2018_codemixed_stance:train")
X = df.text.tolist()
y = df.label.values
T = ["demonetisation"] * len(X)
P = {k: np.zeros((len(X), 3)) for k in ("lr_bal", "lr_unb", "svm")}
for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
    xt = [X[i] for i in tr]
    xe = [X[i] for i in te]
    P["lr_bal"][te] = (
        StanceModel().fit(xt, "demonetisation", y[tr]).predict_proba(xe, target="demonetisation")
    )
    P["lr_unb"][te] = (
        StanceModel(class_weight=None)
        .fit(xt, "demonetisation", y[tr])
        .predict_proba(xe, target="demonetisation")
    )
    P["svm"][te] = PerTargetSVM().fit(xt, T[: len(tr)], y[tr]).predict_proba(xe, T[: len(te)])
os.makedirs("runs", exist_ok=True)
np.savez("runs/stance_ensemble_oof.npz", y=y, **P)
L = np.array(["AGAINST", "FAVOR", "NONE"])


RESULTS = {}


def rep(name, p):
    m = stance_metrics(y, L[p.argmax(1)])
    RESULTS[name] = {"accuracy": round(m["accuracy"], 4), "macro_f1": round(m["macro_f1"], 4)}
    print(name, RESULTS[name]["accuracy"], RESULTS[name]["macro_f1"], flush=True)


for k, v in P.items():
    rep(k, v)
rep("bal+svm", P["lr_bal"] + P["svm"])
rep("unb+svm", P["lr_unb"] + P["svm"])
rep("all3", P["lr_bal"] + P["lr_unb"] + P["svm"])
rep("bal+unb", P["lr_bal"] + P["lr_unb"])
print("recorded ->", record_result("stance_ensemble_cv", {"oof": RESULTS}, data=["swami2018_codemixed_stance:train"]))
