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
from nlp_social.model_folder import model_loader

PAD, BOS, EOS, UNK = 0, 1, 2, 3
NN_CONFIG_FILE = "translit_nn.json"
NN_ARRAYS_FILE = "translit_nn.npz"
_NEG = np.float32(-1e9)
_NEVER = [PAD, BOS, UNK]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # tanh form: no overflow warnings for large |x|, and one ufunc
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def _log_softmax(x: np.ndarray) -> np.ndarray:
    m = x.max(axis=-1, keepdims=True)
    z = x - m
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


class NeuralTranslit:
    """The exported seq2seq model; :meth:`nbest` is the batched beam search."""

    def __init__(self, config: dict, arrays: dict[str, np.ndarray]) -> None:
        self.config = config
        self._arrays = arrays
        self.src_vocab: list[str] = config["src_vocab"]
        self.tgt_vocab: list[str] = config["tgt_vocab"]
        self.s_index = {c: i for i, c in enumerate(self.src_vocab)}
        self.t_index = {c: i for i, c in enumerate(self.tgt_vocab)}
        self.enc_layers = int(config["enc_layers"])
        self.hidden = int(config["hidden"])
        a = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in arrays.items()}
        self.src_emb = a["src_emb.weight"]
        self.tgt_emb = a["tgt_emb.weight"]
        # encoder GRU weights, pre-transposed for x @ W
        self.enc = []
        for layer in range(self.enc_layers):
            dirs = []
            for sfx in ("", "_reverse"):
                dirs.append(
                    (
                        a[f"enc.weight_ih_l{layer}{sfx}"].T.copy(),
                        a[f"enc.bias_ih_l{layer}{sfx}"],
                        a[f"enc.weight_hh_l{layer}{sfx}"].T.copy(),
                        a[f"enc.bias_hh_l{layer}{sfx}"],
                    )
                )
            self.enc.append(dirs)
        self.mem_w, self.mem_b = a["mem.weight"].T.copy(), a["mem.bias"]
        self.init_w, self.init_b = a["init_h.weight"].T.copy(), a["init_h.bias"]
        e = self.tgt_emb.shape[1]
        w_ih = a["cell.weight_ih"]  # (3H, E + H): input = [embedding; previous attentional output]
        # the embedding part of the input projection is folded into a per-symbol table: one lookup per step
        self.emb_proj = (self.tgt_emb @ w_ih[:, :e].T + a["cell.bias_ih"]).astype(np.float32)
        self.cell_wo = w_ih[:, e:].T.copy()
        self.cell_whh, self.cell_bhh = a["cell.weight_hh"].T.copy(), a["cell.bias_hh"]
        self.att_q = a["att_q.weight"].T.copy()
        h = self.hidden
        comb = a["comb.weight"]
        self.comb_h, self.comb_c, self.comb_b = comb[:, :h].T.copy(), comb[:, h:].T.copy(), a["comb.bias"]
        self.out_w, self.out_b = a["out.weight"].T.copy(), a["out.bias"]

    # ------------------------------------------------------------------------------ persistence
    @classmethod
    @model_loader("neural transliteration model")
    def load(cls, path: str | Path) -> NeuralTranslit:
        path = Path(path)
        cfg, arr = path / NN_CONFIG_FILE, path / NN_ARRAYS_FILE
        for p in (cfg, arr):
            if not p.exists():
                raise ModelFormatError(f"{p} is missing: not a neural transliteration model folder")
        config = json.loads(cfg.read_text(encoding="utf-8"))
        if config.get("format") != "nlp_social.translit_nn":
            raise ModelFormatError(f"{cfg}: unknown format {config.get('format')!r}")
        with np.load(arr, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        return cls(config, arrays)

    def save(self, path: str | Path) -> Path:
        """Write ``translit_nn.json`` + ``translit_nn.npz`` into folder ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path / NN_ARRAYS_FILE, **self._arrays)
        (path / NN_CONFIG_FILE).write_text(
            json.dumps(self.config, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return path

    # ---------------------------------------------------------------------------------- encoder
    @staticmethod
    def _bigru(x: np.ndarray, mask: np.ndarray, dirs) -> np.ndarray:
        """One bidirectional GRU layer over time-major ``x`` (T, n, in); both directions advance together
        in one stacked (2, n, H) state so each time step is one batched product."""
        t_max, n, _ = x.shape
        hd = dirs[0][2].shape[0]
        w_ih = np.concatenate([dirs[0][0], dirs[1][0]], axis=1)  # (in, 6H)
        b_ih = np.concatenate([dirs[0][1], dirs[1][1]])
        xi = (x.reshape(t_max * n, -1) @ w_ih + b_ih).reshape(t_max, n, 2, 3 * hd)
        # direction 1 reads the sequence backwards: step t of the stack is (t, T-1-t)
        gx_all = np.stack([xi[:, :, 0], xi[::-1, :, 1]], axis=1)  # (T, 2, n, 3H)
        m_all = np.stack([mask.T, mask.T[::-1]], axis=1)[..., None]  # (T, 2, n, 1)
        w_hh = np.stack([dirs[0][2], dirs[1][2]])  # (2, H, 3H)
        b_hh = np.stack([dirs[0][3], dirs[1][3]])[:, None, :]
        h = np.zeros((2, n, hd), dtype=np.float32)
        out = np.empty((t_max, 2, n, hd), dtype=np.float32)
        for t in range(t_max):
            gh = np.matmul(h, w_hh) + b_hh
            gx = gx_all[t]
            rz = _sigmoid(gx[..., : 2 * hd] + gh[..., : 2 * hd])
            n_ = np.tanh(gx[..., 2 * hd :] + rz[..., :hd] * gh[..., 2 * hd :])
            h_new = n_ + rz[..., hd:] * (h - n_)
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
        x = self.src_emb[ids.T]  # time-major
        for dirs in self.enc:
            x = self._bigru(x, mask, dirs)
        t_max, n, d = x.shape
        lens = mask.sum(1, keepdims=True).astype(np.float32)
        mean = (x * mask.T[..., None]).sum(0) / np.maximum(lens, 1.0)
        mem = (x.transpose(1, 0, 2).reshape(n * t_max, d) @ self.mem_w + self.mem_b).reshape(n, t_max, -1)
        h0 = np.tanh(mean @ self.init_w + self.init_b)
        # scores = (h W_q) . mem = h . (mem W_q^T): precompute keys once per word, not per step and beam
        keys = mem @ self.att_q.T
        return mem.astype(np.float32), mask, h0.astype(np.float32), keys.astype(np.float32)

    # ---------------------------------------------------------------------------------- decoder
    def _step(self, y, h, o, mem, keys, bias, live=None):
        """One decoder step for rows ``(B*K)``; ``mem``/``keys`` (B,T,H), ``bias`` (B,1,T) mask bias.

        ``live`` (row indices) restricts the dense products to the hypotheses still worth extending; the
        other rows keep their state and get log-prob -inf. Returns ``(logp, h, o)`` for all rows.
        """
        hd = self.hidden
        if live is not None:
            yl, hl, ol = y[live], h[live], o[live]
        else:
            yl, hl, ol = y, h, o
        gx = self.emb_proj[yl] + ol @ self.cell_wo
        gh = hl @ self.cell_whh + self.cell_bhh
        rz = _sigmoid(gx[:, : 2 * hd] + gh[:, : 2 * hd])
        r, z = rz[:, :hd], rz[:, hd:]
        n_ = np.tanh(gx[:, 2 * hd :] + r * gh[:, 2 * hd :])
        hl = n_ + z * (hl - n_)
        if live is not None:
            h = h.copy()
            h[live] = hl
        else:
            h = hl
        b = mem.shape[0]
        s = np.matmul(h.reshape(b, -1, hd), keys.transpose(0, 2, 1)) + bias
        s -= s.max(-1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(-1, keepdims=True)
        ctx = np.matmul(p, mem).reshape(-1, hd)
        if live is not None:
            ctx = ctx[live]
        ol = np.tanh(hl @ self.comb_h + ctx @ self.comb_c + self.comb_b)
        lp = _log_softmax(ol @ self.out_w + self.out_b)
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
        chunk: int = 128,
        max_len: int | None = None,
        prune: float | None = 10.0,
    ) -> list[list[tuple[str, float]]]:
        """Beam search: up to ``k`` ``(devanagari, log-prob)`` per word, best first (lowercase a-z input).

        ``prune``: hypotheses more than this many nats below their word's best (live or ended) are not
        extended (``None``: exact beam search); most words are confident, so most beams die early.
        """
        results: list[list[tuple[str, float]]] = [[] for _ in words]
        order = sorted(range(len(words)), key=lambda i: len(words[i]))
        for start in range(0, len(order), chunk):
            idx = order[start : start + chunk]
            out = self._beam_chunk([words[i] for i in idx], k, max_len, prune)
            for i, res in zip(idx, out, strict=True):
                results[i] = res
        return results

    def _beam_chunk(
        self, words: Sequence[str], k: int, max_len: int | None, prune: float | None
    ) -> list[list[tuple[str, float]]]:
        mem, mask, h0, keys = self.encode(words)
        n, t_src, hd = mem.shape
        wlimit = np.array([max_len or (2 * len(w) + 6) for w in words])
        limit = int(wlimit.max())
        bias = np.where(mask, 0.0, _NEG).astype(np.float32)[:, None, :]
        # state rows: word-major (word, beam)
        h = np.repeat(h0, k, axis=0)
        o = np.zeros((n * k, hd), dtype=np.float32)
        y = np.full(n * k, BOS, dtype=np.int64)
        score = np.full((n, k), -np.inf, dtype=np.float32)
        score[:, 0] = 0.0  # one live hypothesis at the start
        hist = np.zeros((n, k, 0), dtype=np.int64)
        alive = np.arange(n)  # original word index of each active row block
        finished: list[list[tuple[float, tuple[int, ...]]]] = [[] for _ in range(n)]
        fin_top = np.full((n, k), -np.inf, dtype=np.float32)  # the k best ending scores per word
        v = self.out_w.shape[1]
        for step in range(limit):
            b = len(alive)
            ok = np.isfinite(score)
            if prune is not None:
                best = np.maximum(score[:, 0], fin_top[alive].max(1))
                ok &= score > (best - prune)[:, None]
            live = np.flatnonzero(ok.reshape(-1))
            logp, h, o = self._step(y, h, o, mem, keys, bias, None if len(live) == b * k else live)
            logp[:, _NEVER] = -np.inf  # padding, start and unknown symbols are never output
            if step == 0:
                logp[:, EOS] = -np.inf  # nor an empty word
            cand = (score[:, :, None] + logp.reshape(b, k, v)).reshape(b, k * v)
            top = np.argpartition(-cand, 2 * k - 1, axis=1)[:, : 2 * k]
            top_s = np.take_along_axis(cand, top, axis=1)
            srt = np.argsort(-top_s, axis=1, kind="stable")
            top, top_s = np.take_along_axis(top, srt, 1), np.take_along_axis(top_s, srt, 1)
            beam_of, tok = top // v, top % v
            is_eos = (tok == EOS) & np.isfinite(top_s)
            # out of room (a word's own limit, so results do not depend on the batch): everything ends
            is_eos |= (step >= wlimit[alive] - 1)[:, None] & np.isfinite(top_s)
            # only endings that can still enter the word's k best are kept (most EOS options are far off)
            worth = is_eos & (top_s > fin_top[alive].min(1)[:, None])
            for r, c in zip(*np.nonzero(worth), strict=True):
                w, sc = alive[r], float(top_s[r, c])
                finished[w].append((sc, tuple(hist[r, beam_of[r, c]].tolist())))
                kth = fin_top[w]
                j = kth.argmin()
                if sc > kth[j]:
                    kth[j] = sc
            # the k best continuations that do not end
            keep_s = np.where(is_eos, -np.inf, top_s)
            pick = np.argsort(-keep_s, axis=1, kind="stable")[:, :k]
            new_s = np.take_along_axis(keep_s, pick, 1)
            new_beam = np.take_along_axis(beam_of, pick, 1)
            new_tok = np.take_along_axis(tok, pick, 1)
            # a word is done when it holds k endings and no live beam can beat the worst of them
            # (scores only fall as hypotheses grow), or when nothing is left alive
            done = ~(new_s[:, 0] > fin_top[alive].min(1))
            if prune is not None:  # nothing left within reach of the best ending
                done |= new_s[:, 0] <= fin_top[alive].max(1) - prune
            rows = (np.arange(b)[:, None] * k + new_beam).reshape(-1)
            hist = np.concatenate([hist[np.arange(b)[:, None], new_beam], new_tok[:, :, None]], axis=2)
            h, o, y, score = h[rows], o[rows], new_tok.reshape(-1), new_s
            if done.any():
                keep = ~done
                alive, hist, score = alive[keep], hist[keep], score[keep]
                mem, keys, bias = mem[keep], keys[keep], bias[keep]
                rows_keep = np.repeat(keep, k)
                h, o, y = h[rows_keep], o[rows_keep], y[rows_keep]
            if len(alive) == 0:
                break
        out: list[list[tuple[str, float]]] = []
        vocab = self.tgt_vocab
        for fin in finished:
            best: dict[str, float] = {}
            for s, seq in sorted(fin, key=lambda x: -x[0]):
                text = "".join(vocab[t] for t in seq if t > UNK)
                if text and text not in best:
                    best[text] = s
                if len(best) >= k:
                    break
            out.append(list(best.items()))
        return out

    def score(
        self,
        words: Sequence[str],
        targets: Sequence[str],
        floor: Sequence[float] | np.ndarray | None = None,
        chunk: int = 1024,
    ) -> np.ndarray:
        """Teacher-forced log-prob of ``targets[i]`` (Devanagari, ending included) given ``words[i]``.

        Each distinct word is encoded once per chunk. With ``floor``, a pair whose running log-prob falls
        below ``floor[i]`` is abandoned (its result is -inf): it can no longer matter to the caller.
        """
        out = np.zeros(len(words), dtype=np.float32)
        floor_arr = None if floor is None else np.asarray(floor, dtype=np.float32)
        order = sorted(range(len(words)), key=lambda i: (len(words[i]), words[i]))
        for start in range(0, len(order), chunk):
            idx = np.array(order[start : start + chunk])
            distinct: dict[str, int] = {}
            widx = np.array([distinct.setdefault(words[i], len(distinct)) for i in idx])
            mem, mask, h0, keys = self.encode(list(distinct))
            bias = np.where(mask, 0.0, _NEG).astype(np.float32)[:, None, :]
            mem, keys, bias, h = mem[widx], keys[widx], bias[widx], h0[widx]
            tgt = [[self.t_index.get(ch, UNK) for ch in targets[i]] + [EOS] for i in idx]
            t_max = max(len(t) for t in tgt)
            ids = np.full((len(idx), t_max), PAD, dtype=np.int64)
            for j, t in enumerate(tgt):
                ids[j, : len(t)] = t
            fl = None if floor_arr is None else floor_arr[idx]
            rows = np.arange(len(idx))  # chunk rows still being scored
            o = np.zeros((len(idx), self.hidden), dtype=np.float32)
            y = np.full(len(idx), BOS, dtype=np.int64)
            total = np.zeros(len(idx), dtype=np.float32)
            run = np.zeros(len(idx), dtype=np.float32)
            for t in range(t_max):
                logp, h, o = self._step(y, h, o, mem, keys, bias)
                gold = ids[rows, t]
                run += np.where(gold != PAD, logp[np.arange(len(rows)), gold], 0.0)
                y = gold
                if fl is not None:
                    keep = run >= fl[rows]
                    if not keep.all():
                        total[rows[~keep]] = -np.inf
                        rows, run, y, h, o = rows[keep], run[keep], y[keep], h[keep], o[keep]
                        mem, keys, bias = mem[keep], keys[keep], bias[keep]
                        if len(rows) == 0:
                            break
            total[rows] = run
            out[idx] = total
        return out
