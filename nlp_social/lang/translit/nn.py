"""Numpy inference for the neural Latin -> Devanagari character model (no torch at run time).

The model (trained by :mod:`nlp_social.lang.translit.nn_train`) is a 2-layer BiGRU encoder and a GRU
decoder with input feeding and Luong "general" attention. :class:`NeuralTranslit` decodes *many words at
once*: words are sorted by length and cut into chunks, each chunk is encoded in one pass and searched with a
beam of ``k`` per word, vectorized over the whole chunk (a (words x beams) state matrix), so the cost is a few
matrix products per output character for the whole chunk. Words whose search is finished leave the chunk.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp_social.errors import ModelFormatError
from nlp_social.model_folder import (
    MODEL_CONFIG,
    folder_format,
    load_arrays,
    model_loader,
    read_model_config,
    save_arrays,
    write_model_config,
)

PAD, BOS, EOS, UNK = 0, 1, 2, 3
#: The weights' file, in a transliterator folder or a standalone neural model folder.
NN_ARRAYS_FILE = "neural.npz"
#: ``nlp_social.json`` format of a folder holding only the neural model (training stages).
NN_FORMAT = "nlp_social.translit_nn"
NN_FORMAT_VERSION = 1
#: The transliterator's folder format (the neural config is its key ``neural``).
TRANSLIT_FORMAT = "nlp_social.transliterator"
_NEG = np.float32(-1e9)
_NEVER = [PAD, BOS, UNK]


def _sigmoid_(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid in place (tanh form: no overflow warnings for large |x|)."""
    x *= 0.5
    np.tanh(x, out=x)
    x += 1.0
    x *= 0.5
    return x


