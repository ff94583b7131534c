"""Sentiment and negation cues for stance: Hindi SentiWordNet (Devanagari + romanized) and short
English / Hinglish cue lists, with negation in both languages.

Words are matched on a spelling-squashed key (:func:`squash`), so ``achha`` / ``accha`` / ``acha`` and
the romanization of ``अच्छा`` meet. The compact lexicon shipped with the package is built from
``hindi_sentiwordnet`` by ``experiments/build_stance_lexicon.py``; it is shipped once, as the
``lexicon.json`` of the fast stance model's folder (whose ``nlp_social.json`` records its sha256, so a
rebuilt lexicon is refused by that model until it is retrained).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from nlp_social.model_folder import model_loader
from nlp_social.paths import MODELS_DIR
from nlp_social.text import patterns as P

LEXICON_FILE = "lexicon.json"
SHIPPED_LEXICON = MODELS_DIR / "stance" / LEXICON_FILE

NEGATIONS = frozenset(
    "not no never nor neither nobody nothing nowhere cannot cant dont doesnt didnt isnt wasnt arent werent "
    "wont wouldnt shouldnt couldnt aint without n't "
    "nahi nahin nhi nai nahee nahii na naa mat matt bina "
    "नहीं नही ना न मत बिना".split()
)

# Short, hand-checked cue lists; Hindi SentiWordNet adds the Devanagari side.
EN_POS = (
    "good great best better love like support proud happy glad excellent amazing awesome brilliant right "
    "correct success successful win winning welcome thank thanks bold courageous historic masterstroke "
    "salute bravo benefit beneficial positive agree favor favour hope honest clean strong safe nice wonderful "
    "fantastic appreciate applaud congrats congratulations kudos hail genius smart wise"
).split()
EN_NEG = (
    "bad worst worse hate wrong fail failed failure loss lose useless stupid idiot foolish poor pain suffer "
    "suffering problem problems trouble chaos disaster shame shameful corrupt corruption fraud scam lie lies "
    "liar against oppose protest angry sad terrible horrible pathetic dead death die died kill harass harassment "
    "misery miserable unfair unjust illegal evil dangerous ridiculous nonsense waste destroy destroyed crisis "
    "panic hardship anti disagree ban blame dictator disgrace"
).split()
HI_POS = (
    "accha achha acha achchha sahi badhiya shandar mast zabardast khush khushi dhanyavad shukriya samarthan "
    "saath sath jai salaam salute badhai sukh imandar imaandar faida fayda labh safal kamyab sundar pyar "
    "sammaan garv swagat shabash vah wah waah kamaal kamal saaf safai mazboot mahaan"
).split()
HI_NEG = (
    "galat bura bure buri bekar bakwas pareshan pareshani dikkat taklif takleef mushkil barbad barbaadi tabahi "
    "dukh dukhi chor chori bhrasht bhrashtachar jhooth jhoot jhoota jhootha khilaf khilaaf virodh nakam naakam "
    "sharam sharm dhokha loot lut maut gussa maar marna mare mar tang pagal murkh bewakoof nuksan nuksaan "
    "hatya zulm atyachar bhookh garibi gareeb rona ro laachar majboor"
).split()

_SQUASH_RE = [(re.compile(a), b) for a, b in (("ee", "i"), ("oo", "u"), ("aa", "a"), ("w", "v"), ("z", "j"))]
_REPEAT = re.compile(r"(.)\1+")
_NONWORD = re.compile(rf"[^\w{P.DEVA_BLOCK}']+")


@lru_cache(maxsize=1 << 18)
def squash(token: str) -> str:
    """A spelling-tolerant key for matching cue words (lowercase, no doubled letters, ee->i, oo->u)."""
    t = _NONWORD.sub("", token.lower()).replace("'", "")
    if not t or not t.isascii():
        return t
    for pat, rep in _SQUASH_RE:
        t = pat.sub(rep, t)
    return _REPEAT.sub(r"\1", t)


@dataclass
class Lexicon:
    """Word -> (positive, negative) scores on squashed keys, plus the negation words."""

    scores: dict[str, tuple[float, float]] = field(default_factory=dict)
    negations: frozenset[str] = NEGATIONS

    N_FEATURES = 8

    @classmethod
    def builtin_cues(cls) -> Lexicon:
        scores: dict[str, tuple[float, float]] = {}
        for w in EN_POS + HI_POS:
            scores[squash(w)] = (1.0, 0.0)
        for w in EN_NEG + HI_NEG:
            scores[squash(w)] = (0.0, 1.0)
        return cls(scores)

    @classmethod
    def default(cls) -> Lexicon:
        """The shipped lexicon (Hindi SentiWordNet + cue lists); loads or raises (no fallback to the cues)."""
        return cls.load(SHIPPED_LEXICON)

    def fingerprint(self) -> str:
        """sha256 of the lexicon's contents (as saved), 16 hex digits."""
        data = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(data).hexdigest()[:16]

    def features(self, tokens: Sequence[str]) -> np.ndarray:
        """8 numbers: pos, neg, negated pos, negated neg, negations, pos-neg balance, '!' and '?' marks."""
        keys = [squash(t) for t in tokens]
        neg_pos = [i for i, k in enumerate(keys) if k in self.negations or t_is_neg(tokens[i])]
        pos = neg = npos = nneg = 0.0
        for i, k in enumerate(keys):
            s = self.scores.get(k)
            if s is None:
                continue
            # Negation scope: 3 tokens either side covers "not good" and Hindi "accha nahi hai".
            negated = any(abs(i - j) <= 3 and i != j for j in neg_pos)
            if negated:
                npos += s[0]
                nneg += s[1]
            else:
                pos += s[0]
                neg += s[1]
        excl = sum(t.count("!") for t in tokens)
        quest = sum(t.count("?") for t in tokens)
        return np.log1p(
            np.array(
                [pos, neg, npos, nneg, len(neg_pos), max(pos - neg, 0) + max(nneg - npos, 0), excl, quest]
            )
        ).astype(np.float32)

    def to_dict(self) -> dict:
        return {
            "format": "nlp_social.stance.lexicon/1",
            "negations": sorted(self.negations),
            "scores": {k: [round(a, 4), round(b, 4)] for k, (a, b) in sorted(self.scores.items())},
        }

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        return cls(
            {k: (float(v[0]), float(v[1])) for k, v in data["scores"].items()}, frozenset(data["negations"])
        )

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        file = path / LEXICON_FILE if path.suffix != ".json" else path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=0), encoding="utf-8")
        return file

    @classmethod
    @model_loader("stance lexicon")
    def load(cls, path: str | Path) -> Lexicon:
        path = Path(path)
        file = path / LEXICON_FILE if path.is_dir() else path
        return cls.from_dict(json.loads(file.read_text(encoding="utf-8")))


