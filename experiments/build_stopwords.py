"""Build ``nlp_social/resources/topics/stopwords.json`` from the public stop-word lists.

Run: ``python experiments/build_stopwords.py`` with ``NLP_SOCIAL_DATA_DIR`` set.

Choices (why):
- Hindi (Devanagari): stopwords-iso ``hi`` (MIT; identical to pnisarg/ABSA), TrigonaMinima ``stop_hindi`` and
  the ``hindi-stopwords`` package list. LiHiSTO is left out: it is a translation of English stop words and
  holds content words (शिक्षा, व्यय, अन्वेषण) that would delete real topic words.
- English: scikit-learn's list plus the English entries of the Hinglish list. stopwords-iso ``en`` is left
  out: its 1,298 entries include content words such as "call" (a topic word in assistant queries).
- Hinglish (romanized Hindi): guptaanuj166 ``stop_hinglish`` and hinglishswd's romanized-Hindi list;
  hinglishswd's ``STOPWORDS_HINGLISH`` is left out (it holds domain words: bank, account, customer).
- LiHiSTO (a translation of English stop words) is used only where it meets the 400 most frequent Hindi words
  of wordfreq (that keeps मैं, चाहिए, गई, हम ...), minus the content words in ``LIHISTO_KEEP_OUT``.
- Social-media boilerplate (``rt``, ``amp``, ``https`` ...) is added to the English list.
Entries with spaces, digits or punctuation are dropped (the vectorizer never produces such tokens).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_social.paths import data_dir  # noqa: E402
from nlp_social.text import patterns as P  # noqa: E402

OUT = ROOT / "nlp_social" / "resources" / "topics" / "stopwords.json"
LIHISTO_KEEP_OUT = {"जानकारी", "उपयोग", "बंद", "समय", "दिन", "चार", "प्राप्त", "खिलाफ", "दूर"}
SOCIAL = {"rt", "amp", "http", "https", "www", "com", "via", "pic", "twitter", "bit", "ly", "href"}
WORD = re.compile(rf"^[a-z{P.DEVA_LETTERS}\u200c\u200d]+$")


def _read(path: Path) -> list[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        w = line.strip().lower()
        if w and WORD.match(w):
            words.append(w)
    return words


def main() -> None:
    base = data_dir()
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    iso = json.loads((base / "hindi_stopwords_iso" / "stopwords-iso.json").read_text(encoding="utf-8"))
    hi = set(w for w in iso["hi"] if WORD.match(w))
    hi |= set(_read(base / "stopwords" / "trigonaminima.stop_hindi.txt"))
    hi |= set(_read(base / "stopwords" / "hindi_stopwords_pkg.hi.txt"))
    freq = (base / "wordfreq_hi" / "wordfreq_small_hi.tsv").read_text(encoding="utf-8").splitlines()[1:]
    top400 = {line.split("\t")[0] for line in freq[:400]}
    hi |= {w for w in _read(base / "stopwords" / "lihisto.hi.txt") if w in top400} - LIHISTO_KEEP_OUT
    hi = {w for w in hi if P.DEVA_ANY.search(w)}

    hinglish_raw = set(_read(base / "hinglish_stopwords_guptaanuj166" / "stop_hinglish.txt"))
    hinglish_raw |= set(_read(base / "stopwords" / "hinglishswd.stopwords_hindi.txt"))
    en = {w for w in ENGLISH_STOP_WORDS if WORD.match(w)}
    en |= {w for w in hinglish_raw if w in ENGLISH_STOP_WORDS} | SOCIAL
    hinglish = {w for w in hinglish_raw if re.fullmatch(r"[a-z]+", w)} - en

    payload = {
        "format": "nlp_social.stopwords/1",
        "built_by": "experiments/build_stopwords.py",
        "sources": {
            "hi": [
                "hindi_stopwords_iso/stopwords-iso.json[hi]",
                "stopwords/trigonaminima.stop_hindi.txt",
                "stopwords/hindi_stopwords_pkg.hi.txt",
                "stopwords/lihisto.hi.txt (only words among wordfreq_hi's top 400)",
            ],
            "en": ["sklearn ENGLISH_STOP_WORDS", "social-media boilerplate (rt, amp, https, ...)"],
            "hinglish": [
                "hinglish_stopwords_guptaanuj166/stop_hinglish.txt",
                "stopwords/hinglishswd.stopwords_hindi.txt",
            ],
        },
        "hi": sorted(hi),
        "en": sorted(en),
        "hinglish": sorted(hinglish),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: hi={len(hi)} en={len(en)} hinglish={len(hinglish)}")


if __name__ == "__main__":
    main()
