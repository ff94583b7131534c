"""Training of the default static embedder (distillation from multilingual-e5-small plus parallel data).

Recipe (seeded, CPU, minutes of optimization):

1. WordPiece vocabulary over English, Devanagari Hindi, Hinglish and romanized copies of the Hindi side; the
   tokenizer's normalizer is the model's whole text pipeline (:mod:`nlp_social.embed.pipeline`).
2. Static token embeddings ``E`` (vocab x dim) and per-token log-weights ``s``; a text is
   ``normalize(mean_t exp(s_t) * E_t)``.
3. Loss = in-batch InfoNCE of student vectors against the teacher's (PCA-reduced) vector of the English side
   (for the English, Hindi, Hinglish and romanized sentences of a pair)
   + InfoNCE between the two sides of each pair (English↔Hindi, English↔Hinglish, English↔romanized Hindi)
   + InfoNCE between Devanagari sentences and their romanized copies (script alignment)
   + InfoNCE of single texts (topic-corpus train texts, reviews, social posts, pair sides) against their own
     teacher vectors ("mono" targets: meaning of Hindi / Hinglish text as the teacher sees it, not only
     through the English)
   + KL between the teacher's and the student's in-batch neighbour distributions of those single texts
     ("sim": which texts are about the same thing, :func:`similarity_kl`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from nlp_social.embed.static import save_static_model

log = logging.getLogger(__name__)

SPECIAL_TOKENS = ["[PAD]", "[UNK]"]


@dataclass
class StaticTrainConfig:
    """Hyper-parameters of :func:`train_static_embedder`."""

    vocab_size: int = 32000
    dim: int = 256
    epochs: int = 6
    batch_size: int = 1024
    lr: float = 0.05
    temperature: float = 0.05
    weight_teacher: float = 1.0
    weight_pair: float = 1.0
    weight_script: float = 1.0
    romanized_copies: int = 2
    token_dropout: float = 0.1
    aux_batch_size: int = 1024
    weight_aux: float = 0.5
    mono_batch_size: int = 512
    weight_mono: float = 1.0
    # similarity-structure distillation on single texts: the student's in-batch similarity distribution
    # (softmax over the other texts of the batch) matched to the teacher's (KL), which says which texts are
    # about the same thing rather than only where each text lies
    weight_sim: float = 0.0
    sim_temperature: float = 0.05
    min_frequency: int = 2
    random_state: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def build_tokenizer(texts: Sequence[str], vocab_size: int, min_frequency: int = 2):
    """Train a WordPiece tokenizer (HF ``tokenizers``) on raw ``texts``; its normalizer and pre-tokenizer are
    the embedder's whole text pipeline (:mod:`nlp_social.embed.pipeline`)."""
    from tokenizers import Tokenizer, decoders, models, trainers

    from nlp_social.embed.pipeline import build_normalizer, build_pre_tokenizer

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = build_normalizer()
    tok.pre_tokenizer = build_pre_tokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=SPECIAL_TOKENS,
        limit_alphabet=400,
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer, length=len(texts))
    tok.no_padding()
    tok.no_truncation()
    return tok


def pca_targets(vectors: np.ndarray, dim: int) -> np.ndarray:
    """Project teacher vectors onto their top ``dim`` principal directions and renormalize."""
    if vectors.shape[1] <= dim:
        return vectors
    centered = vectors - vectors.mean(axis=0, keepdims=True)
    _, _, vt = np.linalg.svd(centered[: min(len(centered), 20000)], full_matrices=False)
    reduced = centered @ vt[:dim].T
    return (reduced / np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12)).astype(np.float32)


@dataclass
class TrainingSet:
    """Tokenized training examples; ``-1`` marks an absent side."""

    en: list[list[int]]
    other: list[list[int]]  # Hindi (Devanagari) or Hinglish side
    roman: list[list[list[int]]]  # romanized copies of a Devanagari ``other`` (empty list for Hinglish)
    teacher: np.ndarray  # (n, dim) targets, rows of zeros where ``has_teacher`` is False
    has_teacher: np.ndarray  # (n,) bool
    # word-level pairs (dictionary English↔Hindi, Devanagari↔romanized spellings), sampled each step
    aux_a: list[list[int]] | None = None
    aux_b: list[list[int]] | None = None
    # single texts with their own (PCA-reduced) teacher vectors
    mono: list[list[int]] | None = None
    mono_teacher: np.ndarray | None = None


