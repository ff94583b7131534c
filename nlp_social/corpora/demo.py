"""The corpora that ship with the project: the demo corpus (``corpora/demo/posts.jsonl``, written
for this project, see ``corpora/SCHEMA.md``) and the seed document (``seeds/*.txt``).

Both load without ``NLP_SOCIAL_DATA_DIR``. The demo corpus is found from a checkout and from an
installed package alike (:func:`nlp_social.paths.demo_corpus_file`); the seed document is read from the
checkout's ``seeds/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from nlp_social.corpora.registry import register_corpus, require_file
from nlp_social.errors import InputError
from nlp_social.paths import DEMO_CORPUS, demo_corpus_file

DEMO_FILE = DEMO_CORPUS  # relative to corpora/ (checkout) or nlp_social/resources/corpora/ (package)
DEMO_COLUMNS = ("id", "text", "lang", "target", "label", "topic", "timestamp", "brand", "dup_of", "flags", "split")


@register_corpus(
    "demo",
    task="demo",
    splits=("all", "train", "test"),
    folder="",
    url="corpora/demo/posts.jsonl in the nlp_social source tree, shipped in the package as "
    "nlp_social/resources/corpora/demo/posts.jsonl (both written by corpora/build_demo.py)",
    description="301 social posts (Hindi, English, Hinglish, code-mixed) about brands and social issues, "
    "with gold topic, target and stance (label); fixed 80/20 train/test split by duplicate group",
)
def _load_demo(corpus_dir: Path, split: str) -> pd.DataFrame:
    # corpus_dir (the checkout's corpora/ or the working directory's) is not used: see demo_corpus_file
    path = require_file(demo_corpus_file(), "demo")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"broken JSON: {exc.msg}", path=str(path), line=lineno) from None
            if split == "all" or row.get("split") == split:
                rows.append(row)
    df = pd.DataFrame(rows).rename(columns={"stance": "label"})
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
    return df[[c for c in DEMO_COLUMNS if c in df.columns]].reset_index(drop=True)


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@register_corpus(
    "seed",
    task="raw",
    splits=("all",),
    folder="",
    url="seeds/ in the nlp_social source tree",
    description="The seed document (Hindi blog post on social media managers, brands taking a stand, "
    "COVID-19 and racial justice), one paragraph per row",
)
def _load_seed(corpus_dir: Path, split: str) -> pd.DataFrame:
    seeds = corpus_dir.parent / "seeds"
    require_file(seeds, "seed")
    rows = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for i, para in enumerate(_PARAGRAPH_BREAK.split(text.replace("\r\n", "\n"))):
            para = para.strip()
            if para:
                rows.append({"id": f"{path.stem}:{i + 1}", "text": para, "lang": "hi", "source": path.name})
    if not rows:
        raise InputError("no non-empty *.txt file", path=str(seeds))
    return pd.DataFrame(rows)