def t_is_neg(token: str) -> bool:
    return token.lower().endswith("n't")


def read_hindi_sentiwordnet(path: str | Path) -> list[tuple[str, float, float]]:
    """``(word, pos, neg)`` for every word of ``HSWN_WN.txt`` (space-separated, ``_`` joins multiwords)."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 5:
            continue
        try:
            pos, neg = float(parts[2]), float(parts[3])
        except ValueError:
            continue
        for word in " ".join(parts[4:]).split(","):
            word = word.strip()
            if word and "_" not in word:
                out.append((word, pos, neg))
    return out


def build_lexicon(hswn_path: str | Path, to_latn) -> Lexicon:
    """Hindi SentiWordNet (polar words only, Devanagari and romanized keys) merged with the cue lists."""
    lex = Lexicon.builtin_cues()
    agg: dict[str, list[float]] = {}
    for word, pos, neg in read_hindi_sentiwordnet(hswn_path):
        if abs(pos - neg) < 0.125:  # neutral synsets add noise, not signal
            continue
        for key in {squash(word), squash(to_latn(word))}:
            if len(key) < 2:
                continue
            a = agg.setdefault(key, [0.0, 0.0, 0])
            a[0] += pos
            a[1] += neg
            a[2] += 1
    for key, (p, n, c) in agg.items():
        if key in lex.scores:  # hand-checked cues win over synset averages
            continue
        lex.scores[key] = (p / c, n / c)
    return lex
