"""Quick feature / learner variants on the stance model's prepared text (exploration, not the shipped model).

    NLP_SOCIAL_DATA_DIR=/work/shared/data OMP_NUM_THREADS=1 nice -n 10 python experiments/stance_variants.py \
        --train swami2018_codemixed_stance:train --eval swami2018_codemixed_stance:dev --cv 5 \
        '["w12+cwb25+lex", "svm", {"C": 0.3}]' '["w12+c25+lex", "nbsvm", {"C": 0.3}]'

Text goes through the same ``StanceFeaturizer.prepare`` as ``StanceModel`` (normalizer, romanized
Devanagari, spelling squash, aspirate folding); the variants then use scikit-learn TF-IDF vectorizers
(fit on the training part only) so that analyzers can be swapped. Feature blocks: ``w1``/``w12``/``w13``
word n-grams, ``cwb25`` char_wb 2-5 (within words, the model's), ``c25``/``c15`` char n-grams across
word boundaries, ``rawc25`` char 2-5 of the raw text, ``lex`` the lexicon cues. Learners: ``svm``
(LinearSVC), ``lr`` (logistic regression), ``nbsvm`` (one-vs-rest SVM on naive-Bayes log-count-ratio
scaled features, Wang & Manning 2012). With several targets the features are target-augmented (shared
block + one block per target), like the model. Prints accuracy / macro-F1 on ``--eval`` and pooled
out-of-fold on ``--train`` (``--cv`` folds; never a test split).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from nlp_social.corpora import load_corpus, parse_corpus_spec
from nlp_social.experiments.record import record_result
from nlp_social.stance.features import FeatureConfig, StanceFeaturizer
from nlp_social.stance.lexicon import Lexicon
from nlp_social.stance.train import usable_rows
from nlp_social.text.normalizer import Normalizer

BLOCKS = {
    "w1": ("words", {"analyzer": "word", "ngram_range": (1, 1)}),
    "w12": ("words", {"analyzer": "word", "ngram_range": (1, 2)}),
    "w13": ("words", {"analyzer": "word", "ngram_range": (1, 3)}),
    "cwb25": ("chars", {"analyzer": "char_wb", "ngram_range": (2, 5)}),
    "c25": ("chars", {"analyzer": "char", "ngram_range": (2, 5)}),
    "c15": ("chars", {"analyzer": "char", "ngram_range": (1, 5)}),
    "rawc25": ("text", {"analyzer": "char", "ngram_range": (2, 5), "lowercase": True}),
}


def prepare(spec: str, fz: StanceFeaturizer) -> dict:
    name, split = parse_corpus_spec(spec)
    df = usable_rows(load_corpus(name, split or "train"))
    toks = [fz.prepare(t) for t in df["text"]]
    return {
        "text": df["text"].astype(str).tolist(),
        "target": df["target"].astype(str).tolist(),
        "label": np.asarray(df["label"].astype(str)),
        "words": fz._word_docs(toks),
        "chars": fz._char_docs(toks),
        "lex": np.array([fz.lexicon.features(t) for t in toks], dtype=np.float32),
    }


def subset(d: dict, idx: np.ndarray) -> dict:
    return {k: (v[idx] if isinstance(v, np.ndarray) else [v[i] for i in idx]) for k, v in d.items()}


def features(kind: str, train: dict, test: dict) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    a, b = [], []
    for block in kind.split("+"):
        if block == "lex":
            a.append(sp.csr_matrix(train["lex"]))
            b.append(sp.csr_matrix(test["lex"]))
            continue
        src, kw = BLOCKS[block]
        extra = {"tokenizer": str.split, "token_pattern": None} if kw["analyzer"] == "word" else {}
        v = TfidfVectorizer(sublinear_tf=True, **{"lowercase": False, **kw, **extra})
        a.append(v.fit_transform(train[src]))
        b.append(v.transform(test[src]))
    xa, xb = sp.hstack(a).tocsr(), sp.hstack(b).tocsr()
    names = sorted(set(train["target"]))
    if len(names) > 1:
        xa, xb = augment(xa, train["target"], names), augment(xb, test["target"], names)
    return xa, xb


def augment(x: sp.csr_matrix, targets: list[str], names: list[str]) -> sp.csr_matrix:
    t = np.asarray(targets)
    return sp.hstack([x] + [sp.diags((t == n).astype(np.float32)) @ x for n in names]).tocsr()


def nb_ratio(x: sp.csr_matrix, y: np.ndarray, c: str, alpha: float = 1.0) -> np.ndarray:
    xb = x.copy()
    xb.data[:] = 1
    p = alpha + np.asarray(xb[y == c].sum(0)).ravel()
    q = alpha + np.asarray(xb[y != c].sum(0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


def predict(learner: str, params: dict, xa, ya, xb) -> np.ndarray:
    classes = np.unique(ya)
    if learner == "svm":
        return LinearSVC(**{"C": 0.3, **params}).fit(xa, ya).predict(xb)
    if learner == "lr":
        return LogisticRegression(**{"C": 10.0, "max_iter": 2000, **params}).fit(xa, ya).predict(xb)
    if learner == "nbsvm":
        scores = []
        for c in classes:
            r = nb_ratio(xa, ya, c)
            m = LinearSVC(**{"C": 0.3, **params}).fit(xa.multiply(r).tocsr(), (ya == c).astype(int))
            scores.append(m.decision_function(xb.multiply(r).tocsr()))
        return classes[np.argmax(np.stack(scores, 1), axis=1)]
    raise ValueError(f"unknown learner {learner!r}")


def scores(gold, pred) -> list[float]:
    return [round(accuracy_score(gold, pred), 4), round(f1_score(gold, pred, average="macro"), 4)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="swami2018_codemixed_stance:train")
    ap.add_argument("--eval", default="swami2018_codemixed_stance:dev")
    ap.add_argument("--cv", type=int, default=5, help="folds on --train (0: none)")
    ap.add_argument("variants", nargs="+", help='JSON ["features", "learner", {params}]')
    args = ap.parse_args()
    fz = StanceFeaturizer(FeatureConfig(fold_aspirates=True), Normalizer(), Lexicon.default())
    train, test = prepare(args.train, fz), prepare(args.eval, fz)
    results = []
    for v in args.variants:
        kind, learner, params = json.loads(v)
        t0 = time.time()
        out = {"features": kind, "learner": learner, "params": params}
        xa, xb = features(kind, train, test)
        out[args.eval] = scores(test["label"], predict(learner, params, xa, train["label"], xb))
        if args.cv:
            y = train["label"]
            strata = np.char.add(np.asarray(train["target"]), y)
            pred = np.empty(len(y), dtype=object)
            for a, b in StratifiedKFold(args.cv, shuffle=True, random_state=0).split(y, strata):
                ta, tb = subset(train, a), subset(train, b)
                fa, fb = features(kind, ta, tb)
                pred[b] = predict(learner, params, fa, ta["label"], fb)
            out[f"cv{args.cv}"] = scores(y, pred.astype(str))
        out["seconds"] = round(time.time() - t0)
        results.append(out)
        print(json.dumps(out), flush=True)
    run = record_result("stance_variants", {"variants": results}, config=vars(args), data=[args.train, args.eval])
    print(f"recorded -> {run}")


if __name__ == "__main__":
    main()
