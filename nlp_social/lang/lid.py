"""Token-level language identification for Hindi / English / Hinglish social text.

Tags: ``hi`` (Hindi in either script), ``en``, ``other`` (punctuation, numbers, URLs, mentions, hashtags,
emoji, symbols, other scripts). Rules fix what script alone decides (Devanagari -> ``hi``, no letters ->
``other``, a word right after a standalone ``@``/``#`` is a split-off user name or hashtag -> ``other``);
Latin-script words go through three learned stages:

1. a per-token-type linear model (logistic regression) over hashed character 1-5 grams, word identity,
   shape flags and word-list membership -> a Hindi-vs-English logit, cached per distinct token;
2. a contextual linear model: the stage-1 logit plus hashed neighbour identities and word bigrams
   (previous / next word, ``prev+word``, ``word+next``, the words two away, ``prev+next``), so that
   ``is baar`` and ``is good`` or ``to phir`` and ``to be`` resolve differently;
3. a small MLP over each token's stage-1 and contextual logits, those of its neighbours (±1, ±2 and the
   nearest word on either side), what kind of token they are, and post-level averages -> P(hi).

Stages 2 and 3 are trained on cross-fitted logits of the earlier stages, so they see realistic (not
memorized) scores. Inference needs numpy only and is vectorized over all tokens of a batch; the model
is a folder with ``nlp_social.json`` (the model-folder contract: format ``nlp_social.lid``) and
``lid.npz`` (weights and hashed word lists; no token text, no pickle).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np

from nlp_social.errors import ModelFormatError
from nlp_social.lang.lid_features import (
    WORDLIST_NAMES,
    TokenFeaturizer,
    context_indices,
    hash_wordlist,
    word_hashes,
)
from nlp_social.lang.mix import PostMix, rule_tag, script_of, social_token_spans
from nlp_social.model_folder import (
    load_arrays,
    model_loader,
    read_model_config,
    save_arrays,
    write_model_config,
)

CLASSES = ("hi", "en", "other")
KIND_MODEL, KIND_DEVA, KIND_OTHER = 0, 1, 2
FORMAT = "nlp_social.lid"
# 2: vectorized n-gram hashing; 3: contextual linear model; 4: nlp_social.json, no memo of training tokens
FORMAT_VERSION = 4
ARRAYS_FILE = "lid.npz"
DEFAULT_MODEL = "lid"
_MAX_CACHE = 2_000_000
_DEVA_HASH = np.uint64(0xDE7ADE7A)
_OTHER_HASH = np.uint64(0x07E707E7)


@dataclass(frozen=True)
class TokenTag:
    """One token of a post with its language, script, character span and model confidence."""

    token: str
    lang: str
    script: str
    start: int
    end: int
    prob: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def token_kinds(tokens: Sequence[str]) -> np.ndarray:
    """0 = Latin word for the model, 1 = Devanagari (Hindi by rule), 2 = other by rule."""
    out = np.empty(len(tokens), dtype=np.int8)
    for i, tok in enumerate(tokens):
        tag = rule_tag(tok)
        out[i] = KIND_MODEL if tag is None else (KIND_DEVA if tag == "hi" else KIND_OTHER)
    return out


def context_features(
    s: np.ndarray, kind: np.ndarray, post: np.ndarray, c: np.ndarray | None = None, products: bool = True
) -> np.ndarray:
    """Stage-2 inputs for flattened tokens: own logit, neighbours' logits and kinds, post averages.

    ``s``: stage-1 logits (any value for non-model tokens), ``kind``: token kinds, ``post``: post index of
    each token (non-decreasing), ``c``: optional contextual logits (same shape as ``s``), whose own,
    neighbouring and nearest-word values are appended; ``products``: add logit x post-mean products.
    Returns float32 ``(n_tokens, n_features)``.
    """
    n = len(s)
    is_model = kind == KIND_MODEL
    s = np.where(is_model, s, 0.0).astype(np.float32)
    cc = None if c is None else np.where(is_model, c, 0.0).astype(np.float32)
    cols: list[np.ndarray] = [s, np.abs(s)]
    if cc is not None:
        cols += [cc, np.abs(cc)]
    for k in (-2, -1, 1, 2):
        j = np.arange(n) + k
        inside = (j >= 0) & (j < n)
        jj = np.clip(j, 0, max(n - 1, 0))
        inside &= post[jj] == post if n else inside
        kj = np.where(inside, kind[jj], -1)
        cols += [
            np.where(inside, s[jj], 0.0),
            (kj == KIND_MODEL),
            (kj == KIND_DEVA),
            (kj == KIND_OTHER),
            ~inside,
        ]
        if cc is not None:
            cols.append(np.where(inside, cc[jj], 0.0))
    # nearest Latin word before / after (skipping punctuation, emoji, ...) in the same post
    idx = np.where(is_model, np.arange(n), -1)
    prev_idx = np.maximum.accumulate(np.concatenate([[-1], idx[:-1]])) if n else idx
    nxt = np.where(is_model, np.arange(n), n)
    next_idx = np.minimum.accumulate(np.concatenate([nxt[1:], [n]])[::-1])[::-1] if n else nxt
    for near in (prev_idx, next_idx):
        ok = (near >= 0) & (near < n)
        nn = np.clip(near, 0, max(n - 1, 0))
        ok &= post[nn] == post if n else ok
        cols += [np.where(ok, s[nn], 0.0), ~ok]
        if cc is not None:
            cols.append(np.where(ok, cc[nn], 0.0))
    # post-level: mean logit (leaving the token itself out) and mean P(hi) of Latin words,
    # share of Devanagari words, number of Latin words
    n_posts = int(post[-1]) + 1 if n else 0
    cnt_model = np.bincount(post, weights=is_model, minlength=n_posts)[post]
    cnt_deva = np.bincount(post, weights=kind == KIND_DEVA, minlength=n_posts)[post]
    others = np.maximum(cnt_model - is_model, 1.0)
    for v in (s,) if cc is None else (s, cc):
        sum_v = np.bincount(post, weights=v, minlength=n_posts)[post]
        p = np.where(is_model, 1.0 / (1.0 + np.exp(-v)), 0.0)
        sum_p = np.bincount(post, weights=p, minlength=n_posts)[post]
        mean_v = (sum_v - v) / others
        cols += [mean_v, (sum_p - p) / others] + ([v * mean_v] if products else [])
    cols += [cnt_deva / np.maximum(cnt_deva + cnt_model, 1.0), np.log1p(cnt_model)]
    return np.stack([np.asarray(c, dtype=np.float32) for c in cols], axis=1)


SIGILS = ("@", "#")


def after_sigil(is_sigil: np.ndarray, post: np.ndarray) -> np.ndarray:
    """True for tokens right after a standalone ``@`` / ``#`` of the same post.

    Some corpora's tokenizers split ``@user`` and ``#tag`` into two tokens; the second is a user name or
    hashtag (tag ``other``), not a Hindi or English word.
    """
    out = np.zeros(len(is_sigil), dtype=bool)
    if len(out) > 1:
        out[1:] = is_sigil[:-1] & (post[1:] == post[:-1])
    return out


def token_hashes(word_hash: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Per-token hash for the context model: the word hash of Latin words, one constant per other kind."""
    return np.where(kind == KIND_MODEL, word_hash, np.where(kind == KIND_DEVA, _DEVA_HASH, _OTHER_HASH))


