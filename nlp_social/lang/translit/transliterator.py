"""Word transliteration between Devanagari and romanized (Hinglish-style) Hindi.

``Transliterator`` combines three learned parts, all saved as JSON + npz (no pickle):

- a lexicon of known pairs (Dakshina, Xlit-Crowd, FIRE-2013, Singh 2018): the most attested
  romanization of a known Devanagari word, and the Devanagari words seen for a romanized form;
- for Latin -> Devanagari, a neural character model (:mod:`.nn`, numpy inference, batched beam
  search over many words at once) whose n-best list is rescored with the word prior and the lexicon;
- a joint-sequence (graphone) n-gram model (:mod:`.model`): Devanagari -> Latin, and the Latin ->
  Devanagari fallback when no neural model is present (or ``neural=False``);
- a Hindi word-frequency prior that reranks the models' Devanagari candidates.

Results are cached per distinct word (an LRU), so a corpus costs its vocabulary, not its tokens.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp_social.errors import ModelFormatError
from nlp_social.lang.translit.model import JointNgram, build_joint_ngram
from nlp_social.lang.translit.nn import NN_ARRAYS_FILE, TRANSLIT_FORMAT, NeuralTranslit
from nlp_social.lang.translit.rules import deva_units, is_deva, is_latn, rule_to_deva, rule_to_latn
from nlp_social.model_folder import (
    MODEL_CONFIG,
    load_arrays,
    model_loader,
    read_model_config,
    save_arrays,
    write_model_config,
)
from nlp_social.paths import model_path
from nlp_social.text import patterns as P

#: The model-folder contract (:mod:`nlp_social.model_folder`): format name and the version written/read.
FORMAT = TRANSLIT_FORMAT
FORMAT_VERSION = 1
CONFIG_FILE = MODEL_CONFIG
LEXICON_FILE = "words.json"  # known pairs + prior vocabulary (not "lexicon*": that name is the stance lexicon's)
ARRAYS_FILE = "graphone.npz"
#: ``nlp_social.json`` key ``vocab_order``: ``words.json`` lists the vocabulary sorted by retrieval key,
#: then prior (descending), then word
VOCAB_ORDER = "retrieval_key,-prior,word"
#: Files of the layout before the model-folder contract (``translit.json`` ...): removed on save.
LEGACY_FILES = ("translit.json", "translit.npz", "translit_nn.json", "translit_nn.npz")

_TOKEN_RE = re.compile(r"\s+|[^\s]+")
_LATN_RUN = re.compile(r"[A-Za-z]+")
_DEVA_RUN = re.compile(f"[{P.DEVA_NON_DIGITS}]+")
_DEVA_DIGITS = str.maketrans({chr(0x0966 + i): str(i) for i in range(10)} | {"।": ".", "॥": "."})
_HI_TAGS = {"hi", "hin", "hindi"}


_RKEY_SUBS = (
    ("ch", "C"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "j"),
    ("w", "v"),
    ("f", "p"),
    ("m", "n"),
)


def retrieval_key(latn: str) -> str:
    """A lossy consonant key shared by spelling variants (``paranparik`` / ``paramparik`` -> ``prnprk``)."""
    w = latn.lower()
    for a, b in _RKEY_SUBS:
        w = w.replace(a, b)
    head = "V" if w[:1] in "aeiouy" else ""
    w = re.sub(r"[aeiouyh]", "", w)
    return head + re.sub(r"(.)\1+", r"\1", w)


class _LRU:
    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict = OrderedDict()

    def get(self, key):
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self.data[key] = value
        if len(self.data) > self.size:
            self.data.popitem(last=False)


def combined_scores(
    cands: dict[str, float],
    prior: dict[str, float],
    lexicon: dict[str, int],
    *,
    prior_weight: float,
    oov_logp: float,
    lexicon_weight: float,
    length_weight: float = 0.0,
) -> dict[str, float]:
    """Each candidate's model log-prob plus the word-prior, lexicon and per-character terms."""
    return {
        c: lp
        + prior_weight * prior.get(c, oov_logp)
        + lexicon_weight * math.log1p(lexicon.get(c, 0))
        + length_weight * len(c)
        for c, lp in cands.items()
    }


