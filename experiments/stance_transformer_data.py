"""Training data of the transformer stance model: five corpora, Devanagari renderings, target variants.

Splits (all from the corpora's *train* parts, chosen by a hash of the row so they are stable):
- ``selection``: 10 % of each corpus's train rows; the epoch is chosen on it.
- ``fit``: the rest of train (SemEval: 70 %, since it has no public dev split).
- ``dev``: never used for any choice — Swami ``dev``, SemEval ``dev`` (a hash-chosen 20 % of train, see
  :func:`nlp_social.corpora.stance.semeval_is_dev`), COVID/P-Stance/UKP ``val``.

Swami 2018 (the Hinglish core set) is rendered a second time with its Hindi-tagged words in Devanagari
(the package transliterator), and each row's target is written, at random, in its canonical form, a
paraphrase or Hindi (Devanagari), so that the model learns stance rather than target names.
"""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pandas as pd

CORPORA = {
    "swami": "swami2018_codemixed_stance",
    "semeval": "semeval2016_task6_stance",
    "covid": "covid19_stance_glandt",
    "pstance": "pstance_li2021",
    "ukp": "ukp_argmin_stance_ckd",
}
DEV_SPLIT = {"swami": "dev", "covid": "val", "pstance": "val", "ukp": "val"}

TARGET_VARIANTS = {
    "demonetisation": ["demonetisation", "demonetization", "notebandi", "नोटबंदी", "note ban", "विमुद्रीकरण"],
    "Hillary Clinton": ["Hillary Clinton", "Hillary", "हिलेरी क्लिंटन"],
    "Feminist Movement": ["Feminist Movement", "feminism", "नारीवाद"],
    "Legalization of Abortion": ["Legalization of Abortion", "legal abortion", "गर्भपात को कानूनी मान्यता"],
    "Atheism": ["Atheism", "atheism", "नास्तिकता"],
    "Climate Change is a Real Concern": [
        "Climate Change is a Real Concern",
        "climate change",
        "जलवायु परिवर्तन",
    ],
    "fauci": ["fauci", "Anthony Fauci", "Dr. Fauci", "फाउची"],
    "face masks": ["face masks", "wearing masks", "मास्क पहनना"],
    "stay at home orders": ["stay at home orders", "lockdown", "लॉकडाउन"],
    "school closures": ["school closures", "closing schools", "स्कूल बंद करना"],
    "Donald Trump": ["Donald Trump", "Trump", "डोनाल्ड ट्रंप"],
    "Joe Biden": ["Joe Biden", "Biden", "जो बाइडेन"],
    "Bernie Sanders": ["Bernie Sanders", "Bernie", "बर्नी सैंडर्स"],
    "abortion": ["abortion", "गर्भपात"],
    "death penalty": ["death penalty", "capital punishment", "मृत्युदंड"],
    "nuclear energy": ["nuclear energy", "nuclear power", "परमाणु ऊर्जा"],
    "gun control": ["gun control", "बंदूक नियंत्रण"],
    "cloning": ["cloning", "क्लोनिंग"],
    "school uniforms": ["school uniforms", "स्कूल यूनिफॉर्म"],
    "marijuana legalization": ["marijuana legalization", "legalizing weed", "गांजा वैधीकरण"],
    "minimum wage": ["minimum wage", "न्यूनतम मजदूरी"],
}
# Targets an analyst of Indian social media would ask about: paired with unlabelled posts so that the
# teacher's probabilities on them can train the fast student (distillation).
POOL_TARGETS = [
    "BJP", "Congress", "Narendra Modi", "Rahul Gandhi", "Arvind Kejriwal", "farm laws", "CAA",
    "नोटबंदी", "मोदी सरकार", "भाजपा", "कांग्रेस", "Jio", "Patanjali", "Bollywood", "Indian cricket team",
    "vaccination", "lockdown", "GST", "Pakistan", "reservation",
]  # fmt: skip


def _hash(key: str) -> int:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100


def labelled_rows(data_dir: str | None = None) -> pd.DataFrame:
    """Every labelled row with ``corpus, part (fit/selection/dev), text, target, label, script``."""
    from nlp_social.corpora.registry import load_corpus
    from nlp_social.corpora.stance import semeval_is_dev

    frames = []
    for short, name in CORPORA.items():
        train = load_corpus(name, split="train", data_dir=data_dir)
        train = train[train["text"].astype(str).str.strip() != ""].reset_index(drop=True)
        h = np.array([_hash(f"{short}:{t}:{x}") for t, x in zip(train["id"], train["text"], strict=True)])
        part = np.where(h < 10, "selection", "fit")
        if short == "semeval":
            dev = [semeval_is_dev(i, x) for i, x in zip(train["id"], train["text"], strict=True)]
            part = np.where(dev, "dev", part)
        train = train.assign(part=part)
        parts = [train]
        if short in DEV_SPLIT:
            parts.append(load_corpus(name, split=DEV_SPLIT[short], data_dir=data_dir).assign(part="dev"))
        df = pd.concat(parts, ignore_index=True)
        df["corpus"] = short
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out["script"] = "latn"
    keep = ["corpus", "part", "id", "text", "target", "label", "script", "tokens", "tags"]
    return out[[c for c in keep if c in out.columns]]


