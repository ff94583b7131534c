"""Corpus loaders (translit): word-pair lexicons between Devanagari and romanized Hindi.

Every word-pair loader returns ``id, text, deva, latn, count`` where ``text`` is the romanized form
(the input of Latin -> Devanagari transliteration), ``deva`` the Devanagari word and ``count`` how
often the pair was attested (1 when the corpus does not say).
"""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pandas as pd

from nlp_social.corpora.registry import register_corpus, require_file
from nlp_social.errors import InputError

DAKSHINA_URL = "https://github.com/google-research-datasets/dakshina"
PAIR_COLUMNS = ["id", "text", "deva", "latn", "count"]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip().lstrip("\ufeff"))


def _pairs_frame(rows: list[tuple[str, str, int]], prefix: str) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["deva", "latn", "count"])
    df.insert(0, "text", df["latn"])
    df.insert(0, "id", [f"{prefix}-{i}" for i in range(len(df))])
    return df[PAIR_COLUMNS]


def _read_two_column(path: Path, corpus: str, *, deva_first: bool) -> list[tuple[str, str, int]]:
    rows: list[tuple[str, str, int]] = []
    with open(require_file(path, corpus), encoding="utf-8-sig") as fh:
        for line in fh:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
                continue
            if deva_first:
                deva, latn = parts[0], parts[1]
                count = int(parts[2]) if len(parts) > 2 and parts[2].strip().isdigit() else 1
            else:
                latn, deva, count = parts[0], parts[1], 1
            rows.append((_nfc(deva), _nfc(latn).lower(), count))
    return rows


@register_corpus(
    "dakshina_hi_lexicons",
    task="translit",
    splits=("train", "dev", "test"),
    folder="dakshina_hi_lexicons",
    url=DAKSHINA_URL,
    description="Dakshina v1.0 Hindi romanization lexicons: Devanagari word, romanization, attestation count",
    held_back=("test",),
)
def load_dakshina_hi_lexicons(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = corpus_dir / f"hi.translit.sampled.{split}.tsv"
    return _pairs_frame(_read_two_column(path, "dakshina_hi_lexicons", deva_first=True), f"dakshina-{split}")


@register_corpus(
    "dakshina_hi_romanized",
    task="translit",
    splits=("dev", "test"),
    folder="dakshina_hi_romanized",
    url=DAKSHINA_URL,
    description="Dakshina v1.0 Hindi sentences: romanized text (text) with its Devanagari original (deva)",
    held_back=("test",),
)
def load_dakshina_hi_romanized(corpus_dir: Path, split: str) -> pd.DataFrame:
    corpus = "dakshina_hi_romanized"
    native_path = require_file(corpus_dir / f"hi.romanized.rejoined.{split}.native.txt", corpus)
    roman_path = require_file(corpus_dir / f"hi.romanized.rejoined.{split}.roman.txt", corpus)
    native = native_path.read_text(encoding="utf-8").splitlines()
    roman = roman_path.read_text(encoding="utf-8").splitlines()
    if len(native) != len(roman):
        raise InputError(f"{len(native)} native lines but {len(roman)} romanized lines", path=str(roman_path))
    return pd.DataFrame(
        {
            "id": [f"dakshina-rom-{split}-{i}" for i in range(len(native))],
            "text": [_nfc(r) for r in roman],
            "deva": [_nfc(n) for n in native],
        }
    )


@register_corpus(
    "xlit_crowd",
    task="translit",
    splits=("all",),
    folder="xlit_crowd",
    url="https://github.com/anoopkunchukuttan/crowd-indic-transliteration-data",
    description="Xlit-Crowd: crowdsourced Hindi-English word transliteration pairs (CC BY-NC-SA 4.0)",
)
def load_xlit_crowd(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = corpus_dir / "crowd_transliterations.hi-en.txt"
    return _pairs_frame(_read_two_column(path, "xlit_crowd", deva_first=False), "xlit")


@register_corpus(
    "fire2013_hindi_translit_pairs",
    task="translit",
    splits=("all",),
    folder="fire2013_hindi_translit_pairs",
    url="https://web.archive.org/web/20160312153954/http://cse.iitkgp.ac.in/resgrp/cnerg/qa/fire13translit/",
    description="FIRE 2013 transliterated search: romanized Hindi spelling variants -> Devanagari word",
)
def load_fire2013(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = corpus_dir / "HI.trans.fire2013.txt"
    return _pairs_frame(_read_two_column(path, "fire2013_hindi_translit_pairs", deva_first=False), "fire")


def _decode_map(path: Path, corpus: str) -> dict[int, str]:
    # The maps are Python-2 dict reprs (u'...' literals); literal_eval reads them without executing code.
    raw = ast.literal_eval(require_file(path, corpus).read_text(encoding="utf-8"))
    return {int(v): k for k, v in raw.items()}


@register_corpus(
    "singh2018_translit",
    task="translit",
    splits=("train", "test", "all"),
    folder="singh2018_hinglish_translit_lid_ner",
    url="https://github.com/precog-iiith/hindi-english-code-mixing-lidf-ner",
    description="Singh et al. (2018) romanized -> Devanagari word pairs (fold 0 train/test; 'all' = union of folds)",
)
def load_singh2018_translit(corpus_dir: Path, split: str) -> pd.DataFrame:
    corpus = "singh2018_translit"
    folds = corpus_dir / "transliteration_folds"
    src_map = _decode_map(folds / "englishMap", corpus)
    # hindiMap: codepoint - 0x0900 -> index (identity); decode through the map anyway
    tgt_map = _decode_map(folds / "hindiMap", corpus)
    parts = [("train", 0), ("test", 0)] if split == "all" else [(split, 0)]

    def read(path: Path, mapping: dict[int, str]) -> list[str]:
        lines = require_file(path, corpus).read_text(encoding="utf-8").splitlines()
        return ["".join(mapping[int(t)] for t in line.split()) for line in lines]

    seen: set[tuple[str, str]] = set()
    rows: list[tuple[str, str, int]] = []
    for part, fold in parts:
        src = read(folds / f"{part}Mixed{fold}.source.txt", src_map)
        tgt = read(folds / f"{part}Mixed{fold}.target.txt", tgt_map)
        for latn, deva in zip(src, tgt, strict=False):
            key = (_nfc(deva), latn.strip().lower())
            if key[0] and key[1] and key not in seen:
                seen.add(key)
                rows.append((key[0], key[1], 1))
    return _pairs_frame(rows, f"singh2018-{split}")
