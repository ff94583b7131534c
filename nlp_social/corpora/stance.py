"""Corpus loaders (stance): five public target-stance corpora in their original layouts.

Every loader returns ``id, text, target, label`` (labels ``AGAINST`` / ``FAVOR`` / ``NONE``); Swami 2018
also has ``tokens, tags`` (token-level language tags ``hi`` / ``en`` / ``rest``).

Official test splits that are held back from the shared data folder are still known here: loading them
reads the file when it is present and raises :class:`~nlp_social.errors.DataNotFoundError` (naming the
path and the publisher) when it is not.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import pandas as pd

from nlp_social.corpora.registry import register_corpus, require_file
from nlp_social.errors import InputError

LABELS = ("AGAINST", "FAVOR", "NONE")

SWAMI = "swami2018_codemixed_stance"
SEMEVAL = "semeval2016_task6_stance"
COVID = "covid19_stance_glandt"
PSTANCE = "pstance_li2021"
UKP = "ukp_argmin_stance_ckd"

SWAMI_TARGET = "demonetisation"
# Swami ships one file set; the 20 % dev part of what is available is chosen by a hash of the tweet id
# (stable across machines and pandas versions), stratified by label.
_SWAMI_DEV_PERCENT = 20


def _frame(rows: list[dict], corpus: str) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(rows[0].keys()) if rows else ["id", "text", "target", "label"])
    bad = df[~df["label"].isin(LABELS)] if len(df) else df
    if len(bad):
        raise InputError(f"unknown stance label {bad['label'].iloc[0]!r} in corpus {corpus}", field="label")
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------------------- Swami 2018


def _read_swami(folder: Path) -> pd.DataFrame:
    tweets_path = require_file(folder / "Notebandi_tweets.txt", SWAMI)
    stance_path = require_file(folder / "Notebandi_tweets_stance.txt", SWAMI)
    lang_path = folder / "Notebandi_tweets_with_language.txt"

    texts: dict[str, str] = {}
    order: list[str] = []
    for block in tweets_path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        tid, _, text = block.partition("\n")
        tid = tid.strip()
        texts[tid] = text.replace("\n", " ").strip()
        order.append(tid)

    labels: dict[str, str] = {}
    lines = [ln.strip() for ln in stance_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if len(lines) % 2:
        raise InputError("odd number of non-empty lines (expected id/label pairs)", path=str(stance_path))
    for i in range(0, len(lines), 2):
        labels[lines[i]] = lines[i + 1].upper()

    tokens: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    if lang_path.exists():
        for block in lang_path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n\n"):
            rows = [r for r in block.split("\n") if r.strip()]
            if not rows:
                continue
            tid = rows[0].strip()
            toks, tgs = [], []
            for row in rows[1:]:
                parts = row.split()
                if len(parts) < 2:
                    continue
                toks.append(" ".join(parts[:-1]))
                tgs.append(parts[-1])
            tokens[tid], tags[tid] = toks, tgs

    out = []
    for tid in order:
        if tid not in labels:
            raise InputError(f"tweet {tid} has no stance label", path=str(stance_path))
        out.append(
            {
                "id": tid,
                "text": texts[tid],
                "target": SWAMI_TARGET,
                "label": labels[tid],
                "tokens": tokens.get(tid, texts[tid].split()),
                "tags": tags.get(tid, []),
            }
        )
    return _frame(out, SWAMI)


def _swami_is_dev(tid: str, label: str) -> bool:
    # Stratification: hash within each label so every label keeps its share in both parts.
    h = int(hashlib.sha1(f"{label}:{tid}".encode()).hexdigest()[:8], 16)
    return h % 100 < _SWAMI_DEV_PERCENT


@register_corpus(
    SWAMI,
    task="stance",
    splits=("train", "dev", "all", "test"),
    folder=SWAMI,
    url="https://github.com/sahilswami96/StanceDetection_CodeMixed",
    description="Swami et al. 2018: 3,545 Hinglish tweets on demonetisation (#notebandi), FAVOR/AGAINST/NONE, "
    "token language tags. 'all' = every tweet in this copy, 'train'/'dev' = a fixed 80/20 split of it "
    "(hash of id, stratified); 'test' = the held-back 709 tweets in a 'test/' sub-folder with the same files.",
    held_back=("test",),
)
def swami2018_codemixed_stance(corpus_dir: Path, split: str) -> pd.DataFrame:
    if split == "test":
        return _read_swami(corpus_dir / "test")
    df = _read_swami(corpus_dir)
    if split == "all":
        return df
    dev = [_swami_is_dev(t, lab) for t, lab in zip(df["id"], df["label"], strict=True)]
    mask = pd.Series(dev, index=df.index)
    return df[mask if split == "dev" else ~mask].reset_index(drop=True)


# --------------------------------------------------------------------------------------- SemEval-2016

_SEMEVAL_LABELS = {"0": "AGAINST", "1": "FAVOR", "2": "NONE"}
_SEMEVAL_FILES = {
    "train": "Original_Annotation/SemEval16_TweetTask_A_Train.txt",
    "test": "Original_Annotation/SemEval16_TweetTask_A_Test.txt",
    "test_b": "Original_Annotation/SemEval16_TweetTask_B_Test.txt",
    "adversarial": "Enriched_Annotation/SemEval16_TweetTask_A_Adversarial_Set.txt",
    "contrastive_neutral": "Enriched_Annotation/SemEval16_TweetTask_A_Contrastive_Neutral_Set.txt",
}


def semeval_is_dev(row_id: str, text: str) -> bool:
    """SemEval-2016 has no public dev split: 20 % of train, chosen by a hash of id and text, serves as one
    (``dev``; the rest is ``train_nodev``). The package's shipped stance models never train on it."""
    return int(hashlib.sha1(f"semeval:{row_id}:{text}".encode()).hexdigest()[:8], 16) % 100 >= 80