def devanagari_rendering(swami: pd.DataFrame) -> pd.DataFrame:
    """Swami rows with their Hindi-tagged words in Devanagari (the package transliterator)."""
    from nlp_social.lang.translit import Transliterator
    from nlp_social.stance.render import render_devanagari

    tr = Transliterator.default()
    words = sorted(
        {
            tok.lower()
            for toks, tags in zip(swami["tokens"], swami["tags"], strict=True)
            for tok, tag in zip(toks, tags, strict=False)
            if tag == "hi" and tok.isalpha() and tok.isascii()
        }
    )
    table = dict(zip(words, tr.to_deva_many(words), strict=True))
    texts = [
        render_devanagari(toks, tags, lambda w: table.get(w, w)) if len(tags) else text
        for toks, tags, text in zip(swami["tokens"], swami["tags"], swami["text"], strict=True)
    ]
    return swami.assign(text=texts, script="deva")


def with_target_variants(df: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Half the rows keep the canonical target; the rest get a paraphrase or Hindi name (Devanagari
    renderings always get a Devanagari or romanized-Hindi one when there is one)."""
    rng = np.random.default_rng(seed)
    out = []
    for target, script in zip(df["target"], df["script"], strict=True):
        variants = TARGET_VARIANTS.get(target, [target])
        if script == "deva":
            hindi = [v for v in variants if not v.isascii()] or variants
            out.append(hindi[rng.integers(len(hindi))])
        elif rng.random() < 0.5 or len(variants) == 1:
            out.append(target)
        else:
            out.append(variants[1 + rng.integers(len(variants) - 1)])
    return df.assign(target_text=out)


def unlabelled_pool(data_dir: str, seed: int, limit: int = 12000) -> pd.DataFrame:
    """Unlabelled Hinglish and Hindi posts (SentiMix train, TRAC-1 train, CONSTRAINT-2021 train), each
    paired with one target from the training corpora or :data:`POOL_TARGETS`."""
    from nlp_social.corpora.registry import load_corpus

    rng = np.random.default_rng(seed)
    texts = list(load_corpus("sentimix2020_hinglish", split="train", data_dir=data_dir)["text"])
    texts += list(
        pd.read_csv(os.path.join(data_dir, "trac1_hindi_fb", "agr_hi_train.csv"))["text"].astype(str)
    )
    con = pd.read_csv(
        os.path.join(data_dir, "constraint2021_hindi_hostility", "constraint_Hindi_Train - Sheet1.csv")
    )
    texts += list(con.iloc[:, 0].astype(str))
    texts = [" ".join(t.split()) for t in texts if isinstance(t, str) and len(t.split()) >= 3]
    idx = rng.permutation(len(texts))[:limit]
    pool_targets = POOL_TARGETS + [v for vs in TARGET_VARIANTS.values() for v in vs]
    tg = [pool_targets[rng.integers(len(pool_targets))] for _ in idx]
    return pd.DataFrame({"text": [texts[i] for i in idx], "target_text": tg})


def build_table(data_dir: str, seed: int = 0) -> pd.DataFrame:
    """Every row ``prepare`` tokenizes, in its order: labelled rows, their Devanagari renderings, the pool.

    ``target_text`` is what the model reads: a variant on ``fit`` rows, the corpus's own target elsewhere
    (Devanagari renderings: a Hindi name of it)."""
    rows = labelled_rows(data_dir)
    deva = devanagari_rendering(rows[rows["corpus"] == "swami"])
    rows = with_target_variants(pd.concat([rows, deva], ignore_index=True), seed)
    keep = (rows["part"] != "fit") & (rows["script"] == "latn")
    rows.loc[keep, "target_text"] = rows.loc[keep, "target"]
    pool = unlabelled_pool(data_dir, seed).assign(corpus="pool", part="pool", label="NONE", script="latn")
    pool["target"] = pool["target_text"]
    pool["id"] = [f"pool-{i}" for i in range(len(pool))]
    return pd.concat([rows.drop(columns=["tokens", "tags"], errors="ignore"), pool], ignore_index=True)
