"""Boilerplate detection: flag (never drop) share buttons, calls to action and off-topic spam lines.

Two rules, each giving a reason:

- ``pattern:<name>``: a short sentence (<= 200 characters) that matches a call-to-action pattern in
  English or Hindi: share buttons ("अपने दोस्तों के साथ साझा करें", "share this"), "download ... today"
  / "डाउनलोड करें ... आज", "click here" / "यहाँ क्लिक करें", subscribe/follow, read more, copyright.
- ``off_topic``: in a document of at least 5 non-empty lines, a short line (1-8 words) that does not
  end like a sentence and shares no content word with the 3 non-empty lines before and after it.
  Headings share words with the paragraph they introduce; an inserted spam line ("एन्जिल्स का अर्थ
  संख्या" in the seed article) does not. Content words are non-stopwords of 2+ letters, compared by
  their first 4 characters so that inflections (ब्रांड / ब्रांडों) still match.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from nlp_social.text import patterns as P
from nlp_social.text.resources import stopwords

_PATTERNS: dict[str, re.Pattern[str]] = {
    "share": re.compile(
        r"\bshare (?:this|with|on|it)\b|(?:साझा|शेयर) कर(?:ें|ो)\s*[:।!]?\s*$|अपने दोस्तों के साथ|\bshare karo\b",
        re.IGNORECASE,
    ),
    "download": re.compile(r"\bdownload\b.*\b(?:today|now|free)\b|डाउनलोड कर.*(?:आज|अभी)", re.IGNORECASE),
    "click_here": re.compile(r"\bclick (?:here|the link|below)\b|यहा[ँं] क्लिक|लिंक पर क्लिक", re.IGNORECASE),
    "subscribe": re.compile(r"\bsubscribe\b|\bfollow us\b|सब्सक्राइब|हमें फ़?फॉलो|हमें फ़ॉलो", re.IGNORECASE),
    "read_more": re.compile(r"\bread more\b|\bcontinue reading\b|और पढ़ें|आगे पढ़ें", re.IGNORECASE),
    "copyright": re.compile(r"©|\ball rights reserved\b|सर्वाधिकार सुरक्षित", re.IGNORECASE),
}
_SENTENCE = re.compile(r"[^।॥.!?]+[।॥.!?]*")
_WORD = re.compile(rf"[\w{P.DEVA_CHARS}]+")
_ENDS_SENTENCE = re.compile(r"[।॥.!?:\"')]\s*$")
MAX_PATTERN_CHARS = 200
MIN_DOC_LINES = 5
MAX_OFFTOPIC_WORDS = 8
WINDOW = 3


@dataclass(frozen=True)
class BoilerplateFlag:
    line: int  # 0-based index among all lines of the text
    text: str  # the flagged sentence or line
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


def _keys(text: str) -> set[str]:
    stop = stopwords()
    return {
        w[:4]
        for w in (t.lower() for t in _WORD.findall(text))
        if len(w) > 1 and w not in stop and not w.isdigit()
    }


def boilerplate_lines(text: str) -> list[BoilerplateFlag]:
    """Flags for the boilerplate sentences/lines of ``text`` (a post or a whole article)."""
    lines = text.split("\n")
    flags: list[BoilerplateFlag] = []
    for i, line in enumerate(lines):
        for sent in _SENTENCE.findall(line):
            sent = sent.strip()
            if not sent or len(sent) > MAX_PATTERN_CHARS:
                continue
            for name, pattern in _PATTERNS.items():
                if pattern.search(sent):
                    flags.append(BoilerplateFlag(i, sent, f"pattern:{name}"))
                    break
    nonempty = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if len(nonempty) >= MIN_DOC_LINES:
        flagged = {f.line for f in flags}
        keys = [_keys(line) for _, line in nonempty]
        for j, (i, line) in enumerate(nonempty):
            words = _WORD.findall(line)
            if i in flagged or not 1 <= len(words) <= MAX_OFFTOPIC_WORDS or _ENDS_SENTENCE.search(line):
                continue
            if not keys[j]:
                continue
            context: set[str] = set()
            for k in range(max(0, j - WINDOW), min(len(nonempty), j + WINDOW + 1)):
                if k != j:
                    context |= keys[k]
            if not keys[j] & context:
                flags.append(BoilerplateFlag(i, line, "off_topic"))
    return sorted(flags, key=lambda f: (f.line, f.reason))


def strip_boilerplate(text: str) -> str:
    """``text`` without its flagged boilerplate (opt-in; the Normalizer only flags)."""
    flags = boilerplate_lines(text)
    if not flags:
        return text
    lines = text.split("\n")
    for f in flags:
        lines[f.line] = lines[f.line].replace(f.text, "", 1)
    return "\n".join(line for line in lines if line.strip() or not line)