def _bags(seqs: list[list[int]], dropout: float = 0.0, rng: np.random.Generator | None = None):
    """Flatten token lists for EmbeddingBag; with ``dropout`` drop tokens at random (never a whole text)."""
    import torch

    lengths = np.array([len(s) for s in seqs], dtype=np.int64)
    flat = np.fromiter((t for s in seqs for t in s), dtype=np.int64, count=int(lengths.sum()))
    if dropout > 0 and rng is not None and len(flat):
        keep = rng.random(len(flat)) >= dropout
        owner = np.repeat(np.arange(len(seqs)), lengths)
        kept = np.bincount(owner, weights=keep, minlength=len(seqs))
        keep |= (kept == 0)[owner]  # a text that lost every token keeps them all
        flat = flat[keep]
        lengths = np.bincount(owner[keep], minlength=len(seqs)).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(seqs) else np.zeros(0, dtype=np.int64)
    return torch.from_numpy(flat), torch.from_numpy(offsets), lengths


def similarity_kl(student, teacher, temperature: float):
    """KL(teacher || student) between the in-batch neighbour distributions of each text (self excluded).

    Both are softmax over cosine similarities to the other texts of the batch at ``temperature``: the student
    learns the teacher's ranking of which texts are close, not only each text's own target.
    """
    import torch
    import torch.nn.functional as F

    eye = torch.eye(len(student), dtype=torch.bool)
    s = (student @ student.T / temperature).masked_fill(eye, -1e9)
    t = (teacher @ teacher.T / temperature).masked_fill(eye, -1e9)
    return F.kl_div(F.log_softmax(s, dim=1), F.log_softmax(t, dim=1), log_target=True, reduction="batchmean")