def rescore(
    cands: dict[str, float],
    prior: dict[str, float],
    lexicon: dict[str, int],
    *,
    prior_weight: float,
    oov_logp: float,
    lexicon_weight: float,
    k: int,
    length_weight: float = 0.0,
) -> list[tuple[str, float]]:
    """Rerank candidate log-probs with the word prior, the lexicon of known pairs and a per-character
    bonus (the model's sum of log-probs favours short words); top ``k`` with probabilities (softmax over
    the kept candidates' combined scores)."""
    scored = combined_scores(
        cands,
        prior,
        lexicon,
        prior_weight=prior_weight,
        oov_logp=oov_logp,
        lexicon_weight=lexicon_weight,
        length_weight=length_weight,
    )
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    top = ranked[0][1]
    exps = [math.exp(s - top) for _, s in ranked]
    z = sum(exps)
    return [(c, e / z) for (c, _), e in zip(ranked, exps, strict=True)]


class Transliterator:
    """Devanagari <-> romanized Hindi word transliteration (learned, with n-best and scores).

    Parameters are decoding and training options; learned attributes end in ``_``. ``nn_prune``: the
    neural beam stops extending a hypothesis this many nats behind its word's best (``None``: exact).
    """

    def __init__(
        self,
        order: int = 4,
        beam: int = 4,
        per_source: int = 4,
        prior_weight: float = 0.7,
        oov_logp: float = -18.0,
        lexicon_weight: float = 1.0,
        retrieve: int = 20,
        confident_align_logp: float | None = -18.0,
        rule_bonus: float = 3.0,
        neural: bool = True,
        nn_beam: int = 5,
        nn_prior_weight: float = 0.5,
        nn_oov_logp: float = -25.0,
        nn_lexicon_weight: float = 0.0,
        nn_retrieve: int = 10,
        nn_length_weight: float = 0.6,
        nn_skip_margin: float | None = 4.0,
        nn_prune: float | None = 10.0,
        em_iterations: int = 4,
        em_sample: int = 20000,
        cache_size: int = 200_000,
        random_state: int = 0,
    ) -> None:
        self.order = order
        self.beam = beam
        self.per_source = per_source
        self.prior_weight = prior_weight
        self.oov_logp = oov_logp
        self.lexicon_weight = lexicon_weight
        self.retrieve = retrieve
        self.confident_align_logp = confident_align_logp
        self.rule_bonus = rule_bonus
        self.neural = neural
        self.nn_beam = nn_beam
        self.nn_prior_weight = nn_prior_weight
        self.nn_oov_logp = nn_oov_logp
        self.nn_lexicon_weight = nn_lexicon_weight
        self.nn_retrieve = nn_retrieve
        self.nn_length_weight = nn_length_weight
        self.nn_skip_margin = nn_skip_margin
        self.nn_prune = nn_prune
        self.em_iterations = em_iterations
        self.em_sample = em_sample
        self.cache_size = cache_size
        self.random_state = random_state

    # ------------------------------------------------------------------------------------ training
    def fit(
        self,
        pairs: Iterable[tuple[str, str, int]],
        vocab: dict[str, float] | None = None,
        progress: Any = None,
    ) -> Transliterator:
        """Learn from ``(deva, latn, count)`` word pairs; ``vocab`` maps Devanagari words to counts."""
        clean: dict[tuple[str, str], int] = {}
        for deva, latn, count in pairs:
            deva = unicodedata.normalize("NFC", str(deva).strip())
            latn = str(latn).strip().lower()
            if (
                not deva
                or not latn
                or not latn.isascii()
                or not latn.isalpha()
                or not _DEVA_RUN.fullmatch(deva)
            ):
                continue
            clean[(deva, latn)] = clean.get((deva, latn), 0) + max(int(count), 1)
        by_latn: dict[str, dict[str, int]] = {}
        by_deva: dict[str, dict[str, int]] = {}
        for (deva, latn), c in clean.items():
            by_latn.setdefault(latn, {})[deva] = c
            by_deva.setdefault(deva, {})[latn] = c
        self.lexicon_latn_ = {
            latn: tuple(sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
            for latn, d in by_latn.items()
        }
        self.lexicon_deva_ = {
            deva: max(d.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] for deva, d in by_deva.items()
        }
        self.model_, self.train_stats_ = build_joint_ngram(
            [(latn, deva, c) for (deva, latn), c in clean.items()],
            order=self.order,
            iterations=self.em_iterations,
            em_sample=self.em_sample,
            random_state=self.random_state,
            progress=progress,
        )
        # round-trip through the saved array types so that a saved model decodes identically
        m = self.model_
        self.model_ = JointNgram.from_arrays(m.latn, m.deva, m.to_arrays(), m.order, m.max_l, m.max_d)
        self.vocab_ = self._prior_from_counts(vocab or {})
        self._rkeys = self._rindex = self._rsorted = None
        self.nn_: NeuralTranslit | None = None  # attached after training (nlp_social.lang.translit.nn_train)
        self._reset_cache()
        return self

    @staticmethod
    def _prior_from_counts(vocab: dict[str, float]) -> dict[str, float]:
        total = float(sum(v for v in vocab.values() if v > 0)) or 1.0
        return {
            unicodedata.normalize("NFC", w): float(np.float32(math.log(v / total)))
            for w, v in vocab.items()
            if v > 0
        }

    def _reset_cache(self) -> None:
        self._cache_deva = _LRU(self.cache_size)
        self._cache_latn = _LRU(self.cache_size)

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise ModelFormatError("Transliterator is not fitted: call fit(...) or Transliterator.load(path)")

    # ----------------------------------------------------------------------------- Latin -> Deva
    def to_deva_nbest(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        """Up to ``k`` Devanagari candidates for a romanized word, with probabilities summing to <= 1."""
        return self.to_deva_nbest_many([word], k)[0]

    def to_deva_nbest_many(self, words: Sequence[str], k: int = 5) -> list[list[tuple[str, float]]]:
        """:meth:`to_deva_nbest` for many words: the distinct uncached ones are decoded in one batch."""
        self._check_fitted()
        out: list[list[tuple[str, float]] | None] = [None] * len(words)
        todo: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            w = word.lower()
            hit = self._cache_deva.get((w, k))
            if hit is not None:
                out[i] = list(hit)
            else:
                todo.setdefault(w, []).append(i)
        plain = [w for w in todo if w.isascii() and w.isalpha()]
        decoded = dict(zip(plain, self._latn_words_nbest(plain, k), strict=True))
        for w, idx in todo.items():
            res = decoded.get(w)
            if res is None:
                # mixed token (digits, punctuation): transliterate the letter runs only
                res = [(_LATN_RUN.sub(lambda m: self.to_deva(m.group(0)), words[idx[0]]), 1.0)]
            self._cache_deva.put((w, k), tuple(res))
            for i in idx:
                out[i] = list(res)
        return out  # type: ignore[return-value]

    def to_deva_many(self, words: Sequence[str]) -> list[str]:
        """Best Devanagari form of each word (non-Latin input unchanged), decoded as one batch."""
        latn = [w for w in words if is_latn(w)]
        best = {w: r[0][0] for w, r in zip(latn, self.to_deva_nbest_many(latn, 1), strict=True)}
        return [best.get(w, w) for w in words]

    @property
    def uses_neural(self) -> bool:
        """Whether Latin -> Devanagari runs the neural model (present and enabled)."""
        return bool(self.neural) and getattr(self, "nn_", None) is not None

    def graphone_view(self) -> Transliterator:
        """A shallow copy that decodes Latin -> Devanagari with the graphone model (own caches)."""
        import copy

        view = copy.copy(self)
        view.neural = False
        view._reset_cache()
        return view

    def _latn_words_nbest(self, ws: Sequence[str], k: int) -> list[list[tuple[str, float]]]:
        if not ws:
            return []
        if self.uses_neural:
            return self._neural_nbest(ws, k)
        return [self._latn_word_nbest(w, k) for w in ws]

    def neural_candidates(
        self, ws: Sequence[str], k: int | None = None, floor_k: int | None = None
    ) -> list[dict[str, float]]:
        """Neural log-probs of each word's candidates: the beam's n-best, plus the known lexicon
        romanizations and (``nn_retrieve``) consonant-key vocabulary matches, scored by forced decoding.

        ``floor_k``: the caller keeps the ``floor_k`` best after rescoring with this model's weights, so
        a forced decoding stops as soon as its candidate can no longer enter them (exact: scores only
        fall as a decoding grows, and the rescoring bonus of a named candidate is known in advance).
        """
        beam = max(k or 0, self.nn_beam)
        encodings: dict = {}  # the beam's encoder states, reused by the forced decoding below
        nbest = self.nn_.nbest(ws, k=beam, prune=self.nn_prune, encodings=encodings)
        cands = [dict(nb) for nb in nbest]
        ask_w: list[str] = []
        ask_c: list[str] = []
        ask_i: list[int] = []
        ask_f: list[float] = []
        # a candidate this far below the beam's best cannot win even with the largest prior,
        # lexicon and length bonus: its forced decoding stops there (most retrieved words do)
        margin = self._max_bonus()
        for i, w in enumerate(ws):
            lexicon = self.lexicon_latn_.get(w, ())
            extra = [c for c, _ in lexicon]
            combined = self._combined(w, cands[i]) if cands[i] else {}
            if self.nn_retrieve > 0 and not self._beam_is_confident(combined):
                extra += self._retrieved(retrieval_key(w))[: self.nn_retrieve]
            extra = [c for c in dict.fromkeys(extra) if c not in cands[i]]
            if not extra:
                continue
            base = max(cands[i].values(), default=0.0) - margin
            kth = -math.inf
            if floor_k is not None and len(combined) >= floor_k:
                kth = sorted(combined.values(), reverse=True)[floor_k - 1]
            lex = dict(lexicon)
            for c in extra:
                ask_w.append(w)
                ask_c.append(c)
                ask_i.append(i)
                ask_f.append(max(base, kth - self._bonus(c, lex)))
        if ask_w:
            scores = self.nn_.score(ask_w, ask_c, floor=ask_f, encodings=encodings).tolist()
            for i, c, lp in zip(ask_i, ask_c, scores, strict=True):
                if lp > -math.inf:
                    cands[i][c] = lp
        return cands

    def _bonus(self, c: str, lexicon: dict[str, int]) -> float:
        """The rescoring terms of candidate ``c`` on top of its log-prob (see :func:`combined_scores`)."""
        return (
            self.nn_prior_weight * self.vocab_.get(c, self.nn_oov_logp)
            + self.nn_lexicon_weight * math.log1p(lexicon.get(c, 0))
            + self.nn_length_weight * len(c)
        )

    def _combined(self, w: str, cands: dict[str, float]) -> dict[str, float]:
        return combined_scores(
            cands,
            self.vocab_,
            dict(self.lexicon_latn_.get(w, ())),
            prior_weight=self.nn_prior_weight,
            oov_logp=self.nn_oov_logp,
            lexicon_weight=self.nn_lexicon_weight,
            length_weight=self.nn_length_weight,
        )

    def _beam_is_confident(self, combined: dict[str, float]) -> bool:
        """The beam's rescored best (``combined``: candidate -> rescored score) is a known word, ahead of
        the runner-up by ``nn_skip_margin`` nats: retrieval (the costly forced scoring) is skipped
        (held-out train slice: 40% of the words, same top-1, top-5 -0.8 points)."""
        if self.nn_skip_margin is None or not combined:
            return False
        scored = sorted((v, c) for c, v in combined.items())
        best_score, best = scored[-1]
        runner_up = scored[-2][0] if len(scored) > 1 else -math.inf
        return best in self.vocab_ and best_score - runner_up >= self.nn_skip_margin

    def _max_bonus(self) -> float:
        """Bound of the rescoring bonus one candidate can gain over another (nats); the length term
        assumes candidates within 10 characters of each other."""
        key = (self.nn_prior_weight, self.nn_oov_logp, self.nn_lexicon_weight, self.nn_length_weight)
        cached = getattr(self, "_bonus_cache", None)
        if cached is None or cached[0] != key:
            hi = max(self.vocab_.values(), default=0.0)
            lo = min(min(self.vocab_.values(), default=0.0), self.nn_oov_logp)
            lex = math.log1p(max((c for v in self.lexicon_latn_.values() for _, c in v), default=0))
            bound = (
                abs(self.nn_prior_weight) * (hi - lo)
                + abs(self.nn_lexicon_weight) * lex
                + abs(self.nn_length_weight) * 10
                + 1.0
            )
            cached = self._bonus_cache = (key, bound)
        return cached[1]

    def _neural_nbest(self, ws: Sequence[str], k: int) -> list[list[tuple[str, float]]]:
        out = []
        for w, cands in zip(ws, self.neural_candidates(ws, k, floor_k=k), strict=True):
            if not cands:
                out.append([(rule_to_deva(w), 1.0)])
                continue
            out.append(
                rescore(
                    cands,
                    self.vocab_,
                    dict(self.lexicon_latn_.get(w, ())),
                    prior_weight=self.nn_prior_weight,
                    oov_logp=self.nn_oov_logp,
                    lexicon_weight=self.nn_lexicon_weight,
                    k=k,
                    length_weight=self.nn_length_weight,
                )
            )
        return out

    def _latn_word_nbest(self, w: str, k: int) -> list[tuple[str, float]]:
        scores: dict[str, float] = {}
        best_align, worst_align = -math.inf, math.inf
        if self.retrieve > 0:
            # known Hindi words with the same consonant key, scored by forced alignment: the decoder's
            # beam misses many real words whose vowels it guesses differently
            for cand in self._retrieved(retrieval_key(w))[: self.retrieve]:
                lp = self.model_.score_pair(w, deva_units(cand))
                if lp is not None:
                    scores[cand] = lp + self.prior_weight * self.vocab_[cand]
                    best_align, worst_align = max(best_align, lp), min(worst_align, lp)
        floor = worst_align - 2.0 if scores else 0.0
        # a known word that aligns this well is the answer in practice (dev: a quarter of the words, no
        # top-1 loss): the beam search, the costly part, is skipped for it
        skip = self.confident_align_logp is not None and best_align > self.confident_align_logp
        if not skip:
            nbest = self.model_.decode(w, "deva", k=max(k, 8), beam=self.beam, per_source=self.per_source)
            if nbest:
                floor = nbest[-1][1] - 2.0
            for cand, lp in nbest:  # the decoder's score (summed over segmentations) wins over alignment
                scores[cand] = lp + self.prior_weight * self.vocab_.get(cand, self.oov_logp)
        for cand, count in self.lexicon_latn_.get(w, ()):
            base = scores.get(cand, floor + self.prior_weight * self.vocab_.get(cand, self.oov_logp))
            scores[cand] = base + self.lexicon_weight * math.log1p(count)
        if not scores:
            return [(rule_to_deva(w), 1.0)]
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        top = ranked[0][1]
        exps = [math.exp(s - top) for _, s in ranked]
        z = sum(exps)
        return [(c, e / z) for (c, _), e in zip(ranked, exps, strict=False)]

    def _retrieval_keys(self) -> dict[str, str]:
        keys = getattr(self, "_rkeys", None)
        if keys is None:
            keys = self._rkeys = {word: retrieval_key(rule_to_latn(word)) for word in self.vocab_}
        return keys

    def _retrieved(self, key: str) -> Sequence[str]:
        """The known words whose retrieval key is ``key``, highest prior first (ties: alphabetical)."""
        ordered = getattr(self, "_rsorted", None)
        if ordered is not None:
            # a folder saved in retrieval order (see :meth:`save`): a binary search, nothing to build
            keys, words = ordered
            lo = bisect_left(keys, key)
            return words[lo : bisect_right(keys, key, lo)]
        return self._retrieval_index().get(key, ())

    def _retrieval_index(self) -> dict[str, list[str]]:
        index = getattr(self, "_rindex", None)
        if index is None:
            # one stable sort of the whole vocabulary by prior (ties: alphabetical, the order the
            # words come in) instead of a keyed sort per group: appended in that order, every group
            # is already ranked by (-prior, word)
            keys = self._retrieval_keys()
            words = sorted(keys)
            vocab = self.vocab_
            logp = np.fromiter((vocab[w] for w in words), dtype=np.float64, count=len(words))
            index = {}
            for i in np.argsort(-logp, kind="stable").tolist():
                w = words[i]
                group = index.get(keys[w])
                if group is None:
                    index[keys[w]] = [w]
                else:
                    group.append(w)
            self._rindex = index
        return index

    def to_deva(self, word: str) -> str:
        """Best Devanagari form of a romanized word (non-Latin input is returned unchanged)."""
        if not is_latn(word):
            return word
        return self.to_deva_nbest(word, k=1)[0][0]

    # ----------------------------------------------------------------------------- Deva -> Latin
    def to_latn_nbest(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        """Up to ``k`` romanizations of a Devanagari word, with probabilities."""
        self._check_fitted()
        key = (word, k)
        hit = self._cache_latn.get(key)
        if hit is not None:
            return list(hit)
        w = unicodedata.normalize("NFC", word)
        if not _DEVA_RUN.fullmatch(w):
            out = [(_DEVA_RUN.sub(lambda m: self.to_latn(m.group(0)), w).translate(_DEVA_DIGITS), 1.0)]
        else:
            out = self._deva_word_nbest(w, k)
        self._cache_latn.put(key, tuple(out))
        return out

    def _deva_word_nbest(self, w: str, k: int) -> list[tuple[str, float]]:
        known = self.lexicon_deva_.get(w)
        nbest = self.model_.decode(
            deva_units(w), "latn", k=max(k, 8), beam=self.beam, per_source=self.per_source
        )
        # the rule romanization, when the model also finds it plausible, is usually the plainest spelling
        rule = rule_to_latn(w)
        scores = dict(nbest)
        if rule in scores:
            scores[rule] += self.rule_bonus
        else:
            scores[rule] = (nbest[-1][1] - 1.0 if nbest else 0.0) + self.rule_bonus
        nbest = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        top = nbest[0][1]
        exps = [(c, math.exp(s - top)) for c, s in nbest]
        if known is not None:
            exps = [(known, sum(e for _, e in exps) * 4.0)] + [(c, e) for c, e in exps if c != known]
        z = sum(e for _, e in exps)
        return [(c, e / z) for c, e in exps[:k]]

    def to_latn(self, word: str) -> str:
        """Readable Hinglish-style romanization of a Devanagari word (other input unchanged)."""
        if not is_deva(word):
            return word
        self._check_fitted()
        w = unicodedata.normalize("NFC", word)
        if _DEVA_RUN.fullmatch(w):
            # a known word's most attested romanization always ranks first (see _deva_word_nbest):
            # the decoder, the costly part, is not needed for the best form
            known = self.lexicon_deva_.get(w)
            if known is not None:
                return known
        return self.to_latn_nbest(word, k=1)[0][0]

    # ---------------------------------------------------------------------------------- text level
    def transliterate(self, text: str, to: str = "deva", langs: Sequence[str] | None = None) -> str:
        """Transliterate whitespace tokens of ``text`` into script ``to`` ("deva" or "latn").

        Without ``langs`` only tokens of the other script are converted. With ``langs`` (one LID tag per
        whitespace token, e.g. from ``LanguageIdentifier``), only tokens tagged Hindi are converted, so
        English words stay as they are.
        """
        return self.transliterate_many([text], to=to, langs=None if langs is None else [langs])[0]

    def transliterate_many(
        self, texts: Sequence[str], to: str = "deva", langs: Sequence[Sequence[str]] | None = None
    ) -> list[str]:
        """:meth:`transliterate` for many texts; all their distinct words are decoded as one batch."""
        if to not in ("deva", "latn"):
            raise ValueError(f"to must be 'deva' or 'latn', not {to!r}")
        split = []
        for i, text in enumerate(texts):
            parts = _TOKEN_RE.findall(text)
            tokens = [p for p in parts if not p.isspace()]
            tags = list(langs[i]) if langs is not None else [None] * len(tokens)
            if len(tags) != len(tokens):
                raise ValueError(f"got {len(tags)} language tags for {len(tokens)} tokens")
            split.append((parts, tokens, tags))
        # the distinct letter runs of every Hindi token, decoded as one batch (fills the cache)
        if to == "deva":
            runs = [
                m.group(0)
                for _, tokens, tags in split
                for tok, tag in zip(tokens, tags, strict=True)
                if is_latn(tok) and (tag is None or str(tag).lower() in _HI_TAGS)
                for m in _LATN_RUN.finditer(tok)
            ]
            self.to_deva_nbest_many(runs, 1)
        convert = self._convert_token_deva if to == "deva" else self._convert_token_latn
        out = []
        for parts, _, tags in split:
            pieces: list[str] = []
            t = 0
            for p in parts:
                if p.isspace():
                    pieces.append(p)
                    continue
                lang = tags[t]
                t += 1
                pieces.append(p if lang is not None and str(lang).lower() not in _HI_TAGS else convert(p))
            out.append("".join(pieces))
        return out

    def _convert_token_deva(self, token: str) -> str:
        return _LATN_RUN.sub(lambda m: self._case_free_deva(m.group(0)), token) if is_latn(token) else token

    def _case_free_deva(self, run: str) -> str:
        return self.to_deva_nbest(run, k=1)[0][0]

    def _convert_token_latn(self, token: str) -> str:
        if not is_deva(token):
            return token
        return _DEVA_RUN.sub(lambda m: self.to_latn_nbest(m.group(0), k=1)[0][0], token).translate(
            _DEVA_DIGITS
        )

    def pipe(self, words: Iterable[str], to: str = "deva") -> list[str]:
        """Transliterate many words (cached per distinct word)."""
        words = list(words)
        if to == "deva":
            return self.to_deva_many(words)
        return [self.to_latn(w) for w in words]

    # ------------------------------------------------------------------------------- persistence
    def get_params(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "beam": self.beam,
            "per_source": self.per_source,
            "prior_weight": self.prior_weight,
            "oov_logp": self.oov_logp,
            "lexicon_weight": self.lexicon_weight,
            "retrieve": self.retrieve,
            "confident_align_logp": self.confident_align_logp,
            "rule_bonus": self.rule_bonus,
            "neural": self.neural,
            "nn_beam": self.nn_beam,
            "nn_prior_weight": self.nn_prior_weight,
            "nn_oov_logp": self.nn_oov_logp,
            "nn_lexicon_weight": self.nn_lexicon_weight,
            "nn_retrieve": self.nn_retrieve,
            "nn_length_weight": self.nn_length_weight,
            "nn_skip_margin": self.nn_skip_margin,
            "nn_prune": self.nn_prune,
            "em_iterations": self.em_iterations,
            "em_sample": self.em_sample,
            "cache_size": self.cache_size,
            "random_state": self.random_state,
        }

    def save(self, path: str | Path) -> Path:
        """Write the model folder ``path``: ``nlp_social.json`` (format, versions, parameters, model
        sizes, the neural model's config), ``words.json`` (known pairs, prior vocabulary),
        ``graphone.npz`` (graphone n-gram + prior log-probs) and, with a neural model, ``neural.npz``."""
        self._check_fitted()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        m = self.model_
        keys = self._retrieval_keys()
        # the vocabulary in retrieval order: by key, then highest prior (as stored: float32), then
        # alphabetical, so :meth:`load` finds a key's ranked words by binary search (no index to build)
        alpha = sorted(self.vocab_)
        logp32 = np.array([self.vocab_[w] for w in alpha], dtype=np.float32).tolist()
        vocab = [
            alpha[i] for i in sorted(range(len(alpha)), key=lambda i: (keys[alpha[i]], -logp32[i], alpha[i]))
        ]
        lexicon = {
            "lexicon_latn": self.lexicon_latn_,
            "lexicon_deva": self.lexicon_deva_,
            "vocab": vocab,
            "vocab_keys": [keys[w] for w in vocab],
        }
        (path / LEXICON_FILE).write_text(
            json.dumps(lexicon, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        arrays = m.to_arrays()
        arrays["vocab_logp"] = np.array([self.vocab_[w] for w in vocab], dtype=np.float32)
        save_arrays(path, ARRAYS_FILE, arrays)
        nn = getattr(self, "nn_", None)
        config: dict[str, Any] = {
            "params": self.get_params(),
            "graphone": {
                "order": m.order,
                "max_l": m.max_l,
                "max_d": m.max_d,
                "latn": m.latn,
                "deva": m.deva,
            },
            "train_stats": getattr(self, "train_stats_", {}),
            "nn_rescore_fit": getattr(self, "nn_rescore_fit_", None),
            "files": {"lexicon": LEXICON_FILE, "graphone": ARRAYS_FILE, "neural": NN_ARRAYS_FILE},
            "vocab_order": VOCAB_ORDER,
            "neural": None,
        }
        write_model_config(path, FORMAT, FORMAT_VERSION, config)
        if nn is not None:
            nn.save(path)  # its config goes under "neural", its weights into neural.npz
        else:  # no stale neural weights from an earlier save in the same folder
            (path / NN_ARRAYS_FILE).unlink(missing_ok=True)
        for name in LEGACY_FILES:  # a folder rewritten in place keeps no files of the old layout
            (path / name).unlink(missing_ok=True)
        return path

    @classmethod
    @model_loader("transliteration model")
    def load(cls, path: str | Path) -> Transliterator:
        """Load a folder written by :meth:`save` (an older layout raises one clear error)."""
        path = Path(path)
        doc = read_model_config(path, FORMAT, FORMAT_VERSION)
        self = cls(**doc["params"])
        arrays = load_arrays(path, ARRAYS_FILE)
        lex_path = path / LEXICON_FILE
        if not lex_path.exists():
            raise ModelFormatError(f"{lex_path}: missing; the model folder is incomplete")
        lexicon = json.loads(lex_path.read_text(encoding="utf-8"))
        mc = doc["graphone"]
        self.model_ = JointNgram.from_arrays(
            mc["latn"], mc["deva"], arrays, mc["order"], mc["max_l"], mc["max_d"]
        )
        # tuples, not lists: tuples of atoms leave the garbage collector's lists, so its full
        # collections during a long decode do not walk 70k lexicon entries
        self.lexicon_latn_ = {
            k: tuple((d, int(c)) for d, c in v) for k, v in lexicon["lexicon_latn"].items()
        }
        self.lexicon_deva_ = dict(lexicon["lexicon_deva"])
        vocab = lexicon["vocab"]
        self.vocab_ = dict(zip(vocab, arrays["vocab_logp"].astype(float).tolist(), strict=True))
        self._rkeys = dict(zip(vocab, lexicon["vocab_keys"], strict=True))
        # an older folder lists its vocabulary alphabetically: the index is then built on first use
        self._rindex = None
        self._rsorted = (lexicon["vocab_keys"], vocab) if doc.get("vocab_order") == VOCAB_ORDER else None
        self.train_stats_ = doc.get("train_stats", {})
        self.nn_rescore_fit_ = doc.get("nn_rescore_fit")
        neural = doc.get("neural")
        self.nn_ = NeuralTranslit(neural, load_arrays(path, NN_ARRAYS_FILE)) if neural else None
        self._reset_cache()
        return self

    @classmethod
    def default(cls) -> Transliterator:
        """The shipped model (loaded once per process)."""
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = cls.load(model_path("translit"))
        return _DEFAULT


_DEFAULT: Transliterator | None = None


class RuleTransliterator:
    """The rule-based character mapping (no learning); the evaluation baseline."""

    def to_deva_nbest(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        return [(rule_to_deva(word), 1.0)]

    def to_latn_nbest(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        return [(rule_to_latn(word), 1.0)]

    def to_deva(self, word: str) -> str:
        return rule_to_deva(word)

    def to_latn(self, word: str) -> str:
        return rule_to_latn(word)
