"""Corpus loaders for token-level language ID (and the hinglishNorm normalization corpus).

Every LID loader returns ``id, text, tokens, tags`` with the corpus' own gold tags (raw). Map them to
``hi`` / ``en`` / ``other`` with :func:`map_lid_tags` (the per-corpus maps are in :data:`LID_TAG_MAPS`).
"""

from __future__ import annotations

import ast
import io
import json
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from nlp_social.corpora.registry import register_corpus, require_file
from nlp_social.errors import InputError

# corpus tag -> hi / en / other / ne. Unknown tags map to "other" (see map_lid_tag).
LID_TAG_MAPS: dict[str, dict[str, str]] = {
    "sentimix2020_hinglish": {"Hin": "hi", "Eng": "en", "O": "other", "EMT": "other"},
    "l3cube_hinglid": {"HI": "hi", "EN": "en"},
    "swami2018_lid": {"hi": "hi", "en": "en", "rest": "other"},
    "singh2018_lid": {"hi": "hi", "en": "en", "rest": "other"},
}
# Generic map used for CoNLL files of unknown origin (case-insensitive).
GENERIC_TAG_MAP: dict[str, str] = {
    "hi": "hi", "hin": "hi", "hindi": "hi", "hi_latn": "hi", "hi-latn": "hi", "lang1": "en", "lang2": "hi",
    "en": "en", "eng": "en", "english": "en",
    "ne": "ne", "named_entity": "ne",
}


def map_lid_tag(tag: str, corpus: str | None = None) -> str:
    """Map one gold tag to ``hi`` / ``en`` / ``other`` (or ``ne``)."""
    table = LID_TAG_MAPS.get(corpus or "")
    if table is not None and tag in table:
        return table[tag]
    return GENERIC_TAG_MAP.get(tag.strip().lower(), "other")


def map_lid_tags(tags: Sequence[str], corpus: str | None = None) -> list[str]:
    return [map_lid_tag(t, corpus) for t in tags]


def _frame(rows: list[tuple[str, list[str], list[str]]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "text": [" ".join(r[1]) for r in rows],
            "tokens": [r[1] for r in rows],
            "tags": [r[2] for r in rows],
        }
    )


# --- SentiMix 2020 (SemEval Task 9, Hinglish) -------------------------------------------------------------

SENTIMIX = "sentimix2020_hinglish"
_SENTIMIX_FILES = {
    "train": "Hinglish_train_14k_split_conll.txt",
    "dev": "Hinglish_dev_3k_split_conll.txt",
    "test": "Hinglish_test_unalbelled_conll_updated.txt",
}