def train_static_embedder(
    data: TrainingSet,
    vocab_size: int,
    config: StaticTrainConfig,
    eval_fn=None,
) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Optimize embeddings and token weights; returns ``(embeddings, weights, history)``."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(config.random_state)
    rng = np.random.default_rng(config.random_state)
    dim = config.dim
    emb = torch.nn.EmbeddingBag(vocab_size, dim, mode="sum")
    torch.nn.init.normal_(emb.weight, std=dim**-0.5)
    log_w = torch.nn.Embedding(vocab_size, 1)
    torch.nn.init.zeros_(log_w.weight)
    params = list(emb.parameters()) + list(log_w.parameters())
    optim = torch.optim.Adam(params, lr=config.lr)
    n = len(data.en)
    steps_per_epoch = max(1, n // config.batch_size)
    total = steps_per_epoch * config.epochs
    sched = torch.optim.lr_scheduler.OneCycleLR(optim, max_lr=config.lr, total_steps=total, pct_start=0.1)
    teacher = torch.from_numpy(data.teacher)
    has_teacher = torch.from_numpy(data.has_teacher)
    mono_teacher = torch.from_numpy(data.mono_teacher) if data.mono else None
    tau = config.temperature

    def encode(seqs: list[list[int]]) -> torch.Tensor:
        flat, offsets, lengths = _bags(seqs, config.token_dropout, rng)
        weights = torch.exp(log_w(flat)).squeeze(-1) if len(flat) else None
        summed = emb(flat, offsets, per_sample_weights=weights)
        counts = torch.from_numpy(np.maximum(lengths, 1).astype(np.float32))
        return F.normalize(summed / counts[:, None], dim=-1)

    def info_nce(a: torch.Tensor, b: torch.Tensor, symmetric: bool = True) -> torch.Tensor:
        logits = a @ b.T / tau
        labels = torch.arange(len(a))
        loss = F.cross_entropy(logits, labels)
        return (loss + F.cross_entropy(logits.T, labels)) / 2 if symmetric else loss

    history: list[dict] = []
    step = 0
    for epoch in range(config.epochs):
        order = rng.permutation(n)
        totals = {"teacher": 0.0, "pair": 0.0, "script": 0.0, "aux": 0.0, "mono": 0.0, "sim": 0.0}
        for b in range(steps_per_epoch):
            idx = order[b * config.batch_size : (b + 1) * config.batch_size]
            en = encode([data.en[i] for i in idx])
            other = encode([data.other[i] for i in idx])
            has_roman = np.array([bool(data.roman[i]) for i in idx])
            ridx = idx[has_roman]
            roman = encode([data.roman[i][rng.integers(len(data.roman[i]))] for i in ridx]) if len(ridx) else None
            loss_pair = info_nce(en, other)
            loss_script = torch.zeros(())
            if roman is not None and len(ridx) > 1:
                mask = torch.from_numpy(has_roman)
                loss_pair = loss_pair + info_nce(en[mask], roman) * 0.5
                loss_script = info_nce(other[mask], roman)
            loss_teacher = torch.zeros(())
            tmask = has_teacher[torch.from_numpy(idx)]
            if int(tmask.sum()) > 1:
                target = teacher[torch.from_numpy(idx)][tmask]
                loss_teacher = info_nce(en[tmask], target, symmetric=False) + info_nce(
                    other[tmask], target, symmetric=False
                )
                if roman is not None:
                    rt = torch.from_numpy(data.has_teacher[ridx])
                    if int(rt.sum()) > 1:
                        loss_teacher = loss_teacher + info_nce(
                            roman[rt], teacher[torch.from_numpy(ridx)][rt], symmetric=False
                        )
            loss_aux = torch.zeros(())
            if data.aux_a:
                aidx = rng.integers(len(data.aux_a), size=config.aux_batch_size)
                loss_aux = info_nce(encode([data.aux_a[i] for i in aidx]), encode([data.aux_b[i] for i in aidx]))
            loss_mono = torch.zeros(())
            loss_sim = torch.zeros(())
            if data.mono and (config.weight_mono > 0 or config.weight_sim > 0):
                midx = rng.choice(len(data.mono), size=min(config.mono_batch_size, len(data.mono)), replace=False)
                student = encode([data.mono[i] for i in midx])
                target = mono_teacher[torch.from_numpy(midx)]
                if config.weight_mono > 0:
                    loss_mono = info_nce(student, target, symmetric=False)
                if config.weight_sim > 0:
                    loss_sim = similarity_kl(student, target, config.sim_temperature)
            loss = (
                config.weight_mono * loss_mono
                + config.weight_sim * loss_sim
                + config.weight_aux * loss_aux
                + config.weight_teacher * loss_teacher
                + config.weight_pair * loss_pair
                + config.weight_script * loss_script
            )
            optim.zero_grad()
            loss.backward()
            optim.step()
            sched.step()
            step += 1
            totals["teacher"] += float(loss_teacher.detach())
            totals["pair"] += float(loss_pair.detach())
            totals["script"] += float(loss_script.detach())
            totals["aux"] += float(loss_aux.detach())
            totals["mono"] += float(loss_mono.detach())
            totals["sim"] += float(loss_sim.detach())
        record = {"epoch": epoch + 1, **{k: round(v / steps_per_epoch, 4) for k, v in totals.items()}}
        if eval_fn is not None and (epoch + 1 == config.epochs or (epoch + 1) % 2 == 0):
            with torch.no_grad():
                record.update(eval_fn(emb.weight.detach().numpy(), np.exp(log_w.weight.detach().numpy()[:, 0])))
        log.info("epoch %s", record)
        history.append(record)
    embeddings = emb.weight.detach().numpy().copy()
    weights = np.exp(log_w.weight.detach().numpy()[:, 0]).astype(np.float32)
    return embeddings, weights, history


def save_trained(folder: str | Path, tokenizer, embeddings: np.ndarray, weights: np.ndarray, meta: dict) -> Path:
    """Write the trained model as a sentence-transformers folder (see :mod:`nlp_social.embed.static`)."""
    # Rows are scaled to unit norm so the weights alone carry token importance (model2vec's layout).
    norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
    unit = embeddings / np.maximum(norms, 1e-12)
    return save_static_model(folder, tokenizer, unit, weights * norms[:, 0], meta)
