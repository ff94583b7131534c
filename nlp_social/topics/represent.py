"""Representation stage: per-topic term counts -> class-based TF-IDF words a reader can trust, and labels.

c-TF-IDF (Grootendorst 2022): each topic is one "class document"; ``tf`` is the topic's term frequency
normalized by its length and ``idf = log(1 + A / f_t)`` with ``A`` the mean number of words per topic and
``f_t`` the term's count over all topics. Everything is computed from the sparse ``(n_topics, n_terms)``
count matrix, so merging topics (sum of rows) and reloading a saved model need no documents.

Topic words (``bilingual=True``):

- each word is shown in **its own script**, the form the corpus wrote most often;
- **script variants are one entry**: when a topic's candidate words hold a Latin and a Devanagari spelling of
  one word (``lockdown`` / ``लॉकडाउन``, ``mask`` / ``मास्क``), their counts are summed before scoring and they
  are shown together (a Latin word and a Devanagari word are variants when one is among the other's 3 best
  transliterations, or, for words of 7+ letters, one edit away from one of the 5 best; and their consonant
  skeletons agree within one edit, which keeps translations such as ``movement`` / ``आंदोलन`` apart);
- the other script's form is the corpus' own spelling when it has one; otherwise a word is **transliterated
  only when the shipped LID model tagged it Hindi** in its posts (``pehno`` -> ``पहनो``, ``रोटी`` -> ``roti``).
  English words are never transliterated (no ``sale`` -> ``साले``), so a corpus of English posts gives topic
  words with no Devanagari in them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp

from nlp_social.topics.base import Stage, register_stage
from nlp_social.topics.tokens import script

#: candidate words per topic examined for script variants (x ``top_n``)
CANDIDATE_FACTOR = 3
#: a Latin and a Devanagari word are variants when one is among the other's best transliterations ...
VARIANT_NBEST = 3
#: ... or one edit away from one of its 5 best, for words of at least this many letters (short words differ
#: in one letter too often: lagwa / laga, pehno / pehne)
VARIANT_EDIT_MIN_LEN = 7


def ctfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    """c-TF-IDF scores for a ``(n_topics, n_terms)`` count matrix (``counts`` is left untouched)."""
    # copy=True: a dtype-converting csr_matrix() shares the index arrays with its input, and the in-place
    # index sorting done by later operations would then scramble the caller's matrix (its data not sorted)
    counts = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    sizes = np.asarray(counts.sum(axis=1)).ravel()
    sizes[sizes == 0] = 1.0
    tf = sp.diags(1.0 / sizes) @ counts
    f_t = np.asarray(counts.sum(axis=0)).ravel()
    A = counts.sum() / max(counts.shape[0], 1)
    idf = np.log(1.0 + A / np.maximum(f_t, 1.0))
    return sp.csr_matrix(tf.multiply(idf[None, :]))


@lru_cache(maxsize=1)
def _transliterator():
    """The shipped transliterator; a missing or damaged model raises (no silent switch to other words)."""
    from nlp_social.lang.translit import Transliterator

    return Transliterator.default()


def _edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _close(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= VARIANT_EDIT_MIN_LEN and _edits(a, b) <= 1)


def _deva_norm(word: str) -> str:
    from nlp_social.lang.unify import deva_key

    return deva_key(word)


class _Variants:
    """Decides whether a Latin and a Devanagari term are spellings of one word (cached per pair)."""

    def __init__(self, translit: Any):
        self.tr = translit
        self._latn: dict[str, list[str]] = {}
        self._deva: dict[str, set[str]] = {}

    def prefetch(self, latn_words: list[str], deva_words: list[str]) -> None:
        need_d = [w for w in dict.fromkeys(deva_words) if w not in self._latn]
        for w in need_d:
            self._latn[w] = [c for c, _ in self.tr.to_latn_nbest(w, 5)]
        need_l = [w for w in dict.fromkeys(latn_words) if w not in self._deva]
        if need_l:
            for w, cands in zip(need_l, self.tr.to_deva_nbest_many(need_l, 5), strict=True):
                self._deva[w] = {_deva_norm(c) for c, _ in cands[:VARIANT_NBEST]}

    def same(self, latn: str, deva: str) -> bool:
        from nlp_social.lang.unify import skeleton_key

        # the consonant skeletons must agree (one edit allowed): the transliterator's n-best lists also hold
        # translations from its word lists (आंदोलन -> "movement"), which are not spellings of one word
        if _edits(skeleton_key(latn), skeleton_key(deva)) > 1:
            return False
        if latn in self._latn[deva][:VARIANT_NBEST] or _deva_norm(deva) in self._deva[latn]:
            return True
        return any(_close(latn, c) for c in self._latn[deva])


def _spelling(word: str, candidates: list[str]) -> str:
    """The best transliteration whose consonant skeleton agrees with ``word`` (within one edit); the
    transliterator's lists also hold translations (``आंदोलन`` -> ``movement``), which are skipped."""
    from nlp_social.lang.unify import skeleton_key

    key = skeleton_key(word)
    for c in candidates:
        if _edits(skeleton_key(c), key) <= 1:
            return c
    return ""


