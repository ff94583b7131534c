"""Build the text-normalization resources shipped in ``nlp_social/resources/text/``.

Reads public corpora from ``$NLP_SOCIAL_DATA_DIR`` (never the network) and writes:

- ``emoji_names.json``: ``{emoji: [english_name, hindi_name]}`` from the CLDR 41 annotations
  (``emoji_names/cldr41_emoji_annotations_en_hi_hiLatn.tsv``), only entries that are emoji
  (not plain ASCII/Latin punctuation that CLDR also annotates).
- ``stopwords.txt``: Hindi + English stopwords-iso lists (MIT), used by the off-topic-line heuristic.
- ``word_freq.tsv``: ``word<TAB>count``, the unigram vocabulary used for hashtag segmentation and
  the elongation policy. English and romanized-Hindi counts come from the *training* splits of
  social/parallel corpora (sentimix2020 train, trac1 train, en_hinglish_parallel train, nmt train,
  semeval2016 train, dakshina romanized dev, hinglishNorm train); the aspell word list adds every
  other English word with count 1; Devanagari counts come from wordfreq's small_hi Zipf values.

Run:  NLP_SOCIAL_DATA_DIR=../shared/data python experiments/build_text_resources.py
Deterministic: the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

from nlp_social.paths import RESOURCES_DIR, data_dir
from nlp_social.text import patterns as P

OUT = RESOURCES_DIR / "text"
LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
DEVA_WORD = re.compile(f"^[{P.DEVA_CHARS}]+$")
ENTITIES = re.compile(r"[#@]\s?\w+|https?\s?:?\s?//\S*|www\.\S+")
MIN_COUNT = 2
MAX_LATIN_WORDS = 120_000

csv.field_size_limit(sys.maxsize)


def _file(root: Path, rel: str) -> Path:
    path = root / rel
    if not path.is_file():
        raise FileNotFoundError(f"missing corpus file {path}")
    return path


def build_emoji(root: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    path = _file(root, "emoji_names/cldr41_emoji_annotations_en_hi_hiLatn.tsv")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            emo = row["emoji"]
            # CLDR also names ASCII symbols, arrows and math signs; keep pictographic entries only.
            if not emo or all(ord(c) < 0x2000 for c in emo) or emo.isalnum():
                continue
            en = (row.get("en_name") or "").strip()
            hi = (row.get("hi_name") or "").strip() or en
            if en:
                table[emo] = [en, hi]
    return dict(sorted(table.items()))


def _latin_tokens(text: str) -> list[str]:
    # hashtags are concatenations ("blacklivesmatter"): counting them would stop their segmentation
    return LATIN_WORD.findall(ENTITIES.sub(" ", text).lower())


def build_freq(root: Path) -> Counter:
    latin: Counter = Counter()
    for rel in (
        "en_hinglish_parallel/train.en",
        "en_hinglish_parallel/train.hinglish",
        "nmt_suryaanything_enhi/train.en",
        "dakshina_hi_romanized/hi.romanized.rejoined.dev.roman.txt",
    ):
        with _file(root, rel).open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                latin.update(_latin_tokens(line))
    prev = ""
    with _file(root, "sentimix2020_hinglish/Hinglish_train_14k_split_conll.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\r\n").split("\t")
            # sentimix splits "#tag" into "#" + "tag" lines; a token after "#" is a hashtag body
            if len(parts) == 2 and parts[1] in ("Hin", "Eng") and prev not in ("#", "@"):
                latin.update(_latin_tokens(parts[0]))
            prev = parts[0] if parts else ""
    with _file(root, "trac1_hindi_fb/agr_hi_train.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            latin.update(_latin_tokens(row.get("text") or ""))
    with _file(root, "semeval2016_task6_stance/Original_Annotation/SemEval16_TweetTask_A_Train.txt").open(
        encoding="utf-8", errors="replace"
    ) as fh:
        for line in fh:
            latin.update(_latin_tokens(line.split("<s>", 1)[-1]))
    norm = json.loads(_file(root, "hinglishnorm/hinglishNorm_trainSet.json").read_text(encoding="utf-8"))
    for item in norm:
        latin.update(_latin_tokens(item.get("inputText", "")))

    freq: Counter = Counter({w: c for w, c in latin.items() if c >= MIN_COUNT})
    # single letters other than real words blow up segmentations ("b l m"); keep a and i only
    for w in list(freq):
        if len(w) == 1 and w not in ("a", "i"):
            del freq[w]
    freq = Counter(dict(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_LATIN_WORDS]))
    with _file(root, "english_wordlist_aspell/EN.words.txt").open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            w = line.strip()
            if w.isascii() and w.isalpha() and w.islower() and len(w) > 1 and w not in freq:
                freq[w] = 1
    with _file(root, "wordfreq_hi/wordfreq_small_hi.tsv").open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            word, zipf = line.rstrip("\n").split("\t")
            if DEVA_WORD.match(word):
                # Zipf z means 10**z per billion words; scale to counts of a ~10M-word corpus
                freq[word] = max(1, round(10 ** float(zipf) / 100))
    return freq


def main() -> None:
    root = data_dir()
    OUT.mkdir(parents=True, exist_ok=True)
    emoji = build_emoji(root)
    (OUT / "emoji_names.json").write_text(
        json.dumps(emoji, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8"
    )
    freq = build_freq(root)
    with (OUT / "word_freq.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("word\tcount\n")
        for word, count in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{word}\t{count}\n")
    stop: set[str] = set()
    for rel in ("stopwords/stopwords-iso.hi.txt", "stopwords/stopwords-iso.en.txt"):
        with _file(root, rel).open(encoding="utf-8") as fh:
            stop.update(w.strip().lower() for w in fh if w.strip() and " " not in w.strip())
    (OUT / "stopwords.txt").write_text("\n".join(sorted(stop)) + "\n", encoding="utf-8")
    print(f"stopwords.txt: {len(stop)} words (stopwords-iso hi + en, MIT)")
    print(f"emoji_names.json: {len(emoji)} entries; word_freq.tsv: {len(freq)} words -> {OUT}")


if __name__ == "__main__":
    main()