def _read_sentimix(path: Path) -> Iterator[tuple[str, str | None, list[str], list[str]]]:
    uid, label, tokens, tags = None, None, [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if parts[0] == "meta" and len(parts) >= 2:
                if uid is not None:
                    yield uid, label, tokens, tags
                uid, label, tokens, tags = parts[1].strip(), (parts[2].strip() if len(parts) > 2 else None), [], []
                continue
            if uid is None:
                raise InputError("token line before the first 'meta' line", path=path, line=lineno)
            if len(parts) < 2:
                # unlabelled test file: token only
                tokens.append(parts[0])
                tags.append("")
            else:
                tokens.append(parts[0])
                tags.append(parts[1].strip())
    if uid is not None:
        yield uid, label, tokens, tags


@register_corpus(
    SENTIMIX,
    task="lid",
    splits=("train", "dev", "test"),
    folder="sentimix2020_hinglish",
    url="https://competitions.codalab.org/competitions/20654 (SemEval-2020 Task 9, Hinglish)",
    description="Hinglish tweets with token language tags (Hin/Eng/O/EMT) and tweet sentiment",
    held_back=("test",),
)
def load_sentimix(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / _SENTIMIX_FILES[split], SENTIMIX)
    records = list(_read_sentimix(path))
    df = _frame([(uid, toks, tags) for uid, _, toks, tags in records])
    labels = [label for _, label, _, _ in records]
    if split == "test":
        # gold sentiment of the test split sits in a separate CSV (Uid,Sentiment)
        labels_path = require_file(corpus_dir / "Hinglish_test_labels.txt", SENTIMIX)
        gold = pd.read_csv(labels_path, dtype=str)
        by_id = dict(zip(gold.iloc[:, 0].str.strip(), gold.iloc[:, 1].str.strip(), strict=True))
        labels = [by_id.get(uid) for uid in df["id"]]
    df["label"] = labels
    return df


# --- L3Cube-HingLID ---------------------------------------------------------------------------------------

L3CUBE = "l3cube_hinglid"


def _read_conll_blocks(path: Path, corpus: str, sep: str | None = "\t") -> list[tuple[str, list[str], list[str]]]:
    rows: list[tuple[str, list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    rows.append((f"{len(rows)}", tokens, tags))
                    tokens, tags = [], []
                continue
            parts = line.split(sep) if sep else line.split()
            if len(parts) < 2:
                raise InputError(f"expected 'token{sep or ' '}tag', got {line!r}", path=path, line=lineno)
            tokens.append(parts[0])
            tags.append(parts[-1].strip())
    if tokens:
        rows.append((f"{len(rows)}", tokens, tags))
    return rows


@register_corpus(
    L3CUBE,
    task="lid",
    splits=("validation", "test", "train"),
    folder="l3cube_hinglid",
    url="https://github.com/l3cube-pune/code-mixed-nlp (L3Cube-HingLID)",
    description="Romanized Hinglish tweets with token tags HI/EN (lower-cased)",
    held_back=("test", "train"),
)
def load_l3cube(corpus_dir: Path, split: str) -> pd.DataFrame:
    name = {"validation": "validation.conll", "test": "test.conll", "train": "train.txt"}[split]
    path = require_file(corpus_dir / name, L3CUBE)
    rows = _read_conll_blocks(path, L3CUBE, sep=None)
    return _frame([(f"{split}-{i}", toks, tags) for i, (_, toks, tags) in enumerate(rows)])


# --- Swami et al. 2018 (Notebandi tweets with language tags) ---------------------------------------------

SWAMI = "swami2018_lid"


@register_corpus(
    SWAMI,
    task="lid",
    splits=("all",),
    folder="swami2018_codemixed_stance",
    url="https://github.com/sahilswami96/StanceDetection_CodeMixed",
    description="Hinglish demonetisation tweets with token tags hi/en/rest (Notebandi_tweets_with_language.txt); "
    "a stratified 20% of tweets is held back from the local copy",
    held_back=(),
)
def load_swami_lid(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "Notebandi_tweets_with_language.txt", SWAMI)
    rows: list[tuple[str, list[str], list[str]]] = []
    uid: str | None = None
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if uid is not None:
                    rows.append((uid, tokens, tags))
                uid, tokens, tags = None, [], []
                continue
            if uid is None:
                uid = line.strip()
                continue
            parts = line.rsplit(None, 1)
            if len(parts) != 2:
                raise InputError(f"expected '<token> <tag>', got {line!r}", path=path, line=lineno)
            tokens.append(parts[0].strip())
            tags.append(parts[1])
    if uid is not None:
        rows.append((uid, tokens, tags))
    return _frame(rows)


# --- Singh, Sen, Kumaraguru 2018 (NER/LID feature corpus) -------------------------------------------------

SINGH = "singh2018_lid"


class _DataOnlyUnpickler(pickle.Unpickler):
    """Reads plain lists/strings/numbers only: any class or function reference is refused."""

    def find_class(self, module: str, name: str):  # noqa: ANN201
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a data file")


@register_corpus(
    SINGH,
    task="lid",
    splits=("all",),
    folder="singh2018_hinglish_translit_lid_ner",
    url="https://github.com/precog-iiith/hindi-english-code-mixing-lidf-ner (ner/data/ner.final.features)",
    description="Hinglish tweets with token tags en/hi/rest and NER tags (Python-2 pickle of plain lists, "
    "read with a class-refusing unpickler)",
)
def load_singh_lid(corpus_dir: Path, split: str) -> pd.DataFrame:
    path = require_file(corpus_dir / "ner_lid_corpus" / "ner.final.features", SINGH)
    try:
        data = _DataOnlyUnpickler(io.BytesIO(path.read_bytes()), encoding="utf-8").load()
    except (pickle.UnpicklingError, EOFError, ValueError) as exc:
        raise InputError(f"not a readable feature file: {exc}", path=path) from exc
    rows, ner = [], []
    for i, tweet in enumerate(data):
        toks = [str(tok[0]) for tok in tweet]
        tags = [str(tok[1]) for tok in tweet]
        rows.append((str(i), toks, tags))
        ner.append([str(tok[8]) if len(tok) > 8 else "O" for tok in tweet])
    df = _frame(rows)
    df["ner"] = ner
    return df


# --- hinglishNorm (normalization) -------------------------------------------------------------------------

HINGLISHNORM = "hinglishnorm"


@register_corpus(
    HINGLISHNORM,
    task="normalization",
    splits=("train", "test", "all"),
    folder="hinglishnorm",
    url="https://github.com/piyushmakhija5/hinglishNorm",
    description="Hinglish chat sentences with manual normalization; columns text (input), normalized, "
    "tokens, norm_tokens, tags (per-token category: Hindi, Looks Good, Short Form, ...)",
    held_back=("test", "all"),
)
def load_hinglishnorm(corpus_dir: Path, split: str) -> pd.DataFrame:
    name = {"train": "hinglishNorm_trainSet.json", "test": "hinglishNorm_testSet.json", "all": "hinglishNorm.json"}[
        split
    ]
    path = require_file(corpus_dir / name, HINGLISHNORM)
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    ids, texts, norms, tokens, norm_tokens, tags = [], [], [], [], [], []
    for k, item in enumerate(items):
        try:
            text, norm = str(item["inputText"]), str(item["normalizedText"])
            tag_list = ast.literal_eval(item["tags"]) if isinstance(item["tags"], str) else list(item["tags"])
        except (KeyError, ValueError, SyntaxError) as exc:
            raise InputError(f"record {k}: {exc}", path=path, field="tags") from exc
        ids.append(str(item.get("id", k)))
        texts.append(text)
        norms.append(norm)
        tokens.append(text.split())
        norm_tokens.append(norm.split())
        tags.append([str(t) for t in tag_list])
    return pd.DataFrame(
        {"id": ids, "text": texts, "normalized": norms, "tokens": tokens, "norm_tokens": norm_tokens, "tags": tags}
    )