def _term_script(forms: dict[str, Any], term: str) -> str:
    return script(forms.get("main") or term)


@register_stage
class CTfidfRepresentation(Stage):
    """Top ``top_n`` c-TF-IDF words per topic, each in its own script (script variants merged), and a label.

    ``bilingual=False`` shows the corpus' surface forms only (no variant merging, no transliteration).
    """

    def __init__(self, top_n: int = 10, label_words: int = 3, bilingual: bool = True):
        self.top_n = top_n
        self.label_words = label_words
        self.bilingual = bilingual

    def get_params(self) -> dict[str, Any]:
        return {"top_n": self.top_n, "label_words": self.label_words, "bilingual": self.bilingual}

    # ------------------------------------------------------------------------------------------
    def _groups(self, scores: sp.csr_matrix, vectorizer: Any) -> dict[int, int]:
        """Union of script-variant pairs found among each topic's candidate words: term -> group root."""
        vocab, display = vectorizer.vocabulary_, vectorizer.display_
        per_topic: list[tuple[list[int], list[int]]] = []
        latn_all, deva_all = [], []
        for row in range(scores.shape[0]):
            s, e = scores.indptr[row], scores.indptr[row + 1]
            idx, val = scores.indices[s:e], scores.data[s:e]
            cand = idx[np.lexsort((idx, -val))[: CANDIDATE_FACTOR * self.top_n]]
            # only single words: a bigram is kept as it is
            cand = [int(j) for j in cand if " " not in vocab[j]]
            lat = [j for j in cand if _term_script(display.get(vocab[j], {}), vocab[j]) == "latn"]
            dev = [j for j in cand if _term_script(display.get(vocab[j], {}), vocab[j]) == "deva"]
            if lat and dev:
                per_topic.append((lat, dev))
                latn_all += [display[vocab[j]].get("main", vocab[j]) for j in lat]
                deva_all += [display[vocab[j]].get("main", vocab[j]) for j in dev]
        parent: dict[int, int] = {}
        if not per_topic:
            return parent
        variants = _Variants(_transliterator())
        variants.prefetch(latn_all, deva_all)

        def root(x: int) -> int:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for lat, dev in per_topic:
            for d in dev:
                dw = display[vocab[d]].get("main", vocab[d])
                for la in lat:
                    if variants.same(display[vocab[la]].get("main", vocab[la]), dw):
                        a, b = root(la), root(d)
                        if a != b:
                            parent[max(a, b)] = min(a, b)
        return {t: root(t) for t in list(parent)}

    def represent(self, counts: sp.csr_matrix, topic_ids: list[int], vectorizer: Any) -> dict[int, dict[str, Any]]:
        """``{topic: {"terms", "scores", "words", "words_deva", "words_latn", "langs", "label"}}``.

        ``words`` are in their own script; ``words_deva`` / ``words_latn`` give each word's Devanagari / Latin
        form or ``""`` where it has none (an English word has no Devanagari form unless the corpus wrote one);
        ``langs`` is the word's language from LID (``hi`` / ``en`` / ``other``; ``""`` when not tagged);
        ``terms`` are the vectorizer keys (the first of merged variants).
        """
        counts = sp.csr_matrix(counts, copy=True)
        vocab = vectorizer.vocabulary_
        display = getattr(vectorizer, "display_", {})
        groups = self._groups(ctfidf(counts).tocsr(), vectorizer) if self.bilingual else {}
        members: dict[int, list[int]] = {}
        for t, r in groups.items():
            members.setdefault(r, []).append(t)
        if groups:
            # merge variant columns (summed counts) before scoring; non-root members get an empty column
            n = counts.shape[1]
            target = np.arange(n)
            for t, r in groups.items():
                target[t] = r
            M = sp.csr_matrix((np.ones(n), (np.arange(n), target)), shape=(n, n))
            counts = sp.csr_matrix(counts @ M)
        scores = ctfidf(counts).tocsr()
        out: dict[int, dict[str, Any]] = {}
        for row, tid in enumerate(topic_ids):
            start, end = scores.indptr[row], scores.indptr[row + 1]
            idx, val = scores.indices[start:end], scores.data[start:end]
            order = np.lexsort((idx, -val))[: self.top_n]  # score desc, term index asc (deterministic)
            entries = [self._entry(int(idx[i]), members, vocab, display) for i in order]
            terms = [e["term"] for e in entries]
            words = [e["word"] for e in entries]
            label_terms = words[: self.label_words]
            label = (f"{tid}_" + "_".join(label_terms)) if label_terms else f"{tid}"
            if tid == -1:
                label = "-1_outliers" + ("_" + "_".join(label_terms) if label_terms else "")
            out[tid] = {
                "terms": terms,
                "scores": [float(val[i]) for i in order],
                "words": words,
                "words_deva": [e["deva"] for e in entries],
                "words_latn": [e["latn"] for e in entries],
                "langs": [e["lang"] for e in entries],
                "label": label,
            }
        if self.bilingual:
            self._transliterate_missing(out)
        return out

    @staticmethod
    def _entry(j: int, members: dict[int, list[int]], vocab: list[str], display: dict[str, dict]) -> dict[str, Any]:
        ids = [j] + sorted(members.get(j, []))
        forms = [display.get(vocab[t], {}) for t in ids]

        def most_used(which: list[int]) -> int:
            return max(which, key=lambda i: (int(forms[i].get("count", 0)), -i))

        best = most_used(list(range(len(ids))))  # the spelling written most often shows the word
        with_latn = [i for i in range(len(ids)) if forms[i].get("latn")]
        with_deva = [i for i in range(len(ids)) if forms[i].get("deva")]
        latn = forms[most_used(with_latn)]["latn"] if with_latn else ""
        deva = forms[most_used(with_deva)]["deva"] if with_deva else ""
        # a Latin spelling's LID tag decides whether the word is Hindi (Devanagari tokens are always "hi")
        lang = forms[most_used(with_latn)].get("lang", "") if with_latn else forms[best].get("lang", "")
        return {"term": vocab[j], "word": forms[best].get("main") or vocab[ids[best]], "deva": deva,
                "latn": latn, "lang": lang}

    @staticmethod
    def _transliterate_missing(out: dict[int, dict[str, Any]]) -> None:
        """Fill the missing script of Hindi words only (LID ``hi``); English and other words stay as written."""
        need_deva = sorted({w for r in out.values() for w, d, lg in zip(r["words_latn"], r["words_deva"],
                                                                      r["langs"], strict=True)
                            if w and not d and lg == "hi" and " " not in w})
        need_latn = sorted({w for r in out.values() for w, lt in zip(r["words_deva"], r["words_latn"], strict=True)
                            if w and not lt and " " not in w})
        if not need_deva and not need_latn:
            return
        tr = _transliterator()
        to_deva = dict(zip(need_deva, (_spelling(w, [c for c, _ in cands]) for w, cands in
                                       zip(need_deva, tr.to_deva_nbest_many(need_deva, 5), strict=True)),
                           strict=True)) if need_deva else {}
        to_latn = {w: _spelling(w, [c for c, _ in tr.to_latn_nbest(w, 5)]) for w in need_latn}
        for r in out.values():
            for i, lg in enumerate(r["langs"]):
                if not r["words_deva"][i] and lg == "hi":
                    r["words_deva"][i] = to_deva.get(r["words_latn"][i], "")
                if not r["words_latn"][i]:
                    r["words_latn"][i] = to_latn.get(r["words_deva"][i], "")
