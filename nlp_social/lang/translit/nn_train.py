"""Training of the neural Latin -> Devanagari character model (needs torch: the ``transformers`` extra).

The model is a BiGRU encoder + attentional GRU decoder with input feeding (Luong "general" attention),
small enough that the numpy decoder (:mod:`nlp_social.lang.translit.nn`) runs it at thousands of distinct
words per CPU-second. Training writes the weights as ``translit_nn.npz`` + ``translit_nn.json`` (no pickle);
inference never imports torch.
"""

from __future__ import annotations

import math
import random
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp_social.errors import MissingDependencyError
from nlp_social.lang.translit.nn import BOS, EOS, PAD, UNK, NeuralTranslit

SPECIALS = ["<pad>", "<s>", "</s>", "<unk>"]  # ids PAD, BOS, EOS, UNK of :mod:`.nn`


def _torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "training the neural transliterator needs torch: pip install 'nlp-social[transformers]'"
        ) from exc
    return torch


def build_vocabs(pairs: Sequence[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Source (Latin letters) and target (Devanagari code points) symbol lists, specials first."""
    src = sorted({ch for latn, _ in pairs for ch in latn})
    tgt = sorted({ch for _, deva in pairs for ch in deva})
    return SPECIALS + src, SPECIALS + tgt


def make_model(
    n_src: int, n_tgt: int, emb: int, enc_hidden: int, enc_layers: int, hidden: int, dropout: float
):
    torch = _torch()
    nn = torch.nn

    class Seq2Seq(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.src_emb = nn.Embedding(n_src, emb, padding_idx=PAD)
            self.enc = nn.GRU(
                emb,
                enc_hidden,
                num_layers=enc_layers,
                bidirectional=True,
                batch_first=True,
                dropout=dropout if enc_layers > 1 else 0.0,
            )
            self.mem = nn.Linear(2 * enc_hidden, hidden)
            self.init_h = nn.Linear(2 * enc_hidden, hidden)
            self.tgt_emb = nn.Embedding(n_tgt, emb, padding_idx=PAD)
            self.cell = nn.GRUCell(emb + hidden, hidden)
            self.att_q = nn.Linear(hidden, hidden, bias=False)
            self.comb = nn.Linear(2 * hidden, hidden)
            self.out = nn.Linear(hidden, n_tgt)
            self.drop = nn.Dropout(dropout)
            self.hidden = hidden

        def encode(self, src, src_len):
            x = self.drop(self.src_emb(src))
            packed = nn.utils.rnn.pack_padded_sequence(
                x, src_len.cpu(), batch_first=True, enforce_sorted=False
            )
            out, _ = self.enc(packed)
            out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
            mask = src != PAD
            mean = (out * mask.unsqueeze(-1)).sum(1) / src_len.unsqueeze(-1).float()
            mem = self.mem(self.drop(out))
            h0 = torch.tanh(self.init_h(mean))
            return mem, mask, h0

        def step(self, y_prev, h, o_prev, mem, mask):
            x = torch.cat([self.drop(self.tgt_emb(y_prev)), o_prev], dim=-1)
            h = self.cell(x, h)
            scores = torch.einsum("bh,bth->bt", self.att_q(h), mem).masked_fill(~mask, -1e9)
            ctx = torch.einsum("bt,bth->bh", torch.softmax(scores, -1), mem)
            o = torch.tanh(self.comb(torch.cat([h, ctx], -1)))
            return self.out(self.drop(o)), h, o

        def forward(self, src, src_len, tgt_in):
            mem, mask, h = self.encode(src, src_len)
            o = torch.zeros(src.shape[0], self.hidden)
            logits = []
            for t in range(tgt_in.shape[1]):
                lg, h, o = self.step(tgt_in[:, t], h, o, mem, mask)
                logits.append(lg)
            return torch.stack(logits, 1)

        @torch.no_grad()
        def greedy(self, src, src_len, max_len: int = 24):
            mem, mask, h = self.encode(src, src_len)
            o = torch.zeros(src.shape[0], self.hidden)
            y = torch.full((src.shape[0],), BOS, dtype=torch.long)
            out = []
            for _ in range(max_len):
                lg, h, o = self.step(y, h, o, mem, mask)
                y = lg.argmax(-1)
                out.append(y)
            return torch.stack(out, 1)

    return Seq2Seq()


def export_arrays(model) -> dict[str, np.ndarray]:
    """The weights as float32 numpy arrays under the names :mod:`.nn` reads."""
    return {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}


def save_nn(path: str | Path, model, config: dict[str, Any]) -> Path:
    """Write the trained torch model as the numpy inference model's folder files."""
    return NeuralTranslit(config, export_arrays(model)).save(path)


def _encode(words: Sequence[str], index: dict[str, int], bos_eos: bool) -> list[list[int]]:
    out = []
    for w in words:
        ids = [index.get(ch, UNK) for ch in w]
        out.append([BOS, *ids, EOS] if bos_eos else ids)
    return out


def _pad(seqs: list[list[int]]) -> np.ndarray:
    m = max(len(s) for s in seqs)
    arr = np.zeros((len(seqs), m), dtype=np.int64)
    for i, s in enumerate(seqs):
        arr[i, : len(s)] = s
    return arr


def train_nn(
    pairs: Sequence[tuple[str, str]],
    heldout: Sequence[tuple[str, str]] = (),
    *,
    out: str | Path | None = None,
    emb: int = 64,
    enc_hidden: int = 96,
    enc_layers: int = 2,
    hidden: int = 128,
    dropout: float = 0.2,
    epochs: int = 20,
    batch_size: int = 128,
    lr: float = 2e-3,
    label_smoothing: float = 0.1,
    time_budget_s: float | None = None,
    init: str | Path | None = None,
    random_state: int = 0,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train on ``(latn, deva)`` pairs; keep the epoch with the best greedy accuracy on ``heldout``.

    Writes the best weights into ``out`` after every improving epoch (so a stopped run leaves a usable
    model) and returns the config (vocabularies, sizes, training history). ``init``: a folder written
    by an earlier run to continue from (its vocabularies and sizes are kept: fine-tuning).
    """
    torch = _torch()
    torch.manual_seed(random_state)
    random.seed(random_state)
    rng = random.Random(random_state)
    pairs = [(latn, unicodedata.normalize("NFC", deva)) for latn, deva in pairs]
    init_config = None
    if init is not None:
        init_model = NeuralTranslit.load(init)
        init_config = init_model.config
        src_vocab, tgt_vocab = init_config["src_vocab"], init_config["tgt_vocab"]
        emb, enc_hidden, hidden = init_config["emb"], init_config["enc_hidden"], init_config["hidden"]
        enc_layers = init_config["enc_layers"]
    else:
        src_vocab, tgt_vocab = build_vocabs(pairs)
    s_index = {c: i for i, c in enumerate(src_vocab)}
    t_index = {c: i for i, c in enumerate(tgt_vocab)}
    model = make_model(len(src_vocab), len(tgt_vocab), emb, enc_hidden, enc_layers, hidden, dropout)
    if init is not None:
        model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in init_model._arrays.items()})
    n_params = sum(p.numel() for p in model.parameters())
    config: dict[str, Any] = {
        "format": "nlp_social.translit_nn",
        "version": 1,
        "arch": "bigru_attn_gru",
        "emb": emb,
        "enc_hidden": enc_hidden,
        "enc_layers": enc_layers,
        "hidden": hidden,
        "src_vocab": src_vocab,
        "tgt_vocab": tgt_vocab,
        "n_params": n_params,
        "train_pairs": len(pairs),
        "history": [],
        "random_state": random_state,
    }
    if init_config is not None:
        config["pretrain"] = {
            k: init_config.get(k) for k in ("train_pairs", "best_epoch", "heldout_top1_greedy", "history")
        }
    log(f"model: {n_params:,} parameters; {len(pairs):,} training pairs")
    src_all = _encode([p[0] for p in pairs], s_index, False)
    tgt_all = _encode([p[1] for p in pairs], t_index, True)
    order = sorted(range(len(pairs)), key=lambda i: (len(src_all[i]), rng.random()))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    steps_total = epochs * len(batches)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps_total, pct_start=0.1)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=PAD, label_smoothing=label_smoothing)

    h_src = _encode([p[0] for p in heldout], s_index, False)
    h_gold: dict[str, set[str]] = {}
    for latn, deva in heldout:
        h_gold.setdefault(latn, set()).add(unicodedata.normalize("NFC", deva))
    h_words = list(h_gold)
    h_src = _encode(h_words, s_index, False)

    def heldout_acc() -> float:
        if not h_words:
            return float("nan")
        model.eval()
        right = 0
        for i in range(0, len(h_words), 512):
            chunk = h_src[i : i + 512]
            src = torch.from_numpy(_pad(chunk))
            lens = torch.tensor([len(s) for s in chunk])
            pred = model.greedy(src, lens).numpy()
            for j, row in enumerate(pred):
                chars = []
                for t in row:
                    if t == EOS:
                        break
                    chars.append(tgt_vocab[t] if t > UNK else "")
                right += "".join(chars) in h_gold[h_words[i + j]]
        model.train()
        return right / len(h_words)

    best = -1.0
    if init is not None:
        best = heldout_acc()
        log(f"initial held-out greedy top-1 {best:.4f}")
        if out is not None:
            config["best_epoch"], config["heldout_top1_greedy"] = 0, best
            save_nn(out, model, config)
    start = time.time()
    for epoch in range(1, epochs + 1):
        rng.shuffle(batches)
        total, n_tok = 0.0, 0
        for b in batches:
            src = torch.from_numpy(_pad([src_all[i] for i in b]))
            lens = torch.tensor([len(src_all[i]) for i in b])
            tgt = torch.from_numpy(_pad([tgt_all[i] for i in b]))
            logits = model(src, lens, tgt[:, :-1])
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt[:, 1:].reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            k = int((tgt[:, 1:] != PAD).sum())
            total += loss.item() * k
            n_tok += k
        acc = heldout_acc()
        elapsed = time.time() - start
        config["history"].append(
            {
                "epoch": epoch,
                "loss": round(total / n_tok, 4),
                "heldout_top1_greedy": round(acc, 4),
                "s": round(elapsed),
            }
        )
        log(f"epoch {epoch}: loss {total / n_tok:.4f}  held-out greedy top-1 {acc:.4f}  ({elapsed:.0f}s)")
        if acc > best or math.isnan(acc):
            best = acc
            config["best_epoch"] = epoch
            config["heldout_top1_greedy"] = acc
            if out is not None:
                save_nn(out, model, config)
        if time_budget_s is not None and elapsed > time_budget_s:
            log(f"time budget reached after epoch {epoch}")
            break
    if out is not None:
        saved = NeuralTranslit.load(out)
        saved.config["history"] = config["history"]
        saved.save(out)
    return config