class LanguageIdentifier:
    """Tag tokens as ``hi`` / ``en`` / ``other`` (see the module docstring for the model).

    Parameters are hyper-parameters only (scikit-learn style); learned state ends in ``_``.
    """

    def __init__(
        self,
        bits: int = 18,
        C: float = 1.0,
        hidden: int = 32,
        n_folds: int = 5,
        max_stage2_tokens: int = 400_000,
        stage2_iter: int = 200,
        ctx_bits: int = 18,
        ctx_C: float = 1.0,
        context_products: bool = False,
        random_state: int = 0,
    ) -> None:
        self.context_products = context_products
        self.bits = bits
        self.C = C
        self.ctx_bits = ctx_bits
        self.ctx_C = ctx_C
        self.hidden = hidden
        self.n_folds = n_folds
        self.max_stage2_tokens = max_stage2_tokens
        self.stage2_iter = stage2_iter
        self.random_state = random_state

    # ------------------------------------------------------------------ training
    def fit(
        self,
        token_lists: Sequence[Sequence[str]],
        tag_lists: Sequence[Sequence[str]],
        *,
        wordlists: dict[str, Iterable[str]] | None = None,
        post_weights: Sequence[float] | None = None,
        progress: bool = False,
    ) -> LanguageIdentifier:
        """Learn from posts with gold tags already mapped to ``hi``/``en``/``other``.

        Only Latin-script words whose gold tag is ``hi`` or ``en`` are training examples; every token
        still counts as context. ``wordlists`` maps ``en``/``hi``/``est``/``hst`` to word iterables;
        ``post_weights`` (one per post) weight the examples, e.g. to favour a cleaner corpus.
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.neural_network import MLPClassifier

        if len(token_lists) != len(tag_lists):
            raise ValueError("token_lists and tag_lists differ in length")
        import sys
        import time

        t0 = time.perf_counter()

        def log(msg: str) -> None:
            if progress:
                print(f"[lid {time.perf_counter() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)

        rng = np.random.default_rng(self.random_state)
        self.wordlist_hashes_ = {
            name: hash_wordlist((wordlists or {}).get(name, ())) for name in WORDLIST_NAMES
        }
        featurizer = TokenFeaturizer(self.bits, self.wordlist_hashes_)
        flat = list(chain.from_iterable(token_lists))
        gold = [g for tags in tag_lists for g in tags]
        if len(flat) != len(gold):
            raise ValueError("a post has a different number of tokens and tags")
        lengths = np.array([len(t) for t in token_lists], dtype=np.int64)
        post = np.repeat(np.arange(len(token_lists)), lengths)
        kind = token_kinds(flat)
        is_sigil = np.fromiter((t in SIGILS for t in flat), dtype=bool, count=len(flat))
        kind[after_sigil(is_sigil, post) & (kind == KIND_MODEL)] = KIND_OTHER
        y = np.array([1 if g == "hi" else (0 if g == "en" else -1) for g in gold], dtype=np.int8)
        labelled = (kind == KIND_MODEL) & (y >= 0)
        if post_weights is not None and len(post_weights) != len(token_lists):
            raise ValueError("post_weights must have one weight per post")
        token_weight = (
            np.repeat(np.asarray(post_weights, dtype=np.float64), lengths)
            if post_weights is not None
            else np.ones(len(flat), dtype=np.float64)
        )
        if labelled.sum() == 0 or len(np.unique(y[labelled])) < 2:
            raise ValueError("need Latin-script tokens of both gold classes hi and en to train")

        # stage 1 at the level of distinct token strings, weighted by how often each (type, label) occurs
        vocab: dict[str, int] = {}
        type_id = np.full(len(flat), -1, dtype=np.int64)
        for i in np.flatnonzero(kind == KIND_MODEL):
            type_id[i] = vocab.setdefault(flat[i], len(vocab))
        types = list(vocab)
        X_types = featurizer.matrix(types)
        n_types = len(types)
        log(f"{len(flat)} tokens, {int(labelled.sum())} labelled, {n_types} distinct Latin tokens featurized")

        def fit_stage1(mask: np.ndarray) -> LogisticRegression:
            keys = type_id[mask] * 2 + y[mask]
            uniq, inverse = np.unique(keys, return_inverse=True)
            counts = np.bincount(inverse, weights=token_weight[mask], minlength=len(uniq))
            # lbfgs, not liblinear: count weights of thousands make liblinear's dual solver crawl
            clf = LogisticRegression(C=self.C, solver="lbfgs", max_iter=300)
            clf.fit(X_types[uniq // 2], uniq % 2, sample_weight=counts.astype(np.float64))
            return clf

        fold_of_post = rng.integers(0, self.n_folds, size=len(token_lists))
        fold = fold_of_post[post]
        s_cross = np.zeros(len(flat), dtype=np.float32)
        for k in range(self.n_folds):
            log(f"stage 1, cross-fitting fold {k + 1}/{self.n_folds}")
            clf = fit_stage1(labelled & (fold != k))
            in_k = (fold == k) & (kind == KIND_MODEL)
            scores = clf.decision_function(X_types).astype(np.float32)
            s_cross[in_k] = scores[type_id[in_k]]
        log("stage 1 on all data")
        final = fit_stage1(labelled)
        self.coef_ = final.coef_.ravel().astype(np.float32)
        self.intercept_ = float(final.intercept_[0])

        # contextual linear model: the token's (cross-fitted) logit plus hashed neighbour identities and
        # word bigrams, itself cross-fitted so that stage 2 sees realistic contextual logits
        h_types = word_hashes(types)
        h_tok = token_hashes(np.where(type_id >= 0, h_types[np.maximum(type_id, 0)], 0), kind)
        X_ctx = self._ctx_matrix(s_cross, context_indices(h_tok, post, self.ctx_bits))

        def fit_ctx(mask: np.ndarray) -> LogisticRegression:
            clf = LogisticRegression(C=self.ctx_C, solver="lbfgs", max_iter=300)
            clf.fit(X_ctx[mask], y[mask], sample_weight=token_weight[mask])
            return clf

        c_cross = np.zeros(len(flat), dtype=np.float32)
        for k in range(self.n_folds):
            log(f"context model, cross-fitting fold {k + 1}/{self.n_folds}")
            clf = fit_ctx(labelled & (fold != k))
            in_k = np.flatnonzero((fold == k) & (kind == KIND_MODEL))
            c_cross[in_k] = clf.decision_function(X_ctx[in_k])
        log("context model on all data")
        ctx = fit_ctx(labelled)
        self.ctx_s_weight_ = float(ctx.coef_[0, 0])
        self.ctx_coef_ = ctx.coef_[0, 1:].astype(np.float32)
        self.ctx_intercept_ = float(ctx.intercept_[0])

        log("stage 2 (context MLP)")
        # stage 2 on cross-fitted logits
        X2 = context_features(s_cross, kind, post, c_cross, self.context_products)
        rows = np.flatnonzero(labelled)
        if post_weights is not None:
            # resample with replacement in proportion to the token weights
            p = token_weight[rows] / token_weight[rows].sum()
            rows = np.sort(rng.choice(rows, size=min(len(rows), self.max_stage2_tokens), replace=True, p=p))
        elif len(rows) > self.max_stage2_tokens:
            rows = np.sort(rng.choice(rows, size=self.max_stage2_tokens, replace=False))
        mean = X2[rows].mean(axis=0)
        scale = X2[rows].std(axis=0)
        scale[scale < 1e-6] = 1.0
        mlp = MLPClassifier(
            hidden_layer_sizes=(self.hidden,),
            activation="relu",
            alpha=1e-4,
            max_iter=self.stage2_iter,
            early_stopping=len(rows) > 20_000,
            random_state=self.random_state,
        )
        mlp.fit((X2[rows] - mean) / scale, y[rows])
        self.scaler_mean_ = mean.astype(np.float32)
        self.scaler_scale_ = scale.astype(np.float32)
        self.mlp_weights_ = [w.astype(np.float32) for w in mlp.coefs_]
        self.mlp_biases_ = [b.astype(np.float32) for b in mlp.intercepts_]
        log(f"done ({mlp.n_iter_} MLP epochs)")
        self.classes_ = list(CLASSES)
        self.n_types_seen_ = n_types
        self.training_info_ = {
            "n_posts": len(token_lists),
            "n_tokens": len(flat),
            "n_labelled": int(labelled.sum()),
        }
        self._reset_cache()
        return self

    def _ctx_matrix(self, s: np.ndarray, idx: np.ndarray):  # -> scipy.sparse.csr_matrix (training only)
        """Design matrix of the contextual model: column 0 the stage-1 logit, then one-hot hashed context."""
        from scipy.sparse import csr_matrix

        n, k = idx.shape
        data = np.concatenate([s.reshape(n, 1), np.ones((n, k), dtype=np.float32)], axis=1).ravel()
        cols = np.concatenate([np.zeros((n, 1), dtype=np.int64), idx + 1], axis=1).ravel()
        return csr_matrix((data, cols, np.arange(n + 1) * (k + 1)), shape=(n, (1 << self.ctx_bits) + 1))

    def _ctx_logits(self, s: np.ndarray, h: np.ndarray, post: np.ndarray) -> np.ndarray:
        idx = context_indices(h, post, self.ctx_bits)
        return (
            self.ctx_intercept_ + self.ctx_s_weight_ * s + self.ctx_coef_[idx].sum(axis=1, dtype=np.float32)
        )

    # ------------------------------------------------------------------ inference
    def _reset_cache(self) -> None:
        # Per-process cache of stage-1 scores per distinct token; nothing of it is saved (a saved
        # vocabulary would ship raw training tokens, user names included, for ~0.3 s of first-call time).
        self._featurizer = TokenFeaturizer(self.bits, self.wordlist_hashes_)
        self._cache: dict[str, int] = {}
        self._s1 = np.zeros(0, dtype=np.float32)
        self._kind = np.zeros(0, dtype=np.int8)
        self._h = np.zeros(0, dtype=np.uint64)

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise ModelFormatError("LanguageIdentifier is not fitted; call fit() or load a model")
        if not hasattr(self, "_cache"):
            self._reset_cache()

    def _type_ids(self, flat: list[str]) -> np.ndarray:
        """Cache index of every token; new distinct tokens are scored (stage 1) once and cached."""
        if len(self._cache) > _MAX_CACHE:
            self._reset_cache()
        cache = self._cache
        ids = np.fromiter(map(cache.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        missing = np.flatnonzero(ids < 0)
        if len(missing):
            new = list(dict.fromkeys([flat[i] for i in missing]))
            kinds = token_kinds(new)
            scores = np.zeros(len(new), dtype=np.float32)
            model_pos = np.flatnonzero(kinds == KIND_MODEL)
            if len(model_pos):
                scores[model_pos] = self._featurizer.scores(
                    [new[i] for i in model_pos], self.coef_, self.intercept_
                )
            cache.update(zip(new, range(len(cache), len(cache) + len(new)), strict=True))
            self._s1 = np.concatenate([self._s1, scores])
            self._kind = np.concatenate([self._kind, kinds])
            self._h = np.concatenate([self._h, token_hashes(word_hashes(new), kinds)])
            ids[missing] = np.fromiter(
                map(cache.__getitem__, [flat[i] for i in missing]), dtype=np.int64, count=len(missing)
            )
        return ids

    def _stage2(self, X: np.ndarray) -> np.ndarray:
        h = (X - self.scaler_mean_) / self.scaler_scale_
        for w, b in zip(self.mlp_weights_[:-1], self.mlp_biases_[:-1], strict=True):
            h = np.maximum(h @ w + b, 0.0)
        out = (h @ self.mlp_weights_[-1] + self.mlp_biases_[-1]).ravel()
        return 1.0 / (1.0 + np.exp(-out))

    def _flat_proba(self, token_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P(hi) for Latin words, kinds, post lengths) over all tokens, flattened."""
        self._check_fitted()
        flat = list(chain.from_iterable(token_lists))
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
        if not flat:
            return np.zeros(0, np.float32), np.zeros(0, np.int8), lengths
        ids = self._type_ids(flat)
        kind = self._kind[ids]
        post = np.repeat(np.arange(len(token_lists)), lengths)
        sigil_ids = [self._cache[t] for t in SIGILS if t in self._cache]
        if sigil_ids:
            kind = np.where(
                after_sigil(np.isin(ids, sigil_ids), post) & (kind == KIND_MODEL), KIND_OTHER, kind
            )
        s = self._s1[ids]
        c = self._ctx_logits(s, self._h[ids], post)
        p_hi = self._stage2(context_features(s, kind, post, c, self.context_products))
        return p_hi, kind, lengths

    def predict_proba(self, token_lists: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per post, an array ``(n_tokens, 3)`` of probabilities over :attr:`classes_` (hi, en, other)."""
        p_hi, kind, lengths = self._flat_proba(token_lists)
        proba = np.zeros((len(p_hi), 3), dtype=np.float32)
        m = kind == KIND_MODEL
        proba[m, 0] = p_hi[m]
        proba[m, 1] = 1.0 - p_hi[m]
        proba[kind == KIND_DEVA, 0] = 1.0
        proba[kind == KIND_OTHER, 2] = 1.0
        return np.split(proba, np.cumsum(lengths)[:-1]) if len(lengths) else []

    def predict(self, token_lists: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags (``hi``/``en``/``other``) for each token of each post."""
        p_hi, kind, lengths = self._flat_proba(token_lists)
        codes = np.where(kind == KIND_OTHER, 2, np.where((kind == KIND_DEVA) | (p_hi >= 0.5), 0, 1))
        names = np.array(CLASSES, dtype=object)[codes].tolist()
        out, start = [], 0
        for n in lengths.tolist():
            out.append(names[start : start + n])
            start += n
        return out

    def tag(self, text: str) -> list[TokenTag]:
        """Tokenize ``text`` and tag every token with language, script, span and probability."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[list[TokenTag]]:
        spans = [social_token_spans(t) for t in texts]
        probas = self.predict_proba([[s[0] for s in sp] for sp in spans])
        out = []
        for sp, proba in zip(spans, probas, strict=True):
            row = []
            for (tok, start, end), p in zip(sp, proba, strict=True):
                k = int(np.argmax(p))
                row.append(TokenTag(tok, CLASSES[k], script_of(tok), start, end, round(float(p[k]), 4)))
            out.append(row)
        return out

    def analyze(self, text: str) -> dict[str, Any]:
        """Tokens with tags plus the post's language mix, dominant language and Code-Mixing Index."""
        tags = self.tag(text)
        mix = PostMix.from_tags([t.lang for t in tags])
        return {
            "text": text,
            "tokens": [t.to_dict() for t in tags],
            "mix": mix.mix,
            "dominant": mix.dominant,
            "cmi": round(mix.cmi, 2),
        }

    # ------------------------------------------------------------------ persistence
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        names = (
            "bits",
            "C",
            "hidden",
            "n_folds",
            "max_stage2_tokens",
            "stage2_iter",
            "ctx_bits",
            "ctx_C",
            "context_products",
            "random_state",
        )
        return {k: getattr(self, k) for k in names}

    def save(self, path: str | Path) -> Path:
        """Write ``nlp_social.json`` (format ``nlp_social.lid``, hyper-parameters, info) and ``lid.npz``.

        ``lid.npz`` holds the weights and the word lists as hashes: no token text of the training data.
        """
        self._check_fitted()
        path = Path(path)
        write_model_config(
            path,
            FORMAT,
            FORMAT_VERSION,
            {
                "params": self.get_params(),
                "classes": list(self.classes_),
                "n_layers": len(self.mlp_weights_),
                "intercept": self.intercept_,
                "ctx_intercept": self.ctx_intercept_,
                "ctx_s_weight": self.ctx_s_weight_,
                "training_info": getattr(self, "training_info_", {}),
            },
        )
        arrays = {
            "coef": self.coef_,
            "ctx_coef": self.ctx_coef_,
            "scaler_mean": self.scaler_mean_,
            "scaler_scale": self.scaler_scale_,
        }
        for i, (w, b) in enumerate(zip(self.mlp_weights_, self.mlp_biases_, strict=True)):
            arrays[f"mlp_w{i}"] = w
            arrays[f"mlp_b{i}"] = b
        for name, hashes in self.wordlist_hashes_.items():
            arrays[f"wordlist_{name}"] = hashes
        save_arrays(path, ARRAYS_FILE, arrays)
        return path

    @classmethod
    @model_loader("language-ID model")
    def load(cls, path: str | Path) -> LanguageIdentifier:
        """Load a model folder written by :meth:`save` (JSON + npz; never unpickles)."""
        path = Path(path)
        config = read_model_config(path, FORMAT, FORMAT_VERSION)
        arrays = load_arrays(path, ARRAYS_FILE)
        arr_file = path / ARRAYS_FILE
        model = cls(**config["params"])
        model.coef_ = arrays["coef"].astype(np.float32)
        model.ctx_coef_ = arrays["ctx_coef"].astype(np.float32)
        model.scaler_mean_ = arrays["scaler_mean"]
        model.scaler_scale_ = arrays["scaler_scale"]
        n_layers = int(config["n_layers"])
        model.mlp_weights_ = [arrays[f"mlp_w{i}"] for i in range(n_layers)]
        model.mlp_biases_ = [arrays[f"mlp_b{i}"] for i in range(n_layers)]
        model.wordlist_hashes_ = {n: arrays[f"wordlist_{n}"] for n in WORDLIST_NAMES}
        if model.coef_.shape != (1 << model.bits,):
            raise ModelFormatError(
                f"{arr_file}: coef has shape {model.coef_.shape}, expected ({1 << model.bits},)"
            )
        if model.ctx_coef_.shape != (1 << model.ctx_bits,):
            raise ModelFormatError(
                f"{arr_file}: ctx_coef has shape {model.ctx_coef_.shape}, expected ({1 << model.ctx_bits},)"
            )
        model.intercept_ = float(config["intercept"])
        model.ctx_intercept_ = float(config["ctx_intercept"])
        model.ctx_s_weight_ = float(config["ctx_s_weight"])
        model.classes_ = list(config["classes"])
        model.training_info_ = config.get("training_info", {})
        model._reset_cache()
        return model

    @classmethod
    def default(cls) -> LanguageIdentifier:
        """The shipped model (``nlp_social/resources/models/lid``), loaded once per process."""
        return _default_model()


@lru_cache(maxsize=1)
def _default_model() -> LanguageIdentifier:
    from nlp_social.paths import model_path

    return LanguageIdentifier.load(model_path(DEFAULT_MODEL))
