"""Representation stage: per-topic term counts -> class-based TF-IDF words, bilingual forms, labels.

c-TF-IDF (Grootendorst 2022): each topic is one "class document"; ``tf`` is the topic's term frequency
normalized by its length and ``idf = log(1 + A / f_t)`` with ``A`` the mean number of words per topic and
``f_t`` the term's count over all topics. Everything is computed from the sparse ``(n_topics, n_terms)``
count matrix, so merging topics (sum of rows) and reloading a saved model need no documents.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp

from nlp_social.topics.base import Stage, register_stage


def ctfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    """c-TF-IDF scores for a ``(n_topics, n_terms)`` count matrix."""
    counts = sp.csr_matrix(counts, dtype=np.float64)
    sizes = np.asarray(counts.sum(axis=1)).ravel()
    sizes[sizes == 0] = 1.0
    tf = sp.diags(1.0 / sizes) @ counts
    f_t = np.asarray(counts.sum(axis=0)).ravel()
    A = counts.sum() / max(counts.shape[0], 1)
    idf = np.log(1.0 + A / np.maximum(f_t, 1.0))
    return sp.csr_matrix(tf.multiply(idf[None, :]))


@lru_cache(maxsize=1)
def _transliterator():
    try:
        from nlp_social.lang.translit import Transliterator  # type: ignore[attr-defined]

        return Transliterator.default()
    except Exception:  # optional: built by the transliteration component
        return None


def bilingual_forms(forms: dict[str, str], use_translit: bool = True) -> tuple[str, str]:
    """``(devanagari, latin)`` forms of a term: the corpus' own surface forms first, else transliterated."""
    deva, latn = forms.get("deva", ""), forms.get("latn", "")
    tr = _transliterator() if use_translit and not (deva and latn) else None
    if tr is not None:
        try:
            if not deva and latn:
                deva = " ".join(tr.to_deva(w) for w in latn.split(" "))
            if not latn and deva:
                latn = " ".join(tr.to_latn(w) for w in deva.split(" "))
        except Exception:
            pass
    return deva, latn


@register_stage
class CTfidfRepresentation(Stage):
    """Top ``top_n`` c-TF-IDF terms per topic, their Devanagari and Latin forms, and a short label."""

    def __init__(self, top_n: int = 10, label_words: int = 3, bilingual: bool = True):
        self.top_n = top_n
        self.label_words = label_words
        self.bilingual = bilingual

    def get_params(self) -> dict[str, Any]:
        return {"top_n": self.top_n, "label_words": self.label_words, "bilingual": self.bilingual}

    def represent(self, counts: sp.csr_matrix, topic_ids: list[int], vectorizer: Any) -> dict[int, dict[str, Any]]:
        """``{topic: {"terms", "scores", "words", "words_deva", "words_latn", "label"}}``."""
        scores = ctfidf(counts).tocsr()
        vocab = vectorizer.vocabulary_
        out: dict[int, dict[str, Any]] = {}
        for row, tid in enumerate(topic_ids):
            start, end = scores.indptr[row], scores.indptr[row + 1]
            idx, val = scores.indices[start:end], scores.data[start:end]
            order = np.lexsort((idx, -val))[: self.top_n]  # score desc, term index asc (deterministic)
            terms = [vocab[idx[i]] for i in order]
            vals = [float(val[i]) for i in order]
            words = [vectorizer.display(t) for t in terms]
            deva, latn = [], []
            for t in terms:
                d, lt = bilingual_forms(vectorizer.display_.get(t, {}), self.bilingual)
                deva.append(d)
                latn.append(lt)
            label_terms = words[: self.label_words]
            label = (f"{tid}_" + "_".join(label_terms)) if label_terms else f"{tid}"
            if tid == -1:
                label = "-1_outliers" + ("_" + "_".join(label_terms) if label_terms else "")
            out[tid] = {"terms": terms, "scores": vals, "words": words, "words_deva": deva,
                        "words_latn": latn, "label": label}
        return out
