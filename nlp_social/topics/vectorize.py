"""Vectorizer stage: documents -> sparse term counts over script-unified, stop-word-free terms.

Contract (used by the representation and evaluation): ``fit(docs)``, ``transform(docs) -> csr (n, n_terms)``,
``vocabulary_`` (list of term keys), ``display_`` (key -> ``{"main", "deva", "latn", "count", "lang"}``: the
most frequent surface form overall and in each script, the term's count in the corpus and its language from the
shipped LID model, tagged in context) and ``analyze(doc) -> list[key]``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from nlp_social.topics.base import Stage, register_stage
from nlp_social.topics.tokens import KeyMapper, resolve_stopwords, script, word_tokens


def _lid():
    """The shipped LID model; a missing or damaged one raises (topic words never silently lose their tags)."""
    from nlp_social.lang.lid import LanguageIdentifier

    return LanguageIdentifier.default()


def _vote(lid: Any, token_lists: list[list[str]], votes: Counter[tuple[str, str]]) -> None:
    """Add one ``(token, tag)`` vote per token occurrence (tagged by LID in the context of its post)."""
    for tokens, tags in zip(token_lists, lid.predict(token_lists), strict=True):
        votes.update(zip(tokens, tags, strict=True))


def _majority(surfaces: Counter[str], votes: Counter[tuple[str, str]]) -> str:
    """Language of a term from the votes of its Latin spellings; Devanagari-only terms are Hindi."""
    total: Counter[str] = Counter()
    for s in surfaces:
        if script(s) == "latn":
            for tag in ("hi", "en", "other"):
                total[tag] += votes.get((s, tag), 0)
    if not +total:
        # Devanagari spellings only (LID tags Devanagari as Hindi), or a word only in posts not tagged
        return "hi" if any(script(s) == "deva" for s in surfaces) else ""
    # ties go to English: a word is transliterated only when LID called it Hindi more often than not
    return "hi" if total["hi"] > total["en"] and total["hi"] >= total["other"] else (
        "en" if total["en"] >= total["other"] else "other")


@register_stage
class TopicVectorizer(Stage):
    """Devanagari-safe bag of words with Hindi + English + Hinglish stop words and script-unified terms.

    ``min_df``/``max_df``: document frequency bounds (int = count, float = share);
    ``max_features``: keep the most frequent terms; ``ngram_range=(1, 2)`` adds bigrams of kept words.
    ``unify=True`` keys terms with :func:`nlp_social.lang.unify.norm_key` (``sarkar`` == ``सरकार``); it is off
    by default because it costs a LID + transliteration call per distinct token (measured ~50 ms/doc on
    Hinglish-TOP under load, 100x the tokenizer), which does not fit the 100k-posts-in-a-minute budget.
    ``tag_languages=True`` tags every token of the fitted posts with the shipped LID model (in context, ~1 µs a
    token; on at most ``max_tag_docs`` evenly spaced posts) and keeps each term's majority language, so that
    only Hindi words are ever transliterated for display; a LID model that does not load raises.
    """

    def __init__(
        self,
        stop_words: str | Iterable[str] | None = "default",
        min_df: int | float = 2,
        max_df: float = 0.5,
        max_features: int | None = 50_000,
        ngram_range: tuple[int, int] = (1, 1),
        unify: bool = False,
        min_length: int = 2,
        tag_languages: bool = True,
        max_tag_docs: int | None = 20_000,
    ):
        self.stop_words = stop_words
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.ngram_range = tuple(ngram_range)
        self.unify = unify
        self.min_length = min_length
        self.tag_languages = tag_languages
        self.max_tag_docs = max_tag_docs

    def get_params(self) -> dict[str, Any]:
        sw = self.stop_words if isinstance(self.stop_words, str) or self.stop_words is None else sorted(self.stop_words)
        return {
            "stop_words": sw,
            "min_df": self.min_df,
            "max_df": self.max_df,
            "max_features": self.max_features,
            "ngram_range": list(self.ngram_range),
            "unify": self.unify,
            "min_length": self.min_length,
            "tag_languages": self.tag_languages,
            "max_tag_docs": self.max_tag_docs,
        }

    # analysis ----------------------------------------------------------------------------------
    def _setup(self) -> None:
        if getattr(self, "_keys", None) is None:
            self._keys = KeyMapper(self.unify)
            self._stop = resolve_stopwords(self.stop_words)
            self._stop_keys = frozenset(self._keys(w) for w in self._stop)

    def _surface_and_keys(self, doc: str) -> tuple[list[str], list[str]]:
        return self._filter(word_tokens(doc))

    def _filter(self, tokens: list[str]) -> tuple[list[str], list[str]]:
        self._setup()
        surf, keys = [], []
        for tok in tokens:
            if len(tok) < self.min_length or tok in self._stop:
                continue
            key = self._keys(tok)
            if key in self._stop_keys:
                continue
            surf.append(tok)
            keys.append(key)
        return surf, keys

    def analyze(self, doc: str) -> list[str]:
        """Term keys of one document (unigrams, plus n-grams when ``ngram_range`` asks for them)."""
        return self.analyze_keys(self._surface_and_keys(doc)[1])

    # fit / transform ---------------------------------------------------------------------------
    def fit(self, docs: Sequence[str], y: Any = None) -> TopicVectorizer:
        self._setup()
        lid = _lid() if self.tag_languages else None
        df: Counter[str] = Counter()
        surfaces: dict[str, Counter[str]] = {}
        votes: Counter[tuple[str, str]] = Counter()
        pending: list[list[str]] = []
        # languages are tagged on at most max_tag_docs evenly spaced posts: a word's language is stable, and
        # this bounds the cost on large corpora (a word seen only in untagged posts is not transliterated)
        step = max(1, -(-len(docs) // self.max_tag_docs)) if self.max_tag_docs else 1
        for i, doc in enumerate(docs):
            tokens = word_tokens(doc)
            surf, keys = self._filter(tokens)
            for s, k in zip(surf, keys, strict=False):
                surfaces.setdefault(k, Counter())[s] += 1
            terms = self.analyze_keys(keys)
            df.update(set(terms))
            if lid is not None and i % step == 0:
                pending.append(tokens)
                if len(pending) >= 4096:
                    _vote(lid, pending, votes)
                    pending = []
        if lid is not None and pending:
            _vote(lid, pending, votes)
        n = max(len(docs), 1)
        lo = self.min_df if isinstance(self.min_df, int) else int(np.ceil(self.min_df * n))
        hi = self.max_df * n if isinstance(self.max_df, float) else self.max_df
        kept = [(t, c) for t, c in df.items() if c >= lo and (c <= hi or n < 10)]
        # deterministic order: frequency desc, then term
        kept.sort(key=lambda tc: (-tc[1], tc[0]))
        if self.max_features:
            kept = kept[: self.max_features]
        vocab = sorted(t for t, _ in kept)
        self.vocabulary_ = vocab
        self.index_ = {t: i for i, t in enumerate(vocab)}
        self.df_ = np.array([df[t] for t in vocab], dtype=np.int64)
        self.display_ = {}
        for t in vocab:
            forms: dict[str, Any] = {}
            main, langs = [], []
            for word in t.split(" "):
                cnt = surfaces.get(word)
                main.append(min(cnt.items(), key=lambda sc: (-sc[1], sc[0]))[0] if cnt else word)
                langs.append(_majority(cnt or Counter(), votes) if lid is not None else "")
            for word in t.split(" "):
                by_script: dict[str, tuple[int, str]] = {}
                for s, c in sorted(surfaces.get(word, Counter()).items()):
                    sc = script(s)
                    if sc not in by_script or c > by_script[sc][0]:
                        by_script[sc] = (c, s)
                for sc, (_, s) in by_script.items():
                    forms[sc] = (forms[sc] + " " + s) if sc in forms else s
            forms["main"] = " ".join(main)
            forms["count"] = int(sum(surfaces.get(t, Counter()).values())) if " " not in t else int(df[t])
            # an n-gram has one language only when all its words share it
            forms["lang"] = langs[0] if len(set(langs)) == 1 else "mixed"
            self.display_[t] = forms
        return self

    def analyze_keys(self, keys: list[str]) -> list[str]:
        lo, hi = self.ngram_range
        if hi <= 1:
            return keys
        out = list(keys) if lo <= 1 else []
        for n in range(max(2, lo), hi + 1):
            out.extend(" ".join(keys[i : i + n]) for i in range(len(keys) - n + 1))
        return out

    def transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        index = self.index_
        indptr, indices = [0], []
        for doc in docs:
            for t in self.analyze(doc):
                j = index.get(t)
                if j is not None:
                    indices.append(j)
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        X = sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(len(docs), len(index)))
        X.sum_duplicates()
        return X

    def display(self, term: str, script_name: str | None = None) -> str:
        """The surface form shown for ``term`` (``script_name`` "deva"/"latn", or the most natural one)."""
        forms = self.display_.get(term, {})
        if script_name:
            return forms.get(script_name, "")
        return forms.get("main") or forms.get("deva") or forms.get("latn") or term

    # persistence -------------------------------------------------------------------------------
    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return {"vocabulary": self.vocabulary_, "display": self.display_}, {"df": self.df_}

    def set_state(self, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> TopicVectorizer:
        self.vocabulary_ = list(config["vocabulary"])
        self.index_ = {t: i for i, t in enumerate(self.vocabulary_)}
        self.display_ = {k: dict(v) for k, v in config["display"].items()}
        self.df_ = np.asarray(arrays["df"])
        return self
