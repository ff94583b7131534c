"""Corpus loaders (parallel): English–Hindi, English–Hinglish and Devanagari–romanized sentence pairs.

Every loader returns a DataFrame with ``id, src, tgt, src_lang, tgt_lang`` and, for uniformity with the
other corpora, ``text`` (= ``src``) and ``lang`` (= ``src_lang``). Language codes: ``en`` English,
``hi`` Devanagari Hindi, ``hi_Latn`` romanized Hindi / Hinglish.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from nlp_social.corpora.registry import (
    corpus_info,
    load_corpus,
    parse_corpus_spec,
    register_corpus,
    require_file,
)
from nlp_social.errors import InputError
from nlp_social.paths import data_dir as _data_dir

PARALLEL_COLUMNS = ("id", "text", "lang", "src", "tgt", "src_lang", "tgt_lang")

_CONTEXT = re.compile(r"^\s*<context>.*?<end>\s*")
# UTF-8 read as cp1252, as found in en_hinglish_parallel (e.g. "â€¦" for "…").
_MOJIBAKE = {"â€¦": "…", "â€™": "’", "â€˜": "‘", "â€œ": "“", "â€\x9d": "”", "â€": "”", "Â": ""}


def _read_lines(path: Path, corpus: str) -> list[str]:
    text = require_file(path, corpus).read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def _fix_mojibake(text: str) -> str:
    if "â€" not in text and "Â" not in text:
        return text
    for bad, good in _MOJIBAKE.items():
        text = text.replace(bad, good)
    return text


def pairs_frame(
    src: Sequence[str],
    tgt: Sequence[str | None],
    *,
    src_lang: str,
    tgt_lang: str,
    prefix: str,
    ids: Sequence[str] | None = None,
    path: Path | None = None,
) -> pd.DataFrame:
    """Build the standard parallel DataFrame; aligned inputs must have the same length."""
    if len(src) != len(tgt):
        raise InputError(
            f"parallel sides differ in length ({len(src)} source vs {len(tgt)} target lines)",
            path=str(path) if path else None,
        )
    ids = list(ids) if ids is not None else [f"{prefix}-{i}" for i in range(len(src))]
    src = [s.strip() for s in src]
    tgt = [t.strip() if isinstance(t, str) else None for t in tgt]
    return pd.DataFrame(
        {
            "id": ids,
            "text": src,
            "lang": src_lang,
            "src": src,
            "tgt": tgt,
            "src_lang": src_lang,
            "tgt_lang": tgt_lang,
        }
    )


def _line_pairs(corpus: str, src_path: Path, tgt_path: Path, src_lang: str, tgt_lang: str, prefix: str):
    return pairs_frame(
        _read_lines(src_path, corpus),
        _read_lines(tgt_path, corpus),
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        prefix=prefix,
        path=tgt_path,
    )


@register_corpus(
    "flores",
    task="parallel",
    splits=("dev", "devtest"),
    folder="flores",
    url="https://github.com/facebookresearch/flores (FLORES-101 / FLORES-200, CC BY-SA 4.0)",
    description="FLORES English–Hindi: dev (997, FLORES-101) and devtest (1,012, held back here)",
    held_back=("devtest",),
)
def load_flores(corpus_dir: Path, split: str) -> pd.DataFrame:
    if split == "dev":
        src, tgt = corpus_dir / "eng.flores101.dev", corpus_dir / "hin.flores101.dev"
    else:
        src, tgt = corpus_dir / "eng_Latn.devtest", corpus_dir / "hin_Deva.devtest"
    return _line_pairs("flores", src, tgt, "en", "hi", f"flores-{split}")


@register_corpus(
    "en_hinglish_parallel",
    task="parallel",
    splits=("train", "valid", "test"),
    folder="en_hinglish_parallel",
    url="https://github.com/Mahendranath94/MT-Implementation (commit 3453814a)",
    description="English ↔ romanized Hinglish (CMU Hinglish DoG, PHINC, HinGE, ...): 22,883 / 941 / 959",
    held_back=("test",),
)
def load_en_hinglish(corpus_dir: Path, split: str) -> pd.DataFrame:
    en = [_fix_mojibake(x) for x in _read_lines(corpus_dir / f"{split}.en", "en_hinglish_parallel")]
    path = corpus_dir / f"{split}.hinglish"
    # The "<context> ... <end>" prefix is dialogue history added by the publisher, not part of the translation.
    hg = [_fix_mojibake(_CONTEXT.sub("", x)) for x in _read_lines(path, "en_hinglish_parallel")]
    return pairs_frame(en, hg, src_lang="en", tgt_lang="hi_Latn", prefix=f"enhg-{split}", path=path)


def load_dakshina_romanized_pairs(corpus_dir: Path, split: str) -> pd.DataFrame:
    """Dakshina romanized sentences as pairs: Devanagari (``src``) ↔ native speaker's romanization (``tgt``).

    The corpus name ``dakshina_hi_romanized`` is registered by ``corpora/translit.py`` (romanized ``text`` with
    its ``deva`` original); :func:`load_parallel` gives this pair view of it.
    """
    native = corpus_dir / f"hi.romanized.rejoined.{split}.native.txt"
    roman = corpus_dir / f"hi.romanized.rejoined.{split}.roman.txt"
    return _line_pairs("dakshina_hi_romanized", native, roman, "hi", "hi_Latn", f"dakshina-{split}")


@register_corpus(
    "nmt_suryaanything_enhi",
    task="parallel",
    splits=("train", "val", "test"),
    folder="nmt_suryaanything_enhi",
    url="https://github.com/SuryaAnything/Neural-Machine-Translation (data/en-hi)",
    description="English–Hindi MT sample (OPUS-100-like): 10,000 / 5,000 / 3,000",
)
def load_nmt_surya(corpus_dir: Path, split: str) -> pd.DataFrame:
    return _line_pairs(
        "nmt_suryaanything_enhi", corpus_dir / f"{split}.en", corpus_dir / f"{split}.hi", "en", "hi", f"surya-{split}"
    )


_ENINDIC = {"dev": "dev", "test1": "testI", "test2": "testII", "test3": "testIII", "tune": "pvp_tune"}


@register_corpus(
    "enindic",
    task="parallel",
    splits=tuple(_ENINDIC),
    folder="enindic",
    url="https://github.com/debajyoty/EnIndic-Corpus (huggingface.co/datasets/DebajyotyBanik/EnIndic)",
    description="EnIndic English–Hindi dev / test I-III / President-VP speeches tune set (5,022 pairs)",
)
def load_enindic(corpus_dir: Path, split: str) -> pd.DataFrame:
    stem = _ENINDIC[split]
    return _line_pairs(
        "enindic", corpus_dir / f"{stem}.en.txt", corpus_dir / f"{stem}.hi.txt", "en", "hi", f"enindic-{split}"
    )


@register_corpus(
    "tatoeba_challenge_test_enghin",
    task="parallel",
    splits=("test",),
    folder="tatoeba_challenge_test_enghin",
    url="https://github.com/Helsinki-NLP/Tatoeba-Challenge (CC-BY 2.0 FR)",
    description="Tatoeba Translation Challenge test eng-hin v2021-08-07 (5,000 pairs)",
)
def load_tatoeba_challenge(corpus_dir: Path, split: str) -> pd.DataFrame:
    stem = corpus_dir / "tatoeba-test-v2021-08-07"
    return _line_pairs(
        "tatoeba_challenge_test_enghin", Path(f"{stem}.eng"), Path(f"{stem}.hin"), "en", "hi", "tatoeba-test"
    )


@register_corpus(
    "tatoeba_manythings",
    task="parallel",
    splits=("train", "train2020"),
    folder="tatoeba_manythings",
    url="https://www.manythings.org/anki/ (Tatoeba, CC-BY 2.0 FR)",
    description="Tatoeba English–Hindi Anki export: 2025-06-04 (3,116 pairs) and 2020-07 (2,778)",
)
def load_tatoeba_manythings(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = corpus_dir / ("hin.2025-06-04.txt" if split == "train" else "hin.2020-07.txt")
    en, hi = [], []
    for number, line in enumerate(_read_lines(path, "tatoeba_manythings"), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise InputError("expected 'english<TAB>hindi<TAB>attribution'", path=str(path), line=number)
        en.append(parts[0])
        hi.append(parts[1])
    return pairs_frame(en, hi, src_lang="en", tgt_lang="hi", prefix=f"manythings-{split}", path=path)


@register_corpus(
    "hindi_english_truncated",
    task="parallel",
    splits=("train",),
    folder="hindi_english_truncated",
    url="https://www.kaggle.com/datasets/vaibhavkumar11/hindi-english-parallel-corpus (IIT Bombay en-hi subset)",
    description="Hindi-English Truncated Corpus subset (4,122 pairs from IITB ted / tides / indic2012)",
)
def load_hindi_english_truncated(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "Hindi_English_Truncated_Corpus.csv", "hindi_english_truncated")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pairs_frame(
        df["english_sentence"].tolist(),
        df["hindi_sentence"].tolist(),
        src_lang="en",
        tgt_lang="hi",
        prefix="hetrunc",
        path=path,
    )
    out["source"] = df["source"].tolist()
    return out


@register_corpus(
    "tico19",
    task="parallel",
    splits=("all",),
    folder="tico19",
    url="https://tico-19.github.io/ (CC0 1.0)",
    description="TICO-19 English–Hindi translation memory (dev+test, 3,071 COVID / medical / Wikipedia pairs)",
)
def load_tico19(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "tico19_en_hi.tsv", "tico19")
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    return pairs_frame(
        df["en"].tolist(), df["hi"].tolist(), src_lang="en", tgt_lang="hi", prefix="tico19",
        ids=[f"tico19-{t}" for t in df["tuid"]], path=path,
    )


@register_corpus(
    "wmt14_newstest2014_hien",
    task="parallel",
    splits=("dev", "test"),
    folder="wmt14_newstest2014_hien",
    url="https://www.statmt.org/wmt14/ (IITB dev/test sets)",
    description="WMT14 Hindi–English newsdev2014 (520) and newstest2014 (2,507)",
)
def load_wmt14(corpus_dir: Path, split: str) -> pd.DataFrame:
    if split == "dev":
        src, tgt = corpus_dir / "newsdev2014.en", corpus_dir / "newsdev2014.hi"
    else:
        src, tgt = corpus_dir / "newstest2014.eng", corpus_dir / "newstest2014.hin"
    return _line_pairs("wmt14_newstest2014_hien", src, tgt, "en", "hi", f"wmt14-{split}")


@register_corpus(
    "xquad_hi",
    task="parallel",
    splits=("questions", "contexts"),
    folder="xquad_hi",
    url="https://github.com/google-deepmind/xquad (CC BY-SA 4.0)",
    description="XQuAD English ↔ Hindi: 1,190 question pairs and 240 paragraph pairs",
)
def load_xquad(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / f"xquad_{split}.en-hi.tsv", "xquad_hi")
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    if split == "questions":
        return pairs_frame(
            df["en"].tolist(), df["hi"].tolist(), src_lang="en", tgt_lang="hi", prefix="xquad-q",
            ids=[f"xquad-{i}" for i in df["id"]], path=path,
        )
    return pairs_frame(
        df["en_paragraph"].tolist(), df["hi_paragraph"].tolist(), src_lang="en", tgt_lang="hi",
        prefix="xquad-ctx", path=path,
    )


@register_corpus(
    "nlpnov21_health",
    task="parallel",
    splits=("dev", "test"),
    folder="nlpnov21_health",
    url="https://github.com/mithunkumarsr/NLPNov21",
    description="English–Hindi health-domain sentences (tokenized): 401 dev / 200 test",
)
def load_nlpnov21(corpus_dir: Path, split: str) -> pd.DataFrame:
    return _line_pairs(
        "nlpnov21_health", corpus_dir / f"{split}.en", corpus_dir / f"{split}.hi", "en", "hi", f"nlpnov21-{split}"
    )


@register_corpus(
    "lince_mt_enghinglish",
    task="parallel",
    splits=("train", "dev", "test"),
    folder="lince_mt_enghinglish",
    url="https://ritual.uh.edu/lince/ (LinCE MT English→Hinglish)",
    description="LinCE MT English → romanized Hinglish movie chat: 8,060 / 942 / 960 (test: English only)",
    held_back=("test",),
)
def load_lince_mt(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = corpus_dir / f"{split}.txt"
    en: list[str] = []
    hg: list[str | None] = []
    for number, line in enumerate(_read_lines(path, "lince_mt_enghinglish"), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if split != "test" and len(parts) < 2:
            raise InputError("expected 'english<TAB>hinglish'", path=str(path), line=number)
        en.append(parts[0])
        hg.append(parts[1] if len(parts) > 1 else None)
    return pairs_frame(en, hg, src_lang="en", tgt_lang="hi_Latn", prefix=f"lince-{split}", path=path)


def load_parallel(name: str, split: str | None = None, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load a parallel corpus (``"name"`` or ``"name:split"``) with ``src, tgt, src_lang, tgt_lang`` columns.

    Works for every corpus registered here and for ``dakshina_hi_romanized`` (Devanagari ``src`` ↔
    romanized ``tgt``), whose registered loader has another column layout.
    """

    if split is None:
        name, split = parse_corpus_spec(name)
    if name == "dakshina_hi_romanized":
        info = corpus_info(name)
        split = split or info.splits[0]
        df = load_dakshina_romanized_pairs(_data_dir(data_dir) / info.folder, split)
        df.attrs.update(corpus=name, split=split)
        return df
    df = load_corpus(name, split, data_dir=data_dir)
    if not {"src", "tgt"} <= set(df.columns):
        raise InputError(f"corpus {name!r} is not a parallel corpus (no src/tgt columns)")
    return df