class NeuralTranslit:
    """The exported seq2seq model; :meth:`nbest` is the batched beam search."""

    def __init__(self, config: dict, arrays: dict[str, np.ndarray]) -> None:
        self.config = config
        self._arrays = arrays
        self.src_vocab: list[str] = config["src_vocab"]
        self.tgt_vocab: list[str] = config["tgt_vocab"]
        self.s_index = {c: i for i, c in enumerate(self.src_vocab)}
        self.t_index = {c: i for i, c in enumerate(self.tgt_vocab)}
        # the text of each output symbol; the special symbols write nothing
        self._chars = ["" if i <= UNK else c for i, c in enumerate(self.tgt_vocab)]
        self.enc_layers = int(config["enc_layers"])
        self.hidden = int(config["hidden"])
        a = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in arrays.items()}
        self.src_emb = a["src_emb.weight"]
        self.tgt_emb = a["tgt_emb.weight"]
        # encoder GRU weights, both directions side by side: x @ w_ih (in, 6H), h @ w_hh (2, H, 3H)
        self.enc = []
        for layer in range(self.enc_layers):
            sfx = ("", "_reverse")
            w_ih = np.concatenate([a[f"enc.weight_ih_l{layer}{s}"].T for s in sfx], axis=1)
            b_ih = np.concatenate([a[f"enc.bias_ih_l{layer}{s}"] for s in sfx])
            w_hh = np.stack([a[f"enc.weight_hh_l{layer}{s}"].T for s in sfx])
            b_hh = np.stack([a[f"enc.bias_hh_l{layer}{s}"] for s in sfx])[:, None, :]
            self.enc.append((np.ascontiguousarray(w_ih), b_ih, np.ascontiguousarray(w_hh), b_hh))
        # the first layer's input projection of every source symbol, once: a lookup per letter
        w_ih0, b_ih0 = self.enc[0][0], self.enc[0][1]
        self.enc0_table = (self.src_emb @ w_ih0 + b_ih0).astype(np.float32)
        self.mem_w, self.mem_b = a["mem.weight"].T.copy(), a["mem.bias"]
        self.init_w, self.init_b = a["init_h.weight"].T.copy(), a["init_h.bias"]
        h = self.hidden
        e = self.tgt_emb.shape[1]
        w_ih = a["cell.weight_ih"]  # (3H, E + H): input = [embedding; previous attentional output]
        b_hh = a["cell.bias_hh"]
        # the embedding part of the input projection is folded into a per-symbol table (one lookup per
        # step), with both biases of the r/z gates (they are only ever summed); the n gate's hidden bias
        # stays apart because the reset gate multiplies it
        rz_bias = np.concatenate([b_hh[: 2 * h], np.zeros(h, dtype=np.float32)])
        self.emb_proj = (self.tgt_emb @ w_ih[:, :e].T + a["cell.bias_ih"] + rz_bias).astype(np.float32)
        self.cell_wo = w_ih[:, e:].T.copy()
        self.cell_whh, self.cell_bhh_n = a["cell.weight_hh"].T.copy(), b_hh[2 * h :].copy()
        self.att_q = a["att_q.weight"].T.copy()
        comb = a["comb.weight"]
        self.comb_h, self.comb_c, self.comb_b = comb[:, :h].T.copy(), comb[:, h:].T.copy(), a["comb.bias"]
        self.out_w, self.out_b = a["out.weight"].T.copy(), a["out.bias"]
        # |logit| <= sum |w| + |b| since the attentional output is a tanh: when that bound is far from
        # float32 overflow the log-softmax needs no max shift (one pass less per step)
        self._logit_bound = float((np.abs(self.out_w).sum(0) + np.abs(self.out_b)).max())

    # ------------------------------------------------------------------------------ persistence
    @classmethod
    @model_loader("neural transliteration model")
    def load(cls, path: str | Path) -> NeuralTranslit:
        """Read the neural model of a transliterator folder, or of a folder holding only it."""
        path = Path(path)
        if folder_format(path) == TRANSLIT_FORMAT:
            from nlp_social.lang.translit.transliterator import FORMAT_VERSION

            config = read_model_config(path, TRANSLIT_FORMAT, FORMAT_VERSION).get("neural")
            if not isinstance(config, dict):
                raise ModelFormatError(f"{path / MODEL_CONFIG}: this transliterator has no neural model")
        else:
            config = read_model_config(path, NN_FORMAT, NN_FORMAT_VERSION)["neural"]
        return cls(config, load_arrays(path, NN_ARRAYS_FILE))

    @staticmethod
    def in_folder(path: str | Path) -> bool:
        """Whether the model folder ``path`` holds a neural model (standalone or in a transliterator)."""
        path = Path(path)
        if folder_format(path) == NN_FORMAT:
            return True
        if folder_format(path) != TRANSLIT_FORMAT:
            return False
        doc = json.loads((path / MODEL_CONFIG).read_text(encoding="utf-8"))
        return isinstance(doc.get("neural"), dict)

    def save(self, path: str | Path) -> Path:
        """Write the weights (``neural.npz``) and the config into folder ``path``.

        Into a transliterator folder, the config goes under its ``nlp_social.json`` key ``neural`` (the
        shipped layout); anywhere else the folder becomes a standalone neural model folder.
        """
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        config = {k: v for k, v in self.config.items() if k not in ("format", "version")}
        save_arrays(path, NN_ARRAYS_FILE, self._arrays)
        if folder_format(path) == TRANSLIT_FORMAT:
            doc = json.loads((path / MODEL_CONFIG).read_text(encoding="utf-8"))
            body = {k: v for k, v in doc.items() if k not in ("format", "format_version", "versions")}
            body["neural"] = config
            write_model_config(path, doc["format"], doc["format_version"], body)
        else:
            write_model_config(path, NN_FORMAT, NN_FORMAT_VERSION, {"neural": config})
        return path

    # ---------------------------------------------------------------------------------- encoder
    @staticmethod
    def _bigru(xi: np.ndarray, mask: np.ndarray, w_hh: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
        """One bidirectional GRU layer; ``xi`` (T, n, 6H) is the input projection of both directions.

        Both directions advance together in one stacked (2, n, H) state so each time step is one
        batched product."""
        t_max, n, _ = xi.shape
        hd = w_hh.shape[1]
        xi = xi.reshape(t_max, n, 2, 3 * hd)
        # direction 1 reads the sequence backwards: step t of the stack is (t, T-1-t)
        gx_all = np.stack([xi[:, :, 0], xi[::-1, :, 1]], axis=1)  # (T, 2, n, 3H)
        m_all = np.stack([mask.T, mask.T[::-1]], axis=1)[..., None]  # (T, 2, n, 1)
        h = np.zeros((2, n, hd), dtype=np.float32)
        out = np.empty((t_max, 2, n, hd), dtype=np.float32)
        for t in range(t_max):
            gh = np.matmul(h, w_hh)
            gh += b_hh
            gx = gx_all[t]
            rz = gx[..., : 2 * hd] + gh[..., : 2 * hd]
            _sigmoid_(rz)
            n_ = gh[..., 2 * hd :]
            n_ *= rz[..., :hd]
            n_ += gx[..., 2 * hd :]
            np.tanh(n_, out=n_)
            h_new = h - n_
            h_new *= rz[..., hd:]
            h_new += n_
            # padded positions keep the state (the backward pass starts at each word's own last letter)
            h = np.where(m_all[t], h_new, h)
            out[t] = h
        return np.concatenate([out[:, 0], out[::-1, 1]], axis=-1)  # (T, n, 2H)

    def _src_ids(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        t_max = max(max(len(w) for w in words), 1)
        ids = np.zeros((len(words), t_max), dtype=np.int64)
        for i, w in enumerate(words):
            ids[i, : len(w)] = [self.s_index.get(ch, UNK) for ch in w]
        return ids, ids != PAD

    def encode(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(memory (n,T,H), mask (n,T), h0 (n,H), keys (n,T,H))`` for a chunk of words."""
        ids, mask = self._src_ids(words)
        xi = self.enc0_table[ids.T]  # time-major, layer 0's input projection looked up
        x = None
        for layer, (w_ih, b_ih, w_hh, b_hh) in enumerate(self.enc):
            if layer:
                t_max, n, d = x.shape
                xi = (x.reshape(t_max * n, d) @ w_ih + b_ih).reshape(t_max, n, -1)
            x = self._bigru(xi, mask, w_hh, b_hh)
        t_max, n, d = x.shape
        lens = mask.sum(1, keepdims=True).astype(np.float32)
        mean = (x * mask.T[..., None]).sum(0) / np.maximum(lens, 1.0)
        mem = (x.transpose(1, 0, 2).reshape(n * t_max, d) @ self.mem_w + self.mem_b).reshape(n, t_max, -1)
        h0 = np.tanh(mean @ self.init_w + self.init_b)
        # scores = (h W_q) . mem = h . (mem W_q^T): precompute keys once per word, not per step and beam
        keys = mem @ self.att_q.T
        return mem.astype(np.float32), mask, h0.astype(np.float32), keys.astype(np.float32)

    def _encoded(self, words: Sequence[str]) -> _Enc:
        """The decoder's view of a chunk's encoding (see :class:`_Enc`)."""
        mem, mask, h0, keys = self.encode(words)
        # ctx @ comb_c = p @ (mem @ comb_c), and p sums to 1: the attention reads a memory already
        # projected (with comb's bias), so the per-step context product disappears
        n, t_max, hd = mem.shape
        memc = (mem.reshape(n * t_max, hd) @ self.comb_c + self.comb_b).reshape(n, t_max, -1)
        keys_t = np.ascontiguousarray(keys.transpose(0, 2, 1))
        bias = np.where(mask, 0.0, _NEG).astype(np.float32)[:, None, :]
        return _Enc(memc.astype(np.float32), keys_t, bias, h0, mask.sum(1))

    # ---------------------------------------------------------------------------------- decoder
    def _cell(self, y: np.ndarray, h: np.ndarray, o: np.ndarray) -> np.ndarray:
        """The decoder GRU cell for rows with previous symbol ``y``, state ``h``, attentional output ``o``."""
        hd = self.hidden
        gx = self.emb_proj[y]
        gx += o @ self.cell_wo
        gh = h @ self.cell_whh
        rz = gx[:, : 2 * hd]
        rz += gh[:, : 2 * hd]
        _sigmoid_(rz)
        n_ = gh[:, 2 * hd :]
        n_ += self.cell_bhh_n
        n_ *= rz[:, :hd]
        n_ += gx[:, 2 * hd :]
        np.tanh(n_, out=n_)
        h_new = h - n_
        h_new *= rz[:, hd:]
        h_new += n_
        return h_new

    @staticmethod
    def _attend(h: np.ndarray, memc: np.ndarray, keys_t: np.ndarray, bias: np.ndarray) -> np.ndarray:
        """Attention of ``h`` (B, K, H) over its word's memory: the projected context (B, K, H)."""
        s = np.matmul(h, keys_t)
        s += bias
        # |h| <= 1 (a GRU state), so |score| <= the L1 norm of a key: no max shift needed below e^60
        s -= s.max(-1, keepdims=True)
        np.exp(s, out=s)
        s /= s.sum(-1, keepdims=True)
        return np.matmul(s, memc)

    def _output(self, h: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(log-probs, attentional output)`` from the new state and its projected context."""
        o = h @ self.comb_h
        o += c
        np.tanh(o, out=o)
        z = o @ self.out_w
        z += self.out_b
        if self._logit_bound > 60.0:
            z -= z.max(-1, keepdims=True)
        z -= np.log(np.exp(z).sum(-1, keepdims=True))
        return z, o

    def _step(self, y, h, o, enc: _Enc, k: int, live=None):
        """One decoder step for ``B*K`` rows (word-major); ``enc`` holds the ``B`` words' encodings.

        ``live`` (row indices) restricts the dense products to the hypotheses still worth extending; the
        other rows keep their state and get log-prob -inf. Returns ``(logp, h, o)`` for all rows.
        """
        hd = self.hidden
        if live is None:
            h = self._cell(y, h, o)
            hl = h
        else:
            hl = self._cell(y[live], h[live], o[live])
            h = h.copy()
            h[live] = hl
        c = self._attend(h.reshape(-1, k, hd), enc.memc, enc.keys_t, enc.bias).reshape(-1, hd)
        if live is not None:
            c = c[live]
        lp, ol = self._output(hl, c)
        if live is None:
            return lp, h, ol
        o = o.copy()
        o[live] = ol
        logp = np.full((h.shape[0], lp.shape[1]), -np.inf, dtype=np.float32)
        logp[live] = lp
        return logp, h, o

    def nbest(
        self,
        words: Sequence[str],
        k: int = 5,
        chunk: int = 512,
        max_len: int | None = None,
        prune: float | None = 10.0,
        encodings: dict | None = None,
    ) -> list[list[tuple[str, float]]]:
        """Beam search: up to ``k`` ``(devanagari, log-prob)`` per word, best first (lowercase a-z input).

        ``prune``: hypotheses more than this many nats below their word's best (live or ended) are not
        extended (``None``: exact beam search); most words are confident, so most beams die early.
        ``encodings``: a dict that receives each word's encoding, for a later :meth:`score` call.
        """
        results: list[list[tuple[str, float]]] = [[] for _ in words]
        order = sorted(range(len(words)), key=lambda i: len(words[i]))
        for start in range(0, len(order), chunk):
            idx = order[start : start + chunk]
            chunk_words = [words[i] for i in idx]
            enc = self._encoded(chunk_words)
            if encodings is not None:
                enc.export(chunk_words, encodings)
            out = self._beam_chunk(chunk_words, enc, k, max_len, prune)
            for i, res in zip(idx, out, strict=True):
                results[i] = res
        return results

    def _beam_chunk(
        self, words: Sequence[str], enc: _Enc, k: int, max_len: int | None, prune: float | None
    ) -> list[list[tuple[str, float]]]:
        n, hd = len(words), self.hidden
        wlimit = np.array([max_len or (2 * len(w) + 6) for w in words])
        limit = int(wlimit.max())
        # state rows: word-major (word, beam)
        h = np.repeat(enc.h0, k, axis=0)
        o = np.zeros((n * k, hd), dtype=np.float32)
        y = np.full(n * k, BOS, dtype=np.int64)
        score = np.full((n, k), -np.inf, dtype=np.float32)
        score[:, 0] = 0.0  # one live hypothesis at the start
        hist = np.zeros((n, k, 0), dtype=np.int64)
        alive = np.arange(n)  # original word index of each active row block
        # the endings kept, one array per step (original word, score, symbols); turned into text at the end
        fin_w: list[np.ndarray] = []
        fin_s: list[np.ndarray] = []
        fin_seq: list[np.ndarray] = []
        ftop = np.full((n, k), -np.inf, dtype=np.float32)  # the k best ending scores of each alive word
        kth_final = np.full(n, -np.inf, dtype=np.float32)  # each word's k-th best ending, once done
        v = self.out_w.shape[1]
        for step in range(limit):
            b = len(alive)
            ok = np.isfinite(score)
            if prune is not None:
                best = np.maximum(score[:, 0], ftop.max(1))
                ok &= score > (best - prune)[:, None]
            live = np.flatnonzero(ok.reshape(-1))
            logp, h, o = self._step(y, h, o, enc, k, None if len(live) == b * k else live)
            logp[:, _NEVER] = -np.inf  # padding, start and unknown symbols are never output
            if step == 0:
                logp[:, EOS] = -np.inf  # nor an empty word
            cand = (score[:, :, None] + logp.reshape(b, k, v)).reshape(b, k * v)
            # the 2k best (beam, symbol) options of each word, best first: 2k row-wise argmax passes
            # (vectorized over the words) cost a fifth of a row-wise argpartition + argsort
            top = np.empty((b, 2 * k), dtype=np.intp)
            top_s = np.empty((b, 2 * k), dtype=np.float32)
            rows_b = np.arange(b)
            for i in range(2 * k):
                j = cand.argmax(1)
                top[:, i] = j
                top_s[:, i] = cand[rows_b, j]
                cand[rows_b, j] = -np.inf
            beam_of, tok = top // v, top % v
            is_eos = (tok == EOS) & np.isfinite(top_s)
            # out of room (a word's own limit, so results do not depend on the batch): everything ends
            is_eos |= (step >= wlimit[alive] - 1)[:, None] & np.isfinite(top_s)
            # only endings that can still enter the word's k best are kept (most EOS options are far off)
            worth = is_eos & (top_s > ftop.min(1)[:, None])
            hit = worth.any(1)
            if hit.any():
                rr, cc = np.nonzero(worth)
                fin_w.append(alive[rr])
                fin_s.append(top_s[rr, cc])
                fin_seq.append(hist[rr, beam_of[rr, cc]])
                # the k best of the word's endings so far and the new ones (what replacing the worst
                # one at a time gives; only their min and max are read)
                merged = np.concatenate([ftop[hit], np.where(worth[hit], top_s[hit], -np.inf)], axis=1)
                merged.sort(axis=1)
                ftop[hit] = merged[:, -k:]
            # the k best continuations that do not end
            keep_s = np.where(is_eos, -np.inf, top_s)
            pick = np.argsort(-keep_s, axis=1, kind="stable")[:, :k]
            new_s = np.take_along_axis(keep_s, pick, 1)
            new_beam = np.take_along_axis(beam_of, pick, 1)
            new_tok = np.take_along_axis(tok, pick, 1)
            # a word is done when it holds k endings and no live beam can beat the worst of them
            # (scores only fall as hypotheses grow), or when nothing is left alive
            done = ~(new_s[:, 0] > ftop.min(1))
            if prune is not None:  # nothing left within reach of the best ending
                done |= new_s[:, 0] <= ftop.max(1) - prune
            rows = (np.arange(b)[:, None] * k + new_beam).reshape(-1)
            hist = np.concatenate([hist[np.arange(b)[:, None], new_beam], new_tok[:, :, None]], axis=2)
            h, o, y, score = h[rows], o[rows], new_tok.reshape(-1), new_s
            if done.any():
                kth_final[alive[done]] = ftop[done].min(1)
                keep = ~done
                alive, hist, score, ftop = alive[keep], hist[keep], score[keep], ftop[keep]
                enc = enc.take(keep)
                rows_keep = np.repeat(keep, k)
                h, o, y = h[rows_keep], o[rows_keep], y[rows_keep]
            if len(alive) == 0:
                break
        if len(alive):
            kth_final[alive] = ftop.min(1)
        # only endings at or above their word's k-th best ending score can be among its k results
        # (a word whose kept endings give fewer than k distinct texts reads all of them below)
        kept = self._endings(n, fin_w, fin_s, fin_seq, kth_final)
        out = [self._best_texts(fin, k) for fin in kept]
        total = np.bincount(np.concatenate(fin_w), minlength=n) if fin_w else np.zeros(n, dtype=int)
        short = [i for i, res in enumerate(out) if len(res) < k and len(kept[i]) < total[i]]
        if short:
            every = self._endings(n, fin_w, fin_s, fin_seq, None)
            for i in short:
                out[i] = self._best_texts(every[i], k)
        return out

    @staticmethod
    def _endings(n, fin_w, fin_s, fin_seq, floor) -> list[list[tuple[float, list[int]]]]:
        """Each word's ``(score, symbols)`` endings in the order found (``floor``: those >= it only)."""
        finished: list[list[tuple[float, list[int]]]] = [[] for _ in range(n)]
        for ws_, ss, seqs in zip(fin_w, fin_s, fin_seq, strict=True):
            if floor is not None:
                sel = ss >= floor[ws_]
                ws_, ss, seqs = ws_[sel], ss[sel], seqs[sel]
            for w, sc, seq in zip(ws_.tolist(), ss.tolist(), seqs.tolist(), strict=True):
                finished[w].append((sc, seq))
        return finished

    def _best_texts(self, fin: list[tuple[float, list[int]]], k: int) -> list[tuple[str, float]]:
        """The ``k`` best distinct non-empty texts of a word's endings (ties: the first found)."""
        chars = self._chars
        best_: dict[str, float] = {}
        for s, seq in sorted(fin, key=lambda x: -x[0]):
            text = "".join(map(chars.__getitem__, seq))
            if text and text not in best_:
                best_[text] = s
            if len(best_) >= k:
                break
        return list(best_.items())

    def score(
        self,
        words: Sequence[str],
        targets: Sequence[str],
        floor: Sequence[float] | np.ndarray | None = None,
        chunk: int = 4096,
        encodings: dict | None = None,
    ) -> np.ndarray:
        """Teacher-forced log-prob of ``targets[i]`` (Devanagari, ending included) given ``words[i]``.

        The targets of one word are decoded as a prefix tree: a prefix they share is run once. Each
        distinct word is encoded once per chunk (or taken from ``encodings``, filled by :meth:`nbest`).
        With ``floor``, a pair whose running log-prob falls below ``floor[i]`` is abandoned (its result
        is -inf): it can no longer matter to the caller.
        """
        n_pairs = len(words)
        out = np.full(n_pairs, -np.inf, dtype=np.float32)
        if n_pairs == 0:
            return out
        floor_all = (
            np.full(n_pairs, -np.inf, dtype=np.float32)
            if floor is None
            else np.asarray(floor, dtype=np.float32)
        )
        t_index = self.t_index
        tgt = [[t_index.get(ch, UNK) for ch in t] + [EOS] for t in targets]
        # same word together, its targets in lexicographic order: shared prefixes are neighbours
        keys = list(zip(map(len, words), words, tgt, strict=True))
        order = sorted(range(n_pairs), key=keys.__getitem__)
        for start in range(0, n_pairs, chunk):
            sel = order[start : start + chunk]
            idx = np.array(sel)
            out[idx] = self._score_chunk(
                [words[i] for i in sel], [tgt[i] for i in sel], floor_all[idx], encodings
            )
        return out

    def _score_chunk(
        self, words: list[str], tgt: list[list[int]], floor: np.ndarray, encodings: dict | None
    ) -> np.ndarray:
        distinct: dict[str, int] = {}
        widx = np.array([distinct.setdefault(w, len(distinct)) for w in words])
        enc = _Enc.gather(list(distinct), encodings) if encodings is not None else None
        if enc is None:
            enc = self._encoded(list(distinct))
        n = len(words)
        lens = np.array([len(t) for t in tgt])
        t_max = int(lens.max())
        ids = np.full((n, t_max), PAD, dtype=np.int64)
        for j, t in enumerate(tgt):
            ids[j, : len(t)] = t
        # node (i, j): the prefix ids[i, :j] of pair i, one decoder step each; it is pair i-1's node
        # when both pairs belong to one word and agree on the first j symbols
        rows = np.arange(n)
        shared = np.zeros((n, t_max), dtype=bool)
        if n > 1:
            same = np.cumprod(ids[1:] == ids[:-1], axis=1, dtype=bool)
            prefix_eq = np.concatenate([np.ones((n - 1, 1), dtype=bool), same[:, :-1]], axis=1)
            shared[1:] = prefix_eq & (widx[1:] == widx[:-1])[:, None] & (np.arange(t_max) < lens[:-1, None])
        new = ~shared & (np.arange(t_max) < lens[:, None])
        owner = np.maximum.accumulate(np.where(new, rows[:, None], -1), axis=0)  # (n, t_max)
        hd = self.hidden
        h_store = np.empty((n, hd), dtype=np.float32)
        o_store = np.empty((n, hd), dtype=np.float32)
        run = np.zeros(n, dtype=np.float32)
        alive = np.ones(n, dtype=bool)
        node_alive = np.ones(n, dtype=bool)  # per owner row, for the current depth
        pos = np.empty(n, dtype=np.int64)
        for j in range(t_max):
            nodes = np.flatnonzero(new[:, j] & node_alive)
            if len(nodes) == 0:
                break
            wn = widx[nodes]
            if j == 0:
                h_in, o_in = enc.h0[wn], np.zeros((len(nodes), hd), dtype=np.float32)
                y = np.full(len(nodes), BOS, dtype=np.int64)
            else:
                parent = owner[nodes, j - 1]
                h_in, o_in, y = h_store[parent], o_store[parent], ids[nodes, j - 1]
            h_new = self._cell(y, h_in, o_in)
            c = self._attend(h_new[:, None, :], enc.memc[wn], enc.keys_t[wn], enc.bias[wn])[:, 0]
            lp, o_new = self._output(h_new, c)
            h_store[nodes], o_store[nodes] = h_new, o_new
            pos[nodes] = np.arange(len(nodes))
            # every pair still running reads its next symbol's log-prob from its node
            act = np.flatnonzero(alive & (lens > j))
            run[act] += lp[pos[owner[act, j]], ids[act, j]]
            alive[act] &= run[act] >= floor[act]
            # a node of the next depth is worth a step while any pair through it is alive
            if j + 1 < t_max:
                node_alive = np.zeros(n, dtype=bool)
                nxt = act[alive[act] & (lens[act] > j + 1)]
                node_alive[owner[nxt, j + 1]] = True
        return np.where(alive, run, -np.inf).astype(np.float32)


class _Enc:
    """A chunk's encoding as the decoder reads it: the attention memory already multiplied by the
    output layer's context weights (+ bias) ``memc`` (B,T,H), the attention keys transposed ``keys_t``
    (B,H,T), the padding bias (B,1,T), the initial states ``h0`` (B,H) and the source lengths."""

    __slots__ = ("memc", "keys_t", "bias", "h0", "lens")

    def __init__(self, memc, keys_t, bias, h0, lens) -> None:
        self.memc, self.keys_t, self.bias, self.h0, self.lens = memc, keys_t, bias, h0, lens

    def take(self, sel) -> _Enc:
        return _Enc(self.memc[sel], self.keys_t[sel], self.bias[sel], self.h0[sel], self.lens[sel])

    def export(self, words: Sequence[str], into: dict) -> None:
        """Each word's own (unpadded) slices into the dict ``into``."""
        for i, w in enumerate(words):
            t = int(self.lens[i])
            into[w] = (self.memc[i, :t], self.keys_t[i, :, :t], self.h0[i])

    @staticmethod
    def gather(words: Sequence[str], encodings: dict) -> _Enc | None:
        """Stack the saved encodings of ``words`` (padded), or None when one is missing."""
        parts = [encodings.get(w) for w in words]
        if any(p is None for p in parts):
            return None
        n, hd = len(words), parts[0][0].shape[1]
        lens = np.array([p[0].shape[0] for p in parts])
        t_max = int(lens.max())
        memc = np.zeros((n, t_max, hd), dtype=np.float32)
        keys_t = np.zeros((n, parts[0][1].shape[0], t_max), dtype=np.float32)
        h0 = np.empty((n, parts[0][2].shape[0]), dtype=np.float32)
        for i, (m, kt, h) in enumerate(parts):
            t = m.shape[0]
            memc[i, :t], keys_t[i, :, :t], h0[i] = m, kt, h
        bias = np.where(np.arange(t_max) < lens[:, None], 0.0, _NEG).astype(np.float32)[:, None, :]
        return _Enc(memc, keys_t, bias, h0, lens)
