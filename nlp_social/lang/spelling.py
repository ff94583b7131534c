"""Romanized Hindi spelling normalization: fold spelling variants to one canonical romanized form.

``nahi``, ``nahin``, ``nhi``, ``nai`` are one word written four ways. The normalizer learns the
variants from word pairs and hand-normalized text:

- variants of one Devanagari word (FIRE-2013, Xlit-Crowd, Dakshina, Singh 2018) form a group; the
  group's canonical spelling is the one hand-normalized text (hinglishNorm) uses most, else the most
  frequent variant;
- hand-normalized text also gives direct ``variant -> normalized`` pairs (``abhi -> abhee``), used first,
  except where the two spellings are known variants of different Devanagari words (``kam`` कम vs
  ``kaam`` काम): folding never merges two distinct words (one- and two-letter tokens are exempt: they
  are abbreviations, ``r`` -> ``are``, ``bs`` -> ``bas``);
- an unseen token is mapped only when the transliterator puts it in a known group whose members
  share its consonant skeleton, so English words and names are left alone.

Saved as a model folder (the one contract): ``nlp_social.json`` (format ``nlp_social.spelling``, the
options and the fingerprint of the shipped transliterator it folds unseen words with) and ``spelling.npz``
(the word tables as string arrays; no pickle).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from nlp_social.errors import ModelFormatError
from nlp_social.lang.components import check_components, shipped_fingerprints
from nlp_social.lang.translit import Transliterator
from nlp_social.model_folder import (
    load_arrays,
    model_loader,
    read_model_config,
    save_arrays,
    write_model_config,
)
from nlp_social.paths import model_path

FORMAT = "nlp_social.spelling"
FORMAT_VERSION = 2  # 1: one spelling.json; 2: nlp_social.json + spelling.npz, transliterator fingerprint
ARRAYS_FILE = "spelling.npz"
_TABLES = ("direct", "variant_deva", "canonical")
_WORD = re.compile(r"[a-z]+")
_VOWELS = re.compile(r"[aeiouy]+")
_LETTERS = re.compile(r"[A-Za-z]+")


def skeleton(word: str) -> str:
    """Consonant skeleton: lowercase, vowels dropped, doubled letters and 'h' after consonants folded."""
    w = word.lower()
    if not w:
        return w
    head, rest = w[0], _VOWELS.sub("", w[1:])
    s = head + rest
    s = re.sub(r"(.)\1+", r"\1", s)
    s = s.replace("w", "v").replace("z", "j").replace("q", "k")
    return s


class SpellingNormalizer:
    """Fold romanized Hindi spelling variants to one canonical form (sklearn-style fit/predict)."""

    def __init__(
        self,
        min_count: int = 1,
        use_translit: bool = True,
        protect_english: bool = True,
        word_min_count: int = 3,
        short_form_len: int = 2,
    ) -> None:
        self.short_form_len = short_form_len
        self.min_count = min_count
        self.word_min_count = word_min_count
        self.use_translit = use_translit
        self.protect_english = protect_english

    # ------------------------------------------------------------------------------------ training
    def fit(
        self,
        pairs: Iterable[tuple[str, str, int]] = (),
        normalized: Iterable[tuple[str, str]] = (),
        english: Iterable[str] = (),
    ) -> SpellingNormalizer:
        """Learn from ``(deva, latn, count)`` pairs and ``(token, normalized_token)`` examples.

        ``english`` is a word list of tokens that are never changed unless hand-normalized data
        explicitly maps them (``u`` -> ``you`` is data, ``hate`` -> ``hat`` is not).
        """
        latn_deva: dict[str, Counter] = defaultdict(Counter)
        deva_latn: dict[str, Counter] = defaultdict(Counter)
        for deva, latn, count in pairs:
            latn = str(latn).lower().strip()
            if not _WORD.fullmatch(latn):
                continue
            latn_deva[latn][deva] += int(count)
            deva_latn[deva][latn] += int(count)
        direct: dict[str, Counter] = defaultdict(Counter)
        norm_freq: Counter = Counter()
        for tok, norm in normalized:
            tok, norm = str(tok).lower(), str(norm).lower()
            if not tok or not norm:
                continue
            direct[tok][norm] += 1
            norm_freq[norm] += 1
        # canonical per Devanagari word: the spelling hand-normalized text prefers, else the most frequent
        canon: dict[str, str] = {}
        for deva, variants in deva_latn.items():
            best = max(variants.items(), key=lambda kv: (norm_freq.get(kv[0], 0), kv[1], -len(kv[0]), kv[0]))
            canon[deva] = best[0]
        self.variant_deva_ = {latn: c.most_common(1)[0][0] for latn, c in latn_deva.items()}
        # the word a spelling stands for, where the pairs say so with some confidence (noise such as
        # `bhee` -> बीत, attested twice, must not block `bhi` -> `bhee`)
        self._word_of = {
            latn: c.most_common(1)[0][0]
            for latn, c in latn_deva.items()
            if c.most_common(1)[0][1] >= self.word_min_count
        }
        self.direct_ = {}
        for tok, c in direct.items():
            # a hand-normalized example folds tok into norm only when both spell the same Devanagari word:
            # `kam` (कम, less) -> `kaam` (काम, work) changes the word, not its spelling
            kept = [(n, k) for n, k in c.most_common() if k >= self.min_count and self._same_word(tok, n)]
            if kept:
                self.direct_[tok] = kept[0][0]
        self.canonical_ = canon
        self.english_ = sorted({w.lower() for w in english if w} - set(self.direct_))
        self._english_set = set(self.english_)
        self._skeleton_groups()
        self._cache: dict[str, str] = {}
        self._components_checked = True  # fitted here: it uses whatever transliterator is installed
        return self

    def _components(self) -> dict[str, str]:
        """Fingerprints of the shipped models this normalizer uses (the transliterator, if ``use_translit``)."""
        if not self.use_translit:
            return {}

        return shipped_fingerprints(["transliterator"])

    def _same_word(self, a: str, b: str) -> bool:
        """False when both spellings are (confidently) variants of two different Devanagari words.

        Tokens of up to ``short_form_len`` letters are abbreviations far more often than whole words
        (``r`` -> ``are``, ``bs`` -> ``bas``); what the word-pair lexicons transliterate them to is no
        evidence there.
        """
        if len(a) <= self.short_form_len:
            return True
        da, db = self._word_of.get(a), self._word_of.get(b)
        return da is None or db is None or da == db

    def _skeleton_groups(self) -> None:
        self._canon_by_skel: dict[str, set[str]] = defaultdict(set)
        for c in self.canonical_.values():
            self._canon_by_skel[skeleton(c)].add(c)

    # ----------------------------------------------------------------------------------- inference
    def normalize_token(self, word: str) -> str:
        """Canonical romanized spelling of ``word`` (unchanged when it is not a known Hindi variant)."""
        if not hasattr(self, "direct_"):
            raise ModelFormatError("SpellingNormalizer is not fitted: call fit(...) or load(path)")
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        out = self._normalize(word)
        if len(self._cache) > 500_000:
            self._cache.clear()
        self._cache[word] = out
        return out

    def _normalize(self, word: str) -> str:
        w = word.lower()
        if not _WORD.fullmatch(w):
            return word
        if w in self.direct_:
            return self.direct_[w]
        if self.protect_english and w in self._english_set:
            return word
        deva = self.variant_deva_.get(w)
        if deva is not None:
            return self.canonical_.get(deva, word)
        if self.use_translit and len(w) > 2:
            deva = self._translit(w)
            if deva is not None and deva in self.canonical_:
                canon = self.canonical_[deva]
                if skeleton(canon) == skeleton(w):
                    return canon
        return word

    def _translit(self, w: str) -> str | None:
        # The shipped transliterator loads or raises, and must be the one this model was made with:
        # a model never switches silently to folding without it (or with another one).
        if not getattr(self, "_components_checked", False):
            check_components(getattr(self, "components_", {}), getattr(self, "path_", None), "spelling model")
            self._components_checked = True
        return Transliterator.default().to_deva(w)

    def normalize(self, text: str) -> str:
        """Normalize every whitespace token of ``text``, keeping the spacing."""
        return _LETTERS.sub(lambda m: self.normalize_token(m.group(0)), text)

    def predict(self, tokens: Iterable[str]) -> list[str]:
        return [self.normalize_token(t) for t in tokens]

    def group_key(self, word: str) -> str | None:
        """The Devanagari word a romanized variant belongs to, when known."""
        canon = self.normalize_token(word).lower()
        return self.variant_deva_.get(canon) or self.variant_deva_.get(word.lower())

    # ------------------------------------------------------------------------------- persistence
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {
            "min_count": self.min_count,
            "use_translit": self.use_translit,
            "protect_english": self.protect_english,
            "word_min_count": self.word_min_count,
            "short_form_len": self.short_form_len,
        }

    def save(self, path: str | Path) -> Path:
        """Write ``nlp_social.json`` (options, component fingerprints) and ``spelling.npz`` (word tables)."""
        if not hasattr(self, "direct_"):
            raise ModelFormatError("SpellingNormalizer is not fitted: call fit(...) or load(path)")
        path = Path(path)
        write_model_config(
            path,
            FORMAT,
            FORMAT_VERSION,
            {"params": self.get_params(), "components": self._components()},
        )
        arrays: dict[str, Any] = {"english": np.array(self.english_, dtype=str)}
        for name in _TABLES:
            table = getattr(self, name + "_")
            arrays[name + "_keys"] = np.array(list(table.keys()), dtype=str)
            arrays[name + "_values"] = np.array(list(table.values()), dtype=str)
        save_arrays(path, ARRAYS_FILE, arrays)
        return path

    @classmethod
    @model_loader("spelling model")
    def load(cls, path: str | Path, accept_components: bool = False) -> SpellingNormalizer:
        """Read a folder written by :meth:`save`; a transliterator other than the recorded one is refused
        when the model first needs it (unless ``accept_components``: see
        :func:`~nlp_social.lang.components.check_components`)."""
        path = Path(path)
        config = read_model_config(path, FORMAT, FORMAT_VERSION)
        arrays = load_arrays(path, ARRAYS_FILE)
        self = cls(**config["params"])
        for name in _TABLES:
            keys, values = arrays[name + "_keys"].tolist(), arrays[name + "_values"].tolist()
            if len(keys) != len(values):
                raise ModelFormatError(f"{path / ARRAYS_FILE}: {name} has {len(keys)} keys, {len(values)} values")
            setattr(self, name + "_", dict(zip(keys, values, strict=True)))
        self.english_ = arrays["english"].tolist()
        self._english_set = set(self.english_)
        self.components_ = dict(config.get("components", {}))
        self.path_ = str(path)
        self._components_checked = bool(accept_components)
        self._skeleton_groups()
        self._cache = {}
        return self

    @classmethod
    def default(cls) -> SpellingNormalizer:
        """The shipped model (loaded once per process)."""
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = cls.load(model_path("spelling"))
        return _DEFAULT


_DEFAULT: SpellingNormalizer | None = None
