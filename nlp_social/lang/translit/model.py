"""Joint-sequence (graphone) n-gram model for word transliteration, in both directions.

A *graphone* pairs 1-3 Latin letters with 1-2 Devanagari units (see :mod:`.rules`). Training:

1. EM over all segmentations of each (Latin, Devanagari) pair into graphones (a joint unigram model,
   as in Sequitur G2P, Bisani & Ney 2008), then a Viterbi alignment of every pair;
2. an interpolated Kneser-Ney n-gram model over the graphone sequences, stored in back-off form.

Decoding segments the source word into graphone source sides and runs a position-synchronous beam
search; states are the n-gram history, shortened to the longest known context so that hypotheses
recombine early. The same joint model decodes Latin -> Devanagari and Devanagari -> Latin.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from nlp_social.lang.translit.rules import SCHWA, deva_units

END, START = 0, 1
FLOOR = -20.0
MAX_CANDIDATES = 16  # graphones kept per source substring  # log-prob of a graphone the model never saw (only reachable through the unigram)


def _dkey(units: Sequence[str]) -> str:
    return "".join(units)


# --------------------------------------------------------------------------------------- alignment


def _forward_backward(latn: str, units: list[str], prob: dict, default: float, max_l: int, max_d: int):
    """Edges of the segmentation lattice with their posteriors; None when no segmentation exists."""
    m, n = len(latn), len(units)
    alpha = [[0.0] * (n + 1) for _ in range(m + 1)]
    alpha[0][0] = 1.0
    edges = []
    dkeys = {(j, b): _dkey(units[j : j + b]) for j in range(n) for b in range(1, max_d + 1) if j + b <= n}
    for i in range(m):
        row = alpha[i]
        for j in range(n):
            a0 = row[j]
            if a0 == 0.0:
                continue
            for a in range(1, min(max_l, m - i) + 1):
                ls = latn[i : i + a]
                nxt = alpha[i + a]
                for b in range(1, min(max_d, n - j) + 1):
                    g = (ls, dkeys[(j, b)])
                    pg = prob.get(g, default)
                    if pg:
                        nxt[j + b] += a0 * pg
                        edges.append((i, j, a, b, g, pg))
    z = alpha[m][n]
    if z <= 0.0:
        return None
    beta = [[0.0] * (n + 1) for _ in range(m + 1)]
    beta[m][n] = 1.0
    for i, j, a, b, _g, pg in reversed(edges):
        beta[i][j] += pg * beta[i + a][j + b]
    return [(g, alpha[i][j] * pg * beta[i + a][j + b] / z) for i, j, a, b, g, pg in edges]


def _viterbi(latn: str, units: list[str], prob: dict, max_l: int, max_d: int) -> list[tuple[str, str]] | None:
    m, n = len(latn), len(units)
    best: dict[tuple[int, int], tuple[float, tuple | None, tuple | None]] = {(0, 0): (0.0, None, None)}
    for i in range(m):
        for j in range(n):
            cur = best.get((i, j))
            if cur is None:
                continue
            s0 = cur[0]
            for a in range(1, min(max_l, m - i) + 1):
                ls = latn[i : i + a]
                for b in range(1, min(max_d, n - j) + 1):
                    g = (ls, _dkey(units[j : j + b]))
                    pg = prob.get(g)
                    if not pg:
                        continue
                    s = s0 + math.log(pg)
                    key = (i + a, j + b)
                    old = best.get(key)
                    if old is None or s > old[0]:
                        best[key] = (s, (i, j), g)
    node = (m, n)
    if node not in best:
        return None
    out = []
    while best[node][1] is not None:
        _, prev, g = best[node]
        out.append(g)
        node = prev
    return out[::-1]


def align_pairs(
    pairs: Sequence[tuple[str, list[str], int]],
    *,
    iterations: int = 5,
    max_l: int = 3,
    max_d: int = 2,
    em_sample: int = 40000,
    min_count: float = 0.5,
    random_state: int = 0,
    progress=None,
) -> tuple[list[list[tuple[str, str]] | None], dict]:
    """EM (joint unigram) then Viterbi alignment. Returns graphone sequences (None = unalignable)."""
    rng = np.random.default_rng(random_state)
    idx = np.arange(len(pairs))
    if len(idx) > em_sample:
        idx = np.sort(rng.choice(idx, size=em_sample, replace=False))
    prob: dict = {}
    default = 1.0
    for it in range(iterations):
        acc: dict = defaultdict(float)
        for k in idx:
            latn, units, _ = pairs[k]
            post = _forward_backward(latn, units, prob, default, max_l, max_d)
            if post is None:
                continue
            for g, w in post:
                acc[g] += w
        kept = {g: c for g, c in acc.items() if c >= min_count}
        total = sum(kept.values())
        prob = {g: c / total for g, c in kept.items()}
        default = 0.0
        if progress is not None:
            progress(it + 1, iterations, len(prob))
    return [_viterbi(latn, units, prob, max_l, max_d) for latn, units, _ in pairs], prob


# ----------------------------------------------------------------------------------------- n-grams


def train_kneser_ney(sequences: Iterable[tuple[list[int], int]], order: int) -> tuple[dict, dict]:
    """Interpolated Kneser-Ney over id sequences (weighted by integer counts), in back-off form.

    Returns ``(logp, bow)``: ``logp[ngram_tuple]`` for every seen n-gram and ``bow[context]``.
    """
    raw: list[Counter] = [Counter() for _ in range(order + 1)]
    for seq, count in sequences:
        s = [START] + list(seq) + [END]
        for k in range(1, order + 1):
            for t in range(1, len(s)):
                lo = t - k + 1
                if lo < 0:
                    continue
                raw[k][tuple(s[lo : t + 1])] += count
    # continuation counts for lower orders (n-grams starting with START keep raw counts)
    counts: list[Counter] = [Counter() for _ in range(order + 1)]
    counts[order] = raw[order]
    for k in range(order - 1, 0, -1):
        cont: Counter = Counter()
        for ng in raw[k + 1]:
            cont[ng[1:]] += 1
        for ng, c in raw[k].items():
            counts[k][ng] = c if ng[0] == START else cont.get(ng, c)
    logp: dict = {}
    bow: dict = {}
    # unigram
    total1 = sum(counts[1].values())
    p_lower: dict = {}
    for ng, c in counts[1].items():
        p_lower[ng] = c / total1
        logp[ng] = math.log(c / total1)
    for k in range(2, order + 1):
        n1 = sum(1 for c in counts[k].values() if c == 1)
        n2 = sum(1 for c in counts[k].values() if c == 2)
        d = n1 / (n1 + 2 * n2) if n1 + 2 * n2 > 0 else 0.5
        ctx_total: Counter = Counter()
        ctx_types: Counter = Counter()
        for ng, c in counts[k].items():
            ctx_total[ng[:-1]] += c
            ctx_types[ng[:-1]] += 1
        gamma = {h: d * ctx_types[h] / ctx_total[h] for h in ctx_total}
        p_k: dict = {}
        for ng, c in counts[k].items():
            h = ng[:-1]
            lower = p_lower.get(ng[1:])
            if lower is None:  # only for START-initial lower n-grams; back off further
                lower = math.exp(_backoff_logp(logp, bow, ng[2:-1], ng[-1]))
            p = max(c - d, 0.0) / ctx_total[h] + gamma[h] * lower
            p_k[ng] = p
            logp[ng] = math.log(p)
        for h, gm in gamma.items():
            bow[h] = math.log(gm)
        p_lower = p_k
    return logp, bow


def _backoff_logp(logp: dict, bow: dict, hist: tuple, g: int) -> float:
    acc = 0.0
    while True:
        v = logp.get(hist + (g,))
        if v is not None:
            return acc + v
        if not hist:
            return acc + FLOOR
        acc += bow.get(hist, 0.0)
        hist = hist[1:]


# -------------------------------------------------------------------------------------- the model


class JointNgram:
    """Graphone inventory + back-off n-gram; decodes either side into the other."""

    def __init__(
        self,
        latn: list[str],
        deva: list[str],
        logp: dict | None,
        bow: dict,
        order: int,
        max_l: int,
        max_d: int,
        succ: dict[tuple, dict[int, float]] | None = None,
    ):
        # ids 0 and 1 are END / START; latn[i], deva[i] are the two sides of graphone i
        self.latn = latn
        self.deva = deva
        self.bow = bow
        self.order = order
        self.max_l = max_l
        self.max_d = max_d
        self.contexts = set(bow)
        # successor tables: context -> {graphone: log p}; back-off walks these
        if succ is None:
            table: dict[tuple, dict[int, float]] = defaultdict(dict)
            for ng, v in (logp or {}).items():
                table[ng[:-1]][ng[-1]] = v
            succ = dict(table)
        self.succ = succ
        self._pair_index: dict | None = None
        self._reset_caches()
        by_latn: dict[str, list[int]] = defaultdict(list)
        by_deva: dict[str, list[int]] = defaultdict(list)
        for gid in range(2, len(latn)):
            by_latn[latn[gid]].append(gid)
            by_deva[deva[gid]].append(gid)
        unigram = self.succ.get((), {})
        uni = {g: unigram.get(g, FLOOR) for g in range(len(latn))}
        # candidates per source side, most frequent first; rare ones are cut (alignment noise, and speed)
        self.by_latn = {k: sorted(v, key=lambda g: -uni[g])[:MAX_CANDIDATES] for k, v in by_latn.items()}
        self.by_deva = {k: sorted(v, key=lambda g: -uni[g])[:MAX_CANDIDATES] for k, v in by_deva.items()}

    # --- persistence as arrays -----------------------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        """n-grams and back-off weights per order, rows sorted (the same model always gives the same files)."""
        arrays: dict[str, np.ndarray] = {}
        flat = sorted((h + (g,), v) for h, table in self.succ.items() for g, v in table.items())
        ctx_all = sorted(self.bow.items())
        for k in range(1, self.order + 1):
            items = [(ng, v) for ng, v in flat if len(ng) == k]
            arrays[f"ngram{k}"] = np.array([ng for ng, _ in items], dtype=np.int32).reshape(-1, k)
            arrays[f"logp{k}"] = np.array([v for _, v in items], dtype=np.float32)
            ctx = [(h, v) for h, v in ctx_all if len(h) == k]
            arrays[f"ctx{k}"] = np.array([h for h, _ in ctx], dtype=np.int32).reshape(-1, k)
            arrays[f"bow{k}"] = np.array([v for _, v in ctx], dtype=np.float32)
        return arrays

    @classmethod
    def from_arrays(cls, latn, deva, arrays, order, max_l, max_d) -> JointNgram:
        succ: dict[tuple, dict[int, float]] = {}
        bow: dict = {}
        for k in range(1, order + 1):
            for ng, v in zip(arrays[f"ngram{k}"].tolist(), arrays[f"logp{k}"].tolist(), strict=True):
                g = ng.pop()
                h = tuple(ng)
                table = succ.get(h)
                if table is None:
                    table = succ[h] = {}
                table[g] = v
            for h, v in zip(arrays[f"ctx{k}"].tolist(), arrays[f"bow{k}"].tolist(), strict=True):
                bow[tuple(h)] = v
        return cls(list(latn), list(deva), None, bow, order, max_l, max_d, succ=succ)

    #: memo entries (all caches together) above which they are emptied between two calls: a long run
    #: over a large vocabulary otherwise grows them without bound (~36 KB per new word)
    CACHE_BUDGET = 400_000

    def _reset_caches(self) -> None:
        """Empty every memo (they only remember pure functions of the model: results are unchanged)."""
        self._lcache: dict = {}
        self._ncache: dict = {}
        self._pcache: dict = {}
        self._states: list[tuple] = []
        self._sid: dict[tuple, int] = {}
        self._tcache: dict = {}
        self._end: dict[int, float] = {}
        self._per_source = 0
        self._start = self._state_id((START,) if self.order > 1 and (START,) in self.contexts else ())

    def _bound_caches(self) -> None:
        size = len(self._lcache) + len(self._ncache) + len(self._pcache) + len(self._tcache) + len(self._sid)
        if size > self.CACHE_BUDGET:
            self._reset_caches()

    # --- scoring -------------------------------------------------------------------------------
    def _state_id(self, hist: tuple) -> int:
        sid = self._sid.get(hist)
        if sid is None:
            sid = self._sid[hist] = len(self._states)
            self._states.append(hist)
        return sid

    def _next_state(self, sid: int, g: int) -> int:
        key = (sid, g)
        nsid = self._ncache.get(key)
        if nsid is None:
            h = (self._states[sid] + (g,))[-(self.order - 1) :] if self.order > 1 else ()
            ctx = self.contexts
            while h and h not in ctx:
                h = h[1:]
            nsid = self._ncache[key] = self._state_id(h)
        return nsid

    def _scores(self, hist: tuple, key: str, cands: list[int]) -> list[float]:
        """log p(g | hist) for every candidate g of source side ``key``; shorter contexts are shared."""
        ck = (hist, key)
        out = self._lcache.get(ck)
        if out is None:
            if not hist:
                uni = self.succ.get((), {})
                out = [uni.get(g, FLOOR) for g in cands]
            else:
                lower = self._scores(hist[1:], key, cands)
                table = self.succ.get(hist)
                b = self.bow.get(hist, 0.0)
                if table is None:
                    out = [b + lo for lo in lower]
                else:
                    out = [table.get(g, b + lo) for g, lo in zip(cands, lower, strict=True)]
            if len(self._lcache) > 2_000_000:
                self._lcache.clear()
            self._lcache[ck] = out
        return out

    def _transitions(self, sid: int, key: str, to: str, per_source: int) -> list[tuple[float, int, int]]:
        """Best ``per_source`` graphones with source side ``key`` after state ``sid`` (cached)."""
        ck = (sid, key, to)
        trans = self._tcache.get(ck)
        if trans is None:
            cands = (self.by_latn if to == "deva" else self.by_deva).get(key, [])
            lps = self._scores(self._states[sid], key + ("\u0001" if to == "latn" else ""), cands)
            best = sorted(zip(lps, cands, strict=True), reverse=True)[:per_source]
            trans = [(lp, g, self._next_state(sid, g)) for lp, g in best]
            if len(self._tcache) > 1_000_000:  # bound memory on huge vocabularies
                self._tcache.clear()
            self._tcache[ck] = trans
        return trans

    def _end_lp(self, sid: int) -> float:
        v = self._end.get(sid)
        if v is None:
            v = self._end[sid] = self._lp_state(sid, END)
        return v

    def _lp_state(self, sid: int, g: int) -> float:
        key = (sid, g)
        v = self._pcache.get(key)
        if v is None:
            hist = self._states[sid]
            acc = 0.0
            while True:
                table = self.succ.get(hist)
                if table is not None and g in table:
                    v = acc + table[g]
                    break
                if not hist:
                    v = acc + FLOOR
                    break
                acc += self.bow.get(hist, 0.0)
                hist = hist[1:]
            if len(self._pcache) > 2_000_000:
                self._pcache.clear()
            self._pcache[key] = v
        return v

    def score_pair(self, latn: str, units: Sequence[str], beam: int = 4) -> float | None:
        """Joint log-probability of the best alignment of ``latn`` with Devanagari ``units`` (None: none)."""
        self._bound_caches()
        if self._pair_index is None:
            self._pair_index = {(self.latn[g], self.deva[g]): g for g in range(2, len(self.latn))}
        inv = self._pair_index
        m, n = len(latn), len(units)
        dkeys = [["".join(units[j : j + b]) for b in range(1, self.max_d + 1)] for j in range(n)]
        cells: dict[tuple[int, int], dict[int, float]] = {(0, 0): {self._start: 0.0}}
        lp, nxt = self._lp_state, self._next_state
        for i in range(m):
            for j in range(n):
                cell = cells.get((i, j))
                if not cell:
                    continue
                items = (
                    sorted(cell.items(), key=lambda kv: -kv[1])[:beam]
                    if len(cell) > beam
                    else list(cell.items())
                )
                for a in range(1, min(self.max_l, m - i) + 1):
                    ls = latn[i : i + a]
                    for b in range(1, min(self.max_d, n - j) + 1):
                        g = inv.get((ls, dkeys[j][b - 1]))
                        if g is None:
                            continue
                        tgt = cells.setdefault((i + a, j + b), {})
                        for sid, sc in items:
                            s = sc + lp(sid, g)
                            ns = nxt(sid, g)
                            if s > tgt.get(ns, -1e30):
                                tgt[ns] = s
        final = cells.get((m, n))
        if not final:
            return None
        return max(sc + self._end_lp(sid) for sid, sc in final.items())

    def decode(
        self, source: Sequence[str], to: str, k: int = 5, beam: int = 6, per_source: int = 6
    ) -> list[tuple[str, float]]:
        """n-best target strings with joint log-probabilities (summed over segmentations)."""
        self._bound_caches()
        if to == "deva":
            max_src, out_side = self.max_l, self.deva
        else:
            max_src, out_side = self.max_d, self.latn
        if self._per_source != per_source:
            self._tcache.clear()
            self._per_source = per_source
        keyset = self.by_latn if to == "deva" else self.by_deva
        n = len(source)
        scores: list[dict[int, float]] = [dict() for _ in range(n + 1)]
        backs: list[dict[int, tuple]] = [dict() for _ in range(n + 1)]
        start = self._start
        scores[0][start] = 0.0
        backs[0][start] = None
        transitions = self._transitions
        for i in range(n):
            cur = scores[i]
            if not cur:
                continue
            if len(cur) > beam:
                items = sorted(cur.items(), key=lambda kv: -kv[1])[:beam]
            else:
                items = list(cur.items())
            for a in range(1, max_src + 1):
                if i + a > n:
                    break
                key = "".join(source[i : i + a])
                if key not in keyset:
                    continue
                tgt = scores[i + a]
                tb = backs[i + a]
                for sid, score in items:
                    for lp, g, nsid in transitions(sid, key, to, per_source):
                        s = score + lp
                        old = tgt.get(nsid)
                        if old is None or s > old:
                            tgt[nsid] = s
                            tb[nsid] = (i, sid, g)
        finals: dict[str, float] = {}
        for sid, score in scores[n].items():
            s = score + self._end_lp(sid)
            pieces = []
            bp = backs[n][sid]
            while bp is not None:
                pi, psid, g = bp
                pieces.append(out_side[g])
                bp = backs[pi][psid]
            text = "".join(reversed(pieces))
            if to == "deva":
                text = text.replace(SCHWA, "")
            old = finals.get(text)
            finals[text] = s if old is None else max(old, s) + math.log1p(math.exp(-abs(old - s)))
        return sorted(finals.items(), key=lambda kv: -kv[1])[:k]


def build_joint_ngram(
    pairs: Sequence[tuple[str, str, int]],
    *,
    order: int = 4,
    max_l: int = 3,
    max_d: int = 2,
    iterations: int = 5,
    em_sample: int = 40000,
    random_state: int = 0,
    progress=None,
) -> tuple[JointNgram, dict]:
    """Train from ``(latn, deva, count)`` pairs; returns the model and training statistics."""
    prepared = [(latn, deva_units(deva), count) for latn, deva, count in pairs]
    seqs, _prob = align_pairs(
        prepared,
        iterations=iterations,
        max_l=max_l,
        max_d=max_d,
        em_sample=em_sample,
        random_state=random_state,
        progress=progress,
    )
    inventory: dict[tuple[str, str], int] = {}
    latn_side, deva_side = ["</w>", "<w>"], ["</w>", "<w>"]
    id_seqs: list[tuple[list[int], int]] = []
    failed = 0
    for seq, (_, _, count) in zip(seqs, prepared, strict=False):
        if seq is None:
            failed += 1
            continue
        ids = []
        for g in seq:
            gid = inventory.get(g)
            if gid is None:
                gid = inventory[g] = len(latn_side)
                latn_side.append(g[0])
                deva_side.append(g[1])
            ids.append(gid)
        id_seqs.append((ids, count))
    logp, bow = train_kneser_ney(id_seqs, order)
    model = JointNgram(latn_side, deva_side, logp, bow, order, max_l, max_d)
    stats = {"pairs": len(pairs), "unaligned": failed, "graphones": len(latn_side) - 2, "ngrams": len(logp)}
    return model, stats
