"""Labelled Devanagari topic sets for the embedder's dev measurements that no corpus loader provides.

    python experiments/embed_topic_sets.py   # writes .cache/topics_xquad_hi_sentences.jsonl (+ _odd_ half)

``xquad_hi`` contexts: XQuAD's 240 Hindi paragraphs come from 48 English Wikipedia articles, five
consecutive paragraphs each (Super Bowl 50, Warsaw, Normans, Nikola Tesla, computational complexity, ...).
Each paragraph is cut into sentences at the danda; a sentence's gold label is its article. The embedder never
trains on these paragraphs, nor on XQuAD's questions (``xquad_hi:questions`` is left out of its training
pairs for this reason), so the 48 articles are domains it has not seen. Data stay local (``.cache/``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".cache" / "topics_xquad_hi_sentences.jsonl"
#: The odd-numbered articles only: the topic defaults are chosen on the even ones
#: (``experiments/topics_select.py``), so this half is their dev set (``experiments/topics_xquad_hi_odd.yaml``).
OUT_ODD = ROOT / ".cache" / "topics_xquad_hi_odd_sentences.jsonl"
PARAGRAPHS_PER_ARTICLE = 5
_SENTENCE_END = re.compile(r"(?<=[।?!])\s+")


def xquad_sentences(data_dir: str | None = None, min_chars: int = 20) -> list[dict]:
    """``{"id", "text", "label"}`` rows: Hindi sentences of XQuAD's contexts, labelled by article number."""
    import pandas as pd

    from nlp_social.paths import data_dir as resolve_data_dir

    path = resolve_data_dir(data_dir) / "xquad_hi" / "xquad_contexts.en-hi.tsv"
    df = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    rows = []
    for p, paragraph in enumerate(df["hi_paragraph"]):
        for s, sentence in enumerate(_SENTENCE_END.split(paragraph.strip())):
            if len(sentence) >= min_chars:
                label = f"article{p // PARAGRAPHS_PER_ARTICLE:02d}"
                rows.append({"id": f"xquad_hi:{p}:{s}", "text": sentence, "label": label})
    return rows


def article_half(rows: list[dict], parity: int) -> list[dict]:
    """The rows of the even (``parity`` 0: the topic defaults' selection part) or odd (1: dev) articles."""
    return [r for r in rows if int(r["label"][len("article") :]) % 2 == parity]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = xquad_sentences()
    odd = article_half(rows, 1)
    for path, part in ((args.out, rows), (args.out.with_name(OUT_ODD.name), odd)):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            for row in part:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(json.dumps({"out": str(path), "sentences": len(part), "labels": len({r["label"] for r in part})}))


if __name__ == "__main__":
    main()