@register_corpus(
    SEMEVAL,
    task="stance",
    splits=(*_SEMEVAL_FILES, "dev", "train_nodev"),
    folder=SEMEVAL,
    url="http://www.saifmohammad.com/WebPages/StanceDataset.htm",
    description="SemEval-2016 Task 6 (English tweets, 5 targets in Task A, Donald Trump in Task B), "
    "redistributed by Liu et al. 2023. Research use only.",
    held_back=("test", "test_b", "adversarial", "contrastive_neutral"),
)
def semeval2016_task6_stance(corpus_dir: Path, split: str) -> pd.DataFrame:
    if split in ("dev", "train_nodev"):
        df = semeval2016_task6_stance(corpus_dir, "train")
        dev = pd.Series([semeval_is_dev(i, t) for i, t in zip(df["id"], df["text"], strict=True)], index=df.index)
        return df[dev if split == "dev" else ~dev].reset_index(drop=True)
    path = require_file(corpus_dir / _SEMEVAL_FILES[split], SEMEVAL)
    rows = []
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            head, sep, text = line.partition(" <s> ")
            if not sep:
                raise InputError("no ' <s> ' separator", path=str(path), line=lineno)
            label_part, _, target = head.partition("<segmenter>")
            code = label_part.strip()
            if code not in _SEMEVAL_LABELS:
                raise InputError(f"unknown label code {code!r}", path=str(path), line=lineno, field="label")
            rows.append(
                {
                    "id": f"{split}-{lineno}",
                    "text": text.strip(),
                    "target": target.strip(),
                    "label": _SEMEVAL_LABELS[code],
                }
            )
    return _frame(rows, SEMEVAL)


# ------------------------------------------------------------------------------ CKD-style CSV corpora


def _read_onecol(path: Path, corpus: str, split: str) -> pd.DataFrame:
    require_file(path, corpus)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in ("Tweet", "Target 1", "Stance 1"):
        if col not in raw.columns:
            raise InputError(f"missing column {col!r}", path=str(path), field=col)
    df = pd.DataFrame(
        {
            "id": [f"{split}-{i}" for i in range(len(raw))],
            # HTML entities (&amp;) are an artefact of the crawl, not of the writers.
            "text": [html.unescape(t).strip() for t in raw["Tweet"]],
            "target": raw["Target 1"].str.strip(),
            "label": raw["Stance 1"].str.strip().str.upper(),
        }
    )
    return _frame(df.to_dict("records"), corpus)


@register_corpus(
    COVID,
    task="stance",
    splits=("train", "val", "test"),
    folder=COVID,
    url="https://github.com/kglandt/stance-detection-in-covid-19-tweets",
    description="COVID-19-Stance (Glandt et al. 2021): English tweets, 4 targets; text from chuchun8/CKD.",
    held_back=("test",),
)
def covid19_stance_glandt(corpus_dir: Path, split: str) -> pd.DataFrame:
    return _read_onecol(corpus_dir / "full_text_ckd" / f"raw_{split}_all_onecol.csv", COVID, split)


@register_corpus(
    PSTANCE,
    task="stance",
    splits=("train", "val", "test"),
    folder=PSTANCE,
    url="https://github.com/chuchun8/PStance",
    description="P-Stance (Li et al. 2021): English political tweets, Trump/Biden/Sanders, FAVOR/AGAINST only.",
    held_back=("test",),
)
def pstance_li2021(corpus_dir: Path, split: str) -> pd.DataFrame:
    return _read_onecol(corpus_dir / f"raw_{split}_all_onecol.csv", PSTANCE, split)


@register_corpus(
    UKP,
    task="stance",
    splits=("train", "val", "test"),
    folder=UKP,
    url="https://github.com/chuchun8/CKD",
    description="UKP Sentential Argument Mining corpus in stance format (8 social-issue targets, web sentences).",
    held_back=("test",),
)
def ukp_argmin_stance_ckd(corpus_dir: Path, split: str) -> pd.DataFrame:
    return _read_onecol(corpus_dir / f"raw_{split}_all_onecol.csv", UKP, split)
